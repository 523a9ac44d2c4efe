"""Page renderers: pure functions from the validated portal to Markdown pages.

``render_site(inputs, lang)`` returns every page of one language as ``Page`` objects
(path, front matter, Markdown body, chart specs). Nothing here touches the disk; the
build writes the pages and renders the charts.

``site_units(inputs, lang)`` is the same site cut into units that the build can cache.
Each ``Unit`` is a renderer and its one argument, a frozen *context*: the build digests the
context (with the code version) for the unit's key, so what a renderer can read is, by
construction, what its key covers. Units of one city or one plan get ``Inputs`` cut down to
that city or plan (its assessments, files and page history; the concepts and reference
series every page may name): a renderer that starts reading another plan finds nothing
there and renders differently (a test compares with the uncut inputs), it never serves a
stale page. A concept's or reference series' unit gets the indicators linked to it, with
their values and statuses, and the names of the plans and cities its series belong to: a
changed value renders the one concept page that shows it, not all of them. Units that read
the whole portal (home, indexes…) get it whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from ..documents import Document, sources_in
from ..models import Concept, ObservationRow, ReferenceSeries, TaskReportRow
from ..portal import CityData, PlanData, Portal
from . import about, city, concept, department, document, downloads_page, home, indicator, plan, reference, simple, task
from .common import Page, mark_chinese, urls
from .inputs import Inputs
from .subjects import dated, with_subjects

C = TypeVar("C")


@dataclass(frozen=True)
class Unit(Generic[C]):
    """Some pages of one language rendered together: ``render(context)``.

    ``name`` is stable between builds (e.g. ``plan/<id>``); ``render`` is a module-level
    function whose only argument is ``context``.
    """

    name: str
    render: Callable[[C], list[Page]]
    context: C

    def pages(self) -> list[Page]:
        """The finished pages (English pages mark their Chinese runs)."""
        pages = self.render(self.context)
        inputs = getattr(self.context, "inputs", None)
        if inputs is not None:  # content pages get the date their data last changed
            pages = dated(pages, inputs)
        return _finish(pages, self.context.lang)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SiteContext:
    """A page that reads the whole portal."""

    inputs: Inputs
    lang: str


@dataclass(frozen=True)
class ItemContext(Generic[C]):
    """A page of one concept or reference series (``inputs``: what links to it, _Cut.item)."""

    inputs: Inputs
    item: C
    lang: str


@dataclass(frozen=True)
class CityContext:
    """A city's pages: ``inputs`` holds this city only (with its plans' assessments)."""

    inputs: Inputs
    city: CityData
    lang: str


@dataclass(frozen=True)
class PlanContext:
    """A plan's pages: ``inputs`` holds this plan only (its assessments, files, page history)."""

    inputs: Inputs
    city: CityData
    plan: PlanData
    lang: str


@dataclass(frozen=True)
class DocumentContext:
    """A source document's page: it reads the document only (its text, facts and cited runs)."""

    document: Document
    lang: str


def _finish(pages: list[Page], lang: str) -> list[Page]:
    """English pages mark their Chinese runs; the methodology page and the source documents' pages
    mark their own (a document's text is lang="zh" as a whole)."""
    if lang != "en":
        return pages
    return [p if _marks_itself(p.path) else replace(p, body=mark_chinese(p.body)) for p in pages]


def _marks_itself(path: str) -> bool:
    return path == "methodology.md" or path.startswith("sources/")


# ------------------------------------------------------------------------------ the renderers


def _home(c: SiteContext) -> list[Page]:
    return [home.home_page(c.inputs, c.lang)]


def _cities(c: SiteContext) -> list[Page]:
    return [city.cities_index(c.inputs, c.lang)]


def _city(c: CityContext) -> list[Page]:
    return [city.city_page(c.inputs, c.city, c.lang)]


def _plans(c: SiteContext) -> list[Page]:
    return [plan.plans_index(c.inputs, c.lang)]


def _plan(c: PlanContext) -> list[Page]:
    pages = [
        plan.plan_page(c.inputs, c.city, c.plan, c.lang),
        *task.task_pages(c.inputs, c.city, c.plan, c.lang),
        *(indicator.indicator_page(c.inputs, c.city, c.plan, ind, c.lang) for ind in c.plan.indicators),
    ]
    return with_subjects(pages, c.plan, c.lang)


