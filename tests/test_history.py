"""Data history from a real git repository: data_version, load_history, the renderers."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from test_diff import add_csv_row, commit_all, first_plan, free_year, git, make_repo, names, observation, read_yaml

from generator import history
from generator.models import OBSERVATION_COLUMNS, TASK_REPORT_COLUMNS
from generator.pages.history_section import history_section
from generator.pages.whats_new import whats_new_page

COMMIT_URL = "https://github.com/example/portal/commit/"


@dataclass
class Repo:
    path: Path
    plan: str
    indicator: str
    task: str
    year: int  # of the observation added by the second commit


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Three commits touching data/ (one with a hostile subject) and one that does not."""
    repo = make_repo(tmp_path)
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    task = read_yaml(plan_dir / "tasks.yaml")[0]
    year = free_year(plan_dir, ind["id"])
    add_csv_row(plan_dir / "observations.csv", OBSERVATION_COLUMNS, observation(ind["id"], year, "7.1"))
    commit_all(repo, "Zhengzhou: an observation")
    add_csv_row(
        plan_dir / "task_reports.csv",
        TASK_REPORT_COLUMNS,
        {"task": task["id"], "date": "2023-06-30", "status": "completed", "source": "report 2023"},
    )
    commit_all(repo, "<script>alert('subject')</script> task report")
    (repo / "README.md").write_text("docs only\n", encoding="utf-8")
    commit_all(repo, "docs: not data")
    return Repo(repo, plan_dir.name, ind["id"], task["id"], year)


def test_data_version_is_last_commit_touching_data(repo) -> None:
    repo = repo.path
    expected = git(repo, "log", "-1", "--format=%H %cs", "--", "data").split()
    version = history.data_version(repo)
    assert [version.commit, version.date] == expected
    assert version.commit != git(repo, "rev-parse", "HEAD")  # the docs commit is not a data version
    assert version.short == expected[0][:7]


def test_no_git_history_never_crashes(tmp_path: Path, repo) -> None:
    r, repo = repo, repo.path
    plan_id, ind_id = r.plan, r.indicator
    tarball = tmp_path / "unpacked"
    shutil.copytree(repo, tarball, ignore=shutil.ignore_patterns(".git"))
    assert history.data_version(tarball) == history.DataVersion(None, None)
    assert history.load_history(tarball) == []
    # a tree inside another repository is not that repository's history
    nested = repo / "vendor" / "copy"
    shutil.copytree(tarball / "data", nested / "data")
    assert history.data_version(nested).commit is None
    assert history.load_history(nested) == []
    for lang, words in (("zh", "数据更新记录不可用"), ("en", "Updates unavailable")):
        assert words in history_section([], lang, plan_id, ind_id)
        assert words in whats_new_page([], lang)


def test_load_history_oldest_first_with_changes(repo) -> None:
    r, repo = repo, repo.path
    plan_id, ind_id, task_id = r.plan, r.indicator, r.task
    entries = history.load_history(repo)
    assert [e.subject for e in entries] == [
        "initial data",
        "Zhengzhou: an observation",
        "<script>alert('subject')</script> task report",
    ]
    assert [e.commit for e in entries] == git(repo, "log", "--reverse", "--format=%H", "--", "data").split()
    first, obs, report = entries
    assert first.changes and all(c.action == "added" for c in first.changes)  # root commit: everything new
    assert [(c.action, c.kind, c.indicator, c.year) for c in obs.changes] == [("added", "observation", ind_id, r.year)]
    assert [(c.action, c.kind, c.task) for c in report.changes] == [("added", "task-report", task_id)]
    assert obs.short == obs.commit[:7] and len(obs.date) == 10 and obs.timestamp.startswith(obs.date)
    assert obs.changes_for(plan_id, ind_id) == list(obs.changes)
    assert report.changes_for(plan_id, ind_id) == []
    assert report.changes_for(plan_id) == list(report.changes)


def test_limit_diffs_first_entry_against_its_parent(repo) -> None:
    repo = repo.path
    entries = history.load_history(repo, limit=1)
    assert len(entries) == 1 and [c.kind for c in entries[0].changes] == ["task-report"]


def test_invalid_commit_is_marked_and_skipped(repo) -> None:
    r, repo = repo, repo.path
    plan_id, ind_id = r.plan, r.indicator
    plan_dir = first_plan(repo)
    assert plan_dir.name == plan_id
    good = (plan_dir / "indicators.yaml").read_text(encoding="utf-8")
    (plan_dir / "indicators.yaml").write_text("- id: [broken\n", encoding="utf-8")
    commit_all(repo, "broken")
    (plan_dir / "indicators.yaml").write_text(good, encoding="utf-8")
    add_csv_row(plan_dir / "observations.csv", OBSERVATION_COLUMNS, observation(ind_id, r.year + 1, "9"))
    commit_all(repo, "fixed, and a new value")
    entries = history.load_history(repo)
    assert [(e.subject, e.valid) for e in entries[-2:]] == [("broken", False), ("fixed, and a new value", True)]
    assert [(c.kind, c.year) for c in entries[-1].changes] == [("observation", r.year + 1)]  # vs the last valid one
    page = whats_new_page(entries, "en")  # the broken commit is the team's business, not the public's
    assert "validate" not in page and "broken" not in page and f"New {r.year + 1} value: 9" in page


