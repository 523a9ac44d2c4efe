"""Shared test helpers: the `golden` fixture (compare output with committed files under tests/golden/), and
how the tests are spread over the cores.

A golden file is updated only by running the tests with ``UPDATE_GOLDEN=1`` (or ``--update-golden``),
never by hand; then read the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"


# `make test` runs the tests outside tests/browser with pytest-xdist (`-n auto --dist loadgroup`): each module
# is one unit of work, so a module-scoped fixture (a whole-site build) is made once per module. The build's
# processes start with forkserver (generator.processes), so a worker that rendered a chart in-process can
# build a site afterwards (issue #17, item 1): no module needs to run after another.
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.relative_to(TESTS).as_posix()))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden/ with what the code produces now (same as UPDATE_GOLDEN=1)",
    )


class Golden:
    """Compares text with the files under one folder of tests/golden/, or rewrites them when updating."""

    def __init__(self, root: Path, update: bool) -> None:
        self.root = root
        self.update = update

    def __call__(self, name: str, text: str) -> None:
        """Assert that the golden file `name` (relative to the folder) holds exactly `text`."""
        problem = self._compare(name, text)
        assert problem is None, problem

    def tree(self, folder: str, files: Mapping[str, str]) -> None:
        """Assert that `folder` holds exactly `files` ({relative name: text}): none differs, none is
        missing and none is left over from output the code no longer makes (updating removes those)."""
        problems = [p for name, text in sorted(files.items()) if (p := self._compare(f"{folder}/{name}", text))]
        base = self.root / folder
        found = (f.relative_to(base).as_posix() for f in base.rglob("*") if f.is_file()) if base.is_dir() else ()
        extra = sorted(name for name in found if name not in files)
        if self.update:
            for name in extra:
                (base / name).unlink()
        else:
            problems += [
                f"{folder}/{name}: no longer produced; run with UPDATE_GOLDEN=1 to remove it" for name in extra
            ]
        assert not problems, "\n\n".join(problems)

    def _compare(self, name: str, text: str) -> str | None:
        path = self.root / name
        # bytes, not read_text(): line ends are part of the output (a CSV's CRLF) and must not be translated
        old = path.read_bytes().decode("utf-8") if path.is_file() else None
        if old == text:
            return None
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return None
        if old is None:
            return f"{name}: missing golden file; run with UPDATE_GOLDEN=1 to create it"
        diff = difflib.unified_diff(old.splitlines(), text.splitlines(), f"golden/{name}", "now", lineterm="", n=2)
        lines = list(diff)
        shown = "\n".join(lines[:40]) + (f"\n… {len(lines) - 40} more diff lines" if len(lines) > 40 else "")
        return (
            f"{name} differs from the golden file (if intended, run with UPDATE_GOLDEN=1 and read the diff):\n{shown}"
        )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """``golden(name, text)`` asserts `text` equals tests/golden/<name>; ``golden.tree(folder, {name: text})``
    checks a whole folder. With UPDATE_GOLDEN=1 or --update-golden both rewrite the files instead."""
    update = os.environ.get("UPDATE_GOLDEN") == "1" or bool(request.config.getoption("--update-golden"))
    return Golden(GOLDEN, update)
