"""The layout of the data folder, declared once: which file holds which model, and where.

`FILE_KINDS` drives the loader (what it reads, with which model, and which other files
and folders it reports as `unknown-file`) and the generated references (`schema.py`: one JSON
Schema per kind, the sections and the layout listing of docs/reference/data-format.md).

A path is a pattern relative to data/: `<…>` parts stand for any name (a folder, or a file
with the given ending), the other parts are fixed names from `paths.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from . import models as m
from . import paths


@dataclass(frozen=True)
class FileKind:
    """One kind of file: where it sits, the model of its items, and how it holds them."""

    kind: str  # its name in docs/schema/<kind>.schema.json
    path: str  # e.g. "cities/<city-id>/plans/<plan-id>/indicators.yaml"
    model: type[BaseModel] | None  # None: read as text (the source documents)
    many: bool  # a YAML list of items, or a CSV file of rows
    csv: bool
    required: bool  # missing → `missing-file`
    title_zh: str
    title_en: str
    keys: tuple[str, ...] = ()  # CSV: the columns that name a row (all empty → `csv-merged-cell`)

    @property
    def folder(self) -> str:
        """The folder pattern, e.g. "cities/<city-id>" ("" for data/ itself)."""
        return self.path.rpartition("/")[0]

    @property
    def name(self) -> str:
        """The file name, or its pattern (e.g. "<series-id>.yaml")."""
        return self.path.rpartition("/")[2]

    @property
    def item_model(self) -> type[BaseModel]:
        """The model of its items; only the source documents (read as text) have none."""
        if self.model is None:
            raise ValueError(f"{self.kind} files are read as text, with no model")
        return self.model

    @property
    def columns(self) -> list[str]:
        """CSV: the columns, in the order of the model's fields."""
        return list(self.model.model_fields) if self.csv and self.model else []


_CITY = f"{paths.CITIES_DIR}/<city-id>"
_PLAN = f"{_CITY}/{paths.PLANS_DIR}/<plan-id>"

CITY = FileKind("city", f"{_CITY}/{paths.CITY_FILE}", m.City, False, False, True, "城市", "City")
DEPARTMENTS = FileKind(
    "departments", f"{_CITY}/{paths.DEPARTMENTS_FILE}", m.Department, True, False, False, "责任部门", "Departments"
)
PLAN = FileKind("plan", f"{_PLAN}/{paths.PLAN_FILE}", m.Plan, False, False, True, "规划", "Plan")
INDICATORS = FileKind(
    "indicators", f"{_PLAN}/{paths.INDICATORS_FILE}", m.Indicator, True, False, False, "指标", "Indicators"
)
TASKS = FileKind("tasks", f"{_PLAN}/{paths.TASKS_FILE}", m.Task, True, False, False, "任务", "Tasks")
OBSERVATIONS = FileKind(
    "observations",
    f"{_PLAN}/{paths.OBSERVATIONS_FILE}",
    m.ObservationRow,
    True,
    True,
    False,
    "实际值",
    "Observations",
    keys=("indicator", "year"),
)
TASK_REPORTS = FileKind(
    "task_reports",
    f"{_PLAN}/{paths.TASK_REPORTS_FILE}",
    m.TaskReportRow,
    True,
    True,
    False,
    "任务进展",
    "Task reports",
    keys=("task", "date"),
)
CONCEPTS = FileKind("concepts", paths.CONCEPTS_FILE, m.Concept, True, False, False, "可比概念", "Concepts")
REFERENCE = FileKind(
    "reference",
    f"{paths.REFERENCE_DIR}/<series-id>.yaml",
    m.ReferenceSeries,
    False,
    False,
    True,
    "参考数据",
    "Reference series",
)
GLOSSARY = FileKind("glossary", paths.GLOSSARY_FILE, m.GlossaryTerm, True, False, False, "术语表", "Glossary")
WEB_SOURCES = FileKind(
    "web_sources",
    f"{paths.SOURCES_DIR}/{paths.WEB_SOURCES_FILE}",
    m.WebSource,
    True,
    False,
    False,
    "网页来源",
    "Web sources",
)
DOCUMENTS = FileKind(
    "documents",
    f"{paths.SOURCES_DIR}/{paths.DOCUMENTS_FILE}",
    m.SourceDocument,
    True,
    False,
    False,
    "原文文件信息",
    "Source documents: titles, issuers, dates",
)
SOURCES = FileKind(
    "sources", f"{paths.SOURCES_DIR}/<file>.txt", None, False, False, False, "原文", "Source documents, verbatim"
)

# The kinds with a model, in the order of the reference pages.
FILE_KINDS: tuple[FileKind, ...] = (
    CITY,
    DEPARTMENTS,
    PLAN,
    INDICATORS,
    TASKS,
    OBSERVATIONS,
    TASK_REPORTS,
    CONCEPTS,
    REFERENCE,
    GLOSSARY,
    WEB_SOURCES,
    DOCUMENTS,
)
# Everything under data/, top folder first.
LAYOUT: tuple[FileKind, ...] = tuple(sorted((*FILE_KINDS, SOURCES), key=lambda k: k.path.count("/")))


def allowed(folder: str) -> dict[str, bool]:
    """What may sit directly in `folder` (a pattern, "" for data/), shown as in `unknown-file`: a name
    (`city.yaml`, `plans`), `<city-id>/` for any folder, `<series-id>.yaml` for any file with that
    ending. The value says whether the entry is a folder."""
    prefix = f"{folder}/" if folder else ""
    out: dict[str, bool] = {}
    for kind in LAYOUT:
        if kind.path.startswith(prefix):
            first, _, rest = kind.path[len(prefix) :].partition("/")
            out[f"{first}/" if rest and first.startswith("<") else first] = bool(rest)
    return dict(sorted(out.items()))


def fits(entry: str, is_folder: bool, path: Path) -> bool:
    """Whether `path` is what `entry` (a key of `allowed`) stands for."""
    if entry.startswith("<"):
        return path.is_dir() if is_folder else path.is_file() and path.name.endswith(entry.partition(">")[2])
    return path.name == entry and (path.is_dir() or not is_folder)
