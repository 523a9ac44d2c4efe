"""The validator: one fixture per problem code, asserting exactly the (code, file, line) it reports.

Cases are overlays on tests/fixtures/valid/minimal/ (see tests/fixtures/invalid/regenerate.py):
the case's files are laid over a copy of minimal/, `remove:` paths are deleted, and every
problem — errors and warnings — must be exactly those in `expected.yaml`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
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
            # no placeholder left unfilled (a message may quote the line's own text, braces and all)
            for text in (p.message_en, p.message_zh, p.fix_en, p.fix_zh):
                assert not re.search(r"\{[a-z_]+\}", text), p


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
    assert "`draft` (draft for public comment), `issued`, `superseded`, `expired`" in p.fix_en
    assert "`draft`（征求意见稿）、`issued`（已印发）、`superseded`（已被取代）、`expired`（已到期）" in p.fix_zh


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


# ---------------------------------------------------------------------------- the staff review's cases
# Each realistic edit from ../shared/review/staff-ci-security.md (Part A and C), as staff make it, and
# what the message must say: the code, the file and line where the mistake is, and words that name
# what the person sees (in both languages).

PLAN_DIR = "cities/example/plans/example-ip-2021-2025"
IND_FILE = f"{PLAN_DIR}/indicators.yaml"
OBS_FILE = f"{PLAN_DIR}/observations.csv"
REP_FILE = f"{PLAN_DIR}/task_reports.csv"


def _edit(rel: str, old: str, new: str):
    def apply(data: Path) -> int:
        p = data / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        text = text.replace(old, new, 1)
        p.write_text(text, encoding="utf-8")
        return next(i for i, line in enumerate(text.split("\n"), start=1) if new.split("\n")[0] in line)

    return apply


def _bytes(rel: str, make):
    def apply(data: Path) -> None:
        p = data / rel
        p.write_bytes(make(p.read_text(encoding="utf-8")))

    return apply


def _move_to_city(data: Path) -> None:
    (data / OBS_FILE).rename(data / "cities/example/observations.csv")


MISLEADING = {"yaml-syntax", "unquoted-comma", "csv-missing-column", "csv-unknown-column", "not-utf8", "unknown-file"}

STAFF_CASES = {
    # 15: a colon left out: reported on that line, not the next one.
    "15-missing-colon": (
        _edit(IND_FILE, "  measure: cumulative", "  measure cumulative"),
        ("yaml-syntax", IND_FILE, "could not find expected ':'", "字段名后缺少冒号"),
    ),
    # 17: a full-width colon, reported on its own line (not "missing colon" on the next one).
    "17-full-width-colon": (
        _edit(IND_FILE, "  measure: cumulative", "  measure：cumulative"),
        ("full-width-colon", IND_FILE, "full-width colon", "全角冒号"),
    ),
    "17b-full-width-colon-space": (
        _edit(IND_FILE, "  measure: cumulative", "  measure： cumulative"),
        ("full-width-colon", IND_FILE, "`measure: `", "半角冒号"),
    ),
    "17c-full-width-colon-in-braces": (
        _edit(IND_FILE, "unit: {zh: 件, en: patents}", "unit: {zh：件, en: patents}"),
        ("full-width-colon", IND_FILE, "`zh`", "全角冒号"),
    ),
    # 30: Excel's "Unicode text": UTF-16, tab-separated.
    "30-unicode-text": (
        _bytes(OBS_FILE, lambda t: codecs.BOM_UTF16_LE + t.replace(",", "\t").encode("utf-16-le")),
        ("csv-wrong-separator", OBS_FILE, "separated by tabs", "Tab"),
    ),
    # 31: column names typed in Chinese: each named with its English column, and the exact first row to paste.
    "31-chinese-column-names": (
        _edit(OBS_FILE, "indicator,year,value,", "指标,年份,数值,"),
        (
            "csv-chinese-column",
            OBS_FILE,
            "`年份` is `year`, `数值` is `value`. Column names must be the English words",
            "请把第一行换成下面这一行（列和顺序都不变，下面的数据不用改）：`indicator,year,value,source,section,quote,",
        ),
    ),
    "31b-chinese-column-names-in-reports": (
        _edit(REP_FILE, "task,date,status,", "任务,日期,进展状态,"),
        ("csv-chinese-column", REP_FILE, "`task,date,status,source", "`进展状态` 应为 `status`"),
    ),
    # 48: a European Excel's semicolons.
    "48-semicolons": (
        _bytes(OBS_FILE, lambda t: t.replace(",", ";").encode("utf-8")),
        ("csv-wrong-separator", OBS_FILE, "CSV UTF-8", "分号"),
    ),
    # 47: an .xlsx uploaded under the name observations.csv; an old .xls too.
    "47-xlsx-as-csv": (
        _bytes(OBS_FILE, lambda t: b"PK\x03\x04\x14\x00[Content_Types].xml\x00PK\x03\x04xl/worksheets/sheet1.xml"),
        ("excel-workbook", OBS_FILE, "Excel workbook (.xlsx", "Excel 工作簿"),
    ),
    "47b-xls-as-csv": (
        _bytes(OBS_FILE, lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        ("excel-workbook", OBS_FILE, "(.xls file)", "另存为"),
    ),
    # 21: the plan's observations.csv in the city folder: move it, do not rename it.
    "21-wrong-folder": (
        _move_to_city,
        (
            "file-in-wrong-folder",
            "cities/example/observations.csv",
            "Move it into `data/cities/example/plans/<plan-id>/`",
            "移到",
        ),
    ),
    # 25: a status typed in Chinese: the allowed values with their Chinese meanings.
    "25-status-in-chinese": (
        _edit(REP_FILE, "t01,2022-06-30,in-progress", "t01,2022-06-30,推进中"),
        ("bad-enum", REP_FILE, "`in-progress`, `completed`", "`in-progress`（进行中）"),
    ),
    # Part C: a zero-width space at the end of an id, pointed at by position.
    "C-zero-width-in-id": (
        _edit(IND_FILE, "- id: case-handling-days", "- id: case\u200b-handling-days"),
        ("bad-id", IND_FILE, "`case‹U+200B›-handling-days` is not", "第 5 个字符是看不见的 U+200B（ZERO WIDTH SPACE）"),
    ),
    "C-cyrillic-in-id": (
        _edit(IND_FILE, "- id: case-handling-days", "- id: c\u0430se-handling-days"),
        ("bad-id", IND_FILE, "2nd character is U+0430 (CYRILLIC SMALL LETTER A)", "只是看起来像 a-z"),
    ),
    # Part C: a right-to-left mark (U+200F) was accepted: invisible, it reorders the digits and dash around it.
    "C-direction-mark-in-name": (
        _edit(IND_FILE, "name: {zh: 专利转化率,", "name: {zh: 2021\u200f-2025年专利转化率,"),
        ("bidi-control", IND_FILE, "U+200F (RIGHT-TO-LEFT MARK), at column 18", "2021‹U+200F›-2025年专利转化率"),
    ),
    # Part C: a 19,000-character name took 36 s per chart: refused with the limit.
    "C-long-name": (
        _edit(
            IND_FILE,
            "name: {zh: 专利转化率, en: Patent commercialisation rate}",
            "name: {zh: 专利转化率, en: Patent commercialisation rate" + " x" * 9500 + "}",
        ),
        ("label-too-long", IND_FILE, "at most 400", "最多 400 个字符"),
    ),
}


@pytest.mark.parametrize("name", sorted(STAFF_CASES))
def test_staff_case_names_what_the_person_sees(name, tmp_path):
    edit, (code, file, phrase_en, phrase_zh) = STAFF_CASES[name]
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    line = edit(data)
    problems = validate(data, strict=True, as_of=AS_OF)
    # The symptom codes the review saw for these edits are gone (a missing colon is still a YAML syntax error) (the edit may still have consequences
    # elsewhere, e.g. observations of an id that no longer matches).
    assert not {p.code for p in problems} & (MISLEADING - {code}), [(p.code, p.line, p.message_en) for p in problems]
    (p,) = [p for p in problems if p.code == code]
    assert p.file == f"data/{file}"
    if isinstance(line, int):  # an edit on a line: the problem is on that line, not the next
        assert p.line == line
    words_en, words_zh = p.message_en + " " + p.fix_en, p.message_zh + " " + p.fix_zh
    assert phrase_en in words_en and phrase_zh in words_zh, (words_en, words_zh)


def test_a_wrong_separator_is_one_problem_not_a_missing_column_each():
    from generator.read import parse_csv

    cols = ["indicator", "year", "value", "source", "section"]
    doc = parse_csv(
        "indicator;year;value;source;section\nx;2023;1;s;t\n", "o.csv", columns=cols, required=cols[:4], keys=[]
    )
    assert [p.code for p in doc.problems] == ["csv-wrong-separator"]
    # Chinese column names are one problem naming each one's column, not a missing and an unknown column each;
    # a name that is neither keeps its own message, and a column left out altogether is still missing.
    doc = parse_csv("指标,年份,数值,出处,页码\n", "o.csv", columns=cols, required=cols, keys=[])
    assert [(p.code, p.column) for p in doc.problems] == [
        ("csv-chinese-column", 1),
        ("csv-unknown-column", 5),
        ("csv-missing-column", None),
    ]
    assert doc.problems[2].field == "section" and not doc.ok
    assert "`出处` is `source`" in doc.problems[0].message_en
    # a column named both ways: the English one is read, the Chinese one is just an unknown column
    doc = parse_csv("indicator,year,value,source,section,年份\n", "o.csv", columns=cols, required=cols, keys=[])
    assert [p.code for p in doc.problems] == ["csv-unknown-column"]


def test_file_too_large_no_longer_says_split():
    p = codes.make("file-too-large", "data/x.csv", None, size=3_000_000, limit=2_000_000)
    assert "split" not in p.fix_en.replace("cannot be split", "") and "one `observations.csv` per plan" in p.fix_en
    assert "拆分到多个文件" not in p.fix_zh
