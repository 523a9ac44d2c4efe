"""The shape of the portal's data, declared once.

Every file under ``data/`` is validated against one of these models. The JSON Schema
(``docs/schema/``) and the data-format reference (``docs/reference/data-format.md``) are
generated from them (``python -m generator schema``); a test fails when the committed
copies are stale.

Which file holds which model is declared in `layout.py` (listed in docs/reference/data-format.md).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Lowercase id: letters a-z, digits and single hyphens, e.g. `zhengzhou`."),
]


class Model(BaseModel):
    """Base for every data model: unknown fields are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


class Text(Model):
    """Bilingual text. Chinese is the original; English is an unofficial translation.

    A missing translation is a warning (`missing-translation`), an error under `--strict`.
    """

    zh: str | None = Field(None, max_length=20000, description="Chinese text (the original).")
    en: str | None = Field(None, max_length=20000, description="English translation (unofficial).")


class Source(Model):
    """Where a figure or statement comes from: a document and a place in it."""

    file: str = Field(
        description="File name of the source document in `data/sources/` (e.g. `001_14bced0b766623b4.txt`), "
        "or, for a later progress report, the title of the published report."
    )
    section: str = Field(
        description="Section, table and row, in the document's own words, e.g. `二、(三) 主要指标表 第1行`."
    )
    quote: str | None = Field(
        None,
        max_length=2000,
        description="The exact words of the document that state the figure. When `file` is in `data/sources/`, "
        "the validator checks the quote appears there (`quote-not-in-source`).",
    )
    url: str | None = Field(None, description="Public address of the document, if any (https only).")


class AdminLevel(str, Enum):
    provincial_capital = "provincial-capital"
    prefecture_city = "prefecture-city"
    county_city = "county-city"
    special_zone = "special-zone"


class City(Model):
    """A city (or zone) that issues plans. File: `cities/<id>/city.yaml`; `id` must equal the folder name."""

    id: Slug
    name: Text
    province: Text
    level: AdminLevel = Field(description="Administrative level.")
    population_note: Text | None = Field(None, description="Population as the documents state it, if they do.")
    source: Source | None = None


class Department(Model):
    """A responsible unit in one city. File: `cities/<city>/departments.yaml` (a list)."""

    id: Slug
    name: Text
    aliases: list[str] = Field(default_factory=list, description="Other spellings used in the documents, verbatim.")
    notes: Text | None = None


class PlanKind(str, Enum):
    five_year_plan = "five-year-plan"
    implementation_plan = "implementation-plan"
    annual_work_plan = "annual-work-plan"
    strategy = "strategy"


class PlanStatus(str, Enum):
    draft = "draft"  # draft for public comment
    issued = "issued"
    superseded = "superseded"
    expired = "expired"


