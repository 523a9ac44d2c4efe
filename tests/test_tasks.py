"""Tasks as pages (issue 14, item 4): the model's checks on `lead` and `indicators`, and what a
task's page, the plan's task index, department and indicator pages say about a task.

The minimal fixture's plan names no lead (its `[责任单位：…]` list is plain), so tasks with a
lead are made here from its tasks with `model_copy`, as a document that says 牵头 would give.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import status
from generator.i18n import t
from generator.i18n.lang import colon
from generator.load import load
from generator.pages import Inputs, render_site
from generator.pages.common import rel_url, urls
from generator.portal import CityData, Portal

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal"
PLAN = "cities/example/plans/example-ip-2021-2025"
TASKS = f"{PLAN}/tasks.yaml"
PLAN_ID = "example-ip-2021-2025"
CITY_ID = "example"


# --------------------------------------------------------------------------- the model's checks


def _errors_with(tmp_path: Path, old: str, new: str) -> set[tuple[str, str, int | None]]:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    path = data / TASKS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = load(data)
    return {(p.code, Path(p.file).as_posix().split("data/", 1)[-1], p.line) for p in result.errors}


def _line_of(marker: str, old: str, new: str) -> int:
    text = (MINIMAL / TASKS).read_text(encoding="utf-8").replace(old, new, 1)
    return next(n for n, line in enumerate(text.split("\n"), 1) if marker in line)


def test_a_lead_outside_responsible_is_an_error_at_its_line(tmp_path):
    old = "responsible: [market-regulation]\n"
    new = "responsible: [market-regulation]\n  lead: [science-technology]\n"
    assert _errors_with(tmp_path, old, new) == {
        ("lead-not-responsible", TASKS, _line_of("lead: [science-technology]", old, new))
    }


def test_a_lead_among_responsible_is_accepted(tmp_path):
    old = "responsible: [market-regulation, science-technology]\n"
    new = "responsible: [market-regulation, science-technology]\n  lead: [science-technology]\n"
    assert _errors_with(tmp_path, old, new) == set()


def test_an_unknown_indicator_of_a_task_is_an_error_at_its_line(tmp_path):
    old = "responsible: [market-regulation]\n"
    new = "responsible: [market-regulation]\n  indicators: [invention-patents-per-10k, invention-patents-per-1k]\n"
    errors = _errors_with(tmp_path, old, new)
    assert errors == {("unknown-indicator", TASKS, _line_of("invention-patents-per-1k]", old, new))}


def test_the_unknown_indicator_problem_names_the_id_and_suggests_the_closest(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    path = data / TASKS
    old = "responsible: [market-regulation, science-technology]\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, old + "  indicators: [registered-trademark]\n"), encoding="utf-8")
    (problem,) = load(data).errors
    assert problem.field == "indicators[0]"
    assert "`registered-trademark`" in problem.message_en and "`registered-trademark`" in problem.message_zh
    assert "`registered-trademarks`" in problem.fix_en


# --------------------------------------------------------------------------- the pages


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible(body: str) -> str:
    """The page's text without tags (English pages wrap Chinese runs in <span lang=zh>)."""
    parser = _Text()
    parser.feed(body)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def _portal(lead_t02: bool = False, indicators_t01: list[str] | None = None) -> Portal:
    portal = load(MINIMAL).portal
    cd = portal.cities[0]
    pd = cd.plans[0]
    tasks = []
    for task in pd.tasks:
        if task.id == "t02" and lead_t02:
            task = task.model_copy(update={"lead": ["science-technology"]})
        if task.id == "t01" and indicators_t01 is not None:
            task = task.model_copy(update={"indicators": indicators_t01})
        tasks.append(task)
    new_pd = replace(pd, tasks=tasks)
    return replace(portal, cities=[CityData(city=cd.city, departments=cd.departments, plans=[new_pd])])


