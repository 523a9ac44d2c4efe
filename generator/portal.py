"""The validated portal: what `load` hands to `render`. Plain containers, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from .documents import Document
from .models import (
    WEB_SOURCE_PREFIX,
    City,
    Concept,
    Department,
    GlossaryTerm,
    Indicator,
    ObservationRow,
    Plan,
    ReferenceSeries,
    Task,
    TaskReportRow,
    WebSource,
)


@dataclass(frozen=True)
class PlanData:
    """One plan with everything that belongs to it."""

    plan: Plan
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    task_reports: list[TaskReportRow] = field(default_factory=list)

    def observations_for(self, indicator_id: str) -> list[ObservationRow]:
        """Observations of one indicator, oldest first."""
        return sorted((o for o in self.observations if o.indicator == indicator_id), key=lambda o: o.year)

    def reports_for(self, task_id: str) -> list[TaskReportRow]:
        """Status reports of one task, oldest first."""
        return sorted((r for r in self.task_reports if r.task == task_id), key=lambda r: r.date)


@dataclass(frozen=True)
class CityData:
    city: City
    departments: list[Department] = field(default_factory=list)
    plans: list[PlanData] = field(default_factory=list)

    def department(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)


@dataclass(frozen=True)
class Portal:
    """All the data of the site, validated."""

    cities: list[CityData] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    reference: list[ReferenceSeries] = field(default_factory=list)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    sources_readme: str = ""  # data/sources/README.md as read by `load` (with the data files' guards)
    web_sources: list[WebSource] = field(default_factory=list)  # data/sources/web.yaml
    documents: list[Document] = field(default_factory=list)  # data/sources/*.txt (documents.py)

    def document(self, file: str) -> Document | None:
        """The source document in data/sources/ a source names by file (None: a report's title)."""
        return next((d for d in self.documents if d.file == file), None)

    def web_source(self, source: str) -> WebSource | None:
        """The web page an observation or task report cites (`web:<id>`), if it cites one."""
        if not source.startswith(WEB_SOURCE_PREFIX):
            return None
        wanted = source[len(WEB_SOURCE_PREFIX) :]
        return next((w for w in self.web_sources if w.id == wanted), None)

    def plans(self) -> list[tuple[CityData, PlanData]]:
        return [(c, p) for c in self.cities for p in c.plans]

    def plan(self, plan_id: str) -> tuple[CityData, PlanData] | None:
        return next(((c, p) for c, p in self.plans() if p.plan.id == plan_id), None)

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)


@dataclass(frozen=True)
class DataVersion:
    """Which version of data/ a build shows: the git commit and its date, when known.

    Both are None when the source tree has no git history (e.g. built from a tarball).
    """

    commit: str | None = None
    date: str | None = None  # ISO date, e.g. "2026-12-01"

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None
