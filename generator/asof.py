"""The data's as-of date: what "now" means when the data is checked and assessed.

It is the date of the data version — the last commit that changed the data folder — so the
same commit validates and builds the same way on any day (a report dated tomorrow is an
error today and tomorrow alike). A data folder with uncommitted changes (staff checking an
edit before they commit it) or without git history has no such date: today's date is used.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import diff, history
from .diff import GitError


def find_repo_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds a ``.git``."""
    for p in [start, *start.parents]:
        if (p / ".git").exists():
            return p
    return None


def as_of_date(data_dir: Path, today: dt.date | None = None) -> dt.date:
    """The date of the data version of ``data_dir`` (see the module docstring)."""
    today = today or dt.date.today()
    data_dir = Path(data_dir).resolve()
    repo_root = find_repo_root(data_dir)
    if repo_root is None:
        return today
    rel = data_dir.relative_to(repo_root.resolve()).as_posix()
    version = history.data_version(repo_root, rel)
    if version.date is None or _has_uncommitted_changes(repo_root, rel):
        return today
    return dt.date.fromisoformat(version.date)


def _has_uncommitted_changes(repo_root: Path, rel: str) -> bool:
    try:
        return bool(diff.git(repo_root, "status", "--porcelain", "--untracked-files=all", "--", rel).strip())
    except (GitError, OSError):
        return True
