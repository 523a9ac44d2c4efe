"""The checks declare the codes they emit (frictionless's `Errors = [...]`), only yield, and keep no state.

* every code in the catalogue is declared by exactly the modules that emit it, and nothing else;
* a check that yields a code its module did not declare fails the run (`UndeclaredCode`);
* a check's verdict that an item stays out of the portal is a `Reject` event, and the tree the
  checks read is the same after they ran (running them twice gives the same findings).
"""

from __future__ import annotations

import ast
import inspect
import types
from pathlib import Path

import pytest
from test_validate import FIXTURES, INVALID, MINIMAL, overlay

from generator import checks, codes, load, model_errors, read
from generator.checks import Reject, UndeclaredCode, run_all, targets
from generator.locations import dotted
from generator.suggest import closest

# Every module that turns a defect into a problem, with the codes it declares.
EMITTERS = [read, load, model_errors, *checks.MODULES]
PLAN = "example-ip-2021-2025"


def test_declared_codes_are_the_catalogue():
    declared = {code for module in EMITTERS for code in module.CODES}
    assert sorted(set(codes.CODES) - declared) == []  # a code nobody emits (or forgot to declare)
    assert sorted(declared - set(codes.CODES)) == []  # a declared code missing from the catalogue


def test_each_check_code_belongs_to_one_check_module():
    """So that a problem names the check module that found it."""
    seen: dict[str, str] = {}
    for module in checks.MODULES:
        assert len(set(module.CODES)) == len(module.CODES), module.__name__
        for code in module.CODES:
            assert code not in seen, (code, seen.get(code), module.__name__)
            seen[code] = module.__name__
    assert set(seen) == checks.declared_codes()


def _code_literals(module: types.ModuleType) -> set[str]:
    """Catalogue codes written as string literals in the module's source, outside its CODES tuple."""
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "CODES" for t in node.targets):
            tree.body.remove(node)
            break
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in codes.CODES}


@pytest.mark.parametrize("module", EMITTERS, ids=[m.__name__ for m in EMITTERS])
def test_a_module_declares_exactly_the_codes_it_names(module):
    """Reading, the loader and the model errors emit through `codes.make`: their source is the
    attribution. A code named but not declared, or declared but never named, fails here."""
    assert sorted(_code_literals(module)) == sorted(module.CODES)


def test_a_check_emitting_an_undeclared_code_fails_the_run(tmp_path, monkeypatch):
    data = overlay(FIXTURES / "invalid" / "target-fields", tmp_path)
    monkeypatch.setattr(targets, "CODES", tuple(c for c in targets.CODES if c != "target-fields"))
    with pytest.raises(UndeclaredCode, match=r"targets\.targets yielded `target-fields`"):
        load.load(data)


def test_run_all_checks_every_module_it_is_given(tmp_path):
    def rogue(tree):
        yield codes.make("bad-url", "x", 1, value="http://example.invalid")

    module = types.ModuleType("rogue")
    module.CODES, module.CHECKS = ("bad-id",), (rogue,)
    tree, _ = load.read_tree(MINIMAL)
    with pytest.raises(UndeclaredCode, match=r"rogue\.rogue yielded `bad-url`"):
        run_all(tree, modules=[module])
    module.CODES = ("bad-url",)
    assert [p.code for p in run_all(tree, modules=[module]).problems] == ["bad-url"]


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_checks_only_read_the_tree(case, tmp_path):
    """Running the checks twice on one tree finds the same: they changed nothing the second run sees."""
    tree, _ = load.read_tree(overlay(case, tmp_path))
    before = repr(tree)
    first, second = run_all(tree), run_all(tree)
    assert repr(tree) == before
    assert second.problems == first.problems
    assert second.rejected == first.rejected


