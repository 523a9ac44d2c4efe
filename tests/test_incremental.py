"""sync_tree: unchanged files keep inode and mtime, changed files replaced, dropped files removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import incremental
from generator.incremental import SyncStats, sync_tree


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def read_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


OLD = {
    "index.html": "<h1>首页</h1>",
    "en/index.html": "<h1>Home</h1>",
    "plans/a/index.html": "plan a v1",
    "plans/a/chart.svg": "<svg>a</svg>",
    "plans/gone/index.html": "dropped plan",
    "search/search_index.json": '{"docs": [1]}',
}
NEW = {
    "index.html": "<h1>首页</h1>",
    "en/index.html": "<h1>Home</h1>",
    "plans/a/index.html": "plan a v2",
    "plans/a/chart.svg": "<svg>a</svg>",
    "plans/b/index.html": "new plan",
    "search/search_index.json": '{"docs": [2]}',
}


@pytest.fixture
def sites(tmp_path) -> tuple[Path, Path]:
    dest, new = tmp_path / "site", tmp_path / ".site-new"
    write_tree(dest, OLD)
    old_time = 1_600_000_000
    for p in dest.rglob("*"):
        os.utime(p, (old_time, old_time))
    write_tree(new, NEW)
    return new, dest


def test_unchanged_files_keep_inode_and_mtime(sites):
    new, dest = sites
    before = {rel: os.stat(dest / rel) for rel in ("index.html", "en/index.html", "plans/a/chart.svg")}
    sync_tree(new, dest)
    for rel, st in before.items():
        now = os.stat(dest / rel)
        assert (now.st_ino, now.st_mtime_ns) == (st.st_ino, st.st_mtime_ns), rel


def test_changed_new_and_dropped_files(sites):
    new, dest = sites
    changed_before = os.stat(dest / "plans/a/index.html")
    stats = sync_tree(new, dest)
    assert read_tree(dest) == NEW
    assert os.stat(dest / "plans/a/index.html").st_ino != changed_before.st_ino
    assert not (dest / "plans/gone").exists()  # the emptied folder went too
    assert not new.exists()
    assert stats == SyncStats(unchanged=3, written=3, removed=1)


def test_first_build_moves_the_tree(tmp_path):
    new, dest = tmp_path / "new", tmp_path / "site"
    write_tree(new, NEW)
    stats = sync_tree(new, dest)
    assert read_tree(dest) == NEW
    assert stats == SyncStats(unchanged=0, written=len(NEW), removed=0)


def test_identical_rebuild_rewrites_nothing(tmp_path):
    dest, new = tmp_path / "site", tmp_path / "new"
    write_tree(dest, NEW)
    write_tree(new, NEW)
    inodes = {p: p.stat().st_ino for p in dest.rglob("*") if p.is_file()}
    assert sync_tree(new, dest) == SyncStats(unchanged=len(NEW), written=0, removed=0)
    assert {p: p.stat().st_ino for p in dest.rglob("*") if p.is_file()} == inodes


def test_tree_of_hard_links_to_the_old_site_leaves_no_temporary_files(tmp_path):
    # A new tree made with `cp -al` (or a previous sync) shares inodes with the old one:
    # os.replace between two links to one inode does nothing, so no link may be attempted.
    dest, new = tmp_path / "site", tmp_path / "new"
    write_tree(dest, NEW)
    for p in dest.rglob("*"):
        if p.is_file():
            target = new / p.relative_to(dest)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(p, target)
    (new / "plans/b/index.html").unlink()
    (new / "plans/b/index.html").write_text("new plan v2", encoding="utf-8")
    stats = sync_tree(new, dest)
    assert stats == SyncStats(unchanged=len(NEW) - 1, written=1, removed=0)
    assert read_tree(dest) == {**NEW, "plans/b/index.html": "new plan v2"}
    assert sorted(p.name for p in dest.rglob("*") if p.is_file() and p.name.endswith(".sync-link")) == []


def test_failure_while_linking_leaves_the_old_site_whole(sites, monkeypatch):
    new, dest = sites
    calls = {"n": 0}
    real_link = os.link

    def failing_link(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(5, "I/O error")  # EIO: not one of the "cannot link here" cases
        real_link(src, dst)

    monkeypatch.setattr(incremental.os, "link", failing_link)
    with pytest.raises(OSError):
        sync_tree(new, dest)
    assert read_tree(dest) == OLD
    assert read_tree(new) == NEW  # the new tree is still whole too (a link replaced a file by equal bytes)


def test_fallback_two_renames_when_exchange_is_unavailable(sites, monkeypatch):
    new, dest = sites
    monkeypatch.setattr(incremental, "_exchange", lambda a, b: False)
    stats = sync_tree(new, dest)
    assert read_tree(dest) == NEW
    assert not new.exists() and not new.with_name(new.name + ".previous").exists()
    assert stats.unchanged == 3


def test_failed_second_rename_puts_the_old_site_back(sites, monkeypatch):
    new, dest = sites
    monkeypatch.setattr(incremental, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == new:
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(incremental.os, "rename", rename)
    with pytest.raises(OSError):
        sync_tree(new, dest)
    assert read_tree(dest) == OLD
