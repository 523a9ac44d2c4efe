"""Charts: templates not stale, golden Vega-Lite specs, hostile text stays data, self-contained cached SVG.

Golden specs live in tests/golden/charts/; regenerate with ``UPDATE_GOLDEN=1`` (never by hand).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
from pathlib import Path

import pytest

from generator import charts
from generator.charts import ConceptRow, chart_summary, style, wrap
from generator.charts import render as chart_render
from generator.charts import summaries as charts_summaries
from generator.charts import svg as chart_svg
from generator.i18n import t
from generator.models import Concept, Indicator, ObservationRow, ReferenceSeries, Text
from generator.status import assess

GOLDEN = Path(__file__).parent / "golden" / "charts"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
HOSTILE = ["'); alert(1); //", "datum.x", "</script><script>alert(1)</script>", "${x}", "{{x}}"]


def indicator(
    name=("每万人口高价值发明专利拥有量", "High-value invention patents per 10,000 people"),
    unit=("件", "patents"),
    **target,
) -> Indicator:
    return Indicator(
        id="high-value-patents",
        category={"zh": "创造质量", "en": "Quality of creation"},
        name={"zh": name[0], "en": name[1]},
        unit={"zh": unit[0], "en": unit[1]},
        measure="cumulative",
        baseline={"year": 2020, "value": 4.62},
        target=target or {"year": 2025, "kind": "exact", "value": 13},
        source={"file": "001_14bced0b766623b4.txt", "section": "主要指标 第1行"},
    )


def observations(ind_id="high-value-patents", pairs=((2021, 5.9), (2022, 7.5))):
    return [ObservationRow(indicator=ind_id, year=y, value=v, source="report", section="s") for y, v in pairs]


def reference(entities=("北京", "上海", "郑州"), years=(2016, 2017, 2018)) -> ReferenceSeries:
    points = []
    for i, e in enumerate(entities):
        for j, y in enumerate(years):
            value = None if (i, j) == (0, 0) else float(10 + i * 3 + j)
            points.append({"entity": {"zh": e, "en": e}, "year": y, "value": value})
    return ReferenceSeries(
        id="patents-per-10k-cities",
        plan="zhengzhou-ip-2021-2025",
        name={"zh": "每万人口发明专利拥有量", "en": "Invention patents per 10,000 people"},
        unit={"zh": "件", "en": "patents"},
        source={"file": "001_14bced0b766623b4.txt", "section": "附件"},
        points=points,
    )


CONCEPT = Concept(
    id="c",
    name={"zh": "每万人口高价值发明专利拥有量", "en": "High-value invention patents per 10,000 people"},
    unit={"zh": "件", "en": "patents"},
)


def concept_rows(cities=(("郑州", "Zhengzhou"), ("许昌", "Xuchang"))):
    return [
        ConceptRow(
            city={"zh": cities[0][0], "en": cities[0][1]},
            baseline=(2020, 4.62),
            latest=(2022, 7.5),
            target=(2025, 13.0),
        ),
        ConceptRow(
            city={"zh": cities[1][0], "en": cities[1][1]}, baseline=(2020, 1.22), latest=None, target=(2025, None)
        ),
    ]


@functools.cache
def _all_specs(lang: str) -> str:
    return json.dumps(build_specs(lang))


def all_specs(lang: str) -> dict[str, dict]:
    """The specs of every chart kind on small realistic inputs (built once, fresh copies)."""
    return json.loads(_all_specs(lang))


def build_specs(lang: str) -> dict[str, dict]:
    """Every kind, wide and (``<name>-phone``) phone."""
    return {**_build_specs(lang), **{f"{k}-phone": v for k, v in _build_specs(lang, phone=True).items()}}


def _build_specs(lang: str, phone: bool = False) -> dict[str, dict]:
    ind = indicator()
    obs = observations()
    a = assess(ind, obs, 2023)
    rng = indicator(year=2025, kind="range", min=10, max=14)
    growth = indicator(year=2025, kind="growth-rate", rate=20)
    other = indicator(name=("海外商标注册量", "Overseas trademark registrations")).model_copy(update={"id": "other"})
    return {
        "indicator": charts.indicator_chart(ind, obs, a, lang, phone=phone),
        "indicator-range": charts.indicator_chart(rng, obs, assess(rng, obs, 2023), lang, phone=phone),
        "indicator-growth": charts.indicator_chart(growth, obs, assess(growth, obs, 2023), lang, phone=phone),
        "indicator-empty": charts.indicator_chart(ind, [], assess(ind, [], 2023), lang, phone=phone),
        "plan-overview": charts.plan_overview_chart([(ind, a), (other, assess(other, [], 2023))], lang, phone=phone),
        "concept": charts.concept_chart(concept_rows(), CONCEPT, lang, phone=phone),
        "reference-lines": charts.reference_chart(reference(), lang, phone=phone),
        "reference-bars": charts.reference_chart(reference(years=(2021,)), lang, phone=phone),
        "task-status": charts.task_status_chart(
            {"郑州市规划": {"completed": 3, "in-progress": 2, "no-report": 45}}, lang, phone=phone
        ),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_specs(lang):
    for name, spec in all_specs(lang).items():
        path = GOLDEN / f"{name}.{lang}.json"
        text = json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden {path.name}; run with UPDATE_GOLDEN=1"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} differs; if intended, UPDATE_GOLDEN=1"


def test_specs_are_valid_vega_lite():
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import core

    schema = core.load_schema()
    for spec in {**all_specs("zh"), **hostile_specs(HOSTILE[0])}.values():
        validate_jsonschema(spec, schema)  # raises on an invalid spec


def test_specs_are_deterministic_and_json():
    a, b = build_specs("en"), all_specs("en")
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_has_a_summary_in_its_language_and_cjk_font(lang):
    for name, spec in all_specs(lang).items():
        s = chart_summary(spec, lang)
        assert s and "<" not in s, name
        assert spec["config"]["font"] == charts.FONT
        assert spec["usermeta"]["lang"] == lang
    zh = chart_summary(all_specs("zh")["indicator"], "zh")
    assert "4.62" in zh and "7.5" in zh and "13" in zh and "进度正常" in zh
    with pytest.raises(ValueError):
        chart_summary(all_specs("zh")["indicator"], "en")


def rows_of(spec: dict) -> list[dict]:
    """Every data row of a spec (its named datasets)."""
    return [row for rows in spec["datasets"].values() for row in rows]


def test_every_layer_reads_a_dataset_the_fill_provides():
    for lang in ("zh", "en"):
        for name, spec in all_specs(lang).items():
            read = {layer["data"]["name"] for layer in spec["layer"] if "data" in layer}
            read |= {spec["data"]["name"]} if "data" in spec else set()
            assert read == set(spec["datasets"]), name
            assert all("values" not in layer.get("data", {}) for layer in spec["layer"]), name


def test_indicator_chart_layers_show_baseline_target_path_and_values():
    spec = all_specs("en")["indicator"]
    values = rows_of(spec)
    series = {row["series"] for row in values}
    assert series == {"Reported", "Baseline", "Target", "Path needed"}
    assert {"year": 2020, "value": 4.62, "series": "Baseline"} in values
    path = [row for row in values if row["series"] == "Path needed"]
    assert [r["year"] for r in path] == list(range(2020, 2026))
    assert spec["datasets"]["target_point"] == [{"year": 2025, "value": 13.0, "series": "Target", "shape": "diamond"}]
    band = all_specs("en")["indicator-range"]
    assert band["datasets"]["target_point"] == [] and band["datasets"]["target_band"][0]["value2"] == 14
    rect = next(layer for layer in band["layer"] if layer["mark"]["type"] == "rect")
    assert rect["data"]["name"] == "target_band"


def test_an_indicator_chart_with_nothing_to_draw_is_its_frame_without_a_legend():
    spec = charts.indicator_chart(
        indicator(year=2025, kind="qualitative", text={"zh": "x", "en": "x"}).model_copy(update={"baseline": None}),
        [],
        None,
        "en",
    )
    assert [k for k, rows in spec["datasets"].items() if rows] == ["frame"]
    assert spec["config"]["legend"]["disable"] is True
    assert "disable" not in all_specs("en")["indicator-empty"]["config"]["legend"]


def test_an_indicator_chart_is_worth_drawing_with_values_in_two_years_only():
    def worth(ind, obs):
        return charts.worth_a_chart(charts.indicator_chart(ind, obs, assess(ind, obs, 2023), "zh"))

    no_baseline = {"baseline": None}
    qualitative = indicator(year=2025, kind="qualitative", text={"zh": "x", "en": "x"})
    assert worth(indicator(), observations())  # baseline, two values and a target
    assert worth(indicator(), [])  # baseline 2020 and target 2025: the path between them
    assert worth(indicator(year=2025, kind="range", min=10, max=14), [])  # baseline and a band
    assert worth(qualitative.model_copy(update=no_baseline), observations())  # two reported years
    assert not worth(indicator().model_copy(update=no_baseline), [])  # a target alone
    assert not worth(qualitative, [])  # a baseline alone
    assert not worth(qualitative.model_copy(update=no_baseline), [])  # nothing
    assert not worth(qualitative, observations(pairs=((2020, 4.7),)))  # two values, one year


def test_status_is_not_colour_alone():
    spec = all_specs("en")["plan-overview"]
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert any("shape" in e for e in encodings)
    assert any(e.get("text", {}).get("field") == "label" for e in encodings)
    rows = spec["datasets"]["rows"]
    assert rows[0]["label"].endswith(" · " + t("status.on-track", "en")) and rows[1]["label"] == t(
        "status.no-data", "en"
    )


def test_reference_chart_leaves_out_unreported_values_and_says_so():
    spec = all_specs("en")["reference-lines"]
    values = rows_of(spec)
    assert values and all(r["value"] is not None for r in values)
    assert "; 1 value not reported" in chart_summary(spec)
    one_year = all_specs("en")["reference-bars"]
    assert any(layer["mark"]["type"] == "point" for layer in one_year["layer"])


def _peer_series():
    """A 2020 base and a 2025 target per city, as in Zhengzhou's annex table 1 (12 cities)."""
    names = [("北京", "Beijing"), ("天津", "Tianjin"), ("郑州", "Zhengzhou"), ("武汉", "Wuhan"), ("全国", "China")]
    base = reference()
    pts = []
    for i, (zh, en) in enumerate(names):
        v = None if zh == "全国" else 10.0 + i
        pts.append(
            base.points[0].model_copy(
                update={"entity": Text(zh=zh, en=en), "year": 2020, "value": v, "kind": "observed"}
            )
        )
        pts.append(
            base.points[0].model_copy(
                update={"entity": Text(zh=zh, en=en), "year": 2025, "value": v and v * 2, "kind": "target"}
            )
        )
    return base.model_copy(update={"points": pts})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_peer_reference_is_a_labelled_dot_plot_sorted_with_the_own_city_highlighted(lang):
    spec = charts.reference_chart(_peer_series(), lang, highlight=Text(zh="郑州市", en="Zhengzhou"))
    layers = spec["layer"]
    points = next(layer for layer in layers if layer["mark"]["type"] == "point")
    enc = {**spec["encoding"], **points["encoding"]}
    # baseline and target: two kinds, each its own colour and shape, in a legend
    assert len(set(enc["color"]["scale"]["range"])) == len(enc["color"]["scale"]["domain"]) == 2
    assert len(set(enc["shape"]["scale"]["range"])) == 2 and enc["y"]["field"] == "entity"
    # every known value (2020 and 2025) is written next to its mark
    labels = [
        r["label"]
        for layer in layers
        if layer["mark"]["type"] == "text"
        for r in spec["datasets"][layer["data"]["name"]]
    ]
    for v in ("13", "26", "10", "20"):
        assert any(v in label.split(" / ") for label in labels), v
    # sorted: largest base on top (by the numeric order field), the city without figures last and said so
    order = {r["entity"]: r["order"] for r in rows_of(spec)}
    names = sorted(order, key=order.get)
    assert names[0] == ("武汉" if lang == "zh" else "Wuhan") and names[-1] == ("全国" if lang == "zh" else "China")
    assert t("chart.not-reported", lang) in labels
    # the quoting plan's city (郑州市 ↔ 郑州) is highlighted and named in the summary
    band = layers[0]
    assert band["mark"]["type"] == "bar" and band["data"]["name"] == "own"
    assert spec["datasets"]["own"][0]["entity"] == ("郑州" if lang == "zh" else "Zhengzhou")
    assert ("突出显示：郑州" if lang == "zh" else "highlighted: Zhengzhou") in chart_summary(spec)


