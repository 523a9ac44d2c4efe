"""What a built site weighs, and which of its files a rebuild touched."""

from __future__ import annotations

import gzip
import hashlib
import os
import statistics
from dataclasses import dataclass
from pathlib import Path

SEARCH_INDEXES = ("search/search_index.json", "en/search/search_index.json")


@dataclass
class SiteStats:
    files: int
    bytes: int
    pages: int
    median_page: int
    largest_page: int
    largest_page_path: str
    search_raw: int
    search_gzip: int
    search_gzip_largest: int  # the larger of the two languages' indexes (each is loaded on its own)
    charts: int


def site_stats(site: Path) -> SiteStats:
    """Sizes of the site at ``site``: every file, the HTML pages, the two search indexes."""
    files = [p for p in site.rglob("*") if p.is_file()]
    html = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in files if p.suffix == ".html")
    raw = gz = largest = 0
    for rel in SEARCH_INDEXES:
        p = site / rel
        if p.exists():
            data = p.read_bytes()
            raw += len(data)
            size = len(gzip.compress(data, compresslevel=6, mtime=0))
            gz += size
            largest = max(largest, size)
    return SiteStats(
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        pages=len(html),
        median_page=int(statistics.median(s for s, _ in html)) if html else 0,
        largest_page=html[-1][0] if html else 0,
        largest_page_path=html[-1][1] if html else "",
        search_raw=raw,
        search_gzip=gz,
        search_gzip_largest=largest,
        charts=sum(1 for p in files if p.suffix == ".svg"),
    )


def snapshot(site: Path) -> dict[str, tuple[int, int, str]]:
    """relative path → (inode, mtime in ns, sha256) of every file under ``site``."""
    out = {}
    for folder, _dirs, names in os.walk(site):
        for name in names:
            p = Path(folder, name)
            st = p.stat()
            out[p.relative_to(site).as_posix()] = (
                st.st_ino,
                st.st_mtime_ns,
                hashlib.sha256(p.read_bytes()).hexdigest(),
            )
    return out


@dataclass
class Touched:
    rewritten: int  # files written again (new inode or mtime), new files included
    changed: int  # files whose bytes differ, new files included
    removed: int
    changed_paths: list[str]


def touched(before: dict, after: dict) -> Touched:
    """Compare two snapshots."""
    rewritten = sum(1 for rel, v in after.items() if rel not in before or before[rel][:2] != v[:2])
    changed = sorted(rel for rel, v in after.items() if rel not in before or before[rel][2] != v[2])
    return Touched(
        rewritten=rewritten, changed=len(changed), removed=len(before.keys() - after.keys()), changed_paths=changed
    )