def _pages(portal: Portal, lang: str) -> dict[str, str]:
    assessments = {
        (pd.plan.id, ind.id): status.assess(ind, pd.observations_for(ind.id), 2024, period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for ind in pd.indicators
    }
    inputs = Inputs(portal=portal, assessments=assessments, as_of=2024)
    return {p.path: p for p in render_site(inputs, lang)}  # type: ignore[misc]


@pytest.fixture(scope="module")
def site():
    portal = _portal(lead_t02=True, indicators_t01=["invention-patents-per-10k"])
    return portal, {lang: _pages(portal, lang) for lang in ("zh", "en")}


def test_every_task_has_a_page_in_both_languages(site):
    portal, pages = site
    _, pd = portal.plans()[0]
    for lang in ("zh", "en"):
        assert {urls.task(PLAN_ID, task.id) for task in pd.tasks} <= set(pages[lang])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_task_page_shows_the_full_wording(site, lang):
    portal, pages = site
    _, pd = portal.plans()[0]
    for task in pd.tasks:
        page = pages[lang][urls.task(PLAN_ID, task.id)]
        text = visible(page.body)
        assert task.text.zh in text  # the document's words, in full, in both languages
        if lang == "en":
            assert task.text.en in text
            assert t("task.summary-note", "en") in text
            assert '<div class="task-wording" lang="zh">' in page.body


def test_english_page_marks_the_chinese_original_as_chinese(site):
    _, pages = site
    body = pages["en"][urls.task(PLAN_ID, "t01")].body
    wording = body.split('<div class="task-wording" lang="zh">', 1)[1].split("</div>", 1)[0]
    assert "健全知识产权政策法规" in visible(wording)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lead_is_marked_only_where_given_and_the_rule_is_stated(site, lang):
    _, pages = site
    with_lead = pages[lang][urls.task(PLAN_ID, "t02")].body
    lead_dd = with_lead.split(f"<dt>{t('task.lead', lang)}{colon(lang)}</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert "市科技局" in visible(lead_dd) or "Science and Technology" in visible(lead_dd)
    assert f'<span class="task-lead">{t("task.lead-mark", lang)}</span>' in lead_dd
    support_dd = with_lead.split(f"<dt>{t('task.supporting', lang)}{colon(lang)}</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert rel_url(urls.task(PLAN_ID, "t02"), urls.department(CITY_ID, "market-regulation")) in support_dd
    assert t("task.no-lead", lang) not in visible(with_lead)

    without = pages[lang][urls.task(PLAN_ID, "t01")].body
    assert t("task.no-lead", lang) in visible(without)
    assert 'class="task-lead"' not in without
    for body in (with_lead, without):
        assert t("task.lead-rule", lang) in visible(body)
        assert rel_url(urls.task(PLAN_ID, "t01"), urls.methodology, "lead-units") in body


def test_units_are_running_text_not_table_rows(site):
    _, pages = site
    body = pages["zh"][urls.task(PLAN_ID, "t02")].body
    units = body.split("{ #units }", 1)[1].split("{ #facts", 1)[0]
    assert "<table" not in units
    index = pages["zh"][urls.tasks(PLAN_ID)].body
    listing = index.split("{ #section-1 }", 1)[1].split("{ #status }", 1)[0]
    assert "<table" not in listing  # a list, not phone cards with one unit per row
    item = listing.split('<li id="task-t01">', 1)[1].split("</li>", 1)[0]
    assert "责任单位：市市场监管局" in visible(item)
    item = listing.split('<li id="task-t02">', 1)[1].split("</li>", 1)[0]
    assert "牵头：市科技局" in visible(item)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deadline_or_not_stated(site, lang):
    _, pages = site

    def deadline(task_id: str) -> str:
        body = pages[lang][urls.task(PLAN_ID, task_id)].body
        return visible(body.split(f"<dt>{t('deadline', lang)}{colon(lang)}</dt><dd>", 1)[1].split("</dd>", 1)[0])

    assert deadline("t01") == "2023-12-31"
    assert deadline("t02") == t("not_stated", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reports_are_dated_with_their_evidence(site, lang):
    portal, pages = site
    _, pd = portal.plans()[0]
    text = visible(pages[lang][urls.task(PLAN_ID, "t01")].body.split("{ #reports", 1)[1])
    reports = pd.reports_for("t01")
    assert len(reports) == 2
    for r in reports:
        assert r.date.isoformat() in text
        assert r.source in text
        assert t("task_" + r.status.value, lang) in text
        assert ((r.note_en or r.note_zh) if lang == "en" else r.note_zh) in text
    assert t("task.no-reports", lang) not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_task_without_reports_says_so(lang):
    portal = _portal()
    cd, pd = portal.plans()[0]
    quiet = replace(portal, cities=[replace(cd, plans=[replace(pd, task_reports=[])])])
    text = visible(_pages(quiet, lang)[urls.task(PLAN_ID, "t01")].body.split("{ #reports", 1)[1])
    assert t("task.no-reports", lang) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicators_served_link_both_ways(site, lang):
    _, pages = site
    t01 = pages[lang][urls.task(PLAN_ID, "t01")].body
    assert rel_url(urls.task(PLAN_ID, "t01"), urls.indicator(PLAN_ID, "invention-patents-per-10k")) in t01
    t02 = pages[lang][urls.task(PLAN_ID, "t02")].body
    assert t("task.not-linked", lang) in visible(t02)
    ind_page = pages[lang][urls.indicator(PLAN_ID, "invention-patents-per-10k")].body
    serving = ind_page.split(t("task.serving", lang), 1)[1]
    assert rel_url(urls.indicator(PLAN_ID, "invention-patents-per-10k"), urls.task(PLAN_ID, "t01")) in serving
    assert (
        rel_url(urls.indicator(PLAN_ID, "invention-patents-per-10k"), urls.department(CITY_ID, "market-regulation"))
        in serving
    )
    other = pages[lang][urls.indicator(PLAN_ID, "registered-trademarks")].body
    assert t("task.serving-none", lang) in visible(other)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_task_titles_link_to_task_pages_from_index_and_department(site, lang):
    portal, pages = site
    _, pd = portal.plans()[0]
    index = pages[lang][urls.tasks(PLAN_ID)].body
    dept = pages[lang][urls.department(CITY_ID, "market-regulation")].body
    for task in pd.tasks:
        assert rel_url(urls.tasks(PLAN_ID), urls.task(PLAN_ID, task.id)) in index
        assert rel_url(urls.department(CITY_ID, "market-regulation"), urls.task(PLAN_ID, task.id)) in dept
    # the index is compact: no long task cards (no full wording, no table of tasks)
    for task in pd.tasks:
        assert task.text.zh not in visible(index)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_department_page_names_its_city_and_separates_roles(site, lang):
    portal, pages = site
    cd, _ = portal.plans()[0]
    city = cd.city.name.zh if lang == "zh" else (cd.city.name.en or cd.city.name.zh)
    science = pages[lang][urls.department(CITY_ID, "science-technology")]
    market = pages[lang][urls.department(CITY_ID, "market-regulation")]
    for page in (science, market):
        assert city in page.title and city in visible(page.body.split("\n", 1)[0])
    # science-technology leads t02; market-regulation supports t02 and is listed without a lead on t01
    lead = science.body.split("{ #role-lead }", 1)
    assert len(lead) == 2 and rel_url(science.path, urls.task(PLAN_ID, "t02")) in lead[1]
    support = market.body.split("{ #role-support }", 1)[1].split("{ #role-listed }", 1)[0]
    listed = market.body.split("{ #role-listed }", 1)[1]
    assert rel_url(market.path, urls.task(PLAN_ID, "t02")) in support
    assert rel_url(market.path, urls.task(PLAN_ID, "t01")) in listed
    assert rel_url(market.path, urls.task(PLAN_ID, "t02")) not in listed
    assert "{ #role-lead }" not in market.body  # it leads nothing


def test_city_department_list_is_sorted_by_its_count():
    portal = _portal()
    cd = portal.cities[0]
    assert [d.id for d in cd.departments] == ["market-regulation", "science-technology"]  # 2 tasks, 1 task
    fewest_first = replace(cd, departments=list(reversed(cd.departments)))
    pages = _pages(replace(portal, cities=[fewest_first]), "zh")
    body = pages[urls.city(CITY_ID)].body.split("{ #departments }", 1)[1]
    counts = [int(n) for n in re.findall(r'data-label="[^"]*">(\d+)</td>', body)]
    assert len(counts) == 2 and counts == sorted(counts, reverse=True) and counts[0] > counts[1]
