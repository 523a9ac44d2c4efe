"""Page renderers: pure functions from the validated portal to Markdown pages.

``render_site(inputs, lang)`` returns every page of one language as ``Page`` objects
(path, front matter, Markdown body, chart specs). Nothing here touches the disk; the
build writes the pages and renders the charts.
"""

from __future__ import annotations

from dataclasses import replace

from .common import Page, mark_chinese
from .inputs import Inputs
from . import about, city, concept, department, downloads_page, home, indicator, plan, reference, simple


def render_site(inputs: Inputs, lang: str) -> list[Page]:
    """All pages of the site in ``lang`` ("zh" or "en"); same paths in both languages."""
    portal = inputs.portal
    pages: list[Page] = [home.home_page(inputs, lang)]
    pages.append(city.cities_index(inputs, lang))
    pages += [city.city_page(inputs, c, lang) for c in portal.cities]
    pages.append(plan.plans_index(inputs, lang))
    for c, p in portal.plans():
        pages.append(plan.plan_page(inputs, c, p, lang))
        pages.append(plan.tasks_page(inputs, c, p, lang))
        pages += [indicator.indicator_page(inputs, c, p, ind, lang) for ind in p.indicators]
    pages += [reference.reference_page(inputs, s, lang) for s in portal.reference]
    pages.append(concept.concepts_index(inputs, lang))
    pages += [concept.concept_page(inputs, k, lang) for k in portal.concepts]
    pages.append(department.departments_index(inputs, lang))
    pages += [department.department_page(inputs, c, d, lang) for c in portal.cities for d in c.departments]
    pages.append(simple.methodology_page(inputs, lang))
    pages.append(about.about_page(inputs, lang))
    pages.append(downloads_page.downloads_page(inputs, lang))
    pages.append(simple.whats_new_page(inputs, lang))
    if lang == "en":
        pages = [p if p.path == "methodology.md" else replace(p, body=mark_chinese(p.body)) for p in pages]
    return pages


__all__ = ["Inputs", "Page", "render_site"]