class Period(Model):
    """The years a plan covers, first and last included, e.g. `{start: 2021, end: 2025}`."""

    start: int = Field(ge=1949, le=2100)
    end: int = Field(ge=1949, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("period end is before its start")
        return self


class Revision(Model):
    """One dated step in a plan's life, e.g. a draft for comment, then the issued text."""

    date: dt.date
    status: PlanStatus
    note: Text | None = None


class Plan(Model):
    """A plan document. File: `cities/<city>/plans/<id>/plan.yaml`; `id` must equal the folder name."""

    schema_version: Literal[1] = Field(description="Version of this data format. Always 1 for now.")
    id: Slug
    city: Slug = Field(description="Id of the city that issued the plan (must match the folder).")
    title: Text
    short_title: Text | None = Field(None, description="A short name for menus and tables.")
    doc_number: str | None = Field(None, description="Document number (文号), verbatim, e.g. `许知战联办〔2022〕2号`.")
    issuer: Text | None = Field(None, description="Issuing body, if the document names one.")
    issue_date: dt.date | None = None
    period: Period
    kind: PlanKind
    status: PlanStatus
    source: Source
    summary: Text | None = Field(None, description="One or two sentences on what the plan sets out to do.")
    revisions: list[Revision] = Field(default_factory=list)
    notes: Text | None = None


class Measure(str, Enum):
    cumulative = "cumulative"  # a stock or running total at the end of the year
    annual = "annual"  # a value for that year alone (Zhengzhou's `*`)
    period_total = "period-total"  # a sum over several years of the plan


class Nature(str, Enum):
    expected = "expected"  # 预期性
    binding = "binding"  # 约束性


class Direction(str, Enum):
    higher = "higher"
    lower = "lower"  # type: ignore[assignment]  # shadows str.lower; the data's word is "lower"


class Baseline(Model):
    """The starting value. `value: null` means the document reports it as not available (e.g. `-`)."""

    year: int = Field(ge=1949, le=2100)
    value: float | None = None
    source: Source | None = Field(None, description="Where the baseline is stated, if not the indicator's source.")
    note: Text | None = None


class TargetKind(str, Enum):
    exact = "exact"  # reach `value`
    at_least = "at-least"  # 超过 / 突破 / 不低于 / 以上: reach at least `value`
    at_most = "at-most"  # stay at or under `value`
    range = "range"  # between `min` and `max`, e.g. `3-4`
    growth_rate = "growth-rate"  # grow by `rate` percent a year (at least)
    change = "change"  # change once by `rate` from the start to the target year, e.g. 提升30% (see `basis`)
    qualitative = "qualitative"  # words only, e.g. 有所突破


class ChangeBasis(str, Enum):
    relative = "relative"  # `rate` percent of the starting value (提升30% meaning ×1.3)
    points = "points"  # `rate` percentage points (the document says 个百分点)
    unstated = "unstated"  # the document does not say; calculated as relative, and the steps say so


class Qualifier(str, Enum):
    strive = "strive"  # 力争: strive to
    try_ = "try"  # 争取: try to


class Target(Model):
    """The goal. Which fields are needed depends on `kind`.

    A `change` target is a one-off change by the target year, not a yearly rate: 年专利转化率提升30%
    is `{kind: change, rate: 30, basis: unstated}`. `rate` is signed (negative for a fall); `basis`
    says whether it is relative to the starting value or in percentage points, or that the document
    does not say (the status is then calculated as a relative change and says it assumed so).

    `qualifier` keeps the document's hedge: `strive` for 力争 ("strive to"), `try` for 争取 ("try to").
    It is shown wherever the target is said in words (力争达到18000件); the status is worked out
    exactly as without it.
    """

    year: int = Field(ge=1949, le=2100)
    kind: TargetKind
    value: float | None = Field(None, description="For exact, at-least and at-most.")
    min: float | None = Field(None, description="For range.")
    max: float | None = Field(None, description="For range.")
    rate: float | None = Field(
        None,
        description="For growth-rate: percent per year, e.g. 20 for 20 %. For change: the one-off change by the "
        "target year, in percent or percentage points (see `basis`); negative for a fall.",
    )
    basis: ChangeBasis | None = Field(
        None, description="For change only (and required there): relative, points or unstated."
    )
    qualifier: Qualifier | None = Field(
        None,
        description="The document's hedge, if any: strive (力争) or try (争取). Shown with the target; "
        "does not change the status.",
    )
    text: Text | None = Field(None, description="The target in words (required for qualitative).")

    @model_validator(mode="after")
    def _basis_with_change(self) -> Target:
        if self.kind is TargetKind.change and self.basis is None:
            raise ValueError("a target of kind `change` needs `basis` (relative, points or unstated)")
        if self.kind is not TargetKind.change and self.basis is not None:
            raise ValueError(f"a target of kind `{self.kind.value}` does not use `basis` (only change does)")
        return self


class Indicator(Model):
    """A measurable promise of a plan. File: `cities/<city>/plans/<plan>/indicators.yaml` (a list)."""

    id: Slug
    number: str | None = Field(None, description="Number in the document's table, if any.")
    category: Text
    name: Text
    unit: Text
    measure: Measure
    nature: Nature | None = Field(None, description="预期性 expected or 约束性 binding, where the document says.")
    direction: Direction = Direction.higher
    baseline: Baseline | None = None
    target: Target
    concept: Slug | None = Field(None, description="Id of a concept in `concepts.yaml`, to compare across cities.")
    source: Source
    notes: Text | None = None


class Concept(Model):
    """A measure that several plans use, so cities can be compared. File: `concepts.yaml` (a list)."""

    id: Slug
    name: Text
    unit: Text
    measure: Measure | None = Field(None, description="If set, linked indicators must use this measure.")
    description: Text | None = None


class TaskStatus(str, Enum):
    not_started = "not-started"
    in_progress = "in-progress"
    completed = "completed"
    delayed = "delayed"


class Task(Model):
    """A task or work item of a plan. File: `cities/<city>/plans/<plan>/tasks.yaml` (a list)."""

    id: Slug
    number: str | None = Field(None, description="Number in the document, e.g. `12`.")
    section: Text = Field(description="The section heading the task sits under.")
    title: Text
    text: Text = Field(description="The task in full (Chinese); English may be a summary.")
    responsible: list[Slug] = Field(
        default_factory=list, description="Ids of departments in this city, in the document's order."
    )
    lead: list[Slug] = Field(
        default_factory=list,
        description="Ids of the responsible units the document itself marks as lead (牵头, `XX牵头，YY配合`, a "
        "牵头单位 column; or the first named where the document says the first named leads). Each must be in "
        "`responsible` (`lead-not-responsible`). Empty when the document names no lead: never guessed.",
    )
    indicators: list[Slug] = Field(
        default_factory=list,
        description="Ids of this plan's indicators the task serves, only where the document ties them: the task's "
        "own text states the indicator's measure with the same figure (see docs/transcription/). Empty otherwise.",
    )
    deadline: dt.date | None = None
    source: Source
    notes: Text | None = None


class ReferencePoint(Model):
    """One figure in a reference series."""

    entity: Text = Field(description="Whose figure it is, e.g. a city name.")
    year: int = Field(ge=1949, le=2100)
    value: float | None = Field(description="`null` where the document's table shows `-` or nothing.")
    kind: Literal["observed", "target"] = "observed"
    row: str | None = Field(None, description="Table row or passage in the source.")


class ReferenceSeries(Model):
    """Figures a plan quotes for comparison. File: `reference/<id>.yaml`."""

    id: Slug
    plan: Slug = Field(description="Id of the plan that quotes these figures.")
    name: Text
    unit: Text
    concept: Slug | None = None
    source: Source
    points: list[ReferencePoint]
    notes: Text | None = None


class GlossaryTerm(Model):
    """A term and its agreed English translation. File: `glossary.yaml` (a list)."""

    zh: str
    en: str
    note: str | None = None


class WebSourceKind(str, Enum):
    official = "official"  # a government site (the city, a department, the province)
    press = "press"  # a news outlet's own site
    copy = "copy"  # another site's copy of an article; `original_publisher` names whose


WEB_SOURCE_PREFIX = "web:"  # an observation or task report citing `web:<id>` cites `sources/web.yaml`

WebUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", max_length=1000),
    Field(description="The page's public address, as visited (http or https)."),
]


