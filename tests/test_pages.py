"""Page renderers: golden Markdown for a page of each type, escaping of hostile text, links.

Golden files live in tests/golden/pages/<lang>/; regenerate them (after checking the diff)
with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pages.py``.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator import status
from generator.escape import html as esc
from generator.escape import md
from generator.i18n import t
from generator.load import load
from generator.mkdocs_config import language_config, read_base
from generator.models import Baseline, City, Department, Indicator, Plan, Source, Target, Task, TaskReportRow, Text
from generator.pages import Inputs, render_site
from generator.pages.common import heading, mark_chinese, rel_md, rel_url, slug, tr, urls
from generator.pages.describe import document_name, value_text
from generator.pages.inputs import Download
from generator.portal import CityData, DataVersion, PlanData, Portal

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"
GOLDEN = TESTS / "golden" / "pages"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
AS_OF = 2024
VERSION = DataVersion(commit="0123456789abcdef0123456789abcdef01234567", date="2024-06-30")


def inputs_for(portal: Portal, **extra) -> Inputs:
    assessments = {
        (pd.plan.id, ind.id): status.assess(ind, pd.observations_for(ind.id), AS_OF, period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for ind in pd.indicators
    }
    return Inputs(portal=portal, version=VERSION, assessments=assessments, as_of=AS_OF, **extra)


@pytest.fixture(scope="module")
def minimal_pages() -> dict[str, dict[str, object]]:
    portal = load(MINIMAL).portal
    readme = (MINIMAL / "sources" / "README.md").read_text(encoding="utf-8")
    inputs = inputs_for(
        portal,
        sources_readme=readme,
        downloads=[
            Download("downloads/portal.csv", 2048),
            Download("downloads/portal.json", 3 * 1024 * 1024),
            *(
                Download(f"downloads/plans/{pd.plan.id}.{ext}", 5000)
                for _, pd in portal.plans()
                for ext in ("json", "csv")
            ),
        ],
    )
    return {lang: {p.path: p for p in render_site(inputs, lang)} for lang in ("zh", "en")}


def _type_pages(pages: dict) -> list[str]:
    """One page of each type from the minimal fixture."""
    portal = load(MINIMAL).portal
    cd, pd = portal.plans()[0]
    ind, dept, concept = pd.indicators[0], cd.departments[0], portal.concepts[0]
    return [
        urls.home,
        urls.city(cd.city.id),
        urls.plan(pd.plan.id),
        urls.indicator(pd.plan.id, ind.id),
        urls.concept(concept.id),
        urls.department(cd.city.id, dept.id),
        urls.tasks(pd.plan.id),
        urls.task(pd.plan.id, pd.tasks[0].id),
        urls.about,
        urls.downloads,
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_pages(minimal_pages, lang):
    pages = minimal_pages[lang]
    mismatched = []
    for path in _type_pages(pages):
        page = pages[path]
        text = page.markdown() + "\n<!-- charts: " + ", ".join(sorted(page.charts)) + " -->\n"
        golden = GOLDEN / lang / (path.replace("/", "__"))
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        elif not golden.exists() or golden.read_text(encoding="utf-8") != text:
            mismatched.append(path)
    assert mismatched == [], f"pages differ from tests/golden/pages/{lang} (UPDATE_GOLDEN=1 to accept)"


def test_both_languages_have_the_same_pages(minimal_pages):
    assert sorted(minimal_pages["zh"]) == sorted(minimal_pages["en"])
    assert len(minimal_pages["zh"]) >= 12


def test_not_reported_is_said_in_words(minimal_pages):
    """A value the data does not give is never a blank or 0 but the words 'not reported'."""
    portal = load(MINIMAL).portal
    _, pd = portal.plans()[0]
    missing = [i for i in pd.indicators if not pd.observations_for(i.id)]
    assert missing, "the minimal fixture should have an indicator without observations"
    for lang, word in (("zh", "未报告"), ("en", "not reported")):
        page = minimal_pages[lang][urls.indicator(pd.plan.id, missing[0].id)]
        assert word in page.body


def test_one_wording_and_one_number_format_on_every_page(minimal_pages):
    """The review found "无数据" beside "暂无数据" and "41,250" beside "41250" on one page: a status
    has one label and a figure one format everywhere (tables, captions, alt text, explanations)."""
    for lang in ("zh", "en"):
        for page in minimal_pages[lang].values():
            # Quotes are the document's own words, figures as printed there; so is a source document's text.
            body = re.sub(
                r'data-label="(原文|Quote)">.*?</td>|<dt>(原文|Quote)(：|: )?</dt><dd>.*?</dd>', "", page.body
            )
            body = re.sub(r'<div class="doc-text" lang="zh">.*', "", body, flags=re.S)
            assert "41250" not in body and "30000" not in body, page.path
            if lang == "zh":
                assert page.body.count("无数据") == page.body.count("暂无数据"), page.path
                assert ": " not in page.body.replace("data-label", ""), page.path  # full-width colons in Chinese
    plan = minimal_pages["en"]["plans/example-ip-2021-2025/indicators/registered-trademarks/index.md"].body
    assert "41,250 trademarks (2022)" in plan and "latest 41,250 trademarks in 2022" in plan


def test_draft_plan_is_marked(minimal_pages):
    portal = load(MINIMAL).portal
    _, pd = portal.plans()[0]
    page = minimal_pages["en"][urls.plan(pd.plan.id)]
    if pd.plan.status.value == "draft":
        assert "draft for public comment" in page.body and "portal-note--draft" in page.body
    else:
        assert "portal-note--draft" not in page.body


def test_downloads_page_links_files_with_sizes(minimal_pages):
    zh = minimal_pages["zh"][urls.downloads].body
    en = minimal_pages["en"][urls.downloads].body
    assert 'href="../downloads/portal.csv"' in zh and "2.0 KB" in zh and "3.0 MB" in zh
    assert 'href="../../downloads/portal.csv"' in en  # the files sit once, at the site root


# --- hostile text -----------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "**bold**",
    "{{ jinja }}",
    "</table>",
    '<img src=x onerror="alert(2)">',
    "`code` _em_ # not-a-heading",
    "&lt;already-escaped&gt;",
]
HOSTILE = " ".join(PAYLOADS)


def hostile_portal() -> Portal:
    src = Source(file="x.txt", section=HOSTILE, quote=HOSTILE)
    text = Text(zh="恶意 " + HOSTILE, en="Hostile " + HOSTILE)
    city = City(id="evil", name=text, province=text, level="prefecture-city")
    dept = Department(id="bureau", name=text, aliases=[HOSTILE])
    plan = Plan(
        schema_version=1,
        id="evil-plan",
        city="evil",
        title=text,
        short_title=text,
        doc_number=HOSTILE,
        issuer=text,
        period={"start": 2021, "end": 2025},
        kind="five-year-plan",
        status="draft",
        source=src,
        summary=text,
        notes=text,
    )
    ind = Indicator(
        id="ind",
        number=HOSTILE,
        category=text,
        name=text,
        unit=text,
        measure="cumulative",
        baseline=Baseline(year=2020, value=1, note=text),
        target=Target(year=2025, kind="qualitative", text=text),
        source=src,
        notes=text,
    )
    task = Task(
        id="t1",
        number=HOSTILE,
        section=text,
        title=text,
        text=text,
        responsible=["bureau"],
        lead=["bureau"],
        indicators=["ind"],
        source=src,
        notes=text,
    )
    report = TaskReportRow(
        task="t1", date="2023-06-30", status="delayed", source=HOSTILE, note_zh=HOSTILE, note_en=HOSTILE
    )
    pd = PlanData(plan=plan, indicators=[ind], tasks=[task], task_reports=[report])
    return Portal(cities=[CityData(city=city, departments=[dept], plans=[pd])])


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def to_html(body: str) -> _Html:
    """Render Markdown with the extensions mkdocs.yml enables."""
    exts = [e if isinstance(e, str) else next(iter(e)) for e in read_base()["markdown_extensions"]]
    parser = _Html()
    parser.feed(markdown.markdown(body, extensions=exts))
    return parser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_text_is_inert(lang):
    pages = render_site(inputs_for(hostile_portal()), lang)
    assert len(pages) > 10
    for page in pages:
        if page.path in ("methodology.md", "whats-new.md"):
            continue
        parsed = to_html(page.body)
        for tag, attrs in parsed.tags:
            assert tag not in ("script", "iframe", "strong", "em", "code"), (page.path, tag)
            assert not any(k.startswith("on") for k in attrs), (page.path, tag, attrs)
            for k in ("href", "src"):
                assert not (attrs.get(k) or "").lower().startswith("javascript"), (page.path, attrs)
            assert "alert" not in (attrs.get("href") or "") + (attrs.get("id") or ""), (page.path, attrs)
        visible = "".join(parsed.text)
        if page.path in (
            urls.plan("evil-plan"),
            urls.indicator("evil-plan", "ind"),
            urls.tasks("evil-plan"),
            urls.task("evil-plan", "t1"),
            urls.department("evil", "bureau"),
        ):
            for p in PAYLOADS:
                assert p in visible, (page.path, p)  # shown literally, so it was escaped
        # Every table opened is closed by us, not by the data's "</table>".
        opened = sum(1 for tag, _ in parsed.tags if tag == "table")
        assert page.body.count("</table>") >= opened


def test_front_matter_is_yaml_safe_and_title_escaped():
    pages = render_site(inputs_for(hostile_portal()), "en")
    page = next(p for p in pages if p.path == urls.city("evil"))
    meta = yaml.safe_load(page.markdown().split("---\n")[1])
    assert meta["title"] == esc("Hostile " + HOSTILE)  # Material inserts page.title unescaped
    assert meta["description"].startswith("Hostile " + HOSTILE)  # escaped by our main.html
    assert "<script>" not in meta["title"]


# --- helpers ----------------------------------------------------------------------------


def test_md_escapes_every_markdown_special():
    parsed = to_html("- " + md("**b** _i_ `c` [l](javascript:x) <s> \\ # + - . ! | { }"))
    assert [t for t, _ in parsed.tags] == ["ul", "li"]
    assert "".join(parsed.text).strip() == "**b** _i_ `c` [l](javascript:x) <s> \\ # + - . ! | { }"


def test_md_keeps_one_line():
    assert "\n" not in md("a\n\n# b")


def test_heading_anchor_must_be_a_slug():
    assert heading(2, "x", anchor="ok-1").endswith("{ #ok-1 }\n\n")
    with pytest.raises(ValueError):
        heading(2, "x", anchor="javascript:alert(1)")


def test_slug_refuses_non_slugs():
    assert slug("a-1") == "a-1"
    for bad in ("javascript:alert(1)", "../x", "A", "a b", ""):
        with pytest.raises(ValueError):
            slug(bad)


def test_relative_links():
    assert rel_url(urls.home, urls.plan("p")) == "plans/p/"
    assert rel_url(urls.plan("p"), urls.home) == "../../"
    assert rel_url(urls.indicator("p", "i"), urls.plan("p")) == "../../"
    assert rel_url(urls.about, urls.city("c")) == "../cities/c/"
    assert rel_url(urls.city("c"), urls.about, "report-an-error") == "../../about/#report-an-error"
    assert rel_md(urls.indicator("p", "i"), urls.concept("k")) == "../../../../concepts/k/index.md"


def test_mark_chinese_only_touches_text():
    out = mark_chinese('<img alt="中文"> see 郑州市 <td>二、（三） 第1行</td>')
    assert '<img alt="中文">' in out
    assert '<span lang="zh">郑州市</span>' in out
    assert '<td><span lang="zh">二、（三） 第1行</span></td>' in out


def test_english_pages_mark_chinese_originals(minimal_pages):
    for page in minimal_pages["en"].values():
        if page.path == "methodology.md":
            continue
        # no Han character left once the lang="zh" spans (and a source document's lang="zh" text, the
        # rest of its page) and then all tags (attributes) are removed
        stripped = re.sub(r'<div class="doc-text" lang="zh">.*', "", page.body, flags=re.S)
        stripped = re.sub(r'<span lang="zh">[^<]*</span>', "", stripped)
        stripped = re.sub(r"<[^>]*>", "", stripped)
        assert not re.search(r"[\u4e00-\u9fff]", stripped), page.path


# --- configuration ------------------------------------------------------------------------


def test_language_configs(tmp_path):
    base = read_base()
    zh = language_config(base, "zh", tmp_path / "docs-zh", tmp_path / "site", VERSION)
    en = language_config(base, "en", tmp_path / "docs-en", tmp_path / "site" / "en", VERSION)
    assert zh["theme"]["language"] == "zh" and en["theme"]["language"] == "en"
    assert zh["theme"]["font"] is False and en["theme"]["font"] is False
    assert en["site_dir"].endswith("/site/en")
    assert en["extra"]["portal"]["unofficial"] == "English is an unofficial translation."
    assert zh["extra"]["portal"]["unofficial"] is None
    assert zh["extra"]["portal"]["version_text"] == "2024-06-30"  # the date; no commit id on public pages
    assert [next(iter(i.values())) for i in zh["nav"]] == [next(iter(i.values())) for i in en["nav"]]
    assert "/plans/*/" in zh["not_in_nav"]
    search = next(p["search"] for p in zh["plugins"] if isinstance(p, dict) and "search" in p)
    assert "\\u200b" in search["separator"]
    assert base["theme"].get("custom_dir") == "site_src/overrides"  # base file unchanged
    no_version = language_config(base, "en", tmp_path, tmp_path, DataVersion())
    assert no_version["extra"]["portal"]["version_text"] == "version unknown (no git history)"


def test_downloads_in_other_folders_are_grouped_one_row_per_name():
    from generator.pages.downloads_page import downloads_page

    files = [
        Download("downloads/extra/p/x.csv", 2000),
        Download("downloads/extra/p/x.json", 3000),
        Download("downloads/extra/p/y.csv", 10),
    ]
    body = downloads_page(Inputs(portal=Portal(), downloads=files), "zh").body
    assert "{ #files-1 }" in body and body.count("<tr><td") == 2
    assert 'href="../downloads/extra/p/x.json"' in body and "2.0 KB · 2.9 KB" in body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_downloads_page_lists_plans_and_each_plan_page_its_files(minimal_pages, lang):
    """The Downloads page links each plan's downloads section, not its files; the plan page
    lists its CSV (first) and JSON, linked from the site root, and links back."""
    portal = load(MINIMAL).portal
    up = "../" if lang == "zh" else "../../"
    body = minimal_pages[lang][urls.downloads].body
    assert "{ #plans }" in body and "{ #portal }" in body
    for _cd, pd in portal.plans():
        assert f'href="../plans/{pd.plan.id}/#downloads"' in body
        assert f"downloads/plans/{pd.plan.id}." not in body
        page = minimal_pages[lang][urls.plan(pd.plan.id)].body
        section = page[page.index("{ #downloads }") :]
        csv_at = section.index(f'href="{up}../downloads/plans/{pd.plan.id}.csv" download')
        assert csv_at < section.index(f'href="{up}../downloads/plans/{pd.plan.id}.json" download')
        assert "4.9 KB" in section and 'href="../../downloads/"' in section


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_reference_series_is_listed_on_its_plan_and_has_a_page(lang):
    """A series without a concept (e.g. annex tables in 件) still reaches the site: listed
    with a link on the plan that quotes it, with its own page (chart, table, source)."""
    portal = load(MINIMAL).portal
    s = portal.reference[0]
    lone = s.model_copy(
        update={"id": "lone-series", "concept": None, "name": Text(zh="孤立的参考表<b>", en="A lone table<b>")}
    )
    portal = Portal(cities=portal.cities, concepts=portal.concepts, reference=[s, lone], glossary=portal.glossary)
    pages = {p.path: p for p in render_site(inputs_for(portal), lang)}
    plan_page = pages[urls.plan(s.plan)]
    for series in (s, lone):
        page = pages[urls.reference(series.plan, series.id)]
        assert rel_url(urls.plan(s.plan), page.path) in plan_page.body
        assert "chart.svg" in page.charts and "<table" in page.body
        assert esc(document_name(series.source.file, portal, lang)) in page.body  # the document, by its title
        assert all(str(p.row) in page.body for p in series.points if p.row)
    lone_page = pages[urls.reference(lone.plan, lone.id)]
    assert "<b>" not in lone_page.body and "&lt;b&gt;" in lone_page.body
    assert "concepts/" not in lone_page.body.split("chart.svg")[-1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reference_series_of_one_figure_is_a_sentence_and_a_table_not_a_chart(lang):
    """One value (one place, one year) would be a chart of one dot: its page says there is no
    chart and why, and gives the figure in a table, in the open."""
    portal = load(MINIMAL).portal
    s = portal.reference[0]
    assert len([p for p in s.points if p.value is not None]) >= 2
    one = s.model_copy(update={"id": "one-figure", "concept": None, "points": [s.points[0]]})
    portal = Portal(cities=portal.cities, concepts=portal.concepts, reference=[s, one], glossary=portal.glossary)
    pages = {p.path: p for p in render_site(inputs_for(portal), lang)}
    alone, compared = pages[urls.reference(one.plan, one.id)], pages[urls.reference(s.plan, s.id)]
    assert alone.charts == {} and "chart.svg" not in alone.body and "<figure" not in alone.body
    assert esc(t("no_reference_chart", lang)) in alone.body and "<details" not in alone.body
    assert alone.body.index("<table") < alone.body.index(esc(t("no_reference_chart", lang)))  # the figure first
    assert esc(value_text(s.points[0].value, tr(s.unit, lang) or "", lang)) in alone.body
    assert (
        set(compared.charts) == {"chart.svg", "chart-phone.svg"} and t("no_reference_chart", lang) not in compared.body
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reference_series_without_a_name_is_named_by_its_id(lang):
    """A name with no text in either language is only a warning (`missing-translation`): the
    pages still build, naming the series and its chart by its id."""
    portal = load(MINIMAL).portal
    s = portal.reference[0]
    assert s.concept is not None  # so the concept page shows it too
    unnamed = s.model_copy(update={"id": "unnamed-series", "name": Text()})
    portal = Portal(cities=portal.cities, concepts=portal.concepts, reference=[unnamed], glossary=portal.glossary)
    pages = {p.path: p for p in render_site(inputs_for(portal), lang)}
    for here in (urls.reference(unnamed.plan, unnamed.id), urls.concept(s.concept)):
        body = pages[here].body
        assert re.search(r'<img src="[^"]*\.svg" alt="[^"]*unnamed-series"', body), here


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_concept_without_a_name_is_linked_by_its_id(lang):
    """An indicator page links its concept by the concept's id when the name has no text (a warning only)."""
    portal = load(MINIMAL).portal
    concepts = [k.model_copy(update={"name": Text()}) for k in portal.concepts]
    portal = Portal(cities=portal.cities, concepts=concepts, reference=portal.reference, glossary=portal.glossary)
    pages = {p.path: p for p in render_site(inputs_for(portal), lang)}
    linked = [(pd, ind) for _, pd in portal.plans() for ind in pd.indicators if ind.concept]
    assert linked
    for pd, ind in linked:
        body = pages[urls.indicator(pd.plan.id, ind.id)].body
        assert f"[{md(t('concept_link', lang, name=ind.concept))}](" in body
        assert "None" not in body


