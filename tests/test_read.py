"""The readers: YAML with line numbers, CSV as spreadsheets save it, hostile bytes refused.

Property tests (hypothesis): the readers never raise, whatever the text or bytes, and
numbers written the ways staff write them read back as the same number.
"""

from __future__ import annotations

import codecs
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import load
from generator.read import decode, parse_csv, parse_date_text, parse_int, parse_number, parse_yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal"
PLAN_ID = "example-ip-2021-2025"


def codes_of(problems) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


# --------------------------------------------------------------------------- YAML


def test_values_and_locations():
    doc = parse_yaml("- id: a\n  target:\n    year: 2025\n    value: 13\n- id: b\n  tags: [x, y]\n", "f.yaml")
    assert doc.problems == []
    assert doc.value == [{"id": "a", "target": {"year": 2025, "value": 13}}, {"id": "b", "tags": ["x", "y"]}]
    assert doc.locs[(0, "target", "value")] == (4, 5)
    assert doc.loc((1, "tags", 1)) == (6, 13)
    assert doc.loc((1, "missing", "deeper")) == (5, 3)  # the longest prefix that exists


def test_keys_stay_text():
    """`yes:` and `1:` as keys are the text "yes" and "1", not booleans or numbers."""
    doc = parse_yaml("yes: 1\n1: b\n", "f.yaml")
    assert doc.value == {"yes": 1, "1": "b"}


def test_aliases_and_anchors_are_refused_before_expansion():
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    doc = parse_yaml(laughs, "f.yaml")
    assert codes_of(doc.problems) == [("yaml-alias", 1)] and doc.value is None and not doc.ok


def test_tags_are_refused():
    for text in ("a: !!python/object/apply:os.system ['touch PWNED']\n", "a: !custom x\n", "a: !!str 1\n"):
        assert codes_of(parse_yaml(text, "f").problems) == [("yaml-tag", 1)], text


def test_deep_nesting_is_refused_without_recursion():
    doc = parse_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "f.yaml")
    assert codes_of(doc.problems) == [("yaml-too-deep", 1)]


def test_duplicate_key_names_the_second():
    doc = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert codes_of(doc.problems) == [("duplicate-key", 3)] and doc.value == {"a": 1, "b": 2}


def test_unquoted_comma_in_a_flow_mapping():
    doc = parse_yaml("name: {zh: 每万人口, en: Patents per 10,000 people}\n", "f.yaml")
    assert codes_of(doc.problems) == [("unquoted-comma", 1)]
    assert doc.value == {"name": {"zh": "每万人口", "en": "Patents per 10"}}
    # Quoted, or in a block mapping, or in a list, the comma is fine.
    for ok in ('name: {en: "Patents per 10,000 people"}\n', "name:\n  en: Patents per 10,000 people\n", "a: [x, y]\n"):
        assert parse_yaml(ok, "f").problems == [], ok
    # An explicit empty value is not a comma leftover.
    assert parse_yaml("a: {b: 1, c: }\n", "f").problems == []


def test_syntax_errors_name_the_line():
    assert codes_of(parse_yaml("a: 1\nb:\n\tc: 2\n", "f").problems) == [("yaml-syntax", 3)]
    # An unclosed quote points at where it opened, not at the end of the file.
    assert codes_of(parse_yaml('a: 1\nb: "open\n\n\n', "f").problems) == [("yaml-syntax", 2)]
    assert codes_of(parse_yaml("a: 1\n---\nb: 2\n", "f").problems)[0][0] == "yaml-syntax"


def test_empty_documents():
    for text in ("", "\n\n", "# only a comment\n"):
        doc = parse_yaml(text, "f")
        assert doc.empty and doc.ok and doc.problems == []


def test_impossible_dates_stay_text_for_the_model_to_refuse():
    assert parse_yaml("d: 2023-02-30\n", "f").value == {"d": "2023-02-30"}
    assert parse_yaml("d: 2023-02-28\n", "f").value == {"d": dt.date(2023, 2, 28)}


# --------------------------------------------------------------------------- bytes