def test_reference_summary_counts_in_singular_and_plural():
    one = reference(entities=("x", "北京"), years=(2021,))
    one = one.model_copy(update={"points": [p for p in one.points if p.value is not None][:1]})
    en = chart_summary(charts.reference_chart(one, "en"))
    assert "1 entity" in en and "1 value" in en and "values" not in en and "entities" not in en
    assert "1个对象" in chart_summary(charts.reference_chart(one, "zh"))


# ------------------------------------------------------------------ hostile text


def _walk(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, path + (i,))
    else:
        yield path, node


FORBIDDEN_KEYS = {"calculate", "filter", "expr", "signal", "params", "transform", "labelExpr", "test", "condition"}


def _allowed(path) -> bool:
    keys = [p for p in path if isinstance(p, str)]
    if keys[:1] == ["datasets"]:
        return True  # data values (named datasets)
    if keys and keys[-1] in ("title", "subtitle"):
        return True  # plain title strings (chart, axis and legend titles)
    if len(keys) >= 2 and keys[-2] == "title" and keys[-1] == "text":
        return True
    return keys[:2] == ["usermeta", "summary"]


def hostile_specs(bad: str) -> dict[str, dict]:
    return {**_hostile_specs(bad), **{f"{k}-phone": v for k, v in _hostile_specs(bad, phone=True).items()}}


