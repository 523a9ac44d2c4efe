"""Incremental generator stage: content-hash keys, the kept Markdown tree, stale caches.

MkDocs is replaced by a copy of the Markdown tree (what is tested here is everything the
build does before and around MkDocs); a "cold" build into a fresh cache is the reference
every warm rebuild must equal byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest

from generator import cache
from generator.compute import compute, load_or_raise
from generator.docs_tree import DocsLock, DocsTree
from generator.mkdocs_config import read_base
from generator.models import Text
from generator.pipeline import BuildSettings, build_site, unit_key, write_units

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"

pytestmark = pytest.mark.slow


def copy_docs(cfg: dict, config_file: Path) -> None:
    """Stands in for MkDocs: the site is the Markdown tree as it is."""
    shutil.copytree(cfg["docs_dir"], cfg["site_dir"], dirs_exist_ok=True)


@pytest.fixture(scope="module")
def charts(tmp_path_factory) -> Path:
    """The minimal site's chart SVGs, rendered once for the module (they are cached by spec)."""
    root = tmp_path_factory.mktemp("charts")
    shutil.copytree(MINIMAL, root / "data")
    build(root, root / "site")
    return root / "cache" / "charts"


@pytest.fixture
def env(tmp_path, charts):
    """A copy of the minimal data and a cache folder of its own (with the charts already rendered)."""
    shutil.copytree(MINIMAL, tmp_path / "data")
    shutil.copytree(charts, tmp_path / "cache" / "charts", copy_function=os.link)
    return tmp_path


def build(env: Path, out: Path):
    """The build with MkDocs stubbed out; what each language's render stage did."""
    return build_site(BuildSettings(data_dir=env / "data", out_dir=out, cache_dir=env / "cache"), mkdocs=copy_docs)


def docs_root(env: Path) -> Path:
    [root] = [d for d in (env / "cache" / "docs").iterdir() if d.is_dir()]
    return root


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stats(root: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(root).as_posix(): p.stat() for p in root.rglob("*") if p.is_file()}


def cold(env: Path, name: str) -> dict[str, bytes]:
    """The site built from scratch into a fresh output folder, so with a fresh Markdown tree.

    The SVG cache is shared: vl-convert numbers clip paths in the order it renders charts
    within a process, so SVGs from a fresh chart cache may differ in those ids only.
    """
    build(env, env / f"cold-{name}")
    return files(env / f"cold-{name}")