def test_decode_encodings_and_line_ends():
    assert decode(codecs.BOM_UTF8 + "a: 中\r\nb: 1\r\n".encode(), "f") == ("a: 中\nb: 1\n", [])
    assert decode(codecs.BOM_UTF16_LE + "a: 中\n".encode("utf-16-le"), "f") == ("a: 中\n", [])
    assert decode(codecs.BOM_UTF16_BE + "a: 中\n".encode("utf-16-be"), "f") == ("a: 中\n", [])
    assert decode(b"a\rb\r", "f") == ("a\nb\n", [])
    text, problems = decode("a: 1\nb: 郑州\n".encode("gbk"), "f")
    assert text is None and codes_of(problems) == [("not-utf8", 2)]
    assert "GBK" in problems[0].message_en


def test_control_and_bidi_characters():
    for ch, code in (
        ("\x00", "control-character"),
        ("\x1b", "control-character"),
        ("\x85", "control-character"),
        ("\u202e", "bidi-control"),
        ("\u2066", "bidi-control"),
        ("\u200e", "bidi-control"),  # the direction marks LRM, RLM and ALM, on their own
        ("\u200f", "bidi-control"),
        ("\u061c", "bidi-control"),
        ("\ufeff", "control-character"),
    ):
        text, problems = decode(f"a: 1\nb: x{ch}y\n".encode(), "f")
        assert text is None and codes_of(problems) == [(code, 2)], repr(ch)
        assert problems[0].column == 5
    assert decode(b"a:\tb\n", "f")[1] == []  # tabs are fine inside text


def test_a_direction_character_is_named_and_shown_where_it_is():
    line = "  name: {zh: 郑州市2021\u200f-2025年知识产权规划, en: `Zhengzhou` plan 2021-2025 and more words}"
    _, (p,) = decode(f"- id: x\n{line}\n".encode(), "f")
    assert (p.code, p.line, p.column) == ("bidi-control", 2, line.index("\u200f") + 1)
    # the 20 characters either side, the invisible one made visible, backticks kept out of the code span
    shown = "  name: {zh: 郑州市2021‹U+200F›-2025年知识产权规划, en: 'Z…"
    assert f"U+200F (RIGHT-TO-LEFT MARK), at column {p.column}: `{shown}`" in p.message_en
    assert f"U+200F（RIGHT-TO-LEFT MARK）：`{shown}`" in p.message_zh
    assert "‹…›" in p.fix_en and "‹…›" in p.fix_zh
    assert "\u200f" not in p.message_en + p.message_zh


def test_file_too_large(tmp_path):
    from generator.read import MAX_BYTES, read_yaml

    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert codes_of(read_yaml(big, "big.yaml").problems) == [("file-too-large", None)]


# --------------------------------------------------------------------------- CSV

COLS = ["indicator", "year", "value", "note"]


def csv(text: str):
    return parse_csv(text, "o.csv", columns=COLS, required=["indicator", "year", "value"], keys=["indicator", "year"])


def test_csv_rows_lines_and_columns():
    doc = csv('indicator,year,value,note\n\na,2020,1,"two\nlines"\n,,,\nb,2021,2,\n')
    assert doc.problems == []
    assert [(r.line, r.values) for r in doc.rows] == [
        (3, {"indicator": "a", "year": "2020", "value": "1", "note": "two\nlines"}),
        (6, {"indicator": "b", "year": "2021", "value": "2", "note": None}),
    ]
    assert doc.rows[0].columns["value"] == 3


def test_csv_header_problems():
    doc = csv("indicator,yaer,value,colour\n")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [
        ("csv-unknown-column", 1, 2),
        ("csv-unknown-column", 1, 4),
        ("csv-missing-column", 1, None),
    ]
    assert "`year`" in doc.problems[0].message_en


def test_csv_merged_cells_and_extra_values():
    doc = csv("indicator,year,value,note\na,2020,1,\n,,2,merged\nb,2021,3,x,y\n")
    assert codes_of(doc.problems) == [("csv-merged-cell", 3), ("csv-extra-values", 4)]
    assert [r.line for r in doc.rows] == [2]