def _hostile_specs(bad: str, phone: bool = False) -> dict[str, dict]:
    ind = indicator(name=(bad, bad), unit=(bad, bad))
    obs = observations()
    a = assess(ind, obs, 2023)
    return {
        "indicator": charts.indicator_chart(ind, obs, a, "en", phone=phone),
        "overview": charts.plan_overview_chart([(ind, a)], "zh", title=bad, phone=phone),
        "concept": charts.concept_chart(
            concept_rows(cities=((bad, bad), (bad + "2", bad + "2"))),
            CONCEPT.model_copy(update={"name": ind.name, "unit": ind.unit}),
            "en",
            phone=phone,
        ),
        "reference": charts.reference_chart(
            reference(entities=(bad, "b" + bad)).model_copy(update={"name": ind.name, "unit": ind.unit}),
            "en",
            phone=phone,
        ),
        "reference-bars": charts.reference_chart(reference(entities=("x", bad), years=(2021,)), "zh", phone=phone),
        "tasks": charts.task_status_chart({bad: {"completed": 1}}, "en", title=bad, phone=phone),
    }


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_is_only_data_or_plain_titles(bad):
    for name, spec in hostile_specs(bad).items():
        found = False
        for path, value in _walk(spec):
            keys = {p for p in path if isinstance(p, str)}
            assert not (keys & FORBIDDEN_KEYS), f"{name}: expression-capable key at {path}"
            if isinstance(value, str) and bad in value:
                found = True
                assert _allowed(path), f"{name}: hostile text at {path}"
        assert found, name
        # field names are our constants, never data text
        for path, value in _walk(spec):
            if path and path[-1] == "field":
                assert value in {
                    "year",
                    "year2",
                    "value",
                    "value2",
                    "series",
                    "shape",
                    "indicator",
                    "progress",
                    "status",
                    "label",
                    "city",
                    "kind",
                    "entity",
                    "group",
                    "count",
                    "order",
                    "role",
                    "label_value",
                    "x",
                    "x2",
                    "y",
                    "y2",
                    "key",
                    "text",
                    "lines",
                }


