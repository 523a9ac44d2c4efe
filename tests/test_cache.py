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

from generator import build, cache
from generator.models import Text

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A copy of the minimal data, a cache folder of its own, MkDocs stubbed out."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    monkeypatch.setattr(build, "CHART_CACHE", tmp_path / "cache" / "charts")
    monkeypatch.setattr(build, "run_mkdocs",
                        lambda cfg, _file: shutil.copytree(cfg["docs_dir"], cfg["site_dir"], dirs_exist_ok=True))
    return tmp_path


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
    build.build_site(env / "data", env / f"cold-{name}")
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
    build.build_site(env / "data", out)
    docs = docs_root(env) / "zh"
    before, before_bytes = stats(docs), files(docs)
    indicator = change_first_observation(env / "data")
    build.build_site(env / "data", out)
    after, after_bytes = stats(docs), files(docs)
    changed = {p for p in after if before_bytes.get(p) != after_bytes[p]}
    assert any(f"indicators/{indicator}/" in p for p in changed), changed
    # files whose bytes did not change were not written again
    assert all(after[p].st_mtime_ns == before[p].st_mtime_ns and after[p].st_ino == before[p].st_ino
               for p in after if p not in changed and p in before)
    assert files(out) == cold(env, "a")


def test_unchanged_rebuild_writes_nothing_and_renders_only_whole_portal_pages(env, monkeypatch):
    out = env / "site"
    build.build_site(env / "data", out)
    rendered: list[str] = []
    real = build._render_units
    monkeypatch.setattr(build, "_render_units",
                        lambda inputs, lang, names: rendered.extend(sorted(names or ["<all>"])) or real(inputs, lang, names))
    monkeypatch.setattr(build.os, "cpu_count", lambda: 1)  # render in this process, so the spy sees it
    docs = docs_root(env)
    before = stats(docs)
    build.build_site(env / "data", out)
    assert rendered and not any(n.startswith(("plan/", "city/", "departments/")) for n in rendered), rendered
    assert {p: s.st_mtime_ns for p, s in stats(docs).items() if not p.startswith("manifest")} == \
        {p: s.st_mtime_ns for p, s in before.items() if not p.startswith("manifest")}


def test_corrupt_manifest_is_ignored(env):
    out = env / "site"
    build.build_site(env / "data", out)
    root = docs_root(env)
    page = next((root / "zh").rglob("indicators/*/index.md"))
    original = page.read_bytes()
    for m in root.glob("manifest.*.json"):
        m.write_text("{not json", encoding="utf-8")
    # a stale page whose size and mtime no manifest can vouch for any more
    page.write_bytes(original.replace(b"title:", b"title: STALE", 1))
    change_first_observation(env / "data")
    build.build_site(env / "data", out)
    assert b"STALE" not in page.read_bytes()
    assert files(out) == cold(env, "b")


def test_manifest_of_other_code_version_or_format_is_ignored(env, monkeypatch):
    out = env / "site"
    build.build_site(env / "data", out)
    root = docs_root(env)
    manifest = json.loads((root / "manifest.zh.json").read_text(encoding="utf-8"))
    assert manifest["code"] == cache.code_version()
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the generator")
    monkeypatch.setattr(build, "code_version", cache.code_version)
    before = stats(root / "zh")
    build.build_site(env / "data", out)
    after = stats(root / "zh")
    # the old manifest is not trusted at all: every unit rendered and every file written again
    new = json.loads((root / "manifest.zh.json").read_text(encoding="utf-8"))
    assert new["code"] == "another version of the generator"
    old_keys = {k: v["key"] for k, v in manifest["units"].items()}
    assert old_keys and all(new["units"][k]["key"] != key for k, key in old_keys.items())
    assert after.keys() == before.keys()
    assert all(after[p].st_mtime_ns != before[p].st_mtime_ns for p in after)


def test_tampered_and_stray_files_in_the_kept_tree_are_repaired(env):
    out = env / "site"
    build.build_site(env / "data", out)
    zh = docs_root(env) / "zh"
    page = next(zh.rglob("indicators/*/index.md"))
    original = page.read_bytes()
    page.write_bytes(original + b"\n<script>tampered</script>\n")
    (zh / "stray.md").write_text("# not generated\n", encoding="utf-8")
    (zh / "link.md").symlink_to(page)
    build.build_site(env / "data", out)
    assert page.read_bytes() == original
    assert not (zh / "stray.md").exists() and not (zh / "link.md").is_symlink()
    assert not (out / "stray.md").exists()
    assert files(out) == cold(env, "c")


