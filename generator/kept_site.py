"""MkDocs' output kept between builds: only pages whose Markdown changed are built again.

Each language's output is kept in ``site.<lang>/`` beside its Markdown tree
(generator.docs_tree, which writes a file only when its bytes change). When the last build
of that folder succeeded with the same *shape*, MkDocs runs its own ``dirty`` build there: a
page or file whose source is older than its output is not read, rendered or written again.
The result is then copied to where the build asked for it (``site_dir``).

A page's HTML depends on its own Markdown and on the shape, which is therefore the key:

* the language's MkDocs configuration (navigation and its titles, theme, extras, the data
  version shown in the footer), without ``site_dir``;
* the code: generator/ (the hooks are part of it), the wording catalogue, the theme
  overrides (site_src/overrides) and the versions of MkDocs and Material;
* the list of files under ``docs_dir`` (a link resolves to the same file, or fails the same way).

When the shape changed, or there is no record of a successful build, MkDocs builds
everything (and empties the folder first). The record (``site.<lang>.json``) is removed
before MkDocs starts and written only after it succeeded, so a failed build is followed by a
full one.

A dirty MkDocs build skips two things a full build does for every page; ``KeptPages`` keeps
both per page in the record and hands them back for the pages MkDocs did not read:

* the search index: Material's search plugin indexes only the pages it built;
* the anchor check: MkDocs checks links to anchors only between pages it rendered.

Two more things every build would do again are kept beside the output, whatever the shape:
how jieba cut each run of Chinese characters for the search index (``segments.<lang>.json``,
per jieba version: loading jieba's dictionary alone takes ~1.6 s), and Jinja's compiled
templates (``jinja.<lang>/``, keyed by Jinja on each template's source).

The output is copied to ``site_dir`` as hard links; generator.incremental.sync_tree gives
every file it publishes an inode of its own, so a later build writing here never touches
the published site.

So the output, search index included, is byte for byte what a full build makes
(tests/test_kept_site.py), and a broken anchor fails a dirty build as it fails a full one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

import backrefs.bre
from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import BasePlugin, event_priority

from .cache import code_version
from .incremental import regular_files
from .mkdocs_config import SEGMENTED_LANGS

RECORD_FORMAT = 1
# Material's search plugin cuts each run of Han characters with jieba (its _segment_chinese)
_HAN = backrefs.bre.compile(r"(\p{script: Han}+)", backrefs.bre.UNICODE)
_ZWSP = "\u200b"
_DIRTY_WARNING = "A 'dirty' build is being performed"


def kept_folder(cfg: dict) -> Path:
    """Where one language's output is kept: ``site.<lang>`` beside its Markdown tree."""
    return Path(cfg["docs_dir"]).parent / f"site.{cfg['theme']['language']}"


def shape(cfg: dict) -> str:
    """The digest of everything a page's HTML depends on besides its own Markdown (see the module docstring)."""
    h = hashlib.sha256()
    settings = {k: v for k, v in cfg.items() if k != "site_dir"}
    h.update(json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str).encode())
    h.update(code_version().encode())
    for lib in ("mkdocs", "mkdocs-material", "jieba"):
        h.update(f"\0{lib}={metadata.version(lib)}".encode())
    theme = cfg.get("theme", {}).get("custom_dir")
    for folder, prefix in ((theme, b"theme"), (cfg["docs_dir"], b"docs")):
        if not folder:
            continue
        for rel, _ in sorted(regular_files(folder, missing_ok=True)):
            h.update(b"\0" + prefix + b"/" + rel.encode())
            if prefix == b"theme":
                h.update(b"\0" + (Path(folder) / rel).read_bytes())
    return h.hexdigest()


