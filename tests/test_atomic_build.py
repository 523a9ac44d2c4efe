"""A failed build leaves the previous site byte-for-byte intact and no temporary folders behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator import processes
from generator.pipeline import BuildSettings, build_site
from generator.problems import DataError

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"
HOSTILE = TESTS / "fixtures" / "hostile"
# The smallest complete tree there is: the foundation's minimal fixture once it exists.
SMALL = MINIMAL if (MINIMAL / "cities").is_dir() else HOSTILE / "inert"
BAD_CASE = HOSTILE / "rejected" / "nul-byte"

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (relative path -> sha256 of its bytes), and every folder."""
    out = {}
    for p in sorted(folder.rglob("*")):
        key = p.relative_to(folder).as_posix()
        out[key] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
    return out


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Route the tempfile module (and child processes) to a folder we can check is left empty.

    The forkserver that starts the build's processes is started first: its socket folder
    lives as long as this process (multiprocessing's own), not the build's."""
    processes.in_own_process("start the forkserver", os.getpid, timeout=120)
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systmp))
    monkeypatch.setenv("TMPDIR", str(systmp))
    return systmp


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A good site, built once; each test copies it and tries to overwrite it with a failed build."""
    root = tmp_path_factory.mktemp("atomic")
    data = root / "data"
    shutil.copytree(SMALL, data)
    out = root / "site"
    build_site(settings(data, out))
    return out, snapshot(out)


def settings(data: Path, out: Path) -> BuildSettings:
    """A build with a cache folder of its own, beside the data."""
    return BuildSettings(data_dir=data, out_dir=out, cache_dir=data.parent / "cache")


def _workspace(tmp_path: Path, built) -> tuple[Path, Path, dict[str, str]]:
    site, snap = built
    work = tmp_path / "work"
    work.mkdir()
    out = work / "site"
    shutil.copytree(site, out)
    assert snapshot(out) == snap
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    return data, out, snap


def test_good_build_produces_both_languages(built):
    _site, snap = built
    assert "index.html" in snap and "en/index.html" in snap


def test_bad_data_keeps_the_old_site(tmp_path, built, private_tmp):
    data, out, snap = _workspace(tmp_path, built)
    city = next((data / "cities").glob("*/city.yaml"))
    city.write_bytes(city.read_bytes().replace(b"name:", b"name:\x00", 1))
    with pytest.raises(DataError) as info:
        build_site(settings(data, out))
    assert {p.code for p in info.value.problems if p.is_error} == {"control-character"}
    assert snapshot(out) == snap
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]
    assert list(private_tmp.iterdir()) == []


def _broken_mkdocs(cfg: dict, config_file: Path) -> None:
    """Stands in for MkDocs (in the build's processes): leaves a mark, then fails."""
    with (Path(cfg["site_dir"]).parents[2] / "mkdocs-calls").open("a") as fh:
        fh.write("called\n")
    Path(cfg["site_dir"]).mkdir(parents=True)
    (Path(cfg["site_dir"]) / "index.html").write_text("half a site", encoding="utf-8")
    raise RuntimeError("forced failure in the MkDocs stage")


def test_failure_in_the_mkdocs_stage_keeps_the_old_site(tmp_path, built, private_tmp):
    data, out, snap = _workspace(tmp_path, built)
    with pytest.raises(Exception) as info:
        build_site(settings(data, out), mkdocs=_broken_mkdocs)
    assert (out.parent.parent / "mkdocs-calls").exists(), "the build did not reach the MkDocs stage"
    assert "forced failure" in str(info.value) or "forced failure" in repr(info.value.__cause__)
    assert snapshot(out) == snap
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]
    assert list(private_tmp.iterdir()) == []


def test_failure_on_a_first_build_leaves_nothing(tmp_path, private_tmp):
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    shutil.copytree(BAD_CASE, data, dirs_exist_ok=True)
    (data / "expected.yaml").unlink()
    parent = tmp_path / "fresh"
    parent.mkdir()
    with pytest.raises(DataError):
        build_site(settings(data, parent / "site"))
    assert list(parent.iterdir()) == []
    assert list(private_tmp.iterdir()) == []