class WebSource(Model):
    """A public web page that reports progress. File: `sources/web.yaml` (a list).

    An observation or task report cites it with `source: web:<id>`; its `quote` must appear in
    the `excerpt` (`quote-not-in-source`). Web addresses live only here, never in names or titles.
    """

    id: Slug
    url: WebUrl
    title: str = Field(max_length=500, description="The page's title, verbatim.")
    publisher: str = Field(max_length=200, description="Who published this page (the site).")
    original_publisher: str | None = Field(
        None, max_length=300, description="When the page copies someone else's article: who published it first."
    )
    published: dt.date | None = Field(None, description="Publication date as the page states it (null if not shown).")
    accessed: dt.date = Field(description="When the page was read.")
    kind: WebSourceKind = Field(description="official (government site), press (news outlet) or copy (a copy).")
    excerpt: str = Field(
        min_length=1,
        max_length=5000,
        description="The quoted sentences, verbatim (archived so quotes can be checked): not the whole page.",
    )
    notes: str | None = Field(None, max_length=2000)


DocumentUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", max_length=1000),
    Field(description="A public address (http or https), shown as text, never as a link."),
]


class SourceDocument(Model):
    """What is known about one source document in `data/sources/`. File: `sources/documents.yaml` (a list).

    Each `.txt` file in `data/sources/` should have an entry (`document-not-listed`), and each entry's
    `file` must be there (`document-file-missing`). Fill a field only from the document's own text or a
    source you have read (say which in `notes` and in docs/transcription/); leave it out when it is not
    known: the site then says "not known", it never guesses.
    """

    id: Slug = Field(description="The document's page: `sources/<id>/`.")
    file: str = Field(max_length=200, description="File name in `data/sources/`, e.g. `001_14bced0b766623b4.txt`.")
    title: Text = Field(description="The document's title as it states it (Chinese); English: a translation.")
    issuer: Text | None = Field(None, description="Who issued it, as the document names it; null when it names none.")
    doc_number: str | None = Field(None, max_length=200, description="Document number (文号), verbatim.")
    published: dt.date | None = Field(None, description="Date of issue or publication the document states.")
    url: DocumentUrl | None = Field(None, description="Original publication address, where one is known.")
    notes: Text | None = Field(None, description="Where each value above comes from.")


class ObservationPeriod(str, Enum):
    year_end = "year-end"  # the value at the end of the year, or for the whole year
    partial = "partial"  # part of a year (今年以来, 1-10月, 上半年) or an estimate (预计): never a year-end value


class ObservationRow(Model):
    """One reported value. File: `observations.csv` in the plan folder; one row per value and source.

    Columns: `indicator,year,value,source,section,quote,note_zh,note_en,period,period_text`
    (the last two optional). `source` is a file in `data/sources/`, the title of a published
    report, or `web:<id>` for a page in `sources/web.yaml`. Several sources may give a value for
    the same indicator and year; status picks one (see `status.choose`).
    """

    indicator: Slug
    year: int = Field(ge=1949, le=2100)
    value: float
    source: str = Field(
        description="Source document file in `data/sources/`, the title of a published report, "
        "or `web:<id>` for a page in `sources/web.yaml`."
    )
    section: str
    quote: str | None = None
    note_zh: str | None = None
    note_en: str | None = None
    period: ObservationPeriod | None = Field(
        None, description="year-end (the default when empty) or partial: part of a year or an estimate."
    )
    period_text: str | None = Field(
        None, max_length=200, description="The source's words for the period, e.g. `2023年上半年（预计）`."
    )

    @property
    def partial(self) -> bool:
        return self.period is ObservationPeriod.partial

    @property
    def web_id(self) -> str | None:
        """The id in `sources/web.yaml` this row cites, if it cites a web page."""
        return self.source[len(WEB_SOURCE_PREFIX) :] if self.source.startswith(WEB_SOURCE_PREFIX) else None


class TaskReportRow(Model):
    """One dated status report on a task. File: `task_reports.csv` in the plan folder.

    Columns: `task,date,status,source,note_zh,note_en,quote` (`quote` optional).
    """

    task: Slug
    date: dt.date
    status: TaskStatus
    source: str = Field(description="Source document, report title, or `web:<id>` for a page in `sources/web.yaml`.")
    note_zh: str | None = None
    note_en: str | None = None
    quote: str | None = Field(None, description="The source's exact words (checked against a web source's excerpt).")

    @property
    def web_id(self) -> str | None:
        """The id in `sources/web.yaml` this row cites, if it cites a web page."""
        return self.source[len(WEB_SOURCE_PREFIX) :] if self.source.startswith(WEB_SOURCE_PREFIX) else None


# The CSV columns are the rows' fields, in order.
OBSERVATION_COLUMNS = list(ObservationRow.model_fields)
TASK_REPORT_COLUMNS = list(TaskReportRow.model_fields)
