"""Open-data downloads: CSV tables, an Excel workbook, a Frictionless data package, one CSV and one
JSON file per plan, and one zip of the data package. The last stage of the build: the only part that writes.

Layout of ``downloads/``:

* whole-portal tables (``plans.csv``, ``indicators.csv``, ``observations.csv``, ``tasks.csv`` …),
  ``datapackage.json`` describing every CSV, ``VERSION.txt``;
* ``plans/<plan>.csv``: the plan's reported values, one row per indicator and year, with the
  indicator's name and unit (the same rows as ``observations.csv``, so a spreadsheet user needs
  one file per plan); their shared Table Schema is ``plan-values.schema.json``;
* ``plans/<plan>.json``: the plan, each indicator with its values and the workings of its
  status (the assessment's steps are in no CSV);
* ``portal.xlsx``: the whole-portal tables as sheets;
* ``portal-data.zip``: every file above except the workbook (a second copy of the same tables,
  already compressed), so the zip is the data package and the JSON files.

One file pair per plan instead of one per indicator: at 10 synthetic cities 60 files instead of
1 191 and 4.4 MB instead of 6.7 MB, with the same data.

Everything under ``<out_dir>/downloads/`` is deterministic: the same portal, assessments and
data version give the same bytes (fixed zip timestamps, sorted entries, no clock).

CSV files are UTF-8 with a byte-order mark and CRLF line ends, so Excel opens Chinese text
correctly. Text cells that a spreadsheet would run as a formula (starting with ``= + - @``,
tab or carriage return) get a leading apostrophe; numbers are written as numbers, so real
negative values are untouched. The data version is stated in ``VERSION.txt``, in
``datapackage.json``, in every JSON file and on the workbook's first sheet; the CSVs stay
plain tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import Indicator, ObservationPeriod, ObservationRow, WebSource
from .portal import CityData, DataVersion, PlanData, Portal
from .publishing import Publishing, package_licences, readme_text
from .status import SOURCE_KIND_ORDER, STATUS_ORDER, Assessment, grade, source_kind

DOWNLOADS_DIR = "downloads"
ZIP_NAME = "portal-data.zip"
PLAN_DIR = "plans"  # downloads/plans/<plan>.csv|json; generator.pages.downloads_page links them
PLAN_SCHEMA_NAME = "plan-values.schema.json"
WORKBOOK_NAME = "portal.xlsx"
README_NAME = "README.txt"  # in the zip only: what it is, the licence, how to cite it
PACKAGE_NAME = "henan-ip-plans"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ZipTime = tuple[int, int, int, int, int, int]  # year, month, day, hour, minute, second
EPOCH: ZipTime = (1980, 1, 1, 0, 0, 0)  # zip timestamps when the data version has no date


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, date
    title: str
    description: str = ""
    enum: tuple[str, ...] = ()  # the values allowed (a Table Schema ``enum`` constraint); empty: any


def _c(name: str, type_: str, title: str, description: str = "", enum: tuple[str, ...] = ()) -> Column:
    return Column(name, type_, title, description, enum)


SOURCE_COLUMNS = [
    _c("source_file", "string", "Source document", "File in data/sources/ or the title of a published report."),
    _c("source_section", "string", "Source section", "Section, table and row in the document's own words."),
    _c("source_quote", "string", "Source quote", "The document's exact words."),
]

TABLES: dict[str, list[Column]] = {
    "plans": [
        _c("city_id", "string", "City id"),
        _c("plan_id", "string", "Plan id"),
        _c("title_zh", "string", "Title (Chinese)"),
        _c("title_en", "string", "Title (English, unofficial)"),
        _c("doc_number", "string", "Document number (文号)"),
        _c("issuer_zh", "string", "Issuer (Chinese)"),
        _c("issuer_en", "string", "Issuer (English)"),
        _c("issue_date", "date", "Issue date"),
        _c("period_start", "integer", "First year"),
        _c("period_end", "integer", "Last year"),
        _c("kind", "string", "Kind of plan", "five-year-plan, implementation-plan, annual-work-plan or strategy."),
        _c("status", "string", "Document status", "draft, issued, superseded or expired."),
        *SOURCE_COLUMNS,
    ],
    "indicators": [
        _c("city_id", "string", "City id"),
        _c("plan_id", "string", "Plan id"),
        _c("indicator_id", "string", "Indicator id"),
        _c("number", "string", "Number in the document's table"),
        _c("category_zh", "string", "Category (Chinese)"),
        _c("category_en", "string", "Category (English)"),
        _c("name_zh", "string", "Name (Chinese)"),
        _c("name_en", "string", "Name (English, unofficial)"),
        _c("unit_zh", "string", "Unit (Chinese)"),
        _c("unit_en", "string", "Unit (English)"),
        _c(
            "measure",
            "string",
            "Measure",
            "cumulative (stock at year end), annual (that year alone) or period-total (sum over the plan years).",
        ),
        _c("nature", "string", "Nature", "expected (预期性) or binding (约束性), where the document says."),
        _c("direction", "string", "Better direction", "higher or lower."),
        _c("concept", "string", "Concept id", "Shared measure for comparing cities."),
        _c("baseline_year", "integer", "Baseline year"),
        _c("baseline_value", "number", "Baseline value", "Empty where the document does not report it."),
        _c("target_year", "integer", "Target year"),
        _c(
            "target_kind",
            "string",
            "Target kind",
            "exact, at-least, at-most, range, growth-rate, change (a one-off change, not a yearly rate) or qualitative.",
        ),
        _c("target_value", "number", "Target value", "For exact, at-least and at-most targets."),
        _c("target_min", "number", "Target range minimum"),
        _c("target_max", "number", "Target range maximum"),
        _c(
            "target_rate",
            "number",
            "Target rate",
            "growth-rate: % a year; change: the one-off change by the target year (negative for a fall).",
        ),
        _c(
            "target_basis",
            "string",
            "Basis of a change target",
            "relative (% of the start), points (percentage points) or unstated (the document does not say; status assumes relative).",
        ),
        _c(
            "target_qualifier",
            "string",
            "The document's hedge",
            "strive (力争) or try (争取); empty if the target is firm. The status ignores it.",
        ),
        _c("target_text_zh", "string", "Target in words (Chinese)"),
        _c("target_text_en", "string", "Target in words (English)"),
        _c("latest_year", "integer", "Latest reported year", "Empty where no value is reported after the baseline."),
        _c("latest_value", "number", "Latest reported value"),
        _c(
            "status",
            "string",
            "Progress status",
            ", ".join(s.value for s in STATUS_ORDER[:-1])
            + f" or {STATUS_ORDER[-1].value}; overdue: the target year has passed and its outcome is not reported"
            " (see the Methodology page).",
            enum=tuple(s.value for s in STATUS_ORDER),
        ),
        *SOURCE_COLUMNS,
        _c("notes_zh", "string", "Notes (Chinese)"),
        _c("notes_en", "string", "Notes (English)"),
    ],
    "observations": [
        _c("city_id", "string", "City id"),
        _c("plan_id", "string", "Plan id"),
        _c("indicator_id", "string", "Indicator id"),
        _c("year", "integer", "Year"),
        _c("value", "number", "Value"),
        _c(
            "source",
            "string",
            "Source",
            "Source document file, published report, or web:<id> for a page in data/sources/web.yaml.",
        ),
        _c("section", "string", "Section"),
        _c("quote", "string", "Quote"),
        _c("note_zh", "string", "Note (Chinese)"),
        _c("note_en", "string", "Note (English)"),
        _c(
            "source_kind",
            "string",
            "Source kind",
            "document (a document transcribed in data/sources/), official (government site), press, or copy (of a press article).",
            enum=SOURCE_KIND_ORDER,
        ),
        _c("source_url", "string", "Source address", "The web page's address, for a web source."),
        _c("source_publisher", "string", "Source publisher", "Who published the web page."),
        _c("source_original_publisher", "string", "Original publisher", "For a copy: who published it first."),
        _c("source_published", "date", "Published", "The web page's publication date, when it states one."),
        _c("source_accessed", "date", "Accessed", "When the web page was read."),
        _c(
            "period",
            "string",
            "Period",
            "year-end, or partial (part of a year or an estimate: never used as a year-end value).",
            enum=tuple(p.value for p in ObservationPeriod),
        ),
        _c("period_text", "string", "Period in the source's words"),
    ],
    "tasks": [
        _c("city_id", "string", "City id"),
        _c("plan_id", "string", "Plan id"),
        _c("task_id", "string", "Task id"),
        _c("number", "string", "Number in the document"),
        _c("section_zh", "string", "Section (Chinese)"),
        _c("section_en", "string", "Section (English)"),
        _c("title_zh", "string", "Title (Chinese)"),
        _c("title_en", "string", "Title (English)"),
        _c("text_zh", "string", "Task text (Chinese)"),
        _c("text_en", "string", "Task text (English)"),
        _c("responsible_ids", "string", "Responsible department ids", "Separated by semicolons."),
        _c("responsible_zh", "string", "Responsible departments (Chinese)", "Separated by semicolons (；)."),
        _c("responsible_en", "string", "Responsible departments (English)", "Separated by semicolons."),
        _c("deadline", "date", "Deadline"),
        _c(
            "latest_status",
            "string",
            "Latest reported status",
            "not-started, in-progress, completed or delayed; empty if never reported.",
        ),
        _c("latest_status_date", "date", "Date of the latest status report"),
        *SOURCE_COLUMNS,
    ],
    "task_reports": [
        _c("city_id", "string", "City id"),
        _c("plan_id", "string", "Plan id"),
        _c("task_id", "string", "Task id"),
        _c("date", "date", "Report date"),
        _c("status", "string", "Status"),
        _c("source", "string", "Source"),
        _c("note_zh", "string", "Note (Chinese)"),
        _c("note_en", "string", "Note (English)"),
        _c("quote", "string", "Quote", "The source's exact words."),
        _c("source_kind", "string", "Source kind", "document, official, press or copy.", enum=SOURCE_KIND_ORDER),
        _c("source_url", "string", "Source address", "The web page's address, for a web source."),
    ],
    "departments": [
        _c("city_id", "string", "City id"),
        _c("department_id", "string", "Department id"),
        _c("name_zh", "string", "Name (Chinese)"),
        _c("name_en", "string", "Name (English)"),
        _c("aliases", "string", "Other spellings in the documents", "Separated by semicolons."),
        _c("notes_zh", "string", "Notes (Chinese)"),
        _c("notes_en", "string", "Notes (English)"),
    ],
    "reference": [
        _c("series_id", "string", "Series id"),
        _c("plan_id", "string", "Plan that quotes it"),
        _c("name_zh", "string", "Series name (Chinese)"),
        _c("name_en", "string", "Series name (English)"),
        _c("unit_zh", "string", "Unit (Chinese)"),
        _c("unit_en", "string", "Unit (English)"),
        _c("concept", "string", "Concept id"),
        _c("entity_zh", "string", "Entity (Chinese)"),
        _c("entity_en", "string", "Entity (English)"),
        _c("year", "integer", "Year"),
        _c("value", "number", "Value", "Empty where the document's table shows nothing."),
        _c("kind", "string", "Kind", "observed or target."),
        _c("row", "string", "Table row"),
        *SOURCE_COLUMNS[:2],
    ],
}
PRIMARY_KEYS = {
    "plans": ["plan_id"],
    "indicators": ["plan_id", "indicator_id"],
    "tasks": ["plan_id", "task_id"],
    "departments": ["city_id", "department_id"],
}
TABLE_TITLES = {
    "plans": "Plans",
    "indicators": "Indicators",
    "observations": "Reported values",
    "tasks": "Tasks",
    "task_reports": "Task status reports",
    "departments": "Responsible departments",
    "reference": "Reference figures quoted by the plans",
}
_OBS = {c.name: c for c in TABLES["observations"]}
_WEB_COLUMNS = (
    "source_kind",
    "source_url",
    "source_publisher",
    "source_original_publisher",
    "source_published",
    "source_accessed",
    "period",
    "period_text",
)
_IND = {c.name: c for c in TABLES["indicators"]}
# One plan's reported values: observations.csv's columns with the indicator's name and unit.
PLAN_VALUE_COLUMNS = [
    _OBS["city_id"],
    _OBS["plan_id"],
    _OBS["indicator_id"],
    _c("name_zh", "string", "Indicator name (Chinese)"),
    _c("name_en", "string", "Indicator name (English, unofficial)"),
    _IND["unit_zh"],
    _IND["unit_en"],
    *(_OBS[n] for n in ("year", "value", "source", "section", "quote", "note_zh", "note_en")),
    *(_OBS[n] for n in _WEB_COLUMNS),
]


# ------------------------------------------------------------------ rows


def _zh(text) -> str | None:
    return text.zh if text is not None else None


def _en(text) -> str | None:
    return text.en if text is not None else None


def _source(src) -> dict:
    return {"source_file": src.file, "source_section": src.section, "source_quote": src.quote} if src else {}


def plan_rows(portal: Portal) -> list[dict]:
    return [
        {
            "city_id": c.city.id,
            "plan_id": p.plan.id,
            "title_zh": p.plan.title.zh,
            "title_en": p.plan.title.en,
            "doc_number": p.plan.doc_number,
            "issuer_zh": _zh(p.plan.issuer),
            "issuer_en": _en(p.plan.issuer),
            "issue_date": p.plan.issue_date,
            "period_start": p.plan.period.start,
            "period_end": p.plan.period.end,
            "kind": p.plan.kind.value,
            "status": p.plan.status.value,
            **_source(p.plan.source),
        }
        for c, p in portal.plans()
    ]


def indicator_row(city: CityData, pd: PlanData, ind: Indicator, a: Assessment | None) -> dict:
    b, t = ind.baseline, ind.target
    return {
        "city_id": city.city.id,
        "plan_id": pd.plan.id,
        "indicator_id": ind.id,
        "number": ind.number,
        "category_zh": ind.category.zh,
        "category_en": ind.category.en,
        "name_zh": ind.name.zh,
        "name_en": ind.name.en,
        "unit_zh": ind.unit.zh,
        "unit_en": ind.unit.en,
        "measure": ind.measure.value,
        "nature": ind.nature.value if ind.nature else None,
        "direction": ind.direction.value,
        "concept": ind.concept,
        "baseline_year": b.year if b else None,
        "baseline_value": b.value if b else None,
        "target_year": t.year,
        "target_kind": t.kind.value,
        "target_value": t.value,
        "target_min": t.min,
        "target_max": t.max,
        "target_rate": t.rate,
        "target_basis": t.basis.value if t.basis else None,
        "target_qualifier": t.qualifier.value if t.qualifier else None,
        "target_text_zh": _zh(t.text),
        "target_text_en": _en(t.text),
        "latest_year": a.latest.year if a is not None and a.latest else None,
        "latest_value": a.latest.value if a is not None and a.latest else None,
        "status": a.status.value if a is not None else None,
        **_source(ind.source),
        "notes_zh": _zh(ind.notes),
        "notes_en": _en(ind.notes),
    }


def indicator_rows(portal: Portal, assessments: Mapping[tuple[str, str], Assessment]) -> list[dict]:
    return [indicator_row(c, p, i, assessments.get((p.plan.id, i.id))) for c, p in portal.plans() for i in p.indicators]


def _observation(o: ObservationRow, web: Mapping[str, WebSource]) -> dict:
    page = web.get(o.web_id) if o.web_id is not None else None
    return {
        "year": o.year,
        "value": o.value,
        "source": o.source,
        "section": o.section,
        "quote": o.quote,
        "note_zh": o.note_zh,
        "note_en": o.note_en,
        "source_kind": source_kind(o, web),
        "source_url": page.url if page else None,
        "source_publisher": page.publisher if page else None,
        "source_original_publisher": page.original_publisher if page else None,
        "source_published": page.published if page else None,
        "source_accessed": page.accessed if page else None,
        "period": (o.period or ObservationPeriod.year_end).value,
        "period_text": o.period_text,
    }


def _web(portal: Portal) -> dict[str, WebSource]:
    return {w.id: w for w in portal.web_sources}


def plan_value_rows(city: CityData, pd: PlanData, web: Mapping[str, WebSource] | None = None) -> list[dict]:
    """One plan's reported values in indicator order (as the document lists them), then by year;
    `web`: the pages of sources/web.yaml by id (source kind, address, period)."""
    return [row for ind in pd.indicators for row in _named_values(city, pd, ind, web or {})]


def _named_values(city: CityData, pd: PlanData, ind: Indicator, web: Mapping[str, WebSource]) -> list[dict]:
    named = {
        "city_id": city.city.id,
        "plan_id": pd.plan.id,
        "indicator_id": ind.id,
        "name_zh": ind.name.zh,
        "name_en": ind.name.en,
        "unit_zh": ind.unit.zh,
        "unit_en": ind.unit.en,
    }
    return [{**named, **_observation(o, web)} for o in pd.observations_for(ind.id)]


# One indicator's values as its page shows them (baseline, reported values, target), for the
# per-indicator download next to the page: the plan file's columns, plus which kind of value a
# row is and the indicator's target and status (the columns of indicators.csv).
_KIND = _c("kind", "string", "Kind", "baseline, observed or target.", enum=("baseline", "observed", "target"))
INDICATOR_VALUE_COLUMNS = [
    *PLAN_VALUE_COLUMNS[:7],
    _KIND,
    *PLAN_VALUE_COLUMNS[7:],
    *(_IND[n] for n in ("target_kind", "target_min", "target_max", "target_rate", "status")),
]


def indicator_value_rows(
    city: CityData, pd: PlanData, ind: Indicator, a: Assessment | None, web: Mapping[str, WebSource] | None = None
) -> list[dict]:
    """One indicator's baseline, reported values and target, oldest first (as its page's table),
    each with its source; every row carries the indicator's status."""
    whole = indicator_row(city, pd, ind, a)
    named = {k: whole[k] for k in ("city_id", "plan_id", "indicator_id", "name_zh", "name_en", "unit_zh", "unit_en")}
    status = {"status": whole["status"]}

    def document_row(kind: str, year: int, value: float | None, src) -> dict:
        return {
            **named,
            "kind": kind,
            "year": year,
            "value": value,
            "source": src.file if src else None,
            "section": src.section if src else None,
            "quote": src.quote if src else None,
            "source_kind": "document",
            "period": ObservationPeriod.year_end.value,
            **status,
        }

    rows: list[dict] = []
    b = ind.baseline
    if b is not None:
        row = document_row("baseline", b.year, b.value, b.source or ind.source)
        rows.append({**row, "note_zh": _zh(b.note), "note_en": _en(b.note)})
    rows += [{**r, "kind": "observed", **status} for r in _named_values(city, pd, ind, web or {})]
    rows.sort(key=lambda r: r["year"])  # stable: the baseline stays ahead of a same-year value
    target = document_row("target", ind.target.year, ind.target.value, ind.source)
    target.update({k: whole[k] for k in ("target_kind", "target_min", "target_max", "target_rate")})
    return [*rows, target]


