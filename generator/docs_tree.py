"""The Markdown trees MkDocs builds from, kept between builds and written only where bytes changed.

* ``DocsTree`` — a folder of generated files (one per output folder and language) with a
  manifest of what was written: a file is written only when its bytes changed, a unit of
  pages is re-rendered only when its key changed, files no longer produced are deleted. The
  manifest is trusted only for files whose size and mtime on disk are what it recorded; it
  is removed while a build works on the tree and written back at the end, so a crash or a
  corrupt manifest costs a full rewrite, never a stale page.
* ``DocsLock`` — the trees of one output folder, locked for one build.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .cache import code_version, sha256
from .incremental import regular_files

MANIFEST_FORMAT = 1


class DocsTree:
    """A folder of generated files kept between builds, written only where bytes changed.

    Use: ``fresh(unit, key)`` tells whether a unit's files are on disk as its last render
    left them (then ``keep(unit)``); otherwise render and ``write`` each file, then
    ``record(unit, key, files)``. Files outside units (theme assets…) are just written.
    ``finish()`` deletes whatever this build did not produce and saves the manifest.
    """

    def __init__(self, root: Path, manifest: Path):
        self.root, self.manifest = Path(root), Path(manifest)
        self.root.mkdir(parents=True, exist_ok=True)
        old = _read_manifest(self.manifest)
        try:
            self.manifest.unlink()  # until finish(): a crash leaves no manifest to trust
        except FileNotFoundError:
            pass
        self._disk = _walk(self.root, remove_others=True)
        self._units: dict[str, dict] = old.get("units", {})
        self._valid: dict[str, str] = {}
        for rel, rec in old.get("files", {}).items():
            if isinstance(rec, list) and len(rec) == 3 and self._disk.get(rel) == (rec[1], rec[2]):
                self._valid[rel] = rec[0]
        self._produced: dict[str, str] = {}
        self._new_units: dict[str, dict] = {}
        self.written = 0
        self.kept_units = 0
        self.rendered_units = 0

    def fresh(self, unit: str, key: str) -> bool:
        u = self._units.get(unit)
        return (
            isinstance(u, dict)
            and u.get("key") == key
            and isinstance(u.get("files"), list)
            and all(isinstance(f, str) and f in self._valid for f in u["files"])
        )

    def keep(self, unit: str) -> None:
        u = self._units[unit]
        for f in u["files"]:
            self._produced[f] = self._valid[f]
        self._new_units[unit] = u
        self.kept_units += 1

    def write(self, rel: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        digest_ = sha256(raw)
        self._produced[rel] = digest_
        if self._valid.get(rel) == digest_:
            return
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        st = target.stat()
        self._disk[rel] = (st.st_size, st.st_mtime_ns)
        self._valid[rel] = digest_
        self.written += 1

    def copy_tree(self, src: Path, dest_rel: str = "") -> None:
        """Every file under ``src`` (not following links), at ``dest_rel/<its path>``."""
        src = Path(src)
        for rel in sorted(_walk(src)):
            self.write(f"{dest_rel}/{rel}" if dest_rel else rel, (src / rel).read_bytes())

    def record(self, unit: str, key: str, files: Iterable[str]) -> None:
        self._new_units[unit] = {"key": key, "files": sorted(set(files))}
        self.rendered_units += 1

    def finish(self) -> None:
        for rel in sorted(self._disk.keys() - self._produced.keys()):
            os.unlink(self.root / rel)
        _remove_empty_dirs(self.root)
        files = {rel: [sha, *self._disk[rel]] for rel, sha in self._produced.items()}
        data = json.dumps(
            {"format": MANIFEST_FORMAT, "code": code_version(), "units": self._new_units, "files": files},
            separators=(",", ":"),
        )
        tmp = self.manifest.with_name(self.manifest.name + ".tmp")
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, self.manifest)


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or data.get("code") != code_version():
        return {}
    if not isinstance(data.get("units"), dict) or not isinstance(data.get("files"), dict):
        return {}
    return data


def _walk(root: Path, remove_others: bool = False) -> dict[str, tuple[int, int]]:
    """Regular files under root: relative path → (size, mtime_ns). Links are not followed;
    with ``remove_others`` they (and special files) are deleted, as not made by the build."""
    return {
        rel: (st.st_size, st.st_mtime_ns)
        for rel, st in regular_files(root, missing_ok=True, remove_others=remove_others)
    }


def _remove_empty_dirs(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if dirpath != str(root) and not dirnames and not filenames:
            try:
                os.rmdir(dirpath)
            except OSError:
                pass


class DocsLock:
    """The docs trees of one output folder, locked for one build.

    ``.root`` is ``<base>/<digest of out_dir>/`` (base: BuildSettings.docs_cache) when the
    lock could be taken, else None (another build of the same folder is running: build in a
    temporary folder instead).
    Trees whose output folder's parent is gone (e.g. test folders) are removed.
    """

    def __init__(self, base: Path, out_dir: Path):
        self.base = Path(base)
        self.out_dir = Path(out_dir).resolve()
        self.root: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> DocsLock:
        self.base.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(str(self.out_dir).encode()).hexdigest()[:16]
        fd = _try_lock(self.base / f"{name}.lock")
        if fd is None:
            return self
        self._fd = fd
        self.root = self.base / name
        self.root.mkdir(exist_ok=True)
        record = self.root / "out_dir.txt"
        if not record.exists() or record.read_text(encoding="utf-8", errors="replace") != str(self.out_dir):
            record.write_text(str(self.out_dir), encoding="utf-8")
        self._prune(name)
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None

    def _prune(self, own: str) -> None:
        for d in self.base.iterdir():
            if not d.is_dir() or d.name == own:
                continue
            try:
                out = Path((d / "out_dir.txt").read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                out = None
            if out is not None and out.parent.exists():
                continue
            fd = _try_lock(self.base / f"{d.name}.lock")
            if fd is None:
                continue
            try:
                shutil.rmtree(d, ignore_errors=True)
                os.unlink(self.base / f"{d.name}.lock")
            finally:
                os.close(fd)


def _try_lock(path: Path) -> int | None:
    """An exclusive lock on ``path`` (its descriptor; closing it unlocks), or None if another holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd
