"""The Atom feed of data changes, built from a real git repository and parsed back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from test_diff import add_csv_row, commit_all, first_plan, free_year, make_repo, names, observation

from generator import feed, history
from generator.models import OBSERVATION_COLUMNS

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://portal.example.org/"


def entries_of(tmp_path: Path) -> tuple[list[history.Entry], int]:
    """History of three commits; the last adds a value 7.1 for the returned year."""
    repo = make_repo(tmp_path)
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    year = free_year(plan_dir, ind["id"])
    for y, value in ((year, "5.5"), (year + 1, "7.1")):
        add_csv_row(plan_dir / "observations.csv", OBSERVATION_COLUMNS, observation(ind["id"], y, value))
        commit_all(repo, f"{y} value & <b>bold</b> subject")
    return history.load_history(repo), year + 1


def test_feed_parses_newest_first_with_unique_ids(tmp_path: Path) -> None:
    entries, year = entries_of(tmp_path)
    root = ET.fromstring(feed.atom_feed(entries, "en", SITE).encode("utf-8"))
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == SITE + "en/feed.xml"
    assert root.find(f"{A}link[@rel='self']").get("href") == SITE + "en/feed.xml"
    assert root.findtext(f"{A}author/{A}name")
    items = root.findall(f"{A}entry")
    assert len(items) == len(entries) == 3
    assert [i.findtext(f"{A}updated") for i in items] == [e.timestamp for e in reversed(entries)]
    assert root.findtext(f"{A}updated") == entries[-1].timestamp
    ids = [i.findtext(f"{A}id") for i in items]
    assert len(set(ids)) == 3 and ids[0] == f"{SITE}en/whats-new/#commit-{entries[-1].commit}"
    newest = items[0]
    assert f"{year} observation added: 7.1" in newest.findtext(f"{A}title")
    content = newest.find(f"{A}content")
    assert content.get("type") == "html"
    # one level of escaping survives parsing: the subject's <b> is text, not markup
    assert "&lt;b&gt;bold&lt;/b&gt;" in content.text and "<li>" in content.text


def test_chinese_feed_and_no_site_url(tmp_path: Path) -> None:
    entries, year = entries_of(tmp_path)
    root = ET.fromstring(feed.atom_feed(entries, "zh", SITE))
    assert root.findtext(f"{A}id") == SITE + "feed.xml"
    assert f"新增{year}年观测值：7.1" in root.find(f"{A}entry").findtext(f"{A}title")
    bare = ET.fromstring(feed.atom_feed(entries, "zh", None))
    assert bare.findtext(f"{A}entry/{A}id") == f"urn:git:{entries[-1].commit}"
    assert bare.find(f"{A}link[@rel='self']") is None


def test_feed_survives_control_characters_and_empty_history(tmp_path: Path) -> None:
    entries, _year = entries_of(tmp_path)
    nasty = replace(entries[-1], subject="bell\x07 nul\x00 esc\x1b rtl\u202e end")
    text = feed.atom_feed([*entries[:-1], nasty], "en", SITE)
    root = ET.fromstring(text)
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
    assert "bell" in root.find(f"{A}entry").findtext(f"{A}summary")
    empty = ET.fromstring(feed.atom_feed([], "en", SITE))
    assert empty.findall(f"{A}entry") == [] and empty.findtext(f"{A}updated") == feed.EPOCH
