"""Each value's kind of source on the indicator page (issue #18 Part 2.4): the value table names it
in words (plan document, official site, press, copy of press) and the chart draws a value from a
web page as a ring with its own legend entry (never colour alone). Checked on the real data: a
value that a web page reports and status uses is drawn, and listed with its kind."""

from __future__ import annotations

import re

import pytest
from test_pages import inputs_for

from generator import charts, paths, status
from generator.charts.templates import RING
from generator.i18n import t
from generator.load import load
from generator.models import ObservationRow
from generator.pages.indicator import indicator_page
from tests.test_status import make_indicator

LANGS = ("zh", "en")
PLAN, INDICATOR = "zhengzhou-ip-2021-2025", "valid-registered-trademarks"


def obs(year: int, value: float, source: str) -> ObservationRow:
    return ObservationRow(indicator="ind", year=year, value=value, source=source, section="s")


def _series_scales(spec: dict) -> list[dict]:
    """Every colour and shape scale on the `series` field, in every layer."""
    return [
        enc[ch]["scale"]
        for layer in spec["layer"]
        for enc in [layer.get("encoding", {})]
        for ch in ("color", "shape")
        if ch in enc and enc[ch].get("field") == "series"
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("phone", [False, True])
def test_a_web_value_is_a_ring_with_its_legend_entry_and_a_document_value_a_disc(lang, phone):
    ind = make_indicator(kind="exact", value=150, baseline=(2020, 100.0), target_year=2025)
    rows = [obs(2021, 110, "plan.txt"), obs(2022, 120, "web:some-page")]
    spec = charts.indicator_chart(ind, rows, status.assess(ind, rows, 2024), lang, phone=phone)
    web_name = t("data.chart.observed-web", lang)
    data = spec["datasets"]
    assert [(r["year"], r["value"]) for r in data["observed"]] == [(2021, 110)]
    assert [(r["year"], r["value"], r["series"]) for r in data["observed_web"]] == [(2022, 120, web_name)]
    # one line through both values, whatever their source
    assert [r["year"] for r in data["line"]] == [2020, 2021, 2022]
    scales = _series_scales(spec)
    assert scales and all(web_name in s["domain"] for s in scales)
    shapes = [s for layer in spec["layer"] for s in [layer.get("encoding", {}).get("shape", {})] if s.get("scale")]
    for shape in shapes:
        drawn = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
        assert drawn[web_name] == RING
        assert drawn[t("chart.series.observed", lang)] != RING  # a different shape, not only another colour


@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_without_web_values_has_no_web_legend_entry(lang):
    ind = make_indicator(kind="exact", value=150, baseline=(2020, 100.0), target_year=2025)
    rows = [obs(2021, 110, "plan.txt")]
    spec = charts.indicator_chart(ind, rows, status.assess(ind, rows, 2024), lang)
    assert spec["datasets"]["observed_web"] == []
    scales = _series_scales(spec)
    assert scales and all(t("data.chart.observed-web", lang) not in s["domain"] for s in scales)
    assert all(len(s["domain"]) == len(s["range"]) for s in scales)


@pytest.fixture(scope="module")
def real():
    result = load(paths.DATA)
    assert result.errors == []
    return result.portal


def _rows(body: str) -> list[list[str]]:
    """The value table's rows as cell texts."""
    table = body.split('<table class="data-table">', 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]*>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_real_web_value_shows_its_kind_in_the_table_and_its_ring_in_the_chart(real, lang):
    cd, pd = real.plan(PLAN)
    ind = next(i for i in pd.indicators if i.id == INDICATOR)
    web = {w.id: w for w in real.web_sources}
    web_rows = [o for o in pd.observations_for(ind.id) if o.web_id is not None]
    drawn, _ = status.choose(pd.observations_for(ind.id), web)
    drawn_web = [o for o in drawn if o.web_id is not None]
    assert drawn_web, "the real data should have a web value that status uses for this indicator"
    page = indicator_page(inputs_for(real), cd, pd, ind, lang)
    header = page.body.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert t("data.source-kind", lang) in header
    column = [re.sub(r"<[^>]*>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", header)].index(
        t("data.source-kind", lang)
    )
    rows = _rows(page.body)
    kinds = [r[column] for r in rows]
    for o in web_rows:
        word = t(f"source-kind.{web[o.web_id].kind.value}", lang)
        assert any(r[0] == str(o.year) and r[column] == word for r in rows), (o.year, word)
    # the document rows (baseline, the plan's own values, target) say so
    n_document = 2 + sum(o.web_id is None for o in pd.observations_for(ind.id))
    assert kinds.count(t("source-kind.document", lang)) == n_document
    for name in ("chart.svg", "chart-phone.svg"):
        spec = page.charts[name]
        assert sorted((r["year"], r["value"]) for r in spec["datasets"]["observed_web"]) == sorted(
            (o.year, o.value) for o in drawn_web
        )
        assert all(t("data.chart.observed-web", lang) in s["domain"] for s in _series_scales(spec))