def indicator_files(
    city: CityData,
    pd: PlanData,
    ind: Indicator,
    a: Assessment | None,
    version: DataVersion,
    web: Mapping[str, WebSource] | None = None,
) -> tuple[bytes, bytes]:
    """One indicator's values (``indicator_value_rows``) as CSV (UTF-8 with BOM) and as JSON (the
    data version, the columns' Table Schema and the same rows)."""
    rows = indicator_value_rows(city, pd, ind, a, web)
    data = {
        "version": _version_dict(version),
        "schema": _schema(INDICATOR_VALUE_COLUMNS, None),
        "rows": [{c.name: row.get(c.name) for c in INDICATOR_VALUE_COLUMNS} for row in rows],
    }
    return csv_bytes(INDICATOR_VALUE_COLUMNS, rows), _json_bytes(data)


def observation_rows(portal: Portal) -> list[dict]:
    web = _web(portal)
    return [
        {"city_id": c.city.id, "plan_id": p.plan.id, "indicator_id": o.indicator, **_observation(o, web)}
        for c, p in portal.plans()
        for o in sorted(p.observations, key=lambda o: (o.indicator, o.year))
    ]


def task_rows(portal: Portal) -> list[dict]:
    rows = []
    for c, p in portal.plans():
        for task in p.tasks:
            depts = [c.department(d) for d in task.responsible]
            reports = p.reports_for(task.id)
            last = reports[-1] if reports else None
            rows.append(
                {
                    "city_id": c.city.id,
                    "plan_id": p.plan.id,
                    "task_id": task.id,
                    "number": task.number,
                    "section_zh": task.section.zh,
                    "section_en": task.section.en,
                    "title_zh": task.title.zh,
                    "title_en": task.title.en,
                    "text_zh": task.text.zh,
                    "text_en": task.text.en,
                    "responsible_ids": ";".join(task.responsible),
                    "responsible_zh": "；".join(
                        (d.name.zh or d.id) if d else i for d, i in zip(depts, task.responsible)
                    ),
                    "responsible_en": "; ".join(
                        (d.name.en or d.name.zh or d.id) if d else i for d, i in zip(depts, task.responsible)
                    ),
                    "deadline": task.deadline,
                    "latest_status": last.status.value if last else None,
                    "latest_status_date": last.date if last else None,
                    **_source(task.source),
                }
            )
    return rows


