"""The shared `golden` helper (tests/conftest.py) fails on any difference and rewrites only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def Golden(golden):  # the class itself: test modules cannot import conftest (tests/browser has one too)
    return type(golden)


def test_equal_text_passes_and_nothing_is_written(Golden, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("same\n", encoding="utf-8")
    Golden(tmp_path, update=False)("a.md", "same\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_a_difference_fails_with_a_diff_naming_the_file(Golden, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(AssertionError) as err:
        Golden(tmp_path, update=False)("a.md", "one\nTWO\n")
    assert "a.md differs" in str(err.value) and "-two" in str(err.value) and "+TWO" in str(err.value)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "one\ntwo\n"


def test_a_missing_golden_file_fails(Golden, tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="missing golden file"):
        Golden(tmp_path, update=False)("sub/new.md", "x")
    assert not (tmp_path / "sub").exists()


def test_line_ends_count(Golden, tmp_path: Path) -> None:
    """A CSV's CRLF is part of the output: LF in the golden file is a difference, and updating keeps CRLF."""
    (tmp_path / "t.csv").write_bytes(b"a,b\nc,d\n")
    with pytest.raises(AssertionError):
        Golden(tmp_path, update=False)("t.csv", "a,b\r\nc,d\r\n")
    Golden(tmp_path, update=True)("t.csv", "a,b\r\nc,d\r\n")
    assert (tmp_path / "t.csv").read_bytes() == b"a,b\r\nc,d\r\n"


def test_update_rewrites_and_creates(Golden, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old\n", encoding="utf-8")
    g = Golden(tmp_path, update=True)
    g("a.md", "new\n")
    g("deep/b.md", "made\n")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "new\n"
    assert (tmp_path / "deep" / "b.md").read_text(encoding="utf-8") == "made\n"


def test_tree_reports_files_no_longer_produced_and_update_removes_them(Golden, tmp_path: Path) -> None:
    folder = tmp_path / "f"
    (folder / "sub").mkdir(parents=True)
    (folder / "keep.txt").write_text("k", encoding="utf-8")
    (folder / "sub" / "gone.txt").write_text("g", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"f/sub/gone\.txt: no longer produced"):
        Golden(tmp_path, update=False).tree("f", {"keep.txt": "k"})
    Golden(tmp_path, update=True).tree("f", {"keep.txt": "k", "new.txt": "n"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == ["keep.txt", "new.txt"]


def test_the_fixture_compares_with_tests_golden(golden) -> None:
    assert golden.root == Path(__file__).resolve().parent / "golden"