def test_hostile_text_renders_escaped(tmp_path):
    svg = charts.render_svg(hostile_specs(HOSTILE[2])["indicator"], tmp_path)
    assert "<script" not in svg
    assert "&lt;/script&gt;" in svg


# ------------------------------------------------------------------ rendering


def test_render_svg_is_self_contained_and_cached(tmp_path, monkeypatch):
    spec = all_specs("zh")["indicator"]
    svg = charts.render_svg(spec, tmp_path)
    assert svg.startswith("<svg")
    assert "每万人口高价值发明专利拥有量" in svg  # Chinese text kept as text
    assert charts.FONT in svg
    charts.check_no_external_references(svg)
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "").replace("http://www.w3.org/1999/xlink", "")
    cached = list(tmp_path.glob("*.svg"))
    assert [p.name for p in cached] == [charts.spec_key(spec) + ".svg"]

    def boom(_spec):
        raise AssertionError("should have used the cache")

    monkeypatch.setattr(chart_svg, "convert", boom)
    assert charts.render_svg(spec, tmp_path) == svg


def test_external_references_are_refused():
    with pytest.raises(ValueError):
        charts.check_no_external_references(
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/x.png"/></svg>'
        )
    with pytest.raises(ValueError):
        charts.check_no_external_references(
            '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(//cdn.example.com/a)"/></svg>'
        )
    with pytest.raises(ValueError):
        charts.check_no_external_references(
            '<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: url(https://x.example/a) }</style></svg>'
        )
    charts.check_no_external_references('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)"/></svg>')
    # a web address a chart shows as text (a source's title) makes no request
    charts.check_no_external_references(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>来源：https://www.example.gov.cn/a.html</text></svg>'
    )


def test_spec_key_depends_on_content_only():
    a = {"b": 1, "a": [1, 2]}
    b = {"a": [1, 2], "b": 1}
    assert charts.spec_key(a) == charts.spec_key(b)
    assert charts.spec_key(a) != charts.spec_key({"a": [2, 1], "b": 1})


def test_render_many_in_parallel_matches_single(tmp_path):
    specs = {f"{k}-{lang}": v for lang in ("zh", "en") for k, v in list(all_specs(lang).items())[:1]}
    out = charts.render_many(specs, tmp_path / "cache", workers=2)
    assert list(out) == list(specs)
    assert len(list((tmp_path / "cache").glob("*.svg"))) == len(specs)
    for name, spec in specs.items():
        assert out[name] == charts.render_svg(spec, tmp_path / "cache")
        charts.check_no_external_references(out[name])


# ------------------------------------------------------------------ golden specs on the minimal fixture

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal"