def task_report_rows(portal: Portal) -> list[dict]:
    web = _web(portal)
    return [
        {
            "city_id": c.city.id,
            "plan_id": p.plan.id,
            "task_id": r.task,
            "date": r.date,
            "status": r.status.value,
            "source": r.source,
            "note_zh": r.note_zh,
            "note_en": r.note_en,
            "quote": r.quote,
            "source_kind": source_kind(r, web),
            "source_url": web[r.web_id].url if r.web_id in web else None,
        }
        for c, p in portal.plans()
        for r in sorted(p.task_reports, key=lambda r: (r.task, r.date))
    ]


def department_rows(portal: Portal) -> list[dict]:
    return [
        {
            "city_id": c.city.id,
            "department_id": d.id,
            "name_zh": d.name.zh,
            "name_en": d.name.en,
            "aliases": ";".join(d.aliases),
            "notes_zh": _zh(d.notes),
            "notes_en": _en(d.notes),
        }
        for c in portal.cities
        for d in c.departments
    ]


def reference_rows(portal: Portal) -> list[dict]:
    return [
        {
            "series_id": s.id,
            "plan_id": s.plan,
            "name_zh": s.name.zh,
            "name_en": s.name.en,
            "unit_zh": s.unit.zh,
            "unit_en": s.unit.en,
            "concept": s.concept,
            "entity_zh": pt.entity.zh,
            "entity_en": pt.entity.en,
            "year": pt.year,
            "value": pt.value,
            "kind": pt.kind,
            "row": pt.row,
            "source_file": s.source.file,
            "source_section": s.source.section,
        }
        for s in portal.reference
        for pt in s.points
    ]


