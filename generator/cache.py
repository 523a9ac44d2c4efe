"""Content-hash caches that make a rebuild do work in proportion to what changed.

* ``code_version()`` — a digest of the generator's own source, the UI strings and the
  libraries whose output ends up in pages; part of every cache key, so editing the code
  invalidates everything it could have produced.
* ``digest(*parts)`` — a stable sha256 of plain values, pydantic models and dataclasses
  (by content, never by identity or memory address).
* ``ParseCache`` — parsed data files by content.

``code_version()`` is the code version of the parse cache, the kept Markdown trees
(generator.docs_tree), the kept MkDocs output (generator.kept_site) and the history snapshots
(generator.history). Chart SVGs and PNGs key on their spec and the charts package's own code
only (generator.charts.render): other code changes a chart only by changing its spec.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from . import paths

_LIBRARIES = ("pydantic", "PyYAML", "markupsafe", "vl-convert-python")  # their output ends up in pages and SVGs
_ADAPTERS: dict[type, TypeAdapter] = {}
_PLAIN = (int, float, str, bool, type(None))


def feed_files(h: Any, files: Iterable[Path]) -> None:
    """Each file of the project (path from the root, then its bytes) into the hash ``h``."""
    for f in files:
        if f.is_file():
            h.update(f.relative_to(paths.ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of every generator source file (Python, and the JSON it ships, e.g. chart templates),
    the wording catalogue (site_src/strings/) and library versions: the code version of the
    caches of parsed files, Markdown trees, MkDocs output and history snapshots (not of charts:
    generator.charts.render)."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    feed_files(
        h, sorted([*pkg.rglob("*.py"), *pkg.rglob("*.json")]) + sorted((paths.SITE_SRC / "strings").glob("*.yaml"))
    )
    h.update(sys.version.encode())
    for lib in _LIBRARIES:
        h.update(f"{lib}={metadata.version(lib)}".encode())
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
                # cls is a type chosen at run time: mypy cannot read list[cls] as a type
                adapter = _ADAPTERS[cls] = TypeAdapter(list[cls])  # type: ignore[valid-type]
            hit = (obj, cls.__qualname__.encode() + adapter.dump_json(obj), len(obj))
            self._models[id(obj)] = hit
        return hit[1]

    def _feed(self, h, obj: Any) -> None:
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
        elif (
            isinstance(obj, list)
            and len(obj) > 1
            and isinstance(obj[0], BaseModel)
            and all(type(x) is type(obj[0]) for x in obj)
        ):
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
        except Exception:
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