def test_docs_tree_writes_changed_files_only_and_drops_what_is_no_longer_made(tmp_path):
    root, manifest = tmp_path / "zh", tmp_path / "manifest.zh.json"
    t = cache.DocsTree(root, manifest)
    t.write("a/index.md", "A")
    t.write("b/index.md", "B")
    t.record("unit", "k1", ["a/index.md", "b/index.md"])
    t.finish()
    a_stat = (root / "a" / "index.md").stat()
    t = cache.DocsTree(root, manifest)
    assert t.fresh("unit", "k1") and not t.fresh("unit", "k2") and not t.fresh("other", "k1")
    assert not manifest.exists()  # while a build works on the tree, no manifest to trust
    t.write("a/index.md", "A")
    t.record("unit", "k2", ["a/index.md"])
    t.finish()
    assert t.written == 0 and (root / "a" / "index.md").stat().st_mtime_ns == a_stat.st_mtime_ns
    assert not (root / "b").exists()
    t = cache.DocsTree(root, manifest)
    assert t.fresh("unit", "k2")
    t.keep("unit")
    t.finish()
    (root / "a" / "index.md").write_text("edited", encoding="utf-8")  # size and mtime change
    t = cache.DocsTree(root, manifest)
    assert not t.fresh("unit", "k2")


def test_a_second_build_of_the_same_folder_builds_without_the_kept_tree(env):
    """While one build holds the kept tree of an output folder, another uses a fresh one."""
    out = env / "site"
    with cache.DocsLock(env / "cache", out) as first:
        assert first.root is not None
        with cache.DocsLock(env / "cache", out) as second:
            assert second.root is None
        build.build_site(env / "data", out)
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


def test_history_entries_are_part_of_every_cached_unit_key(env):
    from generator.load import load

    portal = load(env / "data").portal
    inputs = build.make_inputs(portal, env / "data", build.DataVersion(), {}, 2025, [], [], {})
    one = build.unit_keys(inputs, [_Entry("abc", ("x",))])
    two = build.unit_keys(inputs, [_Entry("abd", ("x",))])
    cached = [n for n, k in one["zh"].items() if k is not None]
    assert cached and all(one["zh"][n] != two["zh"][n] for n in cached)
    assert one["zh"]["home"] is None  # whole-portal pages are always rendered


# ------------------------------------------------------------------------------ parsed-file cache


def _fixture_dirs() -> list[Path]:
    return [MINIMAL, TESTS / "fixtures" / "hostile", *sorted(p for p in (TESTS / "fixtures" / "invalid").iterdir() if p.is_dir())[:6]]


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


# ------------------------------------------------------------------------------ declared deps


def test_cached_units_read_nothing_but_their_declared_deps(tmp_path):
    """Each cached unit renders the same from a portal cut down to what its deps declare.

    If a renderer starts reading other plans, other cities or other downloads, this fails:
    add what it reads to the unit's deps in generator/pages/__init__.py (else a rebuild
    would keep a stale page).
    """
    from generator import synth
    from generator.load import load
    from generator.pages import site_units
    from generator.pages.downloads_page import plan_files
    from generator.portal import CityData, Portal

    data = tmp_path / "data"
    synth.write(data, 2, 1)
    portal = load(data).portal
    assessments = build.assess_all(portal, 2025)
    files = build.write_downloads(portal, assessments, tmp_path / "stage", build.DataVersion())
    inputs = build.make_inputs(portal, data, build.DataVersion(), assessments, 2025, files, [], {})
    checked = 0
    for lang in ("zh", "en"):
        for unit in site_units(inputs, lang):
            if unit.deps is None:
                continue
            kind, ident = unit.name.split("/", 1)
            if kind == "plan":
                c, p = portal.plan(ident)
                cut = CityData(city=c.city, departments=c.departments, plans=[p])
                downloads = plan_files(files, ident)
                plans = [p]
            else:
                [c] = [c for c in portal.cities if c.city.id == ident]
                cut, downloads, plans = c, [], c.plans
            narrow = dataclasses.replace(
                inputs,
                portal=Portal(cities=[cut], concepts=portal.concepts, reference=portal.reference, glossary=[]),
                downloads=list(downloads),
                assessments={k: v for k, v in assessments.items() if k[0] in {q.plan.id for q in plans}},
            )
            [twin] = [u for u in site_units(narrow, lang) if u.name == unit.name]
            assert twin.render() == unit.render(), unit.name
            checked += 1
    assert checked > 10


def test_each_unit_is_written_before_the_next_is_rendered(env, monkeypatch):
    """A language holds one unit's pages at a time, not the whole site's (memory at 300 cities)."""
    events: list[tuple[str, str]] = []
    real_render, real_write = build._render_units, build.write_unit

    def render(inputs, lang, names):
        for name, pages in real_render(inputs, lang, names):
            events.append(("render", name))
            yield name, pages

    monkeypatch.setattr(build, "_render_units", render)
    monkeypatch.setattr(build, "write_unit",
                        lambda tree, r, svgs: events.append(("write", r.unit)) or real_write(tree, r, svgs))
    monkeypatch.setattr(build.os, "cpu_count", lambda: 1)  # in this process, so the spies see it
    build.build_site(env / "data", env / "site")
    assert len(events) > 4
    rendered = [name for kind, name in events if kind == "render"]
    assert events == [e for name in rendered for e in (("render", name), ("write", name))]
