"""`load`: pydantic errors mapped to friendly codes at the right line; the portal holds only
valid items; nothing raises, whatever the files hold."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.load import LoadResult, load, read_tree, validate
from generator.portal import Portal

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal"
PLAN = "cities/example/plans/example-ip-2021-2025"


@pytest.fixture
def data(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(MINIMAL, d)
    return d


def write(data: Path, rel: str, text: str) -> str:
    (data / rel).write_text(text, encoding="utf-8")
    return f"data/{rel}"


def problems(data: Path, file: str | None = None):
    return [(p.code, p.file, p.line, p.column, p.field) for p in validate(data) if file is None or p.file == file]


def test_load_result_shape():
    result = load(MINIMAL)
    assert isinstance(result, LoadResult) and isinstance(result.portal, Portal)
    assert result.problems == [] and result.errors == [] and result.warnings == []


def test_nested_field_errors_point_at_their_line(data):
    f = write(
        data,
        f"{PLAN}/indicators.yaml",
        """\
- id: a
  category: {zh: 类, en: c}
  name: {zh: 名, en: n}
  unit: {zh: 件, en: items}
  measure: annual
  target:
    year: 2025
    kind: exact
    value: many
  source: {file: x, section: y}
""",
    )
    assert problems(data, f) == [("wrong-type", f, 9, 5, "target.value")]
    (p,) = [p for p in validate(data) if p.file == f]
    assert "a number" in p.message_en and "`many`" in p.message_en and "数字" in p.message_zh
    assert "plain number" in p.fix_en


def test_missing_field_points_at_its_parent(data):
    f = write(
        data,
        f"{PLAN}/indicators.yaml",
        """\
- id: a
  category: {zh: 类, en: c}
  name: {zh: 名, en: n}
  unit: {zh: 件, en: items}
  measure: annual
  target:
    kind: exact
    value: 1
  source: {file: x, section: y}