def change_first_observation(data: Path) -> str:
    obs = next(data.rglob("observations.csv"))
    lines = obs.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    first[2] = str(float(first[2]) + 1000)
    obs.write_text("\n".join([header, ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    return first[0]


def test_changed_observation_rerenders_its_plan_only_and_equals_a_cold_build(env):
    out = env / "site"
    build(env, out)
    docs = docs_root(env) / "zh"
    before, before_bytes = stats(docs), files(docs)
    indicator = change_first_observation(env / "data")
    build(env, out)
    after, after_bytes = stats(docs), files(docs)
    changed = {p for p in after if before_bytes.get(p) != after_bytes[p]}
    assert any(f"indicators/{indicator}/" in p for p in changed), changed
    # files whose bytes did not change were not written again
    assert all(
        after[p].st_mtime_ns == before[p].st_mtime_ns and after[p].st_ino == before[p].st_ino
        for p in after
        if p not in changed and p in before
    )
    assert files(out) == cold(env, "a")


def test_unchanged_rebuild_renders_and_writes_nothing(env):
    out = env / "site"
    first = build(env, out)
    assert all(r.rendered and not r.kept for r in first.values())
    docs = docs_root(env)
    before = stats(docs)
    again = build(env, out)
    assert {lang: (r.rendered, r.kept) for lang, r in again.items()} == {
        lang: ((), len(r.rendered)) for lang, r in first.items()
    }
    assert {p: s.st_mtime_ns for p, s in stats(docs).items() if not p.startswith("manifest")} == {
        p: s.st_mtime_ns for p, s in before.items() if not p.startswith("manifest")
    }


def test_corrupt_manifest_is_ignored(env):
    out = env / "site"
    build(env, out)
    root = docs_root(env)
    page = next((root / "zh").rglob("indicators/*/index.md"))
    original = page.read_bytes()
    for m in root.glob("manifest.*.json"):
        m.write_text("{not json", encoding="utf-8")
    # a stale page whose size and mtime no manifest can vouch for any more
    page.write_bytes(original.replace(b"title:", b"title: STALE", 1))
    change_first_observation(env / "data")
    build(env, out)
    assert b"STALE" not in page.read_bytes()
    assert files(out) == cold(env, "b")


@pytest.mark.parametrize("field, value", [("code", "another version of the generator"), ("format", 0)])
def test_manifest_of_other_code_version_or_format_is_ignored(env, field, value):
    out = env / "site"
    build(env, out)
    root = docs_root(env)
    manifest = json.loads((root / "manifest.zh.json").read_text(encoding="utf-8"))
    assert manifest["code"] == cache.code_version()
    (root / "manifest.zh.json").write_text(json.dumps({**manifest, field: value}), encoding="utf-8")
    before = stats(root / "zh")
    reports = build(env, out)
    # the old manifest is not trusted at all: every unit rendered and every file written again
    assert reports["zh"].kept == 0 and reports["en"].kept == len(reports["zh"].rendered) > 10
    after = stats(root / "zh")
    assert after.keys() == before.keys()
    assert all(after[p].st_mtime_ns != before[p].st_mtime_ns for p in after)


def test_tampered_and_stray_files_in_the_kept_tree_are_repaired(env):
    out = env / "site"
    build(env, out)
    zh = docs_root(env) / "zh"
    page = next(zh.rglob("indicators/*/index.md"))
    original = page.read_bytes()
    page.write_bytes(original + b"\n<script>tampered</script>\n")
    (zh / "stray.md").write_text("# not generated\n", encoding="utf-8")
    (zh / "link.md").symlink_to(page)
    build(env, out)
    assert page.read_bytes() == original
    assert not (zh / "stray.md").exists() and not (zh / "link.md").is_symlink()
    assert not (out / "stray.md").exists()
    assert files(out) == cold(env, "c")


def test_docs_tree_writes_changed_files_only_and_drops_what_is_no_longer_made(tmp_path):
    root, manifest = tmp_path / "zh", tmp_path / "manifest.zh.json"
    t = DocsTree(root, manifest)
    t.write("a/index.md", "A")
    t.write("b/index.md", "B")
    t.record("unit", "k1", ["a/index.md", "b/index.md"])
    t.finish()
    a_stat = (root / "a" / "index.md").stat()
    t = DocsTree(root, manifest)
    assert t.fresh("unit", "k1") and not t.fresh("unit", "k2") and not t.fresh("other", "k1")
    assert not manifest.exists()  # while a build works on the tree, no manifest to trust
    t.write("a/index.md", "A")
    t.record("unit", "k2", ["a/index.md"])
    t.finish()
    assert t.written == 0 and (root / "a" / "index.md").stat().st_mtime_ns == a_stat.st_mtime_ns
    assert not (root / "b").exists()
    t = DocsTree(root, manifest)
    assert t.fresh("unit", "k2")
    t.keep("unit")
    t.finish()
    (root / "a" / "index.md").write_text("edited", encoding="utf-8")  # size and mtime change
    t = DocsTree(root, manifest)
    assert not t.fresh("unit", "k2")


def test_a_second_build_of_the_same_folder_builds_without_the_kept_tree(env):
    """While one build holds the kept tree of an output folder, another uses a fresh one."""
    out = env / "site"
    with DocsLock(env / "cache" / "docs", out) as first:
        assert first.root is not None
        with DocsLock(env / "cache" / "docs", out) as second:
            assert second.root is None
        build(env, out)
    assert files(out) == cold(env, "e")


@dataclasses.dataclass(frozen=True)
class _Entry:
    commit: str
    paths: tuple


def test_digest_is_by_content():
    a, b = Text(zh="甲", en="A"), Text(zh="甲", en="A")
    assert a is not b and cache.digest(a) == cache.digest(b)
    assert cache.digest(a) != cache.digest(Text(zh="甲", en="B"))
    assert cache.digest(["ab", "c"]) != cache.digest(["a", "bc"])
    assert cache.digest({"x": 1, "y": 2}) == cache.digest({"y": 2, "x": 1})
    assert cache.digest(1) != cache.digest("1") != cache.digest(1.0)
    assert cache.digest(_Entry("abc", ("p",))) != cache.digest(_Entry("abd", ("p",)))
    with pytest.raises(TypeError):
        cache.digest(object())


def _inputs(data: Path):
    s = BuildSettings(data_dir=data, out_dir=data.parent / "site", cache_dir=data.parent / "cache")
    inputs, _, _ = compute(load_or_raise(s), s, read_base())
    return inputs


def test_a_units_key_covers_its_context_and_nothing_else(env):
    """Change the history of one plan page: that plan's key changes (and the pages that read the
    whole portal); the other units keep theirs, concept and reference pages included."""
    from generator.history import Entry
    from generator.pages import site_units
    from generator.pages.common import urls

    inputs = _inputs(env / "data")
    plan_id = inputs.portal.plans()[0][1].plan.id
    entry = Entry("a" * 40, "aaaaaaa", "2026-01-01", "2026-01-01T00:00:00+00:00", "edit")
    changed = dataclasses.replace(inputs, page_history={**(inputs.page_history or {}), urls.plan(plan_id): (entry,)})

    def keys(i):
        return {u.name: unit_key(cache.Digester(), u) for u in site_units(i, "zh")}

    before, after = keys(inputs), keys(changed)
    assert before.keys() == after.keys() and len(before) > 10
    assert {n for n in before if before[n] != after[n]} == {f"plan/{plan_id}"} | {
        n
        for n in before
        if n in ("home", "cities", "plans", "concepts", "departments", "methodology", "about", "downloads", "whats-new")
    }
    # the same inputs, digested again (another Digester, equal but not identical objects): the same keys
    assert keys(_inputs(env / "data")) == before


# ------------------------------------------------------------------------------ parsed-file cache


def _fixture_dirs() -> list[Path]:
    return [
        MINIMAL,
        TESTS / "fixtures" / "hostile",
        *sorted(p for p in (TESTS / "fixtures" / "invalid").iterdir() if p.is_dir())[:6],
    ]


@pytest.mark.parametrize("data", _fixture_dirs(), ids=lambda p: p.name)
def test_load_with_the_parse_cache_equals_load_without(data, tmp_path):
    from generator.load import load

    plain = load(data)
    cold = load(data, cache_dir=tmp_path)
    warm = load(data, cache_dir=tmp_path)
    assert plain.portal == cold.portal == warm.portal
    assert plain.problems == cold.problems == warm.problems


def test_parse_cache_follows_the_file_and_ignores_corrupt_entries(env):
    from generator.load import load

    data, folder = env / "data", env / "parsed"
    load(data, cache_dir=folder)
    entries = sorted(folder.rglob("*.pickle"))
    assert entries
    for e in entries:
        e.write_bytes(b"not a pickle")
    assert load(data, cache_dir=folder).portal == load(data).portal
    change_first_observation(data)
    changed = load(data, cache_dir=folder)
    assert changed.portal == load(data).portal
    values = [o.value for _, pd in changed.portal.plans() for o in pd.observations]
    assert any(v >= 1000 for v in values)


# ------------------------------------------------------------------------------ unit contexts


def test_units_cut_down_to_their_city_or_plan_render_the_same(tmp_path):
    """Each city and plan unit renders the same from its cut-down inputs as from the whole.

    If a renderer starts reading other plans, other cities or other downloads, this fails:
    give its context what it reads in generator/pages/__init__.py (its key then covers it).
    """
    from generator import synth
    from generator.pages import site_units

    data = tmp_path / "data"
    synth.write(data, 2, 1)
    inputs = _inputs(data)
    checked = 0
    for lang in ("zh", "en"):
        for unit, whole in zip(site_units(inputs, lang), site_units(inputs, lang, cut=False)):
            assert unit.name == whole.name
            if getattr(unit.context, "inputs", inputs) is not inputs:  # a document's page reads no inputs
                assert unit.pages() == whole.pages(), unit.name
                checked += 1
    assert checked > 10


@pytest.mark.slow
def test_concept_and_reference_units_cut_down_render_the_same_on_the_real_data(tmp_path):
    """The real data links indicators with values from web pages to concepts (the synthetic
    data does not): a concept page must get those values and their sources."""
    from generator import paths
    from generator.pages import site_units

    s = BuildSettings(data_dir=paths.DATA, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache")
    inputs, _, _ = compute(load_or_raise(s), s, read_base())
    checked = 0
    for lang in ("zh", "en"):
        for unit, whole in zip(site_units(inputs, lang), site_units(inputs, lang, cut=False)):
            if unit.name.startswith(("concept/", "reference/")):
                assert unit.context.inputs is not inputs
                assert unit.pages() == whole.pages(), unit.name
                checked += 1
    assert checked > 100


class _RecordingTree:
    """Stands in for a DocsTree: records writes; nothing is fresh."""

    def __init__(self, root: Path, events: list):
        self.root, self.events = root, events

    def fresh(self, unit, key):
        return False

    def write(self, rel, data):
        pass

    def record(self, unit, key, files):
        self.events.append(("write", unit))


@dataclasses.dataclass(frozen=True)
class _Recorded:
    name: str
    lang: str
    events: list


def _render_recorded(context: _Recorded) -> list:
    context.events.append(("render", context.name))
    return []


def test_each_unit_is_written_before_the_next_is_rendered(tmp_path):
    """A language holds one unit's pages at a time, not the whole site's (memory at 300 cities)."""
    from generator.pages import Unit

    events: list[tuple[str, str]] = []

    class Units:  # the contexts share the events list; write_units only digests them
        def __iter__(self):
            for name in ("a", "b", "c"):
                yield Unit(name, _render_recorded, _Recorded(name, "zh", events))

    write_units(Units(), _RecordingTree(tmp_path / "zh", events), "zh", tmp_path / "charts")
    assert events == [(kind, name) for name in ("a", "b", "c") for kind in ("render", "write")]