class KeptPages(BasePlugin):
    """Per page, what a dirty build of MkDocs would lose: search entries, anchors, links to anchors.

    ``previous`` is the record of the last build (source path → page record); after the
    build, ``pages`` holds the record of this one."""

    def __init__(self, previous: dict[str, dict], segments: dict[str, str], jinja: Path, segment: bool = True):
        super().__init__()
        self.previous = previous
        self.segment = segment
        self.segments = segments
        self.new_segments = 0
        self.jinja = jinja
        self.pages: dict[str, dict] = {}
        self._order: list[str] = []
        self._indexed = 0

    @staticmethod
    def _search(config: Any):
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        return getattr(plugin, "search_index", None)

    @event_priority(-100)  # after the search plugin made its index
    def on_config(self, config):
        index = self._search(config)
        if index is not None:
            index._segment_chinese = self._segment
        return config

    def _segment(self, text: str) -> str:
        """As Material's SearchIndex._segment_chinese, each run of Han characters cut once ever;
        left whole where the language does not segment (``segment``: see mkdocs_config.SEGMENTED_LANGS)."""
        if not self.segment:
            return text
        import jieba

        def cut(match) -> str:
            run = match.group(0)
            words = self.segments.get(run)
            if words is None:
                words = self.segments[run] = _ZWSP.join(jieba.cut(run.encode("utf-8")))
                self.new_segments += 1
            return _ZWSP + words + _ZWSP

        return _HAN.sub(cut, text).strip(_ZWSP)

    def on_page_content(self, html: str, page, **kwargs) -> str:
        """A rendered page: its anchors and its links to other pages' anchors."""
        links = {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}
        self.pages[page.file.src_uri] = {
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": links,
            "search": [],
        }
        return html

    def on_env(self, env, config, files, **kwargs):
        """Pages MkDocs did not read get their anchors and links back from the record."""
        self.jinja.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(self.jinja))
        self._order = [f.src_uri for f in files.documentation_pages()]
        for f in files.documentation_pages():
            page = f.page
            if page is None or page.content is not None:
                continue
            kept = self.previous.get(f.src_uri)
            if kept is None:
                raise KeptSiteError(f"no record of the page {f.src_uri!r} from the last build")
            page.present_anchor_ids = set(kept["anchors"])
            page.links_to_anchors = {
                target: dict(anchors)
                for src, anchors in kept["links"].items()
                if (target := files.get_file_from_path(src)) is not None
            }
            self.pages[f.src_uri] = kept
        return env

    @event_priority(-100)  # after the search plugin indexed the page
    def on_page_context(self, context, page, config, **kwargs):
        index = self._search(config)
        if index is not None:
            self.pages[page.file.src_uri]["search"] = index.entries[self._indexed :]
            self._indexed = len(index.entries)
        return context

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config, **kwargs) -> None:
        """The search index of every page, in the order a full build indexes them."""
        index = self._search(config)
        if index is not None:
            index.entries = [e for src in self._order for e in self.pages.get(src, {}).get("search", [])]


class KeptSiteError(Exception):
    """The kept output and its record disagree (the next build is a full one)."""


class HideDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build, which strict mode counts as a failure; the kept-site
    rules above are what makes this dirty build safe."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def build_kept(cfg: dict, config_file: Path, build_one) -> bool:
    """Build ``cfg`` with ``build_one(cfg, config_file, dirty, plugin)`` into the kept folder,
    then link the result into ``cfg['site_dir']``. Returns whether the build was a dirty one."""
    target = Path(cfg["site_dir"])
    folder = kept_folder(cfg)
    lang = cfg["theme"]["language"]
    record_path = folder.with_name(folder.name + ".json")
    segments_path = folder.with_name(f"segments.{lang}.json")
    key = shape(cfg)
    record = _read_json(record_path, "pages")
    dirty = record.get("shape") == key and folder.is_dir()
    try:
        record_path.unlink()  # until this build succeeded
    except FileNotFoundError:
        pass
    jieba_version = metadata.version("jieba")
    segments = _read_json(segments_path, "segments")
    plugin = KeptPages(
        record.get("pages", {}) if dirty else {},
        segments["segments"] if segments.get("jieba") == jieba_version else {},
        folder.with_name(f"jinja.{lang}"),
        segment=lang in SEGMENTED_LANGS,
    )
    build_one({**cfg, "site_dir": str(folder)}, config_file, dirty, plugin)
    _write_json(record_path, {"format": RECORD_FORMAT, "shape": key, "pages": plugin.pages})
    if plugin.new_segments or not segments:
        _write_json(segments_path, {"format": RECORD_FORMAT, "jieba": jieba_version, "segments": plugin.segments})
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(folder, target, copy_function=os.link)
    return dirty


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path, field: str) -> dict:
    """A record written by _write_json, or {} when it is missing, unreadable or of another format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT or not isinstance(data.get(field), dict):
        return {}
    return data
