"""Content-hash caches that make a rebuild do work in proportion to what changed.

* ``code_version()`` — a digest of the generator's own source, the UI strings and the
  libraries whose output ends up in pages; part of every cache key, so editing the code
  invalidates everything it could have produced.
* ``digest(*parts)`` — a stable sha256 of plain values, pydantic models and dataclasses
  (by content, never by identity or memory address).
* ``DocsTree`` — a Markdown tree kept between builds (one per output folder and language)
  with a manifest of what was written: a file is written only when its bytes changed, a
  unit of pages is re-rendered only when its key changed, files no longer produced are
  deleted. The manifest is trusted only for files whose size and mtime on disk are what it
  recorded; it is removed while a build works on the tree and written back at the end, so
  a crash or a corrupt manifest costs a full rewrite, never a stale page.
"""

from __future__ import annotations

import dataclasses
import enum
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import BaseModel, TypeAdapter

from . import paths

MANIFEST_FORMAT = 1
_LIBRARIES = ("pydantic", "PyYAML")
_ADAPTERS: dict[type, TypeAdapter] = {}
_PLAIN = (int, float, str, bool, type(None))


@lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of every generator source file, the wording catalogue (site_src/strings/) and library versions."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    files = sorted(pkg.rglob("*.py")) + sorted((paths.SITE_SRC / "strings").glob("*.yaml"))
    for f in files:
        if f.is_file():
            h.update(f.relative_to(paths.ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(sys.version.encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover
            h.update(f"{lib}=?".encode())
    return h.hexdigest()


class Digester:
    """Feeds values into a hash by content. Models are serialised once per Digester."""

    def __init__(self) -> None:
        self._models: dict[int, tuple] = {}

    def digest(self, *parts: Any) -> str:
        h = hashlib.sha256()
        for p in parts:
            self._feed(h, p)
        return h.hexdigest()

    def _model(self, obj: BaseModel) -> bytes:
        hit = self._models.get(id(obj))
        if hit is None or hit[0] is not obj:
            hit = (obj, type(obj).__qualname__.encode() + obj.model_dump_json().encode())
            self._models[id(obj)] = hit
        return hit[1]

    def _models_list(self, obj: list) -> bytes:
        hit = self._models.get(id(obj))
        if hit is None or hit[0] is not obj or len(obj) != hit[2]:
            cls = type(obj[0])
            adapter = _ADAPTERS.get(cls)
            if adapter is None:
                adapter = _ADAPTERS[cls] = TypeAdapter(list[cls])
            hit = (obj, cls.__qualname__.encode() + adapter.dump_json(obj), len(obj))
            self._models[id(obj)] = hit
        return hit[1]

    def _feed(self, h, obj: Any) -> None:  # noqa: C901 - one branch per kind of value
        if obj is None or isinstance(obj, (bool, int, float)):
            h.update(b"v" + repr(obj).encode() + b";")
        elif isinstance(obj, enum.Enum):
            h.update(b"e" + f"{type(obj).__qualname__}.{obj.name}".encode() + b";")
        elif isinstance(obj, str):
            b = obj.encode("utf-8", "surrogatepass")
            h.update(b"s%d:" % len(b) + b)
        elif isinstance(obj, bytes):
            h.update(b"b%d:" % len(obj) + obj)
        elif isinstance(obj, BaseModel):
            b = self._model(obj)
            h.update(b"m%d:" % len(b) + b)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            hit = self._models.get(id(obj))  # the same assessment is in several units' deps
            if hit is None or hit[0] is not obj:
                sub = hashlib.sha256(b"d" + type(obj).__qualname__.encode() + b"(")
                for f in dataclasses.fields(obj):
                    sub.update(f.name.encode() + b"=")
                    self._feed(sub, getattr(obj, f.name))
                hit = (obj, sub.digest())
                self._models[id(obj)] = hit
            h.update(b"d" + hit[1])
        elif isinstance(obj, (list, tuple)) and all(type(x) in _PLAIN for x in obj):
            h.update(b"r" + repr(obj).encode("utf-8", "surrogatepass") + b";")  # numbers, strings
        elif isinstance(obj, list) and len(obj) > 1 and isinstance(obj[0], BaseModel) \
                and all(type(x) is type(obj[0]) for x in obj):
            b = self._models_list(obj)  # one serialiser call for e.g. a plan's observations
            h.update(b"L%d:" % len(b) + b)
        elif isinstance(obj, (list, tuple)):
            h.update(b"l%d[" % len(obj))
            for x in obj:
                self._feed(h, x)
            h.update(b"]")
        elif isinstance(obj, dict):
            h.update(b"D%d{" % len(obj))
            for k, v in sorted(obj.items(), key=lambda kv: repr(kv[0])):
                self._feed(h, k)
                self._feed(h, v)
            h.update(b"}")
        elif isinstance(obj, (set, frozenset)):
            self._feed(h, sorted(obj, key=repr))
        else:
            raise TypeError(f"cannot digest a {type(obj).__name__} by content")


def digest(*parts: Any) -> str:
    return Digester().digest(*parts)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------ parsed files


class ParseCache:
    """Parsed data files (``YamlDoc``/``CsvDoc`` with their locations and problems), one
    pickle per file content: key = code version + what the file is parsed as + its path in
    problems + the sha256 of its decoded text. A missing, unreadable or corrupt entry is
    parsed again. Like the chart cache (whose SVGs go into pages as they are), the folder is
    trusted as much as the code: keep it out of reach of the data's authors.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.hits = self.misses = 0

    def get(self, kind: str, file: str, text: str, parse: Callable[[], Any]) -> Any:
        key = digest(code_version(), kind, file, text)
        path = self.folder / key[:2] / f"{key}.pickle"
        try:
            value = pickle.loads(path.read_bytes())
            if isinstance(value, tuple) and len(value) == 2 and value[0] == key:
                self.hits += 1
                return value[1]
        except Exception:  # noqa: BLE001 - missing or corrupt: parse again
            pass
        value = parse()
        self.misses += 1
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:  # a read-only cache still builds
            pass
        return value


# ------------------------------------------------------------------------------ the docs tree


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
        return (isinstance(u, dict) and u.get("key") == key and isinstance(u.get("files"), list)
                and all(isinstance(f, str) and f in self._valid for f in u["files"]))

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
        data = json.dumps({"format": MANIFEST_FORMAT, "code": code_version(), "units": self._new_units,
                           "files": files}, separators=(",", ":"))
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
    out: dict[str, tuple[int, int]] = {}
    todo = [""]
    while todo:
        rel_dir = todo.pop()
        try:
            it = os.scandir(os.path.join(root, rel_dir))
        except FileNotFoundError:
            continue
        with it as entries:
            for e in entries:
                rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
                if e.is_dir(follow_symlinks=False):
                    todo.append(rel)
                elif e.is_file(follow_symlinks=False):
                    st = e.stat(follow_symlinks=False)
                    out[rel] = (st.st_size, st.st_mtime_ns)
                elif remove_others:  # a link or a special file: not ours, never published
                    os.unlink(os.path.join(root, rel))
    return out


def _remove_empty_dirs(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if dirpath != str(root) and not dirnames and not filenames:
            try:
                os.rmdir(dirpath)
            except OSError:
                pass


# ------------------------------------------------------------------------------ where and locking


class DocsLock:
    """The docs trees of one output folder, locked for one build.

    ``.root`` is ``cache/docs/<digest of out_dir>/`` when the lock could be taken, else None
    (another build of the same folder is running: build in a temporary folder instead).
    Trees whose output folder's parent is gone (e.g. test folders) are removed.
    """

    def __init__(self, cache_root: Path, out_dir: Path):
        self.base = Path(cache_root) / "docs"
        self.out_dir = Path(out_dir).resolve()
        self.root: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> "DocsLock":
        self.base.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(str(self.out_dir).encode()).hexdigest()[:16]
        fd = os.open(self.base / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
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
            fd = os.open(self.base / f"{d.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            try:
                shutil.rmtree(d, ignore_errors=True)
                os.unlink(self.base / f"{d.name}.lock")
            finally:
                os.close(fd)