def test_cache_gives_same_history_and_survives_damage(tmp_path: Path, repo) -> None:
    repo = repo.path
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / "0123456789abcdef-0000.json"  # written by another version of the code
    stale.write_text("{}", encoding="utf-8")
    fresh = history.load_history(repo, cache_dir=cache)
    assert not stale.exists()
    snapshots = sorted(f for f in cache.glob("*.json") if not f.name.endswith("-index.json"))
    [index] = cache.glob("*-index.json")
    assert len(snapshots) == 3  # one snapshot per data tree, plus the index of changes
    assert history.load_history(repo, cache_dir=cache) == fresh
    for f in snapshots:  # with the index complete, no snapshot is needed
        f.unlink()
    assert history.load_history(repo, cache_dir=cache) == fresh
    assert [f.name for f in cache.glob("*.json")] == [index.name]  # nothing was loaded again
    index.write_text("{not json", encoding="utf-8")
    assert history.load_history(repo, cache_dir=cache) == fresh  # a damaged index is rebuilt
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    add_csv_row(
        plan_dir / "observations.csv",
        OBSERVATION_COLUMNS,
        observation(ind["id"], free_year(plan_dir, ind["id"]), "1.5"),
    )
    commit_all(repo, "one more")
    cached = history.load_history(repo, cache_dir=cache)  # only the new commit is loaded
    assert cached == history.load_history(repo) and cached[:-1] == fresh


def test_versions_share_parsed_files_by_content(tmp_path: Path, repo, monkeypatch) -> None:
    """Each version's files go through load's parse cache: a file that did not change between
    commits is parsed once, and the history is the same as without the cache."""
    from generator.cache import ParseCache

    seen: list[str] = []
    real = ParseCache.get

    def get(self, kind, file, text, parse):
        hits = self.hits
        value = real(self, kind, file, text, parse)
        seen.append("hit" if self.hits > hits else "parsed")
        return value

    monkeypatch.setattr(ParseCache, "get", get)
    parsed = tmp_path / "parsed"
    shared = history.load_history(repo.path, parse_cache=parsed, workers=1)
    assert shared == history.load_history(repo.path)
    assert any(parsed.rglob("*.pickle"))
    assert seen.count("hit") > seen.count("parsed") > 0  # three versions, one or two files changed each


def test_history_section_filters_and_escapes(repo) -> None:
    r, repo = repo, repo.path
    plan_id, ind_id = r.plan, r.indicator
    entries = history.load_history(repo)
    plan_md = history_section(entries, "en", plan_id, commit_url=COMMIT_URL)
    ind_md = history_section(entries, "en", plan_id, ind_id, commit_url=COMMIT_URL)
    assert "2023-06-30" in plan_md and "2023-06-30" not in ind_md  # the task report does not concern the indicator
    assert f"New {r.year} value: 7.1" in ind_md
    for e in entries:  # commits stay in git: no id, link or subject on the page
        assert e.commit[:7] not in plan_md and e.subject not in plan_md and "alert" not in plan_md
    assert "href=" not in plan_md
    html = markdown.markdown(ind_md, extensions=["attr_list"])  # as the site renders it
    assert '<h2 data-search-exclude id="history">Updates to this data</h2>' in html and "<script" not in html
    zh = history_section(entries, "zh", plan_id, ind_id)
    assert zh.startswith("## 数据更新记录 { #history data-search-exclude }") and f"新增{r.year}年数值：7.1" in zh
    assert "以来" in history_section(entries, "zh", "no-such-plan")


def test_commit_url_is_never_a_link_on_pages(repo) -> None:
    plan_id, repo = repo.plan, repo.path
    entries = history.load_history(repo)
    for url in ("javascript:alert(1)//", COMMIT_URL):
        assert "href=" not in history_section(entries, "en", plan_id, commit_url=url)
        assert "commit" not in whats_new_page(entries, "en", url)
    assert history.commit_url_for("https://github.com/o/r") == "https://github.com/o/r/commit/"
    assert history.commit_url_for("javascript:alert(1)") is None and history.commit_url_for(None) is None


def test_whats_new_page_and_history_by_page(repo) -> None:
    r, repo = repo, repo.path
    plan_id, ind_id = r.plan, r.indicator
    entries = history.load_history(repo)
    page = whats_new_page(entries, "en", COMMIT_URL)
    assert page.startswith("# What's new { #title }")
    # one group a date, anchored by the date (all three commits were made today)
    assert re.findall(r'<li id="d-([0-9-]+)">', page) == sorted({e.date for e in entries}, reverse=True)
    assert 'href="feed.xml"' in page
    from generator.load import load

    by_page = history.history_by_page(entries, load(repo / "data").portal)
    plan_page, ind_page = f"plans/{plan_id}/index.md", f"plans/{plan_id}/indicators/{ind_id}/index.md"
    # the page's entries as data render as the whole history filtered for the page
    for page, ind in ((plan_page, None), (ind_page, ind_id)):
        for lang in ("zh", "en"):
            assert history_section(by_page[page], lang, plan_id, ind, COMMIT_URL) == history_section(
                entries, lang, plan_id, ind, COMMIT_URL
            )
        assert all(c.plan == plan_id and ind in (None, c.indicator) for e in by_page[page] for c in e.changes)
    assert "7.1" in history_section(by_page[ind_page], "zh", plan_id, ind_id, COMMIT_URL)
    assert "about.md" not in by_page and history.history_by_page([], load(repo / "data").portal) == {}