def test_csv_syntax_error_names_the_row():
    assert codes_of(csv('indicator,year,value,note\na,2020,1,x\nb,2021,2,"open\nmore\n').problems) == [
        ("csv-syntax", 3)
    ]


def test_csv_with_header_only_or_nothing():
    assert csv("indicator,year,value,note\n").rows == []
    assert codes_of(csv("").problems) == [("empty-file", 1)]
    assert codes_of(csv("\n,,,\n").problems) == [("empty-file", 1)]


# --------------------------------------------------------------------------- numbers


def test_numbers_as_staff_type_them():
    assert parse_number("1,234") == 1234
    assert parse_number("1,234,567.25") == 1234567.25
    assert parse_number("１２") == 12
    assert parse_number("１２．５") == 12.5
    assert parse_number(" -3 ") == -3
    assert parse_number("\u22123") == -3
    assert parse_number("4.62") == 4.62
    for bad in ("12%", "5,1", "1,23", "12,3456", "abc", "", "nan", "inf", "1e999", "1 234", "约90", "0x10"):
        assert parse_number(bad) is None, bad
    assert parse_int("２０２２") == 2022 and parse_int("2022.0") == 2022 and parse_int("2022.5") is None


def test_dates_as_excel_writes_them():
    assert parse_date_text("2023/3/5") == "2023-03-05"
    assert parse_date_text("2023.03.05") == "2023-03-05"
    assert parse_date_text("２０２３/3/5") == "2023-03-05"
    assert parse_date_text("March 5") == "March 5"