def fixture_specs(lang: str) -> dict[str, dict]:
    from generator.load import load

    portal = load(MINIMAL).portal
    specs: dict[str, dict] = {}
    assessments = {}
    for _, pd in portal.plans():
        pairs = []
        for ind in pd.indicators:
            a = assess(ind, pd.observations_for(ind.id), 2024, period_start=pd.plan.period.start)
            assessments[(pd.plan.id, ind.id)] = a
            pairs.append((ind, a))
            specs[f"{pd.plan.id}.{ind.id}"] = charts.indicator_chart(ind, pd.observations_for(ind.id), a, lang)
        specs[f"{pd.plan.id}.overview"] = charts.plan_overview_chart(pairs, lang)
    for concept in portal.concepts:
        specs[f"concept.{concept.id}"] = charts.concept_chart(
            charts.concept_rows(portal, concept.id, assessments), concept, lang
        )
    for series in portal.reference:
        specs[f"reference.{series.id}"] = charts.reference_chart(series, lang)
    return specs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_specs_of_the_minimal_fixture(lang):
    specs = fixture_specs(lang)
    assert len(specs) >= 3
    folder = GOLDEN / "minimal"
    for name, spec in specs.items():
        path = folder / f"{name}.{lang}.json"
        text = json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden {path.name}; run with UPDATE_GOLDEN=1"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} differs; if intended, UPDATE_GOLDEN=1"
    stale = {p.name for p in folder.glob(f"*.{lang}.json")} - {f"{n}.{lang}.json" for n in specs}
    assert not stale, f"golden files for charts that no longer exist: {sorted(stale)}"


def test_many_lines_never_share_a_colour_by_accident():
    """More entities than colours: the plan's city in blue, the others grey; each line named at its end."""
    names = [f"c{i}" for i in range(len(charts.PALETTE) + 4)]
    spec = charts.reference_chart(reference(entities=tuple(names)), "en", highlight="c3")
    colours = [layer["encoding"]["color"] for layer in spec["layer"]]
    assert all(c["field"] == "role" and c["scale"]["range"] == [charts.BLUE, charts.GREY] for c in colours)
    roles = {r["entity"]: r["role"] for r in rows_of(spec)}
    assert roles["c3"] == t("chart.own-city", "en") and roles["c0"] == t("chart.peers", "en")
    ends = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert sorted(r["entity"] for r in spec["datasets"][ends["data"]["name"]]) == sorted(names)


# ------------------------------------------------------------------ slimmed SVG


def _texts(svg: str) -> list[str]:
    import xml.etree.ElementTree as ET

    return sorted("".join(el.itertext()) for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize(
    "name",
    ["indicator", "indicator-range", "plan-overview", "concept", "reference-bars", "reference-lines", "task-status"],
)
def test_slim_svg_draws_the_same_picture(name):
    import vl_convert as vlc

    spec = all_specs("zh")[name]
    raw = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    slim = charts.slim_svg(raw, chart_summary(spec))
    assert len(slim) < 0.6 * len(raw)
    assert vlc.svg_to_png(slim) == vlc.svg_to_png(raw)  # the same pixels, byte for byte
    assert _texts(slim) == _texts(raw)
    for scenegraph in ("class=", "aria-", "pointer-events", 'display="none"', 'opacity="1"', "graphics-"):
        assert scenegraph not in slim, scenegraph


def test_slim_svg_has_a_title_and_keeps_hostile_text_escaped(tmp_path):
    import xml.etree.ElementTree as ET

    bad = "</text><script>alert(1)</script> &amp; \"q\" 'a' <b>"
    spec = hostile_specs(bad)["indicator"]
    svg = charts.render_svg(spec, tmp_path)
    assert "<script" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    assert root.get("role") == "img"
    title = root[0]
    assert title.tag == "{http://www.w3.org/2000/svg}title" and title.text == chart_summary(spec) and bad in title.text
    assert bad in _texts(svg)  # the chart title, exactly as written in the data (&amp; stays literal)
    assert "&amp;amp;" in svg and "&lt;/text&gt;&lt;script&gt;" in svg


def test_slim_svg_refuses_markup_it_does_not_expect():
    with pytest.raises(ValueError):
        charts.slim_svg('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>')
    with pytest.raises(ValueError):
        charts.slim_svg(
            '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>'.replace(
                "<foreignObject/>", '<x:a xmlns:x="urn:x"/>'
            )
        )


def test_slim_svg_drops_only_what_draws_nothing():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10"><g fill="none" stroke-width="2">'
        '<path class="background" aria-hidden="true" d="M0,0h5v5h-5Z"/>'  # neither filled nor stroked
        '<path d="M0,0h5" stroke="#888" stroke-width="2" opacity="1"/>'  # stroke-width as inherited
        '<path d="M1,1h1" fill="#f00" opacity="0"/><path d="M1,1h1" fill="#f00" display="none"/><g><g/></g>'
        '<clipPath id="c"><path d="M0,0h5v5h-5Z"/></clipPath>'  # clip geometry stays whatever its paint
        '<line transform="translate(2,3.5)" x2="4" stroke="#000"/><text transform="translate(1,2)" fill="#000">a</text></g></svg>'
    )
    assert charts.slim_svg(svg) == (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g fill="none" stroke-width="2">'
        '<path d="M0,0h5" stroke="#888"/><clipPath id="c"><path d="M0,0h5v5h-5Z"/></clipPath>'
        '<line x1="2" y1="3.5" x2="6" y2="3.5" stroke="#000"/><text transform="translate(1,2)" fill="#000">a</text></g></svg>'
    )


