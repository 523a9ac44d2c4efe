"""The history of data/ from git: which version a build shows, and what changed when.

* `data_version(repo_root)` — the last commit that touched data/ and its date, for page
  footers; an empty DataVersion when there is no git history (a tarball).
* `load_history(repo_root)` — one Entry per commit that touched data/ (oldest → newest,
  first-parent line only, so merged pull requests read as one step each), with the
  changes computed by `generator.diff` between consecutive versions, each given what a
  sentence for the public needs (`in_context`: units, whole old and new targets, names of
  ids, the cited plan's title).
* `history_by_page(entries, portal)` — the same entries as data per page (plan and
  indicator pages, keyed by generator.pages.common.urls), each holding only that page's
  changes: ``Inputs.page_history``. The sentences are made by generator.pages.history_words,
  laid out by generator.pages.history_section, generator.pages.whats_new and generator.feed.

Snapshots are cached per git tree of data/ (in memory, and in `cache_dir` when given),
keyed also by the generator's code version (cache.code_version) so a changed loader never
serves stale data.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import diff, processes
from .cache import code_version
from .diff import Change, Entity, FieldChange, GitError, SideInvalid
from .pages.common import urls
from .portal import DataVersion, Portal

_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_EMPTY_TREE = "empty"


@dataclass(frozen=True)
class Entry:
    """One commit that touched data/, and what it changed."""

    commit: str
    short: str
    date: str  # committer date, YYYY-MM-DD
    timestamp: str  # committer date, ISO 8601 with offset (for feeds)
    subject: str  # untrusted: escape before use
    changes: tuple[Change, ...] = ()
    valid: bool = True  # False when the data at this commit did not load cleanly

    def changes_for(self, plan_id: str, indicator_id: str | None = None) -> list[Change]:
        """Changes that concern a plan (its indicators, observations, tasks…) or one indicator."""
        return [c for c in self.changes if c.plan == plan_id and (indicator_id is None or c.indicator == indicator_id)]


# ---------------------------------------------------------------------------- git


def _is_repo_root(repo_root: Path) -> bool:
    """True only if repo_root is itself the top of a git work tree (not inside another one)."""
    try:
        top = diff.git(repo_root, "rev-parse", "--show-toplevel").strip()
    except (GitError, OSError):
        return False
    return Path(top).resolve() == Path(repo_root).resolve()


def data_version(repo_root: Path, data_rel: str = "data") -> DataVersion:
    """The last commit that touched data/ and its date; empty when there is no git history."""
    repo_root = Path(repo_root)
    if not _is_repo_root(repo_root):
        return DataVersion()
    try:
        out = diff.git(repo_root, "log", "-1", "--format=%H%x1f%cs", "--", data_rel).strip()
    except (GitError, OSError):
        return DataVersion()
    commit, _, date = out.partition("\x1f")
    if not _HEX40.match(commit):
        return DataVersion()
    return DataVersion(commit=commit, date=date or None)


def _log(repo_root: Path, data_rel: str, limit: int) -> list[tuple[str, str, str]]:
    out = diff.git(
        repo_root, "log", "--first-parent", f"-n{int(limit)}", "--format=%H%x1f%cI%x1f%s%x1e", "--", data_rel
    )
    rows = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) == 3 and _HEX40.match(parts[0]):
            rows.append((parts[0], parts[1], parts[2]))
    rows.reverse()  # oldest first
    return rows


def _trees(repo_root: Path, revs: list[str], data_rel: str) -> list[str]:
    """The git tree id of data/ at each revision (one git call); "empty" where data/ is absent."""
    try:
        out = diff.git(repo_root, "rev-parse", *(f"{r}:{data_rel}" for r in revs)).split()
        if len(out) == len(revs):
            return out
    except GitError:
        pass  # some revision has no data/: ask one by one
    trees = []
    for r in revs:
        try:
            trees.append(diff.git(repo_root, "rev-parse", "--verify", "--quiet", f"{r}:{data_rel}").strip())
        except GitError:
            trees.append(_EMPTY_TREE)
    return trees


def _snapshot_or_none(
    repo_root: Path, commit: str, data_rel: str, parse_cache: Path | None = None
) -> dict[str, Entity] | None:
    try:
        return diff.snapshot_at(repo_root, commit, data_rel, parse_cache=parse_cache)
    except SideInvalid:
        return None


class _Snapshots:
    """Snapshots of data/ per git tree: memory, then disk cache, then git archive + load."""

    def __init__(self, repo_root: Path, data_rel: str, cache_dir: Path | None, parse_cache: Path | None = None):
        self.repo_root, self.data_rel, self.cache_dir = repo_root, data_rel, cache_dir
        self.parse_cache = parse_cache  # parsed files by content, shared by the versions (load's cache)
        self.memory: dict[str, dict[str, Entity] | None] = {}
        self.key = code_version()[:16]  # a snapshot cached by other code is not reused
        self._prune()

    def _prune(self) -> None:
        """Drop snapshots cached by other versions of the code (they are never read again)."""
        if not self.cache_dir or not self.cache_dir.is_dir():
            return
        for p in self.cache_dir.glob("*.json"):
            if not p.name.startswith(self.key + "-"):
                p.unlink(missing_ok=True)

    def get(self, commit: str, tree: str) -> dict[str, Entity] | None:
        """The flattened data at `commit` (whose data/ tree is `tree`); None if it does not load cleanly."""
        if tree == _EMPTY_TREE:
            return {}
        if tree in self.memory:
            return self.memory[tree]
        snap = self._read_cache(tree)
        if snap is False:
            snap = _snapshot_or_none(self.repo_root, commit, self.data_rel, self.parse_cache)
            self._write_cache(tree, snap)
        self.memory[tree] = snap
        return snap

    def prefetch(self, wanted: list[tuple[str, str]], workers: int) -> None:
        """Load, `workers` at a time, every (commit, tree) not in memory or the disk cache."""
        missing, seen = [], set()
        for commit, tree in wanted:
            if tree == _EMPTY_TREE or tree in self.memory or tree in seen:
                continue
            cached = self._read_cache(tree)
            if cached is False:
                missing.append((commit, tree))
                seen.add(tree)
            else:
                self.memory[tree] = cached
        if workers < 2 or len(missing) < 2:
            return  # get() loads them one by one
        commits = [c for c, _ in missing]
        try:  # forkserver, never fork (see generator.processes)
            with ProcessPoolExecutor(max_workers=min(workers, len(missing)), mp_context=processes.context()) as pool:
                snaps = list(
                    pool.map(
                        _snapshot_or_none,
                        [self.repo_root] * len(commits),
                        commits,
                        [self.data_rel] * len(commits),
                        [self.parse_cache] * len(commits),
                    )
                )
        except (BrokenProcessPool, OSError):
            return  # no worker processes here: get() loads them one by one
        for (_, tree), snap in zip(missing, snaps):
            self._write_cache(tree, snap)
            self.memory[tree] = snap

    def _path(self, tree: str) -> Path | None:
        return self.cache_dir / f"{self.key}-{tree}.json" if self.cache_dir else None

    def _read_cache(self, tree: str):
        path = self._path(tree)
        if path is None or not path.exists():
            return False
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return None if raw is None else {k: Entity.from_json(v) for k, v in raw.items()}
        except (ValueError, TypeError, OSError):
            return False  # a damaged cache file is recomputed

    def _write_cache(self, tree: str, snap) -> None:
        path = self._path(tree)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = None if snap is None else {k: e.to_json() for k, e in snap.items()}
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as fh:
                fh.write(json.dumps(data, ensure_ascii=False))  # dumps: the C encoder (dump's is Python's)
            Path(fh.name).replace(path)
        except OSError:
            pass  # caching is an optimisation only


def load_history(
    repo_root: Path,
    data_rel: str = "data",
    limit: int = 200,
    cache_dir: Path | None = None,
    workers: int = 2,
    parse_cache: Path | None = None,
) -> list[Entry]:
    """Commits that touched data/ (at most `limit`, oldest → newest) with what each changed.

    Versions not in `cache_dir` are loaded `workers` at a time (separate processes), their
    files parsed through `parse_cache` (load's cache by content) when given.

    Returns [] when repo_root has no git history. A commit whose data does not validate
    is listed with ``valid=False`` and no changes; the next valid commit is compared with
    the last valid version before it.
    """
    repo_root = Path(repo_root)
    if not _is_repo_root(repo_root):
        return []
    try:
        log = _log(repo_root, data_rel, limit)
    except (GitError, OSError):
        return []
    if not log:
        return []
    try:
        return _entries(repo_root, data_rel, log, cache_dir, workers, parse_cache)
    except (GitError, OSError):  # a damaged repository: the site is built without history
        return []


def _entries(
    repo_root: Path, data_rel: str, log: list, cache_dir: Path | None, workers: int, parse_cache: Path | None = None
) -> list[Entry]:
    snaps = _Snapshots(repo_root, data_rel, Path(cache_dir) if cache_dir else None, parse_cache)
    index = _ChangeIndex(snaps.cache_dir, snaps.key)
    first = log[0][0]
    parent = f"{first}^" if _has_parent(repo_root, first) else None
    revs = ([parent] if parent else []) + [c for c, _, _ in log]
    trees = dict(zip(revs, _trees(repo_root, revs, data_rel)))
    commit_of = {t: r for r, t in reversed(list(trees.items()))}  # a commit holding each tree

    # 1. Which versions validate (known from the index, else loaded).
    unknown = [(r, trees[r]) for r in revs if index.is_valid(trees[r]) is None]
    snaps.prefetch(unknown, workers)
    for r, t in unknown:
        index.set_valid(t, snaps.get(r, t) is not None)

    # 2. Each commit against the last valid version before it; load only what the index lacks.
    prev = trees[parent] if parent and index.is_valid(trees[parent]) else _EMPTY_TREE
    steps: list[tuple[str, str, str, str | None, str]] = []  # commit, time, subject, tree before (None: invalid), tree
    need: list[tuple[str, str]] = []
    for commit, timestamp, subject in log:
        tree = trees[commit]
        if not index.is_valid(tree):
            steps.append((commit, timestamp, subject, None, tree))
            continue
        steps.append((commit, timestamp, subject, prev, tree))
        if index.changes(prev, tree) is None:
            need += [(commit_of.get(prev, commit), prev), (commit, tree)]
        prev = tree
    snaps.prefetch(need, workers)

    entries = []
    for commit, timestamp, subject, before, tree in steps:
        if before is None:
            entries.append(Entry(commit, commit[:7], timestamp[:10], timestamp, subject, (), valid=False))
            continue
        changes = index.changes(before, tree)
        if changes is None:
            old = snaps.get(commit_of.get(before, commit), before) or {}
            new = snaps.get(commit, tree) or {}
            changes = in_context(diff.compare_snapshots(old, new), old, new)
            index.put_changes(before, tree, changes)
        entries.append(Entry(commit, commit[:7], timestamp[:10], timestamp, subject, changes))
    index.save()
    return entries


# ---------------------------------------------------------------------------- context


def in_context(changes: list[Change], old: Mapping[str, Entity], new: Mapping[str, Entity]) -> tuple[Change, ...]:
    """The changes, each with what a sentence for the public needs and the change lacks
    (``Change.context``, read by generator.pages.history_words):

    * ``unit``: [zh, en] of the indicator (observations and indicators);
    * ``target`` / ``baseline``: [old, new] as whole objects (None where absent), when any
      of their fields changed or the indicator was added;
    * ``names``: {id: [zh, en]} for department ids (a task's responsible units) and concept ids;
    * ``doc``: [zh, en] title of the plan whose source file a figure or report cites.
    """
    docs: dict[str, list[str]] = {}
    for snap in (old, new):
        for e in snap.values():
            if e.kind == "plan" and e.fields.get("source.file"):
                docs[str(e.fields["source.file"])] = [_text(e.fields, "title", "zh"), _text(e.fields, "title", "en")]
    return tuple(_with_context(c, old, new, docs) for c in changes)


def _with_context(c: Change, old: Mapping[str, Entity], new: Mapping[str, Entity], docs: dict) -> Change:
    ctx: dict = {}
    before, after = old.get(c.key), new.get(c.key)
    changed = {f.name.split(".")[0] for f in c.fields}
    if c.kind in ("observation", "indicator"):
        ind = new.get(f"indicator:{c.plan}:{c.indicator}") or old.get(f"indicator:{c.plan}:{c.indicator}")
        if ind is not None:
            ctx["unit"] = [_text(ind.fields, "unit", "zh"), _text(ind.fields, "unit", "en")]
    if c.kind == "indicator":
        for part in ("target", "baseline"):
            if part in changed or (c.action == "added" and part == "target"):
                ctx[part] = [_part(before, part) if c.action != "added" else None, _part(after, part)]
    if c.kind in ("observation", "task-report") and c.source:
        file = c.source.split(" · ")[0]
        if file in docs:
            ctx["doc"] = docs[file]
    names: dict[str, list[str]] = {}
    if "responsible" in changed:
        for f in c.fields:
            for dept in [*(f.old or []), *(f.new or [])] if f.name == "responsible" else []:
                e = new.get(f"department:{c.city}:{dept}") or old.get(f"department:{c.city}:{dept}")
                if e is not None:
                    names[dept] = [_text(e.fields, "name", "zh"), _text(e.fields, "name", "en")]
    if "concept" in changed:
        for f in c.fields:
            for cid in (f.old, f.new) if f.name == "concept" else ():
                e = new.get(f"concept:{cid}") or old.get(f"concept:{cid}")
                if e is not None:
                    names[str(cid)] = [_text(e.fields, "name", "zh"), _text(e.fields, "name", "en")]
    if names:
        ctx["names"] = names
    return dataclasses.replace(c, context=ctx) if ctx else c


def _text(fields: Mapping, name: str, lang: str) -> str:
    """A Text field of a flattened entity in one language (the other one, or "", if missing)."""
    other = "en" if lang == "zh" else "zh"
    return str(fields.get(f"{name}.{lang}") or fields.get(f"{name}.{other}") or "")


def _part(entity: Entity | None, name: str) -> dict | None:
    """A nested object (e.g. ``target``) of a flattened entity, keys relative to it; None if absent."""
    if entity is None:
        return None
    prefix = name + "."
    part = {k[len(prefix) :]: v for k, v in entity.fields.items() if k.startswith(prefix)}
    return part or None


class _ChangeIndex:
    """Which data trees validate and the changes between pairs of them: one small file, so a
    build whose history is already cached reads no snapshot at all."""

    def __init__(self, cache_dir: Path | None, key: str):
        self.path = cache_dir / f"{key}-index.json" if cache_dir else None
        self.valid: dict[str, bool] = {}
        self.pairs: dict[str, list] = {}
        self.dirty = False
        if self.path and self.path.exists():
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self.valid, self.pairs = dict(raw["valid"]), dict(raw["pairs"])
            except (ValueError, TypeError, KeyError, OSError):
                self.valid, self.pairs = {}, {}  # a damaged index is rebuilt

    def is_valid(self, tree: str) -> bool | None:
        return True if tree == _EMPTY_TREE else self.valid.get(tree)

    def set_valid(self, tree: str, valid: bool) -> None:
        self.valid[tree], self.dirty = valid, True

    def changes(self, a: str, b: str) -> tuple[Change, ...] | None:
        raw = self.pairs.get(f"{a}..{b}")
        if raw is None:
            return None
        try:
            return tuple(Change(**{**c, "fields": tuple(FieldChange(**f) for f in c["fields"])}) for c in raw)
        except (TypeError, KeyError):
            return None

    def put_changes(self, a: str, b: str, changes: tuple[Change, ...]) -> None:
        self.pairs[f"{a}..{b}"], self.dirty = [dataclasses.asdict(c) for c in changes], True

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False) as fh:
                fh.write(json.dumps({"valid": self.valid, "pairs": self.pairs}, ensure_ascii=False))
            Path(fh.name).replace(self.path)
        except OSError:
            pass  # caching is an optimisation only


def _has_parent(repo_root: Path, commit: str) -> bool:
    try:
        diff.git(repo_root, "rev-parse", "--verify", "--quiet", f"{commit}^")
        return True
    except GitError:
        return False


PageHistory = Mapping[str, tuple[Entry, ...]]  # page path → its entries


def history_by_page(entries: list[Entry] | tuple[Entry, ...], portal: Portal) -> dict[str, tuple[Entry, ...]]:
    """The history of every plan and indicator page, as data: page path (``urls.plan`` /
    ``urls.indicator``) → the entries that changed it, each with only those changes, after
    the oldest entry (kept, with its changes for the page, for "no changes since <date>").
    Empty when there is no history. ``history_section(result[page], lang, plan, indicator)``
    gives the same Markdown as ``history_section(entries, lang, plan, indicator)``.
    """
    if not entries:
        return {}
    # (plan, indicator) → changes; plan None: a change outside every plan (e.g. a concept)
    by_page: dict[tuple[str | None, str | None], list[tuple[Entry, list[Change]]]] = defaultdict(list)
    for e in entries:
        grouped: dict[tuple[str | None, str | None], list[Change]] = defaultdict(list)
        for c in e.changes:
            grouped[(c.plan, None)].append(c)
            if c.indicator is not None:
                grouped[(c.plan, c.indicator)].append(c)
        for key, changes in grouped.items():
            by_page[key].append((e, changes))
    first = entries[0]
    out: dict[str, tuple[Entry, ...]] = {}
    for _, pd in portal.plans():
        pages: list[tuple[str, tuple[str, str | None]]] = [(urls.plan(pd.plan.id), (pd.plan.id, None))]
        pages += [(urls.indicator(pd.plan.id, ind.id), (pd.plan.id, ind.id)) for ind in pd.indicators]
        for page, key in pages:
            rows = by_page.get(key, [])
            head = (
                ()
                if rows and rows[0][0] is first
                else (dataclasses.replace(first, changes=tuple(first.changes_for(*key))),)
            )
            out[page] = head + tuple(dataclasses.replace(e, changes=tuple(ch)) for e, ch in rows)
    return out


# ---------------------------------------------------------------------------- links


def commit_url_for(repo_url: str | None) -> str | None:
    """`https://github.com/o/r` → `https://github.com/o/r/commit/` (None unless https)."""
    if not repo_url or not re.match(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/?$", repo_url):
        return None
    return repo_url.rstrip("/") + "/commit/"
