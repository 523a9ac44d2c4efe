"""The history of data/ from git: which version a build shows, and what changed when.

* `data_version(repo_root)` — the last commit that touched data/ and its date, for page
  footers; an empty DataVersion when there is no git history (a tarball).
* `load_history(repo_root)` — one Entry per commit that touched data/ (oldest → newest,
  first-parent line only, so merged pull requests read as one step each), with the
  changes computed by `generator.diff` between consecutive versions.
* `history_by_page(entries, portal)` — the same entries as data per page (plan and
  indicator pages, keyed by generator.pages.common.urls), each holding only that page's
  changes: ``Inputs.page_history``.
* Pure renderers: `history_section` (a plan or indicator page) and `whats_new_page`. Every
  string from data or from commit messages is untrusted: it is HTML-escaped inside raw HTML
  blocks, so it can never become markup, a link or a script.

Snapshots are cached per git tree of data/ (in memory, and in `cache_dir` when given),
keyed also by the generator's code version (cache.code_version) so a changed loader never
serves stale data.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from . import diff, processes
from .cache import code_version
from .diff import Change, Entity, FieldChange, GitError, SideInvalid
from .pages.common import urls
from .portal import DataVersion, Portal

_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_EMPTY_TREE = "empty"
MAX_CHANGES_PER_ENTRY = 30  # on a page; the rest is counted ("and 12 more")

WORDS = {
    "zh": {
        "history": "修订历史",
        "unavailable": "修订历史不可用：此版本的数据没有 git 历史。",
        "none_since": "自 {date} 以来，这里的数据没有记录到修改。",
        "invalid": "此次提交中的数据未通过校验，未列出变更。",
        "more": "……另有 {n} 项修改",
        "commit": "提交",
        "whats_new": "最近更新",
        "whats_new_intro": "data/ 文件夹的每一次修改，最新的在前。每项修改都列出所涉及的规划、指标或任务。",
        "feed": "订阅（Atom）",
        "no_changes": "没有数据修改。",
    },
    "en": {
        "history": "Revision history",
        "unavailable": "Revision history unavailable: this copy of the data has no git history.",
        "none_since": "No changes to this data recorded since {date}.",
        "invalid": "The data did not validate at this commit; no changes are listed.",
        "more": "… and {n} more changes",
        "commit": "commit",
        "whats_new": "What's new",
        "whats_new_intro": "Every change to the data folder, newest first, with the plans, indicators and tasks it concerns.",
        "feed": "Subscribe (Atom feed)",
        "no_changes": "No changes to the data.",
    },
}


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
        return [
            c for c in self.changes
            if c.plan == plan_id and (indicator_id is None or c.indicator == indicator_id)
        ]


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


def _snapshot_or_none(repo_root: Path, commit: str, data_rel: str) -> dict[str, Entity] | None:
    try:
        return diff.snapshot_at(repo_root, commit, data_rel)
    except SideInvalid:
        return None


class _Snapshots:
    """Snapshots of data/ per git tree: memory, then disk cache, then git archive + load."""

    def __init__(self, repo_root: Path, data_rel: str, cache_dir: Path | None):
        self.repo_root, self.data_rel, self.cache_dir = repo_root, data_rel, cache_dir
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
            snap = _snapshot_or_none(self.repo_root, commit, self.data_rel)
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
                snaps = list(pool.map(_snapshot_or_none, [self.repo_root] * len(commits), commits,
                                      [self.data_rel] * len(commits)))
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
                json.dump(data, fh, ensure_ascii=False)
            Path(fh.name).replace(path)
        except OSError:
            pass  # caching is an optimisation only


def load_history(
    repo_root: Path, data_rel: str = "data", limit: int = 200, cache_dir: Path | None = None, workers: int = 2
) -> list[Entry]:
    """Commits that touched data/ (at most `limit`, oldest → newest) with what each changed.

    Versions not in `cache_dir` are loaded `workers` at a time (separate processes).

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
        return _entries(repo_root, data_rel, log, cache_dir, workers)
    except (GitError, OSError):  # a damaged repository: the site is built without history
        return []


def _entries(repo_root: Path, data_rel: str, log: list, cache_dir: Path | None, workers: int) -> list[Entry]:
    snaps = _Snapshots(repo_root, data_rel, Path(cache_dir) if cache_dir else None)
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
    steps, need = [], []
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
            changes = tuple(diff.compare_snapshots(old, snaps.get(commit, tree) or {}))
            index.put_changes(before, tree, changes)
        entries.append(Entry(commit, commit[:7], timestamp[:10], timestamp, subject, changes))
    index.save()
    return entries


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
                json.dump({"valid": self.valid, "pairs": self.pairs}, fh, ensure_ascii=False)
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
    by_page: dict[tuple[str, str | None], list[tuple[Entry, list[Change]]]] = defaultdict(list)
    for e in entries:
        grouped: dict[tuple[str, str | None], list[Change]] = defaultdict(list)
        for c in e.changes:
            grouped[(c.plan, None)].append(c)
            if c.indicator is not None:
                grouped[(c.plan, c.indicator)].append(c)
        for key, changes in grouped.items():
            by_page[key].append((e, changes))
    first = entries[0]
    out: dict[str, tuple[Entry, ...]] = {}
    for _, pd in portal.plans():
        pages = [(urls.plan(pd.plan.id), (pd.plan.id, None))]
        pages += [(urls.indicator(pd.plan.id, ind.id), (pd.plan.id, ind.id)) for ind in pd.indicators]
        for page, key in pages:
            rows = by_page.get(key, [])
            head = () if rows and rows[0][0] is first else (dataclasses.replace(
                first, changes=tuple(first.changes_for(*key))),)
            out[page] = head + tuple(dataclasses.replace(e, changes=tuple(ch)) for e, ch in rows)
    return out


