"""Pages lead with their answer, fold long tables, give units and never split numbers
(issue 14 items 2, 3 and 7). Rendered from the minimal fixture; expected values are worked out
from its data, not written down."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_pages import MINIMAL, inputs_for

from generator import status
from generator.i18n import t
from generator.i18n.lang import with_unit
from generator.i18n.numbers import figure
from generator.load import load
from generator.models import ObservationPeriod
from generator.pages import render_site
from generator.pages.common import mark_chinese, urls

LANGS = ("zh", "en")
NUMBER = re.compile(r"[0-9]+(?:[.,\-][0-9]+)*%?")
TAG = re.compile(r"<[^>]*>")


@pytest.fixture(scope="module")
def portal():
    return load(MINIMAL).portal


@pytest.fixture(scope="module")
def pages(portal):
    inputs = inputs_for(portal)
    return {lang: {p.path: p for p in render_site(inputs, lang)} for lang in LANGS}


# --- item 2: a language span never cuts a number --------------------------------------------

_PIECES = st.sampled_from(["2", "43", ".", ",", "%", "-", " ", "年", "的", "郑州", "件", "，", "。", "a", "x ", "、"])


def _numbers_cut(marked: str) -> list[str]:
    """Numbers of the text with a tag somewhere strictly inside them."""
    plain, cuts, pos = "", set(), 0
    for piece in TAG.split(marked):
        plain += piece
        cuts.add(len(plain))
        pos += len(piece)
    return [m.group(0) for m in NUMBER.finditer(plain) if any(m.start() < c < m.end() for c in cuts)]


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_a_language_span_never_ends_or_starts_inside_a_number(text):
    marked = mark_chinese(text)
    assert TAG.sub("", marked) == text  # only spans are added
    assert _numbers_cut(marked) == [], marked


def test_the_reviewed_quotes_keep_their_numbers_whole():
    quote = "万人高价值发明专利拥有量由2016年的2.43件增长至2020年的4.62 件"
    assert _numbers_cut(mark_chinese(quote)) == []
    assert "2.43" in re.findall(r'<span lang="zh">([^<]*)</span>', mark_chinese(quote))[0]
    table_row = "8 郑州 8.7 2.35 10.9 3.15"
    assert _numbers_cut(mark_chinese(table_row)) == []
    assert _numbers_cut("<b>2</b>.43") == ["2.43"]  # the checker itself sees a cut


# --- item 3: the answer first ------------------------------------------------------------------


def _answer(body: str) -> str:
    m = re.search(r'<div class="portal-answer">(.*?)</div>', body, re.S)
    assert m, "no answer box"
    return m.group(1)


def _text(html: str) -> str:
    return TAG.sub("", html)


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_page_starts_with_status_latest_value_with_unit_and_target(portal, pages, lang):
    _cd, pd = portal.plans()[0]
    inputs = inputs_for(portal)
    shown = 0
    for ind in pd.indicators:
        body = pages[lang][urls.indicator(pd.plan.id, ind.id)].body
        answer = _answer(body)
        assert body.index('class="portal-answer"') < body.index("{ #definition }") < body.index("{ #status }")
        a = inputs.assessment(pd.plan.id, ind.id)
        assert t(f"status.{a.status.value}", lang) in answer
        unit = (ind.unit.zh if lang == "zh" else ind.unit.en) or ""
        obs = pd.observations_for(ind.id)
        if a.latest is not None:
            latest = with_unit(figure(a.latest.value), unit, lang)
            assert latest in _text(answer) and str(a.latest.year) in _text(answer), (ind.id, answer)
            source = [o for o in obs if o.year == a.latest.year]
            if source:
                assert source[-1].section in _text(answer)
            shown += 1
        else:
            assert t("not_reported", lang) in answer
        if ind.target.value is not None:
            assert with_unit(figure(ind.target.value), unit, lang) in _text(answer), (ind.id, answer)
    assert shown  # the fixture has an indicator with a reported value


@pytest.mark.parametrize("lang", LANGS)
def test_plan_page_starts_with_the_status_counts_and_says_when_its_period_ended(portal, lang):
    _cd, pd = portal.plans()[0]
    for as_of in (pd.plan.period.end, pd.plan.period.end + 1):
        inputs = replace(inputs_for(portal), as_of=as_of)
        page = {p.path: p for p in render_site(inputs, lang)}[urls.plan(pd.plan.id)]
        answer = _text(_answer(page.body))
        assert page.body.index('class="portal-answer"') < page.body.index("{ #progress }")
        counts = status.summarise(inputs.assessment(pd.plan.id, i.id) for i in pd.indicators)
        for s, n in counts.items():
            said = t("layout.status_count", lang, status=t(f"status.{s.value}", lang), n=n)
            assert (said in answer) == (n > 0), (said, answer)
        ended = t("layout.period_ended", lang, start=pd.plan.period.start, end=pd.plan.period.end, as_of=as_of)
        assert (ended in answer) == (as_of > pd.plan.period.end), answer


@pytest.mark.parametrize("lang", LANGS)
def test_city_page_starts_with_a_summary(portal, pages, lang):
    cd = portal.cities[0]
    body = pages[lang][urls.city(cd.city.id)].body
    answer = _text(_answer(body))
    assert body.index('class="portal-answer"') < body.index("{ #plans }")
    n_ind = sum(len(pd.indicators) for pd in cd.plans)
    n_tasks = sum(len(pd.tasks) for pd in cd.plans)
    assert answer.startswith(str(n_ind)) and str(n_tasks) in answer, answer


@pytest.mark.parametrize("lang", LANGS)
def test_chart_data_is_folded_with_its_row_count(pages, lang):
    folded = 0
    for page in pages[lang].values():
        for summary, inside in re.findall(r"<summary>(.*?)</summary>(.*?)</details>", page.body, re.S):
            # a folded table (minus its header row) or a folded list; other folded blocks (the
            # embed code) have no rows to count
            if "<tr>" not in inside and "<li>" not in inside:
                continue
            rows = inside.count("<tr>") - 1 if "<tr>" in inside else inside.count("<li>")
            assert re.search(rf"\D{rows}\D", _text(summary)), (page.path, summary, rows)
            folded += 1
    assert folded >= 3


# --- item 7: units, labels, separators, titles -----------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_figures_in_city_and_comparison_tables_carry_their_unit(portal, pages, lang):
    cd, pd = portal.plans()[0]
    checked = 0
    for path in (urls.city(cd.city.id), *(urls.concept(k.id) for k in portal.concepts)):
        body = pages[lang][path].body
        for ind in pd.indicators:
            unit = (ind.unit.zh if lang == "zh" else ind.unit.en) or ""
            link = f'{urls.indicator(pd.plan.id, ind.id).removesuffix("index.md")}">'
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
                if link not in row or ind.baseline is None or ind.target.value is None:
                    continue
                assert with_unit(figure(ind.baseline.value), unit, lang) in row, (path, row)
                assert with_unit(figure(ind.target.value), unit, lang) in row, (path, row)
                checked += 1
    assert checked >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_every_definition_label_ends_with_a_separator(pages, lang):
    sep = "：" if lang == "zh" else ": "
    labels = [dt for p in pages[lang].values() for dt in re.findall(r"<dt>(.*?)</dt>", p.body)]
    assert labels and all(_text(dt).endswith(sep) for dt in labels), [d for d in labels if not d.endswith(sep)]


def test_status_words_are_badges_that_do_not_wrap(portal, pages):
    cd, pd = portal.plans()[0]
    for lang in LANGS:
        for path in (urls.city(cd.city.id), urls.plan(pd.plan.id)):
            cells = re.findall(r'<td data-label="[^"]*">(.*?)</td>', pages[lang][path].body)
            words = {t(f"status.{s.value}", lang) for s in status.STATUS_ORDER}
            plain = [c for c in cells if c in words]
            assert plain == [], (path, plain)  # status cells are <span class="status …">


def test_english_reference_rows_lead_with_english_and_mark_the_chinese_locator(portal, pages):
    series = portal.reference[0]
    body = pages["en"][urls.reference(series.plan, series.id)].body
    for p in series.points:
        if not p.row:
            continue
        label = t(
            "layout.ref_row", "en", entity=p.entity.en or p.entity.zh, year=p.year, kind=t(f"kind_{p.kind}", "en")
        )
        assert f"{label} · " in body
        assert not re.search(r"[\u4e00-\u9fff]", label)
    for chinese in re.findall(r"[\u4e00-\u9fff][^<]*", _text(re.sub(r'<span lang="zh">.*?</span>', "", body))):
        pytest.fail(f"Chinese outside a lang=zh span: {chinese}")


def test_titles_name_the_city_and_comparison_titles_differ(portal, pages):
    cd, pd = portal.plans()[0]
    for lang in LANGS:
        city = cd.city.name.zh if lang == "zh" else cd.city.name.en
        site = pages[lang]
        for ind in pd.indicators:
            assert city in site[urls.indicator(pd.plan.id, ind.id)].title
        assert city in site[urls.plan(pd.plan.id)].title
        for s in portal.reference:
            assert city in site[urls.reference(s.plan, s.id)].title
        indicator_titles = {site[urls.indicator(pd.plan.id, i.id)].title for i in pd.indicators}
        for k in portal.concepts:
            assert site[urls.concept(k.id)].title not in indicator_titles


# --- the home page says how much progress is reported at all (issue 18 item 4) ----------------


def test_home_counts_indicators_with_a_year_end_value_after_their_baseline(portal, pages):
    from generator.pages.home import n_indicators, reported_after_baseline

    _, pd = portal.plans()[0]
    expected = sum(
        any(
            o.year > (i.baseline.year if i.baseline else pd.plan.period.start - 1) and not o.partial
            for o in pd.observations_for(i.id)
        )
        for i in pd.indicators
    )
    assert 0 < expected < len(pd.indicators)  # the fixture has both kinds
    assert reported_after_baseline(portal) == expected and n_indicators(portal) == len(pd.indicators)
    home = pages["zh"][urls.home].body
    assert f"{len(pd.indicators)}项指标中，有{expected}项找到了基期之后的年末数值" in home
    # a part-year value does not count, nor does a value for the baseline year itself
    first = pd.indicators[0]
    kept = [o for o in pd.observations if o.indicator != first.id]
    later = first.baseline.year + 1 if first.baseline else pd.plan.period.start
    partial = [
        o.model_copy(update={"year": later, "period": ObservationPeriod.partial})
        for o in pd.observations
        if o.indicator == first.id
    ][:1]
    trimmed = replace(portal, cities=[replace(portal.cities[0], plans=[replace(pd, observations=kept + partial)])])
    assert reported_after_baseline(trimmed) == expected - 1


def test_the_chart_draws_year_end_values_only_and_the_table_lists_the_part_year_one(portal):
    """A part-year value or estimate (period: partial) is listed, marked, in the chart data, but the
    chart and its summary draw the values status uses: never the estimate as the latest value."""
    _, pd = portal.plans()[0]
    ind = pd.indicators[0]
    later = max(o.year for o in pd.observations_for(ind.id)) + 1
    estimate = next(o for o in pd.observations if o.indicator == ind.id).model_copy(
        update={"year": later, "value": 987.6, "period": ObservationPeriod.partial, "period_text": "上半年（预计）"}
    )
    more = replace(pd, observations=[*pd.observations, estimate])
    with_estimate = replace(portal, cities=[replace(portal.cities[0], plans=[more])])
    pages = {p.path: p for p in render_site(inputs_for(with_estimate), "zh")}
    page = pages[urls.indicator(pd.plan.id, ind.id)]
    caption = page.body.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert "987.6" not in caption and "987.6" not in str(page.charts["chart.svg"])
    assert "987.6" not in str(page.charts["chart-phone.svg"])
    table = re.sub(r"<[^>]+>", "", page.body.split("<table", 1)[1])  # the cells' text
    assert "987.6" in table and "实际值（上半年（预计））" in table
