"""MkDocs' output kept between builds (generator.kept_site): a rebuild builds only the pages
whose Markdown changed, and its output, search index included, is what a full build makes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from generator import kept_site
from generator.mkdocs_runner import _build, run_mkdocs_kept
from generator.pipeline import build_site
from generator.processes import BuildError
from generator.settings import BuildSettings
from tests.test_build import MINIMAL


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _change_first_observation(data: Path) -> str:
    obs = next(data.rglob("observations.csv"))
    lines = obs.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[2] = str(float(first[2]) + 1)  # the value column
    obs.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    return first[0]


@pytest.mark.slow
def test_a_rebuild_builds_only_changed_pages_and_equals_a_full_build(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    cache = tmp_path / "cache"  # one chart cache for both output folders
    kept = BuildSettings(data_dir=data, out_dir=tmp_path / "kept", cache_dir=cache, strict=True)
    build_site(kept)
    (folder,) = (cache / "docs").glob("*/site.zh")
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*.html")}

    indicator = _change_first_observation(data)
    build_site(kept)
    rebuilt = [p for p in folder.rglob("*.html") if p.stat().st_mtime_ns != before.get(p)]
    assert rebuilt, "the changed indicator's page is built again"
    assert any(indicator in str(p) for p in rebuilt)
    assert len(rebuilt) < len(before) / 3, (len(rebuilt), len(before))  # the others were not

    full = BuildSettings(data_dir=data, out_dir=tmp_path / "full", cache_dir=cache, strict=True)
    build_site(full)
    assert _tree(kept.out_dir) == _tree(full.out_dir)  # every page, chart, download and the search indexes


# ------------------------------------------------------------------ MkDocs alone, tiny sites


def _cfg(root: Path, **extra) -> dict:
    return {
        "site_name": "t",
        "docs_dir": str(root / "docs" / "zh"),
        "site_dir": str(root / "out"),
        "theme": {"name": "material", "language": "zh"},
        "plugins": ["search"],
        "strict": True,
        "validation": {"links": {"anchors": "warn"}},
        **extra,
    }


def _write(root: Path, rel: str, text: str) -> None:
    path = root / "docs" / "zh" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():  # a later build: make sure the source is newer than the kept output
        time.sleep(0.01)
    path.write_text(text, encoding="utf-8")


def _site(tmp_path: Path) -> Path:
    _write(tmp_path, "index.md", "# 首页\n\n郑州市的知识产权规划。见[目标](b.md#mubiao)。\n")
    _write(tmp_path, "b.md", "# 规划\n\n## 目标 {#mubiao}\n\n每万人高价值发明专利拥有量。\n")
    _write(tmp_path, "c.md", "# 部门\n\n市场监督管理局牵头。\n")
    return tmp_path


def _noting_dirty(seen: list[bool]):
    """MkDocs' build as the kept site runs it, noting each time whether it was a dirty one."""

    def build_one(cfg, config_file, dirty, plugin):
        seen.append(dirty)
        _build(cfg, config_file, dirty, plugin)

    return build_one


def _record(root: Path) -> Path:
    return root / "docs" / "site.zh.json"


def test_a_dirty_build_has_the_search_index_of_a_full_build(tmp_path):
    root = _site(tmp_path / "a")
    run_mkdocs_kept(_cfg(root), root / "mkdocs.yml")
    _write(root, "c.md", "# 部门\n\n许昌市知识产权局配合。\n")
    run_mkdocs_kept(_cfg(root), root / "mkdocs.yml")
    index = json.loads((root / "out" / "search" / "search_index.json").read_text(encoding="utf-8"))

    full = _site(tmp_path / "b")
    _write(full, "c.md", "# 部门\n\n许昌市知识产权局配合。\n")
    run_mkdocs_kept(_cfg(full), full / "mkdocs.yml")
    expected = json.loads((full / "out" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index == expected
    assert [e["location"] for e in index["docs"]][:1] == [""]  # in page order, the home page first
    assert any("许昌市" in e["text"] and "\u200b" in e["text"] for e in index["docs"])  # the new text, cut by jieba
    assert any("郑州市" in e["text"] for e in index["docs"])  # a page MkDocs did not read this time


def test_only_changed_pages_are_built_again(tmp_path):
    root = _site(tmp_path)
    calls: list[bool] = []
    build_one = _noting_dirty(calls)
    kept_site.build_kept(_cfg(root), root / "mkdocs.yml", build_one)
    home = root / "docs" / "site.zh" / "index.html"
    stamp = home.stat().st_mtime_ns
    _write(root, "c.md", "# 部门\n\n许昌市知识产权局配合。\n")
    kept_site.build_kept(_cfg(root), root / "mkdocs.yml", build_one)
    assert calls == [False, True]
    assert home.stat().st_mtime_ns == stamp  # not built again
    assert "许昌市" in (root / "out" / "c" / "index.html").read_text(encoding="utf-8")
    # how jieba cut each run of Han characters is kept for the next build, whatever its shape
    segments = json.loads((root / "docs" / "segments.zh.json").read_text(encoding="utf-8"))["segments"]
    assert segments["郑州市的知识产权规划"].split("\u200b")[0] == "郑州市"
    assert "许昌市知识产权局配合" in segments


def test_a_broken_anchor_fails_a_dirty_build_as_it_fails_a_full_one(tmp_path):
    """The home page (not read again) links to b.md#mubiao; b.md loses the anchor."""
    root = _site(tmp_path)
    run_mkdocs_kept(_cfg(root), root / "mkdocs.yml")
    _write(root, "b.md", "# 规划\n\n## 任务\n\n文字。\n")
    with pytest.raises(BuildError, match="strict"):
        run_mkdocs_kept(_cfg(root), root / "mkdocs.yml")
    assert not _record(root).exists()  # so the next build is a full one


def test_a_failed_build_or_another_shape_means_a_full_build(tmp_path):
    root = _site(tmp_path)
    seen: list[bool] = []
    build_one = _noting_dirty(seen)
    kept_site.build_kept(_cfg(root), root / "mkdocs.yml", build_one)
    kept_site.build_kept(_cfg(root, extra={"x": 1}), root / "mkdocs.yml", build_one)  # other settings
    _write(root, "d.md", "# 新页\n")
    kept_site.build_kept(_cfg(root, extra={"x": 1}), root / "mkdocs.yml", build_one)  # another file
    kept_site.build_kept(_cfg(root, extra={"x": 1}), root / "mkdocs.yml", build_one)  # nothing changed
    _record(root).write_text("{not json", encoding="utf-8")
    kept_site.build_kept(_cfg(root, extra={"x": 1}), root / "mkdocs.yml", build_one)  # a broken record
    assert seen == [False, False, False, True, False]


def test_published_output_never_shares_an_inode_with_the_kept_output(tmp_path):
    from generator.incremental import sync_tree

    root = _site(tmp_path)
    run_mkdocs_kept(_cfg(root), root / "mkdocs.yml")
    staged = root / "out"
    sync_tree(staged, tmp_path / "published")
    page = tmp_path / "published" / "c" / "index.html"
    kept = root / "docs" / "site.zh" / "c" / "index.html"
    assert page.read_bytes() == kept.read_bytes()
    assert page.stat().st_ino != kept.stat().st_ino
    assert os.stat(page).st_nlink == 1