def test_the_drawing_code_is_part_of_the_cache_key_and_other_code_is_not(monkeypatch, tmp_path):
    """Editing the charts package (slim_svg, the fonts, PNG drawing…) redraws; editing a page does not."""
    from generator import paths as generator_paths

    names = {p.relative_to(chart_render.PACKAGE).as_posix() for p in chart_render.drawing_files()}
    assert {"svg.py", "png.py", "fonts.py", "render.py", "specs.py"} <= names
    assert any(n.startswith("templates/") and n.endswith(".json") for n in names)
    assert all(p.is_relative_to(chart_render.PACKAGE) for p in chart_render.drawing_files())
    spec = all_specs("en")["indicator"]
    key = charts.spec_key(spec)
    edited = tmp_path / "svg.py"
    edited.write_text((chart_render.PACKAGE / "svg.py").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(chart_render, "drawing_files", lambda: [edited])
    monkeypatch.setattr(generator_paths, "ROOT", tmp_path)
    chart_render._renderer.cache_clear()
    try:
        assert charts.spec_key(spec) != key
    finally:
        chart_render._renderer.cache_clear()


# ------------------------------------------------------------------ templates


def test_committed_templates_are_not_stale():
    """`make charts` was run after the last change to the Altair templates or the chart words."""
    from generator.charts.templates import write_all

    stale = write_all(check=True)
    assert not stale, f"stale chart templates {stale}; run `python -m generator charts` (make charts)"


def test_the_staleness_check_finds_an_edited_or_extra_template(tmp_path, monkeypatch):
    from generator import cli, paths
    from generator.charts import templates

    committed, folder = templates.TEMPLATE_DIR, tmp_path / "templates"
    folder.mkdir()
    for f in committed.glob("*.json"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "concept.en.json").write_text("{}\n", encoding="utf-8")
    (folder / "gone.zh.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(templates, "TEMPLATE_DIR", folder)
    assert templates.write_all(check=True) == ["templates/concept.en.json", "templates/gone.zh.json"]
    assert cli.main(["charts", "--check"]) == 1
    assert cli.main(["charts"]) == 0  # writes them
    assert templates.write_all(check=True) == [] and not (folder / "gone.zh.json").exists()
    assert (folder / "concept.en.json").read_text(encoding="utf-8") == (committed / "concept.en.json").read_text(
        encoding="utf-8"
    )


def test_specs_name_the_schema_they_are_checked_against_and_the_build_does_without_altair():
    import subprocess
    import sys

    import altair as alt

    assert all(spec["$schema"] == alt.SCHEMA_URL for spec in all_specs("en").values())
    # a build-time fill of every chart kind (the minimal fixture) in a fresh process: Altair is never imported
    code = (
        "import sys\n"
        "sys.path.insert(0, 'tests')\n"
        "import test_charts\n"
        "assert test_charts.fixture_specs('zh') and test_charts.build_specs('en')\n"
        "sys.exit(f'altair imported: {sorted(m for m in sys.modules if m.startswith(\"altair\"))}' if 'altair' in sys.modules else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).parent.parent, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# ------------------------------------------------------------------ phone variants, labels (issue 14)

LONG_EN = "Rate of first-instance IP civil judgments accepted without appeal within the statutory time limit"


def _font_sizes(node) -> list[float]:
    return [v for path, v in _walk(node) if path and path[-1] in ("fontSize", "labelFontSize") and v is not None]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_phone_variant_is_340_px_wide_with_12_px_text_at_least(lang):
    specs = all_specs(lang)
    phones = {k: v for k, v in specs.items() if k.endswith("-phone")}
    assert len(phones) == len(specs) // 2
    for name, spec in phones.items():
        assert spec["width"] == style.PHONE_WIDTH and spec["autosize"]["type"] == "fit-x", name
        assert spec["usermeta"]["phone"] is True
        sizes = _font_sizes(spec["config"]) + _font_sizes(spec["layer"])
        assert sizes and min(sizes) >= 12, name
        wide = specs[name.removesuffix("-phone")]
        assert min(_font_sizes(wide["config"]) + _font_sizes(wide["layer"])) >= 11, name
        assert chart_summary(spec) == chart_summary(wide)  # one chart, two drawings


def test_phone_year_axis_has_at_most_six_ticks_and_keeps_the_last_year():
    spec = charts.indicator_chart(
        indicator().model_copy(update={"baseline": indicator().baseline.model_copy(update={"year": 2011})}),
        observations(),
        None,
        "zh",
        phone=True,
    )
    ticks = spec["encoding"]["x"]["axis"]["values"]
    assert len(ticks) <= style.PHONE_YEAR_TICKS and ticks[-1] == 2025 and ticks[0] >= 2011


def test_the_reported_line_runs_through_the_baseline_unless_the_baseline_year_is_reported():
    spec = all_specs("zh")["indicator"]
    line = [(r["year"], r["value"]) for r in spec["datasets"]["line"]]
    assert line == [(2020, 4.62), (2021, 5.9), (2022, 7.5)]  # the baseline joins the line (P11)
    assert [r["year"] for r in spec["datasets"]["observed"]] == [2021, 2022]  # circles: reported values only
    both = charts.indicator_chart(indicator(), observations(pairs=((2020, 4.5), (2021, 5.9))), None, "zh")
    assert [(r["year"], r["value"]) for r in both["datasets"]["line"]] == [(2020, 4.5), (2021, 5.9)]
    assert both["datasets"]["baseline"][0]["value"] == 4.62  # a disagreement stays visible
    assert all_specs("zh")["indicator-empty"]["datasets"]["line"] == []


def test_wrap_keeps_every_character_and_breaks_at_spaces_or_between_han_characters():
    lines = wrap.wrap(LONG_EN, 200, 12)
    assert len(lines) > 1 and " ".join(lines) == LONG_EN
    assert all(wrap.text_px(line, 12) <= 200 for line in lines)
    zh = "国家知识产权强市建设示范城市、强县建设试点示范县、强国建设试点示范园区"
    lines = wrap.wrap(zh, 150, 13)
    assert "".join(lines) == zh and len(lines) >= 3
    assert not any(line.startswith("、") for line in lines)  # no line starts with closing punctuation
    assert wrap.wrap("短", 10, 12) == ["短"]


@pytest.mark.parametrize("phone", [False, True])
def test_long_names_are_wrapped_never_left_to_a_label_limit(phone):
    long = indicator(name=("知识产权民事一审案件服判息诉率" * 3, LONG_EN))
    spec = charts.plan_overview_chart([(long, None)], "en", phone=phone)
    if phone:
        names = spec["datasets"]["names"][0]["lines"].split("\n")
    else:
        names = spec["datasets"]["rows"][0]["indicator"].split("\n")
        assert max(wrap.text_px(n, 11) for n in names) <= 260
    assert len(names) > 1 and " ".join(names) == LONG_EN
    limits = [v for path, v in _walk(spec) if path and path[-1] == "labelLimit"]
    assert limits and all(v == 0 for v in limits)  # no length limit anywhere: nothing can be cut


def test_reference_line_names_are_moved_apart_and_a_single_kind_has_no_legend():
    ref = reference(entities=("广州", "西安", "成都", "天津"), years=(2016, 2017, 2018))
    close = ref.model_copy(
        update={"points": [p.model_copy(update={"value": 20 + i * 0.01}) for i, p in enumerate(ref.points)]}
    )
    for phone in (False, True):
        spec = charts.reference_chart(close, "zh", phone=phone)
        ends = sorted(r["label_value"] for r in spec["datasets"]["ends"])
        low, high = spec["encoding"]["y"]["scale"]["domain"]
        size = style.PHONE_FONT if phone else style.FONT_SIZE
        gap = (size + 2) * (high - low) / spec["height"]
        assert len(ends) == 4 and all(b - a >= gap * 0.999 for a, b in itertools.pairwise(ends))
        assert low <= ends[0] and ends[-1] <= high
        points = next(layer for layer in spec["layer"] if "shape" in layer["encoding"])
        assert points["encoding"]["shape"]["legend"] is None  # no "类别 ● 报告值" alone


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_peer_dots_have_one_label_per_row_right_of_its_marks_with_room_for_it(lang):
    for phone in (False, True):
        spec = charts.reference_chart(_peer_series(), lang, highlight=Text(zh="郑州市", en="Zhengzhou"), phone=phone)
        high = spec["datasets"]["high"]
        assert len({r["entity"] for r in high}) == len(high)  # one label per entity
        assert "low" not in spec["datasets"]  # nothing is written left of a mark, over the names
        top = spec["encoding"]["x"]["scale"]["domain"][1]
        assert all(r["value"] < top for r in high)
        marks = spec["datasets"]["marks"]
        for r in high:
            assert r["value"] == max(m["value"] for m in marks if m["entity"] == r["entity"])


@pytest.mark.parametrize("phone", [False, True])
def test_the_plan_overview_legend_lists_only_the_statuses_it_shows(phone):
    ind = indicator()
    other = indicator(name=("海外商标注册量", "Overseas trademark registrations")).model_copy(update={"id": "other"})
    pairs = [(ind, assess(ind, observations(), 2023)), (other, assess(other, [], 2023))]
    spec = charts.plan_overview_chart(pairs, "zh", phone=phone)
    shown = {charts_summaries.status_name(a.status, "zh") for _, a in pairs}
    assert len(shown) == 2
    domains = [
        layer["encoding"][channel]["scale"]["domain"]
        for layer in spec["layer"]
        for channel in ("color", "shape")
        if "scale" in layer["encoding"].get(channel, {})
    ]
    assert domains and all(set(d) == shown for d in domains)


def test_plan_overview_phone_labels_never_run_past_the_plot():
    """A label too wide for the room right of the track ("34.37% · Deadline passed, outcome not
    reported") goes on its own line under its bar; the others stay right of the track, inside the
    plot (a label beyond it would make the fitted chart shrink its plot and cut the label)."""
    ind, obs = indicator(), observations()
    other = indicator(name=("海外商标注册量", "Overseas trademark registrations")).model_copy(update={"id": "other"})
    late = [(ind, assess(ind, obs, 2027)), (other, assess(other, [], 2027))]  # 2027: both deadlines passed
    for lang in ("zh", "en"):
        spec = charts.plan_overview_chart(late, lang, phone=True)
        labels, names = spec["datasets"]["labels"], spec["datasets"]["names"]
        x = next(layer["encoding"]["x"] for layer in spec["layer"] if "field" in layer["encoding"].get("x", {}))
        top, plot = x["scale"]["domain"][1], style.PHONE_WIDTH - 10
        for r in labels:  # the label's right end (estimated) inside the plot
            assert r["x"] / top * plot + 7 + wrap.text_px(r["text"], style.PHONE_FONT) <= plot, r["text"]
        assert 100 / top >= 0.25  # the track keeps a quarter of the width
        assert labels[0]["y"] + style.PHONE_FONT / 2 < names[1]["y"]  # above the next row's name
        assert [r["x"] for r in labels] == ([100, 100] if lang == "zh" else [0, 100])  # only the long one moves
    rendered = charts.plan_overview_chart(late, "en", phone=True)
    assert "% · " in rendered["datasets"]["labels"][0]["text"]


def test_concept_phone_rows_leave_room_for_every_label():
    spec = all_specs("zh")["concept-phone"]
    labels = spec["datasets"]["labels"]
    x = next(layer["encoding"]["x"] for layer in spec["layer"] if "field" in layer["encoding"].get("x", {}))
    top = x["scale"]["domain"][1]
    plot = style.PHONE_WIDTH - 10
    for r in labels:  # the label's right end (estimated) inside the plot
        assert r["x"] / top * plot + 7 + wrap.text_px(r["text"], style.PHONE_FONT) <= plot
    ys = [r["y"] for r in labels]
    assert len(set(ys)) == len(ys)  # each label on its own row


def test_rendered_phone_and_wide_charts_cut_no_label_and_keep_their_text_size(tmp_path):
    long = indicator(name=("知识产权民事一审案件服判息诉率" * 3, LONG_EN))
    for phone in (False, True):
        spec = charts.plan_overview_chart([(long, None), (indicator(), None)], "en", phone=phone)
        svg = charts.render_svg(spec, tmp_path)
        assert "…" not in svg
        sizes = [float(v) for v in re.findall(r'font-size="([0-9.]+)px"', svg)]
        assert min(sizes) >= (12 if phone else 11)
        width = float(re.search(r'<svg[^>]* width="([0-9.]+)"', svg)[1])
        if phone:
            assert width == style.PHONE_WIDTH
        for word in LONG_EN.split():
            assert word in svg


def test_cities_are_compared_only_when_two_have_a_figure():
    two = concept_rows()
    assert charts.concept_worth_a_chart(two)
    assert not charts.concept_worth_a_chart(two[:1])  # one city alone: its indicator's chart, not a comparison
    blank = ConceptRow(city={"zh": "焦作", "en": "Jiaozuo"}, baseline=(2020, None), latest=None, target=(2025, None))
    assert not charts.concept_worth_a_chart([two[0], blank])  # a city without a figure does not count
    assert not charts.concept_worth_a_chart([])
