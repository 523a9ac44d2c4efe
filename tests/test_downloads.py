"""Open-data downloads on the minimal fixture: columns, counts, BOM, formula safety, determinism."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator import downloads
from generator.downloads import TABLES, build_files, cell, safe_text, write_downloads
from generator.load import load
from generator.models import Department, ObservationRow, Text
from generator.portal import CityData, DataVersion, PlanData, Portal
from generator.status import assess

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal"
VERSION = DataVersion(commit="0123456789abcdef0123456789abcdef01234567", date="2026-12-01")


def assessments_for(portal: Portal) -> dict:
    return {
        (pd.plan.id, i.id): assess(i, pd.observations_for(i.id), 2024, period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for i in pd.indicators
    }


@pytest.fixture(scope="module")
def portal() -> Portal:
    result = load(MINIMAL)
    assert not result.errors
    return result.portal


@pytest.fixture(scope="module")
def files(portal) -> dict[str, bytes]:
    return build_files(portal, assessments_for(portal), VERSION)


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_table_has_its_columns(files):
    for name, columns in TABLES.items():
        data = files[f"{name}.csv"]
        header = data.decode("utf-8-sig").split("\r\n")[0]
        assert header.split(",") == [c.name for c in columns]
    required = [
        "city_id",
        "plan_id",
        "indicator_id",
        "name_zh",
        "name_en",
        "unit_zh",
        "unit_en",
        "measure",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_kind",
        "target_value",
        "target_min",
        "target_max",
        "latest_year",
        "latest_value",
        "status",
        "source_file",
        "source_section",
    ]
    assert set(required) <= {c.name for c in TABLES["indicators"]}
    assert {"city_id", "plan_id", "indicator_id", "year", "value", "source", "section"} <= {
        c.name for c in TABLES["observations"]
    }


def test_row_counts_match_the_portal(portal, files):
    plans = portal.plans()
    assert len(read_csv(files["indicators.csv"])) == sum(len(p.indicators) for _, p in plans)
    assert len(read_csv(files["observations.csv"])) == sum(len(p.observations) for _, p in plans)
    assert len(read_csv(files["tasks.csv"])) == sum(len(p.tasks) for _, p in plans)
    assert len(read_csv(files["departments.csv"])) == sum(len(c.departments) for c in portal.cities)
    assert len(read_csv(files["reference.csv"])) == sum(len(s.points) for s in portal.reference)
    for _, pd in plans:
        rows = read_csv(files[f"plans/{pd.plan.id}.csv"])
        expected = [(ind, o) for ind in pd.indicators for o in pd.observations_for(ind.id)]
        assert len(rows) == len(expected) == len(pd.observations)
        for row, (ind, o) in zip(rows, expected):
            assert (row["plan_id"], row["indicator_id"], int(row["year"])) == (pd.plan.id, ind.id, o.year)
            assert float(row["value"]) == o.value and row["source"] == o.source
            assert (row["name_zh"], row["name_en"], row["unit_zh"]) == (ind.name.zh, ind.name.en or "", ind.unit.zh)


def test_one_csv_and_one_json_per_plan_not_per_indicator(portal, files):
    """File count grows by two per plan: no per-indicator files (issue #7: 1 191 files at 10 cities before)."""
    plan_ids = [pd.plan.id for _, pd in portal.plans()]
    assert sorted(n for n in files if "/" in n) == sorted(
        f"plans/{p}.{ext}" for p in plan_ids for ext in ("csv", "json")
    )
    whole = {f"{name}.csv" for name in TABLES} | {
        "datapackage.json",
        "VERSION.txt",
        downloads.PLAN_SCHEMA_NAME,
        downloads.WORKBOOK_NAME,
        downloads.ZIP_NAME,
    }
    assert {n for n in files if "/" not in n} == whole


def test_plan_json_has_every_indicator_with_values_and_workings(portal, files):
    a = assessments_for(portal)
    for city, pd in portal.plans():
        doc = json.loads(files[f"plans/{pd.plan.id}.json"])
        assert doc["version"] == {"commit": VERSION.commit, "date": VERSION.date}
        assert doc["city"] == city.city.id and doc["plan"]["id"] == pd.plan.id
        assert [i["indicator"]["id"] for i in doc["indicators"]] == [i.id for i in pd.indicators]
        for item, ind in zip(doc["indicators"], pd.indicators):
            assert [o["year"] for o in item["observations"]] == [o.year for o in pd.observations_for(ind.id)]
            assert item["assessment"]["status"] == a[(pd.plan.id, ind.id)].status.value
            assert item["assessment"]["steps"] and all("code" in s for s in item["assessment"]["steps"])


def test_indicator_rows_carry_status_and_latest(portal, files):
    rows = {r["indicator_id"]: r for r in read_csv(files["indicators.csv"])}
    a = assessments_for(portal)
    for (_plan_id, ind_id), assessment in a.items():
        row = rows[ind_id]
        assert row["status"] == assessment.status.value
        if assessment.latest is None:
            assert row["latest_year"] == "" and row["latest_value"] == ""
        else:
            assert int(row["latest_year"]) == assessment.latest.year
            assert float(row["latest_value"]) == assessment.latest.value


def test_tasks_name_responsible_departments(portal, files):
    rows = read_csv(files["tasks.csv"])
    city = portal.cities[0]
    for row, task in zip(rows, [t for _, p in portal.plans() for t in p.tasks]):
        assert row["responsible_ids"].split(";") == task.responsible
        assert row["responsible_zh"].split("；") == [city.department(d).name.zh for d in task.responsible]


def test_numbers_are_exact_and_csv_uses_crlf(files):
    text = files["observations.csv"].decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert cell(13.0) == "13" and cell(4.62) == "4.62" and cell(-3.5) == "-3.5" and cell(None) == ""


def test_formula_injection_is_neutralised(portal):
    bad = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]  # models strip leading tab / CR
    city = portal.cities[0]
    depts = [Department(id=f"d{i}", name=Text(zh=b, en=b), aliases=[b]) for i, b in enumerate(bad)]
    pd = city.plans[0]
    ind = pd.indicators[0]
    neg = ObservationRow(indicator=ind.id, year=2023, value=-5.0, source=bad[0], section=bad[3])
    hostile = Portal(
        cities=[
            CityData(
                city=city.city, departments=depts, plans=[PlanData(plan=pd.plan, indicators=[ind], observations=[neg])]
            )
        ]
    )
    files = build_files(hostile, {}, VERSION)
    for row in read_csv(files["departments.csv"]):
        assert row["name_zh"].startswith("'") and row["name_zh"][1:] in bad
    obs = read_csv(files["observations.csv"])[0]
    assert obs["value"] == "-5"  # real negative numbers untouched
    assert obs["source"] == "'" + bad[0] and obs["section"] == "'" + bad[3]
    wb = openpyxl.load_workbook(io.BytesIO(files["portal.xlsx"]))
    ws = wb["departments"]
    names = [ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)]
    assert all(n.startswith("'") for n in names)
    assert all(ws.cell(row=r, column=3).data_type == "s" for r in range(2, ws.max_row + 1))
    assert wb["observations"].cell(row=2, column=5).value == -5
    assert safe_text("plain") == "plain" and safe_text("a=b") == "a=b"
    assert safe_text("\tx") == "'\tx" and safe_text("\rx") == "'\rx" and cell("-") == "'-"


