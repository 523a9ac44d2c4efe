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


def test_feed_parses_one_entry_per_day_in_sentences(tmp_path: Path) -> None:
    entries, year = entries_of(tmp_path)
    root = ET.fromstring(feed.atom_feed(entries, "en", SITE).encode("utf-8"))
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == SITE + "en/feed.xml"
    assert root.find(f"{A}link[@rel='self']").get("href") == SITE + "en/feed.xml"
    assert root.findtext(f"{A}author/{A}name")
    items = root.findall(f"{A}entry")
    dates = sorted({e.date for e in entries}, reverse=True)
    assert [i.findtext(f"{A}id") for i in items] == [f"urn:portal:en:changes:{d}" for d in dates]
    assert root.findtext(f"{A}updated") == items[0].findtext(f"{A}updated") == entries[-1].timestamp
    newest = items[0]
    assert newest.find(f"{A}link").get("href") == f"{SITE}en/whats-new/#d-{dates[0]}"
    content = newest.find(f"{A}content")
    assert content.get("type") == "html" and "<li>" in content.text
    assert f"New {year} value: 7.1" in content.text and f"New {year - 1} value: 5.5" in content.text
    for e in entries:  # commits stay in git
        assert e.commit[:7] not in ET.tostring(root, encoding="unicode") and "bold" not in content.text


def test_chinese_feed_and_no_site_url(tmp_path: Path) -> None:
    entries, year = entries_of(tmp_path)
    root = ET.fromstring(feed.atom_feed(entries, "zh", SITE))
    assert root.findtext(f"{A}id") == SITE + "feed.xml"
    assert f"新增{year}年数值：7.1" in root.find(f"{A}entry/{A}content").text
    bare = ET.fromstring(feed.atom_feed(entries, "zh", None))
    assert bare.findtext(f"{A}entry/{A}id") == f"urn:portal:zh:changes:{entries[-1].date}"
    assert bare.find(f"{A}link[@rel='self']") is None


def test_feed_survives_control_characters_and_empty_history(tmp_path: Path) -> None:
    entries, _year = entries_of(tmp_path)
    change = replace(entries[-1].changes[0], subject_en="bell\x07 nul\x00 esc\x1b rtl\u202e end")
    nasty = replace(entries[-1], changes=(change,))
    text = feed.atom_feed([*entries[:-1], nasty], "en", SITE)
    root = ET.fromstring(text)
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
    assert "bell" in root.find(f"{A}entry").findtext(f"{A}content")
    empty = ET.fromstring(feed.atom_feed([], "en", SITE))
    assert empty.findall(f"{A}entry") == [] and empty.findtext(f"{A}updated") == feed.EPOCH