def _reference(c: ItemContext[ReferenceSeries]) -> list[Page]:
    return [reference.reference_page(c.inputs, c.item, c.lang)]


def _concepts(c: SiteContext) -> list[Page]:
    return [concept.concepts_index(c.inputs, c.lang)]


def _concept(c: ItemContext[Concept]) -> list[Page]:
    return [concept.concept_page(c.inputs, c.item, c.lang)]


def _departments(c: SiteContext) -> list[Page]:
    return [department.departments_index(c.inputs, c.lang)]


def _city_departments(c: CityContext) -> list[Page]:
    return [department.department_page(c.inputs, c.city, d, c.lang) for d in c.city.departments]


def _methodology(c: SiteContext) -> list[Page]:
    return [simple.methodology_page(c.inputs, c.lang)]


def _about(c: SiteContext) -> list[Page]:
    return [about.about_page(c.inputs, c.lang)]


def _downloads(c: SiteContext) -> list[Page]:
    return [downloads_page.downloads_page(c.inputs, c.lang)]


def _document(c: DocumentContext) -> list[Page]:
    return [document.document_page(c.document, c.lang)]


def _whats_new(c: SiteContext) -> list[Page]:
    return [simple.whats_new_page(c.inputs, c.lang)]


# ------------------------------------------------------------------------------ the units


def _cited_documents(portal: Portal, cities: list[CityData], plans: list[PlanData]) -> list[Document]:
    """The source documents that ``cities`` and ``plans`` cite (their pages link into them)."""
    files = {o.source for p in plans for o in p.observations} | {r.source for p in plans for r in p.task_reports}
    for item in [*(c.city for c in cities), *(p.plan for p in plans), *(x for p in plans for x in p.indicators)]:
        files |= {s.file for s in sources_in(item)}
    files |= {s.file for p in plans for task in p.tasks for s in sources_in(task)}
    return [d for d in portal.documents if d.file in files]


def _cited_pages(portal: Portal, plans: list[PlanData]) -> list:
    """The web pages that the values and task reports of ``plans`` cite."""
    rows: list[ObservationRow | TaskReportRow] = [*(o for p in plans for o in p.observations)]
    rows += [r for p in plans for r in p.task_reports]
    cited = {row.web_id for row in rows}
    return [w for w in portal.web_sources if w.id in cited]