""",
    )
    assert problems(data, f) == [("missing-field", f, 6, 3, "target.year")]
    (p,) = [p for p in validate(data) if p.file == f]
    assert "`year`" in p.message_en and "`target`" in p.message_en


def test_text_where_bilingual_text_is_needed(data):
    f = write(data, "concepts.yaml", "- id: c\n  name: 概念\n  unit: {zh: 件, en: items}\n")
    (p,) = [p for p in validate(data) if p.file == f]
    assert (p.code, p.line) == ("wrong-type", 2) and "{zh: 中文, en: English}" in p.fix_en


def test_number_where_text_is_needed_says_quote_it(data):
    write(
        data,
        f"{PLAN}/tasks.yaml",
        (MINIMAL / PLAN / "tasks.yaml").read_text(encoding="utf-8").replace('number: "2"', "number: 2"),
    )
    (p,) = validate(data)
    assert p.code == "wrong-type" and "quotes" in p.fix_en and "引号" in p.fix_zh


def test_yes_no_read_as_booleans_are_explained(data):
    write(data, "glossary.yaml", "- {zh: 否, en: no}\n")
    (p,) = validate(data)
    assert p.code == "wrong-type" and "yes/no" in p.message_en


def test_file_that_is_not_a_list(data):
    f = write(data, "concepts.yaml", "id: c\nname: {zh: 概念, en: c}\n")
    assert problems(data) == [("wrong-type", f, 1, 1, None)]


def test_list_item_that_is_not_a_mapping(data):
    f = write(data, "glossary.yaml", "- just text\n- {zh: 术语, en: term}\n")
    assert [(p.code, p.file, p.line) for p in validate(data)] == [("wrong-type", f, 1)]
    assert len(load(data).portal.glossary) == 1


def test_csv_pydantic_errors_name_the_column(data):
    f = write(data, f"{PLAN}/task_reports.csv", "task,date,status,source,note_zh,note_en\nt01,2023-13-01,done,x,,\n")
    assert problems(data) == [("bad-date", f, 2, 2, "date"), ("bad-enum", f, 2, 3, "status")]


def test_empty_required_csv_cell_is_missing_cell(data):
    f = write(
        data,
        f"{PLAN}/observations.csv",
        "indicator,year,value,source,section,quote,note_zh,note_en\ncase-handling-days,2023,,x,y,,,\n",
    )
    assert problems(data) == [("missing-cell", f, 2, 3, "value")]  # a cell to fill, not a YAML field


def test_problems_are_sorted_by_file_and_line(data):
    write(data, "concepts.yaml", "- id: Bad\n  name: {zh: a, en: b}\n  unit: {zh: 件, en: x}\n")
    write(data, "glossary.yaml", "- {zh: 1, en: one}\n")
    found = [(p.file, p.line) for p in validate(data)]
    assert found == sorted(found)


def test_invalid_items_are_left_out_of_the_portal(data):
    text = (MINIMAL / PLAN / "indicators.yaml").read_text(encoding="utf-8")
    write(data, f"{PLAN}/indicators.yaml", text.replace("measure: period-total", "measure: total"))
    result = load(data)
    assert [p.code for p in result.problems] == ["bad-enum"]
    plan = result.portal.plan("example-ip-2021-2025")[1]
    assert "pledge-financing" not in [i.id for i in plan.indicators] and len(plan.indicators) == 6


def test_observations_of_an_invalid_indicator_are_not_reported_again(data):
    text = (MINIMAL / PLAN / "indicators.yaml").read_text(encoding="utf-8")
    write(data, f"{PLAN}/indicators.yaml", text.replace("  unit: {zh: 天, en: days}\n", ""))
    assert [p.code for p in validate(data)] == ["missing-field"]  # not also unknown-indicator
    plan = load(data).portal.plan("example-ip-2021-2025")[1]
    assert plan.observations_for("case-handling-days") == []


def test_a_city_with_a_broken_city_yaml_is_left_out(data):
    write(data, "cities/example/city.yaml", "id: example\n")
    result = load(data)
    assert {p.code for p in result.problems} == {"missing-field"}
    assert result.portal.cities == []


def test_strict_keeps_codes_and_locations(tmp_path, data):
    departments = (MINIMAL / "cities/example/departments.yaml").read_text(encoding="utf-8")
    write(
        data,
        "cities/example/departments.yaml",
        departments.replace(", en: Municipal Science and Technology Bureau", ""),
    )
    lax, strict = validate(data), validate(data, strict=True)
    assert [(p.code, p.line) for p in lax] == [(p.code, p.line) for p in strict]
    assert [p.severity.value for p in strict] == ["error"]


def test_load_does_not_write_anything(data):
    before = sorted((p, p.stat().st_mtime_ns) for p in data.rglob("*"))
    load(data)
    assert sorted((p, p.stat().st_mtime_ns) for p in data.rglob("*")) == before


FILES = sorted(
    p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(FILES), st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
)
def test_load_never_raises_whatever_a_file_holds(tmp_path_factory, rel, text):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINIMAL, data)
    (data / rel).write_text(text, encoding="utf-8", errors="surrogatepass")
    result = load(data)
    for p in result.problems:
        assert p.code and p.message_en and p.message_zh and p.file.startswith("data/")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(FILES), st.data())
def test_load_never_raises_on_truncated_files(tmp_path_factory, rel, draw):
    data = tmp_path_factory.mktemp("cut") / "data"
    shutil.copytree(MINIMAL, data)
    raw = (data / rel).read_bytes()
    cut = draw.draw(st.integers(min_value=0, max_value=len(raw)))
    (data / rel).write_bytes(raw[:cut])
    load(data)


def test_symlinks_out_of_the_data_folder_are_refused(data, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0\n", encoding="utf-8")
    (data / "sources" / "passwd.txt").symlink_to(outside)
    (data / "glossary.yaml").unlink()
    (data / "glossary.yaml").symlink_to(outside)
    found = sorted((p.code, p.file) for p in validate(data))
    assert found == [("unreadable-file", "data/glossary.yaml"), ("unreadable-file", "data/sources/passwd.txt")]
    assert "outside the data folder" in validate(data)[0].message_en


def test_infinity_and_nan_are_not_numbers(data):
    f = write(
        data,
        "reference/example-peer-patents.yaml",
        (MINIMAL / "reference/example-peer-patents.yaml")
        .read_text(encoding="utf-8")
        .replace("value: 8.1", "value: .inf"),
    )
    assert [(p.code, p.file, p.line) for p in validate(data)] == [("wrong-type", f, 11)]
    assert "finite" in validate(data)[0].message_en


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["example", "t01", "2023-01-01", "exact", "range", "annual", "zh", "en"]),
)
_keys = st.sampled_from(
    [
        "id",
        "zh",
        "en",
        "name",
        "unit",
        "target",
        "kind",
        "value",
        "year",
        "min",
        "max",
        "source",
        "file",
        "quote",
        "measure",
        "concept",
        "period",
        "start",
        "end",
        "points",
        "plan",
        "x",
    ]
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=6)),
    max_leaves=25,
)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from([f for f in FILES if f.endswith(".yaml")]), _values)
def test_load_never_raises_on_well_formed_yaml_of_any_shape(tmp_path_factory, rel, value):
    import yaml

    data = tmp_path_factory.mktemp("shape") / "data"
    shutil.copytree(MINIMAL, data)
    (data / rel).write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    for p in load(data).problems:
        assert p.message_en and p.message_zh


# --- the layout (layout.py) drives what is read and what is reported as unknown


@pytest.mark.parametrize("kind", layout.LAYOUT, ids=[k.kind for k in layout.LAYOUT])
def test_every_kind_of_file_is_in_the_minimal_tree(kind):
    """The registry's patterns describe real files (and the minimal fixture has one of each)."""
    assert sorted(MINIMAL.glob(re.sub(r"<[^>]+>", "*", kind.path))), kind.path


