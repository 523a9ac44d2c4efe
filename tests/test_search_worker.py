"""Material's own search worker, run in node over the built hostile site's indexes.

The hostile data (10,000-character words, markup, Vega expressions, every kind of
punctuation) must not break the in-browser index: Chinese words segmented at build time are
found as whole terms, the absurdly long words neither stall nor break the worker, and no query
is rejected. What the browser adds on top (the query box) is tested in tests/browser/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
HARNESS = TESTS / "js" / "search_worker.js"
INERT = TESTS / "fixtures" / "hostile" / "inert"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from generator.pipeline import BuildSettings, build_site

    tmp = tmp_path_factory.mktemp("search-worker")
    shutil.copytree(INERT, tmp / "data")
    build_site(BuildSettings(data_dir=tmp / "data", out_dir=tmp / "site", cache_dir=tmp / "cache"))
    return tmp / "site"


def run_worker(site: Path, queries: list[str], tmp_path: Path) -> dict[str, list[str]]:
    file = tmp_path / "queries.json"
    file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        ["node", str(HARNESS), str(site), str(file)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["warnings"] == []
    return answer["results"]


def tokens(site: Path) -> dict[str, set[str]]:
    """Every term of the index, as the worker splits it, with the locations it occurs in."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    found: dict[str, set[str]] = {}
    for doc in index["docs"]:
        for term in separator.split(f"{doc['title']} {doc['text']}"):
            if term:
                found.setdefault(term, set()).add(doc["location"])
    return found


def test_chinese_words_are_found_where_the_index_has_them(hostile_site, tmp_path):
    terms = tokens(hostile_site)
    words = ["商标", "规划", "门户", "恶意"]
    assert all(w in terms for w in words), [w for w in words if w not in terms]
    results = run_worker(hostile_site, words, tmp_path)
    for word in words:
        assert results[word], word
        assert set(results[word]) >= terms[word], word


def test_the_longest_word_neither_breaks_nor_hides_the_rest(hostile_site, tmp_path):
    terms = tokens(hostile_site)
    longest = max(terms, key=len)
    assert len(longest) >= 10_000  # the fixture's point: a 10,000-character word (in a task's full wording)
    # the longest word a name may hold (labels are limited, checks/labels.py) is found where it is
    label_word = max((w for w in terms if len(w) <= 400), key=len)
    assert len(label_word) >= 200
    results = run_worker(hostile_site, [longest, label_word, "商标"], tmp_path)
    assert set(results[label_word]) >= terms[label_word]
    # the 10,000-character word breaks nothing: the worker answers without warnings and finds the rest
    assert results["商标"] and longest in results


def test_english_index_finds_english_words(hostile_site, tmp_path):
    results = run_worker(hostile_site / "en", ["hostile"], tmp_path)
    assert results["hostile"]