# ---------------------------------------------------------------------------- render


def commit_url_for(repo_url: str | None) -> str | None:
    """`https://github.com/o/r` → `https://github.com/o/r/commit/` (None unless https)."""
    if not repo_url or not re.match(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/?$", repo_url):
        return None
    return repo_url.rstrip("/") + "/commit/"


def _anchor(anchor: str | None, search: bool = True) -> str:
    """An attr_list id for a heading (the site enables attr_list), only from a fixed slug;
    ``search=False`` keeps the section out of the search index."""
    exclude = " data-search-exclude" if not search else ""
    if anchor and re.match(r"^[a-z][a-z0-9-]*$", anchor):
        return f" {{ #{anchor}{exclude} }}"
    return f" {{ {exclude.strip()} }}" if exclude else ""


def _e(value: object) -> str:
    return html.escape(diff.clean_text("" if value is None else value), quote=True)


def _commit_link(entry: Entry, commit_url: str | None, lang: str) -> str:
    code = f"<code>{_e(entry.short)}</code>"
    base = _safe_commit_base(commit_url)
    if base and _HEX40.match(entry.commit):
        return f'<a href="{_e(base + entry.commit)}" title="{_e(WORDS[lang]["commit"])}">{code}</a>'
    return code


def _safe_commit_base(commit_url: str | None) -> str | None:
    """Accept a commit URL base only if it is a plain https URL (it is put in an href)."""
    if commit_url and re.match(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/$", commit_url):
        return commit_url
    return None


def _changes_html(changes: list[Change], lang: str, limit: int = MAX_CHANGES_PER_ENTRY) -> str:
    items = [f"<li>{_e(c.text(lang))}</li>" for c in changes[:limit]]
    if len(changes) > limit:
        items.append(f"<li>{_e(WORDS[lang]['more'].format(n=len(changes) - limit))}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def _entry_html(
    entry: Entry, changes: list[Change], lang: str, commit_url: str | None, limit: int, anchor: bool = False
) -> str:
    li = f'<li id="commit-{entry.commit}">' if anchor and _HEX40.match(entry.commit) else "<li>"
    head = (f'<time datetime="{_e(entry.date)}">{_e(entry.date)}</time> · '
            f"{_commit_link(entry, commit_url, lang)} · <span class=\"history-subject\">{_e(entry.subject)}</span>")
    if not entry.valid:
        return f"{li}{head}<p>{_e(WORDS[lang]['invalid'])}</p></li>"
    if not changes:
        return f"{li}{head}<p>{_e(WORDS[lang]['no_changes'])}</p></li>"
    return f"{li}{head}{_changes_html(changes, lang, limit)}</li>"


def history_section(
    entries: list[Entry] | None,
    lang: str,
    plan_id: str,
    indicator_id: str | None = None,
    commit_url: str | None = None,
    level: int = 2,
    anchor: str = "history",
) -> str:
    """Markdown for the revision history of a plan page (or, with indicator_id, an indicator page).

    Newest first: date, commit (linked when `commit_url`, e.g. ``https://github.com/o/r/commit/``,
    is given), the commit subject and what changed. Says so when history is unavailable.
    """
    w = WORDS[lang]
    # A page's own history stays out of search: the same words on every page would crowd the
    # results (the What's new page, which is indexed, lists every change).
    heading = f"{'#' * level} {w['history']}{_anchor(anchor, search=False)}\n\n"
    if not entries:
        return heading + f'<p class="history-unavailable">{_e(w["unavailable"])}</p>\n'
    rows = [(e, e.changes_for(plan_id, indicator_id)) for e in entries]
    rows = [(e, ch) for e, ch in rows if ch]
    if not rows:
        return heading + f"<p>{_e(w['none_since'].format(date=entries[0].date))}</p>\n"
    items = "".join(_entry_html(e, ch, lang, commit_url, MAX_CHANGES_PER_ENTRY) for e, ch in reversed(rows))
    return heading + f'<ul class="history">{items}</ul>\n'


def whats_new_page(
    entries: list[Entry] | None,
    lang: str,
    commit_url: str | None = None,
    feed_href: str | None = "feed.xml",
    anchor: str = "title",
) -> str:
    """Markdown body of the What's new page: every commit to data/, newest first.

    `feed_href` is the link to the Atom feed, relative to the page (None: no link).
    """
    w = WORDS[lang]
    out = f"# {w['whats_new']}{_anchor(anchor)}\n\n<p>{_e(w['whats_new_intro'])}</p>\n\n"
    if feed_href and re.match(r"^[A-Za-z0-9._/-]+$", feed_href):
        out += f'<p><a href="{_e(feed_href)}" type="application/atom+xml">{_e(w["feed"])}</a></p>\n\n'
    if not entries:
        return out + f'<p class="history-unavailable">{_e(w["unavailable"])}</p>\n'
    items = "".join(_entry_html(e, list(e.changes), lang, commit_url, limit=200, anchor=True) for e in reversed(entries))
    return out + f'<ul class="history whats-new">{items}</ul>\n'