def test_unknown_files_list_what_the_layout_allows_there(data):
    write(data, f"{PLAN}/indicator.yaml", "[]\n")
    write(data, "reference/notes.txt", "x\n")
    write(data, "cities/stray.yaml", "x\n")
    (data / "cities/example/plans.yaml").mkdir()
    found = {p.file: p for p in validate(data)}
    assert sorted((p.code, f, p.line) for f, p in found.items()) == [
        ("unknown-file", "data/cities/example/plans.yaml", None),
        ("unknown-file", f"data/{PLAN}/indicator.yaml", None),
        ("unknown-file", "data/cities/stray.yaml", None),
        ("unknown-file", "data/reference/notes.txt", None),
    ]
    plan = found[f"data/{PLAN}/indicator.yaml"]
    assert "indicators.yaml, observations.csv, plan.yaml, task_reports.csv, tasks.yaml" in plan.fix_en
    assert "did you mean `indicators.yaml`" in plan.message_en
    assert "city.yaml, departments.yaml, plans;" in found["data/cities/example/plans.yaml"].fix_en
    assert "<city-id>/;" in found["data/cities/stray.yaml"].fix_en
    assert "<series-id>.yaml;" in found["data/reference/notes.txt"].fix_en


def test_the_loader_reads_each_kind_with_its_model():
    """What the loader puts in the portal comes from the file the registry names, validated by its model."""
    tree, problems = read_tree(MINIMAL)
    assert problems == []
    city, plan = tree.cities[0], tree.cities[0].plans[0]
    by_kind = {
        layout.CITY: [city.city],
        layout.DEPARTMENTS: city.departments.items,
        layout.PLAN: [plan.plan],
        layout.INDICATORS: plan.indicators.items,
        layout.TASKS: plan.tasks.items,
        layout.OBSERVATIONS: plan.observations,
        layout.TASK_REPORTS: plan.task_reports,
        layout.CONCEPTS: tree.concepts.items,
        layout.REFERENCE: tree.reference.items,
        layout.GLOSSARY: tree.glossary,
        layout.WEB_SOURCES: tree.web_sources.items,
        layout.DOCUMENTS: tree.documents.items,
    }
    assert set(by_kind) == set(layout.FILE_KINDS)
    for kind, items in by_kind.items():
        assert items and all(isinstance(i.model, kind.model) for i in items), kind.kind
        pattern = re.sub(r"<[^>]+>", "[^/]+", re.escape(kind.path))  # re.escape leaves < and > alone
        assert all(re.fullmatch(f"minimal/{pattern}", i.file) for i in items), (kind.kind, items[0].file)