def test_home_status_table_has_few_columns_and_counts_only_what_occurs(minimal_pages):
    """The plan title needs room: four columns; the indicator cell lists only non-zero statuses."""
    body = minimal_pages["en"][urls.home].body
    table_html = body.split('class="data-table home-status"', 1)[1].split("</table>", 1)[0]
    assert table_html.count('<th scope="col">') == 4
    assert " 0<" not in table_html.split("<tbody>", 1)[1].replace("(0 with", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_task_status_chart_on_tasks_and_department_pages(minimal_pages, lang):
    """Tasks by latest reported status, 'no report yet' counted honestly; figure + data table."""
    from generator.pages import task_figure

    portal = load(MINIMAL).portal
    cd, pd = portal.plans()[0]
    pages = minimal_pages[lang]
    tasks_page = pages[urls.tasks(pd.plan.id)]
    spec = tasks_page.charts["status.svg"]
    assert spec["usermeta"]["kind"] == "task-status"
    counted = {}
    for r in spec["datasets"]["rows"]:
        counted[r["status"]] = r["count"]
    assert sum(counted.values()) == len(pd.tasks)
    expected = task_figure.count(pd, pd.tasks)
    assert sorted(counted.values()) == sorted(expected.values())
    assert 'src="status.svg"' in tasks_page.body and "<figcaption>" in tasks_page.body
    reported = {r.task for r in pd.task_reports}
    dept = next(d for d in cd.departments if any(d.id in x.responsible and x.id in reported for x in pd.tasks))
    assert "status.svg" in pages[urls.department(cd.city.id, dept.id)].charts
    silent = [d for d in cd.departments if not any(d.id in x.responsible and x.id in reported for x in pd.tasks)]
    for d in silent:  # a unit none of whose tasks has a report: the sentence and the table, no chart
        page = pages[urls.department(cd.city.id, d.id)]
        assert "status.svg" not in page.charts and "status.svg" not in page.body

    # without any report: every task counted as "no report yet" in the table, no one-bar chart, and the page says so
    bare = Portal(
        cities=[
            CityData(
                city=cd.city,
                departments=cd.departments,
                plans=[PlanData(plan=pd.plan, indicators=pd.indicators, tasks=pd.tasks)],
            )
        ],
        concepts=portal.concepts,
    )
    page = {p.path: p for p in render_site(inputs_for(bare), lang)}[urls.tasks(pd.plan.id)]
    assert "status.svg" not in page.charts and "status.svg" not in page.body
    header = page.body.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert t("no_report_yet", lang) in header
    assert f'<td data-label="{t("no_report_yet", lang)}">{len(pd.tasks)}</td>' in page.body
    assert ("没有进展报告" if lang == "zh" else "None of these tasks has a status report yet") in page.body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_progress_chart_draws_only_measurable_progress_and_counts_the_rest(lang):
    """The plan's progress chart has a bar for each indicator whose progress can be measured
    and no row for the others: they are counted in a sentence, and the status table counts all."""
    portal = load(MINIMAL).portal
    inputs = inputs_for(portal)
    (_, pd), *_ = portal.plans()
    measured = [i for i in pd.indicators if status.progress(inputs.assessment(pd.plan.id, i.id)) is not None]
    assert 0 < len(measured) < len(pd.indicators)
    page = {p.path: p for p in render_site(inputs, lang)}[urls.plan(pd.plan.id)]
    rows = page.charts["progress.svg"]["datasets"]["rows"]
    assert [r["indicator"].replace("\n", " ") for r in rows] == [tr(i.name, lang) for i in measured]
    assert all(r["progress_known"] for r in rows)
    left = len(pd.indicators) - len(measured)
    assert esc(t("progress_unmeasured", lang, n=left)) in page.body
    counts = re.findall(rf'<td data-label="{re.escape(esc(t("indicators_count", lang)))}">(\d+)</td>', page.body)
    assert sum(map(int, counts)) == len(pd.indicators)

    # Without a value reported, nothing is measurable: no chart, a sentence that says why.
    bare = Portal(
        cities=[replace(c, plans=[replace(p, observations=[]) for p in c.plans]) for c in portal.cities],
        concepts=portal.concepts,
        reference=portal.reference,
        glossary=portal.glossary,
    )
    page = {p.path: p for p in render_site(inputs_for(bare), lang)}[urls.plan(pd.plan.id)]
    assert "progress.svg" not in page.charts and "progress.svg" not in page.body
    assert esc(t("progress_none_measured", lang)) in page.body


def test_a_folded_table_counts_its_rows_in_the_singular_too():
    from generator.pages.common import rows_label

    assert rows_label("Chart data", 1, "en") == "Chart data (1 row)"
    assert rows_label("Chart data", 3, "en") == "Chart data (3 rows)"
    assert rows_label("图表数据", 1, "zh") == "图表数据（1行）"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_concept_with_one_city_is_a_table_not_a_comparison_chart(lang):
    """A comparison needs two indicators with a figure: with one, the concept page says there is
    no chart and why, and its table links the one indicator (whose own page has its chart)."""
    portal = load(MINIMAL).portal
    k = portal.concepts[0]
    (pd, mine), *others = [(pd, i) for _, pd in portal.plans() for i in pd.indicators if i.concept == k.id]
    assert not others  # the fixture: one city, one indicator of this concept
    page = {p.path: p for p in render_site(inputs_for(portal), lang)}[urls.concept(k.id)]
    assert "compare.svg" not in page.charts and "compare.svg" not in page.body
    assert esc(t("no_concept_chart", lang)) in page.body
    assert rel_url(urls.concept(k.id), urls.indicator(pd.plan.id, mine.id)) in page.body

    # A second indicator with figures under the same concept: now there is something to compare.
    inputs = inputs_for(portal)
    second = next(
        i for i in pd.indicators if i.id != mine.id and inputs.assessment(pd.plan.id, i.id).latest is not None
    )

    def linked(p: PlanData) -> PlanData:
        return replace(
            p, indicators=[i.model_copy(update={"concept": k.id}) if i is second else i for i in p.indicators]
        )

    both = Portal(
        cities=[replace(c, plans=[linked(p) for p in c.plans]) for c in portal.cities],
        concepts=portal.concepts,
        reference=portal.reference,
        glossary=portal.glossary,
    )
    page = {p.path: p for p in render_site(inputs_for(both), lang)}[urls.concept(k.id)]
    assert set(page.charts) >= {"compare.svg", "compare-phone.svg"} and t("no_concept_chart", lang) not in page.body
