"""What each page is about, for the report-an-error form and the government-site meta
(generator/page_meta.py): the indicator or task a page shows, and when its data last changed."""

from __future__ import annotations

from dataclasses import replace

from ..portal import PlanData
from .common import Page, tr, urls
from .inputs import Inputs

# Pages that list or explain rather than show one item's data: no PubDate (not content pages).
NOT_CONTENT = {
    urls.home,
    urls.cities,
    urls.plans,
    urls.concepts,
    urls.departments,
    urls.methodology,
    urls.about,
    urls.downloads,
    urls.whats_new,
}


def with_subjects(pages: list[Page], pd: PlanData, lang: str) -> list[Page]:
    """A plan's pages with the name of the indicator or task each one shows."""
    names = {urls.indicator(pd.plan.id, ind.id): tr(ind.name, lang) or ind.id for ind in pd.indicators}
    names |= {urls.task(pd.plan.id, task.id): tr(task.title, lang) or task.id for task in pd.tasks}
    return [replace(p, subject=names[p.path]) if p.path in names else p for p in pages]


def data_date(inputs: Inputs, path: str) -> str | None:
    """When the data of the page at ``path`` last changed: the newest history entry with a change
    on that page; else the data version's date (pages whose history is not kept, or no history)."""
    entries = (inputs.page_history or {}).get(path, ())
    changed = [e.date for e in entries if e.changes]
    return max(changed) if changed else inputs.version.date


def dated(pages: list[Page], inputs: Inputs) -> list[Page]:
    """Content pages with their ``pub_date`` (the other pages unchanged)."""
    out = []
    for p in pages:
        date = None if p.path in NOT_CONTENT else data_date(inputs, p.path)
        out.append(replace(p, pub_date=date) if date else p)
    return out