def test_checks_yield_problems_and_reject_events_only(tmp_path):
    tree, _ = load.read_tree(overlay(FIXTURES / "invalid" / "duplicate-observation", tmp_path))
    events = [e for module in checks.MODULES for check in module.CHECKS for e in check(tree)]
    assert {type(e).__name__ for e in events} == {"Problem", "Reject"}
    (rejected,) = [e.item for e in events if isinstance(e, Reject)]
    assert (rejected.model.indicator, rejected.model.year, rejected.row.line) == ("invention-patents-per-10k", 2022, 8)


@pytest.mark.parametrize(
    ("case", "left_out"),
    [
        ("duplicate-observation", {("invention-patents-per-10k", 2022, 7.9)}),  # the later row of the two
        ("unknown-indicator", {("invention-patents-per-10", 2023, 8.4)}),  # a typo in the id
    ],
)
def test_rejected_rows_leave_the_portal(case, left_out, tmp_path):
    data = overlay(FIXTURES / "invalid" / case, tmp_path)
    tree, _ = load.read_tree(data)
    all_rows = {(i.model.indicator, i.model.year, i.model.value) for _, p in tree.plans() for i in p.observations}
    _, plan = load.load(data).portal.plan(PLAN)
    kept = {(o.indicator, o.year, o.value) for o in plan.observations}
    assert all_rows - kept == left_out


def test_a_duplicate_task_is_reported_and_left_out(tmp_path):
    result = load.load(overlay(FIXTURES / "invalid" / "duplicate-id", tmp_path))
    _, plan = result.portal.plan(PLAN)
    assert [t.id for t in plan.tasks] == ["t01", "t02"]
    assert [p.code for p in result.problems] == ["duplicate-id"]


def test_closest_and_dotted():
    assert closest("indicatros.yaml", ["indicators.yaml", "tasks.yaml"]) == "indicators.yaml"
    assert closest("zzz", ["indicators.yaml"]) == ""
    assert closest("titel", ["title", "text"], cutoff=0.5) == "title"
    assert dotted(("target", "year")) == "target.year"
    assert dotted(("responsible", 0)) == "responsible[0]"
    assert dotted((0, "name", "zh")) == "[0].name.zh"
    assert dotted(()) == ""


def test_load_imports_no_private_name_of_checks():
    source = Path(load.__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("checks"):
            assert all(not a.name.startswith("_") for a in node.names), ast.dump(node)


# The first indicator's name and unit, and the first task's section, in the minimal fixture (Chinese).
LABEL_SAMPLES = {
    "name": ("indicators.yaml", "name: {zh: "),
    "unit": ("indicators.yaml", "unit: {zh: "),
    "section": ("tasks.yaml", "section: {zh: "),
}


@pytest.mark.parametrize("kind", sorted(LABEL_SAMPLES))
def test_label_length_is_limited_per_kind_at_its_limit(kind, tmp_path):
    """`label-too-long` at MAX_LENGTH + 1 characters, not at MAX_LENGTH."""
    import re
    import shutil

    from generator.checks.labels import MAX_LENGTH
    from generator.load import validate

    limit = MAX_LENGTH[kind]
    found = {}
    for length in (limit, limit + 1):
        data = tmp_path / str(length) / "data"
        shutil.copytree(MINIMAL, data)
        file, start = LABEL_SAMPLES[kind]
        path = data / f"cities/example/plans/{PLAN}/{file}"
        text = path.read_text(encoding="utf-8")
        assert start in text
        # The Chinese text after `start`, up to its comma, becomes `length` characters.
        key = start.split("{zh: ")[0]
        text = re.sub(re.escape(start) + r"[^,]*,", f"{key}{{zh: {'字' * length},", text, count=1)
        path.write_text(text, encoding="utf-8")
        found[length] = [p for p in validate(data) if p.code == "label-too-long"]
    assert found[limit] == []
    (p,) = found[limit + 1]
    assert p.field == f"{kind}.zh" and f"at most {limit}" in p.message_en and f"最多 {limit} 个字符" in p.message_zh