def test_xlsx_has_every_table_and_the_version(portal, files):
    wb = openpyxl.load_workbook(io.BytesIO(files["portal.xlsx"]))
    assert wb.sheetnames[0] == "version"
    assert set(TABLES) <= set(wb.sheetnames)
    version_text = "\n".join(str(c.value) for row in wb["version"].iter_rows() for c in row if c.value)
    assert VERSION.commit in version_text and VERSION.date in version_text
    ws = wb["indicators"]
    assert ws.freeze_panes == "A2"  # the header row stays in view
    assert [c.value for c in ws[1]] == [c.name for c in TABLES["indicators"]]
    assert ws.max_row - 1 == sum(len(p.indicators) for _, p in portal.plans())


def test_datapackage_describes_every_csv(files):
    package = json.loads(files["datapackage.json"])
    assert package["data_version"] == {"commit": VERSION.commit, "date": VERSION.date}
    assert package["version"] == VERSION.short
    assert package["created"] == "2026-12-01T00:00:00Z"  # a datetime, as the Data Package spec requires
    described = {r["path"]: r for r in package["resources"]}
    csvs = {name for name in files if name.endswith(".csv")}
    assert set(described) == csvs
    for path, res in described.items():
        header = files[path].decode("utf-8-sig").split("\r\n")[0].split(",")
        schema = res["schema"]
        if isinstance(schema, str):  # a shared Table Schema file next to datapackage.json
            assert schema == downloads.PLAN_SCHEMA_NAME and path.startswith("plans/")
            schema = json.loads(files[schema])
            keys = [(r["indicator_id"], r["year"]) for r in read_csv(files[path])]
            assert schema["primaryKey"] == ["indicator_id", "year"] and len(keys) == len(set(keys))
        fields = schema["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["type"] in {"string", "integer", "number", "date"} and f["title"] for f in fields)
        for row in read_csv(files[path]):
            for f in fields:
                v = row[f["name"]]
                if v and f["type"] == "integer":
                    int(v)
                elif v and f["type"] == "number":
                    float(v)
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])


def test_every_json_file_and_version_txt_state_the_version(files):
    assert VERSION.commit in files["VERSION.txt"].decode("utf-8")
    jsons = [name for name in files if name.startswith("plans/") and name.endswith(".json")]
    assert jsons
    for name in jsons:
        doc = json.loads(files[name])
        assert doc["version"] == {"commit": VERSION.commit, "date": VERSION.date}
        assert doc["plan"]["id"] == Path(name).stem


