"""The validator: one fixture per problem code, asserting exactly the (code, file, line) it reports.

Cases are overlays on tests/fixtures/valid/minimal/ (see tests/fixtures/invalid/regenerate.py):
the case's files are laid over a copy of minimal/, `remove:` paths are deleted, and every
problem — errors and warnings — must be exactly those in `expected.yaml`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from generator import codes
from generator.load import load, validate
from generator.problems import Severity

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal"
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())

# The as-of date the fixture cases are checked against (a copy in a temporary folder has no data
# version; without it the cases would be judged against the clock).
AS_OF = dt.date(2026, 12, 1)

# Codes whose fixture is too big to commit: the test writes it (see test_file_too_large).
GENERATED = {"file-too-large"}


def overlay(case: Path, dest: Path) -> Path:
    """dest/data: a copy of minimal/ with the case laid over it."""
    data = dest / "data"
    shutil.copytree(MINIMAL, data)
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    for rel in spec.get("remove", []):
        target = data / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for src in sorted(case.rglob("*")):
        if src.is_file() and src.relative_to(case).as_posix() != "expected.yaml":
            out = data / src.relative_to(case)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out)
    return data


def expected(case: Path) -> list[tuple[str, str, int | None]]:
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    return sorted((p["code"], "data/" + p["file"], p["line"]) for p in spec["problems"])


def found(data: Path, strict: bool = False) -> list[tuple[str, str, int | None]]:
    return sorted((p.code, p.file, p.line) for p in validate(data, strict=strict, as_of=AS_OF))


def test_minimal_fixture_is_valid_and_complete():
    result = load(MINIMAL, strict=True)
    assert [(p.code, p.file, p.line) for p in result.problems] == []
    portal = result.portal
    assert [c.city.id for c in portal.cities] == ["example"]
    city, plan = portal.plan("example-ip-2021-2025")
    assert {i.target.kind.value for i in plan.indicators} == {
        "exact",
        "at-least",
        "at-most",
        "range",
        "growth-rate",
        "change",
        "qualitative",
    }
    assert len(plan.observations) == 6 and len(plan.tasks) == 2 and len(plan.task_reports) == 3
    assert [d.id for d in city.departments] == ["market-regulation", "science-technology"]
    assert [c.id for c in portal.concepts] == ["invention-patents-per-10k"]
    assert [r.id for r in portal.reference] == ["example-peer-patents"]
    assert len(portal.glossary) == 2
    # An Excel-style "41,250" in the CSV is the number 41250, not refused.
    assert [o.value for o in plan.observations_for("registered-trademarks")] == [30000, 41250]


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_invalid_case(case, tmp_path):
    data = overlay(case, tmp_path)
    assert found(data) == expected(case)


@pytest.mark.parametrize("case", BROKEN, ids=[c.name for c in BROKEN])
def test_broken_case(case, tmp_path):
    data = overlay(case, tmp_path)
    assert found(data) == expected(case)


def test_every_code_has_a_fixture():
    covered = {code for case in INVALID for code, _, _ in expected(case)} | GENERATED
    assert sorted(set(codes.CODES) - covered) == []
    assert sorted(covered - set(codes.CODES)) == []


def test_each_invalid_case_is_named_after_its_code():
    """One defect each: the case's name is the code it demonstrates."""
    for case in INVALID:
        assert case.name in {code for code, _, _ in expected(case)}, case.name


def test_problems_are_bilingual_with_fixes(tmp_path):
    for case in INVALID:
        data = overlay(case, tmp_path / case.name)
        for p in validate(data):
            assert p.message_en and p.message_zh and p.fix_en and p.fix_zh, (case.name, p)
            assert "{" not in p.message_en.replace("{…}", "") or p.code == "unquoted-comma", p


def test_file_too_large(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    tasks = data / "cities/example/plans/example-ip-2021-2025/tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    assert found(data) == [("file-too-large", "data/cities/example/plans/example-ip-2021-2025/tasks.yaml", None)]


def test_strict_turns_warnings_into_errors(tmp_path):
    case = FIXTURES / "invalid" / "missing-translation"
    data = overlay(case, tmp_path)
    assert [p.severity for p in validate(data)] == [Severity.warning]
    assert [p.severity for p in validate(data, strict=True)] == [Severity.error]
    assert load(data).errors == [] and len(load(data, strict=True).errors) == 1


def test_failed_items_are_left_out_and_not_reported_again(tmp_path):
    """A task that fails its model is not in the portal, and its reports are not 'unknown-task'."""
    data = overlay(FIXTURES / "invalid" / "bad-id", tmp_path)
    result = load(data)
    assert [p.code for p in result.problems] == ["bad-id"]
    _, plan = result.portal.plan("example-ip-2021-2025")
    assert [t.id for t in plan.tasks] == ["t01"]


def test_a_broken_file_suppresses_references_into_it(tmp_path):
    """departments.yaml unreadable: tasks naming departments are not flagged unknown-department."""
    data = overlay(FIXTURES / "invalid" / "not-utf8", tmp_path)
    assert [p.code for p in validate(data)] == ["not-utf8"]


def test_unknown_field_suggests_the_closest_name(tmp_path):
    data = overlay(FIXTURES / "invalid" / "unknown-field", tmp_path)
    p = next(p for p in validate(data) if p.code == "unknown-field")
    assert "`title`" in p.message_en and "`title`" in p.message_zh


def test_bad_enum_lists_the_allowed_values(tmp_path):
    data = overlay(FIXTURES / "invalid" / "bad-enum", tmp_path)
    (p,) = validate(data)
    assert "draft, issued, superseded, expired" in p.fix_en


def test_unquoted_comma_tells_staff_to_quote(tmp_path):
    data = overlay(FIXTURES / "invalid" / "unquoted-comma", tmp_path)
    (p,) = validate(data)
    assert "000 people" in p.message_en and "quotes" in p.fix_en and "引号" in p.fix_zh


def test_not_utf8_says_how_to_resave(tmp_path):
    data = overlay(FIXTURES / "invalid" / "not-utf8", tmp_path)
    (p,) = validate(data)
    assert "GBK" in p.message_en and "Excel" in p.fix_en and "WPS" in p.fix_zh and "记事本" in p.fix_zh


def test_observations_before_the_period_are_fine():
    _, plan = load(MINIMAL).portal.plan("example-ip-2021-2025")
    assert plan.observations_for("invention-patents-per-10k")[0].year == 2019


def test_load_never_raises_on_a_missing_or_odd_folder(tmp_path):
    assert [p.code for p in validate(tmp_path / "nope")] == ["missing-file"]
    (tmp_path / "empty").mkdir()
    assert validate(tmp_path / "empty") == []
    odd = tmp_path / "odd"
    (odd / "cities").mkdir(parents=True)
    (odd / "cities" / "stray.yaml").write_text("x: 1\n", encoding="utf-8")
    (odd / "cities" / "c").mkdir()
    assert sorted(p.code for p in validate(odd)) == ["missing-file", "unknown-file"]


def test_problem_paths_are_relative_to_the_data_folders_parent(tmp_path):
    data = overlay(FIXTURES / "invalid" / "bad-enum", tmp_path)
    (p,) = validate(data)
    assert p.file == "data/cities/example/plans/example-ip-2021-2025/plan.yaml"
    assert p.column == 1 and p.field == "status"