@settings(deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_numbers_round_trip(x):
    assert parse_number(repr(x)) == x


@settings(deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_and_full_width_integers_round_trip(n):
    assert parse_number(f"{n:,}") == n
    full = str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert parse_number(full) == n
    assert parse_int(str(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_yaml_reader_never_raises_on_text(text):
    doc = parse_yaml(text, "f.yaml")
    assert doc.ok or doc.problems


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_raises_on_bytes(raw):
    text, problems = decode(raw, "f")
    assert (text is None) == bool(problems)
    if text is not None:
        parse_yaml(text, "f.yaml")
        csv(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab,\"\n\r 1２,:{}[]-#&*!|>'\t中%"))))
def test_readers_never_raise_on_nasty_punctuation(text):
    parse_yaml(text, "f.yaml")
    csv("indicator,year,value,note\n" + text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or value == value


# --------------------------------------------------------------------------- broken fixtures that load


def _overlay(case: str, tmp_path: Path) -> Path:
    """tmp/data: minimal/ with the broken case's files laid over it (no removals in broken/)."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    src = FIXTURES / "broken" / case
    for f in src.rglob("*"):
        if f.is_file() and f.name != "expected.yaml":
            (data / f.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, data / f.relative_to(src))
    return data


def _plan(data: Path):
    result = load(data, strict=True)
    assert result.errors == []
    return result.portal.plan(PLAN_ID)[1]


def _minimal_observations():
    return [(o.indicator, o.year, o.value) for o in load(MINIMAL).portal.plan(PLAN_ID)[1].observations]


def test_utf16_csv_loads_the_same_values(tmp_path):
    plan = _plan(_overlay("utf16-csv", tmp_path))
    assert [(o.indicator, o.year, o.value) for o in plan.observations] == _minimal_observations()


def test_utf8_bom_loads(tmp_path):
    data = _overlay("utf8-bom", tmp_path)
    assert load(data).portal.cities[0].city.name.zh == "示例市"
    assert [(o.indicator, o.year, o.value) for o in _plan(data).observations] == _minimal_observations()


def test_crlf_loads(tmp_path):
    data = _overlay("crlf", tmp_path)
    result = load(data)
    plan = result.portal.plan(PLAN_ID)[1]
    assert [(o.indicator, o.year, o.value) for o in plan.observations] == _minimal_observations()
    assert plan.observations[0].note_en == "A value from before the plan period"  # no stray \r


def test_excel_numbers_load(tmp_path):
    result = load(_overlay("excel-numbers", tmp_path))
    # read right; 1,234,567 after 41,250 is only worth a second look (a warning, see test_validate)
    assert [p.code for p in result.problems] == ["implausible-jump"]
    plan = result.portal.plan(PLAN_ID)[1]
    assert [o.value for o in plan.observations_for("registered-trademarks")] == [30000, 41250, 1234567]
    assert plan.observations_for("case-handling-days")[-1].value == 1080.5


def test_full_width_digits_load(tmp_path):
    plan = _plan(_overlay("full-width-digits", tmp_path))
    last = plan.observations_for("case-handling-days")[-1]
    assert (last.year, last.value) == (2023, 88)


def test_blank_rows_are_skipped(tmp_path):
    plan = _plan(_overlay("blank-rows", tmp_path))
    assert [(o.indicator, o.year, o.value) for o in plan.observations] == _minimal_observations()


def test_excel_dates_load(tmp_path):
    plan = _plan(_overlay("excel-dates", tmp_path))
    assert [r.date for r in plan.task_reports] == [dt.date(2022, 6, 30), dt.date(2023, 3, 15), dt.date(2023, 3, 15)]


def test_a_copy_of_minimal_is_untouched(tmp_path):
    """The overlays work on copies: the shared fixture never changes."""
    before = sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*"))
    _overlay("gbk-csv", tmp_path)
    assert sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*")) == before
    shutil.rmtree(tmp_path / "data")


def test_a_comma_in_a_number_with_empty_cells_after_it_is_not_read_shifted():
    """`1,234` unquoted in a row whose last cell is empty (the staff guide's row shape): the row has one cell
    more than the header, the extra one empty. Read as it stands it would be value 1 with note "234"."""
    doc = csv("indicator,year,value,note\n" + "a,2023,1,234,\n" + "b,2023,5,\n")
    assert codes_of(doc.problems) == [("csv-extra-values", 2)]
    assert [r.line for r in doc.rows] == [3]  # the shifted row is not read at all
    p = doc.problems[0]
    assert "1234" in p.fix_en and "1234" in p.fix_zh and p.column == 5


# ---------------------------------------------------------------------------- what staff see


@pytest.mark.parametrize(
    "text, line, column, key",
    [
        ("id: a\nmeasure：cumulative\nnature: expected\n", 2, 8, "measure"),  # the error libyaml sees is on line 3
        ("id: a\nmeasure： cumulative\n", 2, 8, "measure"),
        ("- id: a\n  unit: {zh：件, en: patents}\n", 2, 12, "zh"),
        ("- id: a\n  name：x\n  unit: y\n", 2, 7, "name"),
    ],
)
def test_a_full_width_colon_is_named_on_its_line(text, line, column, key):
    doc = parse_yaml(text, "x.yaml")
    (p,) = doc.problems
    assert (p.code, p.line, p.column) == ("full-width-colon", line, column)
    assert f"`{key}`" in p.message_en and "全角冒号" in p.message_zh and f"`{key}: `" in p.fix_en


def test_a_full_width_colon_inside_text_is_fine():
    doc = parse_yaml("- note: {zh: 目标：提高, en: x}\n", "x.yaml")
    assert doc.problems == [] and doc.value == [{"note": {"zh": "目标：提高", "en": "x"}}]


@pytest.mark.parametrize(
    "raw, kind",
    [
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml" + b"\x00" * 100 + b"PK\x03\x04xl/workbook.xml", ".xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    ],
)
def test_an_excel_workbook_is_named_as_one(raw, kind):
    text, problems = decode(raw, "data/x/observations.csv")
    assert text is None and [p.code for p in problems] == ["excel-workbook"]
    assert f"({kind} file)" in problems[0].message_en and "`observations.csv`" in problems[0].message_en


def test_a_plain_zip_is_not_called_a_workbook():
    _, problems = decode(b"PK\x03\x04\x14\x00" + b"docs/readme.txt" + b"\x00" * 100, "x.csv")
    assert "excel-workbook" not in [p.code for p in problems]