# ------------------------------------------------------------------ cells and files


def safe_text(text: str) -> str:
    """Neutralise spreadsheet formula injection: a leading apostrophe where a formula could start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str:
    """A CSV cell: numbers exactly as given (13.0 → 13), dates ISO, text neutralised, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # machine format, never grouped: 13.0 → 13, 4.62 → 4.62
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return safe_text(str(value))


def csv_bytes(columns: list[Column], rows: Iterable[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([cell(row.get(c.name)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _version_dict(version: DataVersion) -> dict:
    return {"commit": version.commit, "date": version.date}


def _zip_time(version: DataVersion) -> ZipTime:
    try:
        d = dt.date.fromisoformat(version.date) if version.date else None
    except ValueError:
        d = None
    return (max(d.year, 1980), d.month, d.day, 0, 0, 0) if d else EPOCH


def _json_bytes(data: Any, compact: bool = False) -> bytes:
    """JSON as UTF-8; ``compact`` (no indentation) for the per-plan data files, which tools read."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return (text + "\n").encode("utf-8")


def version_text(version: DataVersion) -> str:
    commit = version.commit or "unknown (not built from a git checkout)"
    date = version.date or "unknown"
    return (
        "数据版本 / Data version\r\n"
        f"commit: {commit}\r\n"
        f"date: {date}\r\n"
        "\r\n"
        "本目录中的所有文件均由同一版本的 data/ 生成。英文为非官方译文。\r\n"
        "Every file in this folder was generated from this version of data/. English text is an unofficial translation.\r\n"
    )


def _schema(columns: list[Column], table: str | None) -> dict:
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": c.name,
                "type": c.type,
                "title": c.title,
                **({"description": c.description} if c.description else {}),
                **({"constraints": {"enum": list(c.enum)}} if c.enum else {}),
            }
            for c in columns
        ],
        "missingValues": [""],
    }
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table]
    return schema


def _resource(name: str, path: str, title: str, schema: dict | str, description: str = "") -> dict:
    """A tabular resource; ``schema`` inline or the path of a shared Table Schema file."""
    res = {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }
    if description:
        res["description"] = description
    return res


def _created(version: DataVersion) -> str | None:
    """The package's ``created`` (an RFC 3339 datetime in the spec): the data version's date at midnight UTC."""
    t = _zip_time(version)
    return f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}T00:00:00Z" if version.date and t != EPOCH else None


def datapackage(resources: list[dict], version: DataVersion, publishing: Publishing | None = None) -> dict:
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Henan intellectual-property plans: indicators, reported values, tasks",
        "description": (
            "What Henan cities promised in their intellectual-property (知识产权) plans, the values reported since, "
            "and who is responsible. Chinese is the original; English is an unofficial translation. Every figure names "
            "its source document and section. Text cells that could run as a spreadsheet formula start with an added "
            "apostrophe ('). CSV files are UTF-8 with a byte-order mark."
        ),
        "version": version.short or "unversioned",
        "created": _created(version),
        "data_version": _version_dict(version),
        "licenses": package_licences((publishing or Publishing()).licence),
        "resources": resources,
    }
    if package["created"] is None:  # no date known: leave it out rather than state a wrong one
        del package["created"]
    return package


def _workbook_bytes(tables: dict[str, list[dict]], version: DataVersion) -> bytes:
    """The tables as sheets of one workbook, written by XlsxWriter.

    XlsxWriter streams rows (``constant_memory``) and is about twice as fast as openpyxl's
    write-only mode (50 synthetic cities: 1.7 s against 3.6 s). Text is never read as a
    number, formula or link. The document properties carry the data version's date, not the
    clock, and the zip entries get the same fixed date (deterministic bytes).
    """
    import xlsxwriter

    stamp = dt.datetime(*_zip_time(version))
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties({"created": stamp, "author": PACKAGE_NAME})
    info = wb.add_worksheet("version")
    for r, line in enumerate(version_text(version).split("\r\n")):
        if line:
            info.write_string(r, 0, line)
    for name, rows in tables.items():
        ws = wb.add_worksheet(name)
        ws.freeze_panes(1, 0)  # the header row stays in view
        columns = TABLES[name]
        ws.write_row(0, 0, [c.name for c in columns])
        for r, row in enumerate(rows, start=1):
            for c, column in enumerate(columns):
                _write_cell(ws, r, c, row.get(column.name))
    wb.close()
    return _repack_zip(buf.getvalue(), _zip_time(version))


def _write_cell(ws, r: int, c: int, value: Any) -> None:
    """A number stays a number; everything else is written as text (``write_string``), never parsed."""
    value = _xlsx_cell(value)
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value)
    else:
        ws.write_string(r, c, value)


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return safe_text(str(value))


def _repack_zip(data: bytes, date_time: ZipTime) -> bytes:
    """The same zip with fixed timestamps and sorted entries (deterministic bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {n: src.read(n) for n in src.namelist()}
    return _zip_bytes(entries, date_time)


def _zip_bytes(entries: Mapping[str, bytes], date_time: ZipTime) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, entries[name], compresslevel=9)
    return buf.getvalue()


# ------------------------------------------------------------------ the one writer


def build_files(
    portal: Portal,
    assessments: Mapping[tuple[str, str], Assessment],
    version: DataVersion,
    publishing: Publishing | None = None,
) -> dict[str, bytes]:
    """Every download as {path relative to downloads/: bytes}; pure, for tests and `write_downloads`.
    ``publishing``: the licence and address the package and the zip's README state (default: CC BY 4.0)."""
    publishing = publishing or Publishing()
    tables = {
        "indicators": indicator_rows(portal, assessments),
        "observations": observation_rows(portal),
        "tasks": task_rows(portal),
        "task_reports": task_report_rows(portal),
        "departments": department_rows(portal),
        "reference": reference_rows(portal),
        "plans": plan_rows(portal),
    }
    files: dict[str, bytes] = {}
    resources = []
    for name, rows in tables.items():
        files[f"{name}.csv"] = csv_bytes(TABLES[name], rows)
        resources.append(_resource(name, f"{name}.csv", TABLE_TITLES[name], _schema(TABLES[name], name)))

    # one value per indicator and year (the loader rejects duplicates)
    files[PLAN_SCHEMA_NAME] = _json_bytes({**_schema(PLAN_VALUE_COLUMNS, None), "primaryKey": ["indicator_id", "year"]})
    for city, pd in portal.plans():
        base = f"{PLAN_DIR}/{pd.plan.id}"
        files[f"{base}.csv"] = csv_bytes(PLAN_VALUE_COLUMNS, plan_value_rows(city, pd, _web(portal)))
        resources.append(
            _resource(
                f"plan-{pd.plan.id}",
                f"{base}.csv",
                f"Reported values: {pd.plan.title.en or pd.plan.title.zh}",
                PLAN_SCHEMA_NAME,
                description=f"{pd.plan.title.zh} ({pd.plan.id})",
            )
        )
        files[f"{base}.json"] = _json_bytes(plan_json(city, pd, assessments, version, _web(portal)), compact=True)

    files["datapackage.json"] = _json_bytes(datapackage(resources, version, publishing))
    files["VERSION.txt"] = version_text(version).encode("utf-8")
    readme = readme_text(publishing, version.short, version.date).encode("utf-8")
    # the data package and its README; the workbook is separate
    files[ZIP_NAME] = _zip_bytes({**files, README_NAME: readme}, _zip_time(version))
    files[WORKBOOK_NAME] = _workbook_bytes(tables, version)
    return files


def plan_json(
    city: CityData,
    pd: PlanData,
    assessments: Mapping[tuple[str, str], Assessment],
    version: DataVersion,
    web: Mapping[str, WebSource] | None = None,
) -> dict:
    """A plan with each indicator, its reported values (with the kind of source and, for a web
    source, its page) and how its status was worked out."""
    web = web or {}

    def observation(o: ObservationRow) -> dict:
        page = web.get(o.web_id) if o.web_id is not None else None
        return {
            **o.model_dump(mode="json", exclude={"indicator"}),
            "source_kind": source_kind(o, web),
            "web_source": page.model_dump(mode="json") if page else None,
        }

    return {
        "version": _version_dict(version),
        "city": city.city.id,
        "plan": pd.plan.model_dump(mode="json"),
        "indicators": [
            {
                "indicator": ind.model_dump(mode="json"),
                "observations": [observation(o) for o in pd.observations_for(ind.id)],
                "assessment": _assessment_dict(assessments.get((pd.plan.id, ind.id))),
            }
            for ind in pd.indicators
        ],
    }


def _assessment_dict(a: Assessment | None) -> dict | None:
    if a is None:
        return None
    return {
        "status": a.status.value,
        "grade": grade(a),
        "latest": {"year": a.latest.year, "value": a.latest.value} if a.latest else None,
        "required": a.required,
        "ratio": a.ratio,
        "method": a.method,
        "threshold": a.threshold,
        "steps": [{"code": s.code, **s.numbers} for s in a.steps],
    }


def write_downloads(
    portal: Portal, assessments: Mapping[tuple[str, str], Assessment], out_dir: Path, version: DataVersion
) -> list[Path]:
    """Write every download into ``out_dir/downloads/``; the written paths, sorted."""
    root = Path(out_dir) / DOWNLOADS_DIR
    written = []
    for rel, data in build_files(portal, assessments, version).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:  # keep mtimes of unchanged files
            path.write_bytes(data)
        written.append(path)
    return sorted(written)