class _Cut:
    """Inputs cut down to one city or one plan (grouped once, not searched per unit)."""

    def __init__(self, inputs: Inputs):
        self.inputs = inputs
        self.assessments: dict[str, dict] = defaultdict(dict)
        for key, a in inputs.assessments.items():
            self.assessments[key[0]][key] = a

    def _base(self, cities: list[CityData], plans: list[PlanData]) -> Inputs:
        i = self.inputs
        return Inputs(
            portal=Portal(
                cities=cities,
                concepts=i.portal.concepts,
                reference=i.portal.reference,
                web_sources=_cited_pages(i.portal, plans),
                documents=_cited_documents(i.portal, cities, plans),
            ),
            version=i.version,
            as_of=i.as_of,
            repo_url=i.repo_url,
            site_url=i.site_url,
            commit_url=i.commit_url,
            assessments={k: a for p in plans for k, a in self.assessments[p.plan.id].items()},
        )

    def city(self, c: CityData) -> Inputs:
        return self._base([c], c.plans)

    def plan(self, c: CityData, p: PlanData) -> Inputs:
        pages = [urls.plan(p.plan.id), *(urls.indicator(p.plan.id, ind.id) for ind in p.indicators)]
        return replace(
            self._base([CityData(city=c.city, departments=c.departments, plans=[p])], [p]),
            downloads=tuple(downloads_page.plan_files(self.inputs.downloads, p.plan.id)),
            page_history=None
            if self.inputs.page_history is None
            else {page: self.inputs.page_history[page] for page in pages if page in self.inputs.page_history},
        )

    def concept(self, k: Concept) -> Inputs:
        """The indicators linked to concept ``k`` and its reference series."""
        series = [s for s in self.inputs.portal.reference if s.concept == k.id]
        return self._item(k.id, series, urls.concept(k.id))

    def reference(self, s: ReferenceSeries) -> Inputs:
        """The reference series ``s`` (no indicator)."""
        return self._item(None, [s], urls.reference(s.plan, s.id))

    def _item(self, concept_id: str | None, series: list[ReferenceSeries], page: str) -> Inputs:
        """The portal cut down to the indicators linked to ``concept_id`` (with their values and
        statuses) and the plans of ``series`` (by name only), in the portal's order; all concepts,
        source documents and web pages (a page may name any); the page history of ``page``."""
        i = self.inputs
        keep = {s.plan for s in series}
        cities = []
        for cd in i.portal.cities:
            plans = []
            for pd in cd.plans:
                linked = [x for x in pd.indicators if concept_id is not None and x.concept == concept_id]
                if linked or pd.plan.id in keep:
                    ids = {x.id for x in linked}
                    plans.append(
                        PlanData(
                            plan=pd.plan,
                            indicators=linked,
                            observations=[o for o in pd.observations if o.indicator in ids],
                        )
                    )
            if plans:
                cities.append(CityData(city=cd.city, plans=plans))
        keys = {(pd.plan.id, x.id) for c in cities for pd in c.plans for x in pd.indicators}
        history = i.page_history
        return replace(
            i,
            portal=Portal(
                cities=cities,
                concepts=i.portal.concepts,
                reference=series,
                web_sources=i.portal.web_sources,
                documents=i.portal.documents,
            ),
            assessments={key: a for key, a in i.assessments.items() if key in keys},
            downloads=(),
            history=None,
            page_history=None if history is None else {page: history[page]} if page in history else {},
        )


def site_units(inputs: Inputs, lang: str, cut: bool = True) -> list[Unit]:
    """Every page of the site in ``lang``, as units, in the order of ``render_site``.

    ``cut=False`` gives city and plan units the whole inputs (for the test that cutting
    them down changes nothing).
    """
    portal, whole = inputs.portal, SiteContext(inputs, lang)
    narrow = _Cut(inputs)

    def city_inputs(c: CityData) -> Inputs:
        return narrow.city(c) if cut else inputs

    def plan_inputs(c: CityData, p: PlanData) -> Inputs:
        return narrow.plan(c, p) if cut else inputs

    units: list[Unit] = [Unit("home", _home, whole), Unit("cities", _cities, whole)]
    units += [Unit(f"city/{c.city.id}", _city, CityContext(city_inputs(c), c, lang)) for c in portal.cities]
    units.append(Unit("plans", _plans, whole))
    units += [Unit(f"plan/{p.plan.id}", _plan, PlanContext(plan_inputs(c, p), c, p, lang)) for c, p in portal.plans()]
    units += [
        Unit(f"reference/{s.id}", _reference, ItemContext(narrow.reference(s) if cut else inputs, s, lang))
        for s in portal.reference
    ]
    units.append(Unit("concepts", _concepts, whole))
    units += [
        Unit(f"concept/{k.id}", _concept, ItemContext(narrow.concept(k) if cut else inputs, k, lang))
        for k in portal.concepts
    ]
    units.append(Unit("departments", _departments, whole))
    units += [
        Unit(f"departments/{c.city.id}", _city_departments, CityContext(city_inputs(c), c, lang)) for c in portal.cities
    ]
    units += [
        Unit(name, fn, whole)
        for name, fn in (
            ("methodology", _methodology),
            ("about", _about),
            ("downloads", _downloads),
            ("whats-new", _whats_new),
        )
    ]
    units += [Unit(f"source/{d.id}", _document, DocumentContext(d, lang)) for d in portal.documents]
    return units


def render_site(inputs: Inputs, lang: str) -> list[Page]:
    """All pages of the site in ``lang`` ("zh" or "en"); same paths in both languages."""
    return [page for unit in site_units(inputs, lang) for page in unit.pages()]


__all__ = ["Inputs", "Page", "Unit", "render_site", "site_units"]
