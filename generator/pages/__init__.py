"""Page renderers: pure functions from the validated portal to Markdown pages.

``render_site(inputs, lang)`` returns every page of one language as ``Page`` objects
(path, front matter, Markdown body, chart specs). Nothing here touches the disk; the
build writes the pages and renders the charts.

``site_units(inputs, lang)`` is the same site cut into units that the build can cache:
each ``Unit`` renders a few pages and names (``deps``) every input those pages read, so
the build re-renders a unit only when the digest of its deps (plus the code version and
the inputs shared by every page) changed. A unit whose pages read the whole portal (home,
indexes, concepts, downloads…) has ``deps=None``: it is rendered on every build.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from .common import Page, mark_chinese
from .inputs import Inputs
from . import about, city, concept, department, downloads_page, home, indicator, plan, reference, simple


@dataclass(frozen=True)
class Unit:
    """Some pages of one language that are rendered together.

    ``name`` is stable between builds (e.g. ``plan/<id>``); ``deps`` lists everything the
    pages read besides the shared inputs (see ``shared_deps``), or is None when the pages
    read the whole portal; ``render`` returns the finished pages.
    """

    name: str
    deps: tuple | None
    render: Callable[[], list[Page]]


def shared_deps(inputs: Inputs) -> tuple:
    """Inputs that pages of cached units may read besides their own deps.

    Page history (``inputs.page_history``) comes from the data's git history, which is
    keyed by the data version here; ``explain`` is code (in the code version).
    """
    return (inputs.version, inputs.as_of, inputs.repo_url, inputs.portal.concepts, inputs.portal.reference)


def _finish(pages: list[Page], lang: str) -> list[Page]:
    if lang != "en":
        return pages
    return [p if p.path == "methodology.md" else replace(p, body=mark_chinese(p.body)) for p in pages]


def site_units(inputs: Inputs, lang: str) -> list[Unit]:
    """Every page of the site in ``lang``, as units, in the order of ``render_site``."""
    portal = inputs.portal
    units: list[Unit] = []

    def add(name: str, deps: tuple | None, fn: Callable[[], Any]) -> None:
        def render() -> list[Page]:
            out = fn()
            return _finish(out if isinstance(out, list) else [out], lang)
        units.append(Unit(name, deps, render))

    def city_deps(c) -> tuple:
        # A city page lists the city's plans with their indicators' status.
        return (c.city, c.departments, c.plans,
                [inputs.assessment(p.plan.id, i.id) for p in c.plans for i in p.indicators])

    add("home", None, lambda: home.home_page(inputs, lang))
    add("cities", None, lambda: city.cities_index(inputs, lang))
    for c in portal.cities:
        add(f"city/{c.city.id}", city_deps(c), lambda c=c: city.city_page(inputs, c, lang))
    add("plans", None, lambda: plan.plans_index(inputs, lang))
    for c, p in portal.plans():
        deps = (c.city, c.departments, p,
                [inputs.assessment(p.plan.id, i.id) for i in p.indicators],
                downloads_page.plan_files(inputs.downloads, p.plan.id))

        def plan_pages(c=c, p=p) -> list[Page]:
            return [plan.plan_page(inputs, c, p, lang), plan.tasks_page(inputs, c, p, lang),
                    *(indicator.indicator_page(inputs, c, p, ind, lang) for ind in p.indicators)]
        add(f"plan/{p.plan.id}", deps, plan_pages)
    for s in portal.reference:
        add(f"reference/{s.id}", None, lambda s=s: reference.reference_page(inputs, s, lang))
    add("concepts", None, lambda: concept.concepts_index(inputs, lang))
    for k in portal.concepts:
        add(f"concept/{k.id}", None, lambda k=k: concept.concept_page(inputs, k, lang))
    add("departments", None, lambda: department.departments_index(inputs, lang))
    for c in portal.cities:
        add(f"departments/{c.city.id}", city_deps(c),
            lambda c=c: [department.department_page(inputs, c, d, lang) for d in c.departments])
    add("methodology", None, lambda: simple.methodology_page(inputs, lang))
    add("about", None, lambda: about.about_page(inputs, lang))
    add("downloads", None, lambda: downloads_page.downloads_page(inputs, lang))
    add("whats-new", None, lambda: simple.whats_new_page(inputs, lang))
    return units


def render_site(inputs: Inputs, lang: str) -> list[Page]:
    """All pages of the site in ``lang`` ("zh" or "en"); same paths in both languages."""
    return [page for unit in site_units(inputs, lang) for page in unit.render()]


__all__ = ["Inputs", "Page", "Unit", "render_site", "shared_deps", "site_units"]