def test_zip_holds_everything_and_is_deterministic(portal, tmp_path):
    a = assessments_for(portal)
    first = write_downloads(portal, a, tmp_path / "one", VERSION)
    second = write_downloads(portal, a, tmp_path / "two", VERSION)
    rel = lambda paths, root: [p.relative_to(root) for p in paths]  # noqa: E731
    assert rel(first, tmp_path / "one") == rel(second, tmp_path / "two")
    for p, q in zip(first, second):
        assert p.read_bytes() == q.read_bytes(), p.name
    zpath = tmp_path / "one" / "downloads" / downloads.ZIP_NAME
    with zipfile.ZipFile(zpath) as zf:
        names = set(zf.namelist())
        assert {info.date_time for info in zf.infolist()} == {(2026, 12, 1, 0, 0, 0)}
        assert zf.read("indicators.csv") == (tmp_path / "one" / "downloads" / "indicators.csv").read_bytes()
    # the data package, the JSON files and the README (licence, citation: only in the zip); the
    # workbook (the same tables again) is its own download
    on_disk = {p.relative_to(tmp_path / "one" / "downloads").as_posix() for p in first}
    assert names == (on_disk - {downloads.ZIP_NAME, downloads.WORKBOOK_NAME}) | {downloads.README_NAME}
    assert "datapackage.json" in names and any(n.startswith("plans/") for n in names)
    with zipfile.ZipFile(tmp_path / "one" / "downloads" / downloads.WORKBOOK_NAME) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2026, 12, 1, 0, 0, 0)}


def test_a_different_version_changes_the_stated_version(portal):
    other = build_files(portal, assessments_for(portal), DataVersion())
    package = json.loads(other["datapackage.json"])
    assert package["version"] == "unversioned" and package["data_version"] == {"commit": None, "date": None}
    assert "created" not in package
    assert b"unknown" in other["VERSION.txt"]


def test_workbook_text_that_looks_like_a_number_date_or_link_stays_text():
    """A spreadsheet writer that guesses types would turn "0012" into 12 or "https://…" into a link."""
    rows = [
        {
            "city_id": "0012",
            "department_id": "2026-01-01",
            "name_zh": "https://example.org",
            "name_en": "1e5",
            "aliases": None,
            "notes_zh": "=1+1",
            "notes_en": 7,
        }
    ]
    wb = openpyxl.load_workbook(io.BytesIO(downloads._workbook_bytes({"departments": rows}, VERSION)))
    ws = wb["departments"]
    assert [c.value for c in ws[2]] == ["0012", "2026-01-01", "https://example.org", "1e5", None, "'=1+1", 7]
    assert [c.data_type for c in ws[2]][:4] == ["s"] * 4 and ws.cell(row=2, column=7).data_type == "n"
    assert not ws._hyperlinks


def test_workbook_modified_stamp_is_the_data_version_not_the_clock(portal, tmp_path):
    """openpyxl writes the save time into docProps/core.xml; the workbook must not depend on it."""
    import re as _re

    write_downloads(portal, assessments_for(portal), tmp_path, VERSION)
    with zipfile.ZipFile(tmp_path / "downloads" / downloads.WORKBOOK_NAME) as zf:
        core = zf.read("docProps/core.xml").decode()
    assert _re.search(r"<dcterms:modified[^>]*>2026-12-01T00:00:00Z</dcterms:modified>", core), core


def test_plan_pages_link_files_that_exist(portal, files):
    """The page renderers find a plan's files where this module writes them (both languages)."""
    from generator.pages import Inputs, downloads_page, plan
    from generator.pages.common import urls
    from generator.pages.inputs import Download

    assert f"{downloads.DOWNLOADS_DIR}/{downloads.PLAN_DIR}" == downloads_page.PLAN_FOLDER
    listed = [Download(f"{downloads.DOWNLOADS_DIR}/{name}", len(data)) for name, data in sorted(files.items())]
    inputs = Inputs(portal=portal, assessments=assessments_for(portal), downloads=listed)
    for lang, root in (("zh", "site"), ("en", "site/en")):
        for cd, pd in portal.plans():
            page = plan.plan_page(inputs, cd, pd, lang)
            served = f"{root}/" + urls.plan(pd.plan.id).removesuffix("index.md")
            hrefs = re.findall(r'href="([^"]+)" download', page.body)
            assert len(hrefs) == 2, (lang, hrefs)
            for href in hrefs:
                target = posixpath.normpath(posixpath.join(served, href))
                assert target.startswith("site/downloads/") and target.removeprefix("site/downloads/") in files


def test_published_files_match_the_golden_copies(files, golden):
    """Every text file readers download (CSV, JSON, VERSION.txt) for the minimal fixture, byte for byte, so a
    changed column, number spelling or line end shows up as a diff to review (the workbook and zip are checked above).
    """
    golden.tree(
        "downloads",
        {name: data.decode("utf-8") for name, data in files.items() if not name.endswith((".xlsx", ".zip"))},
    )
