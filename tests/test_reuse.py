"""Reuse of one indicator (generator/pages/reuse.py, generator/citation.py, generator/charts/footer.py,
generator/charts/png.py): citation per language, the CSV/JSON next to the page, the embed page and
the share card with hostile text, the chart's source line, and the PNG step."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import sys
from pathlib import Path

import pytest
import yaml

from generator import citation, downloads, status
from generator.charts import footer, indicator_chart
from generator.i18n import t
from generator.load import load
from generator.pages import Inputs, render_site
from generator.pages import reuse as reuse_page
from generator.portal import DataVersion
from tests.test_pages import _Html

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"
sys.path.insert(0, str(TESTS / "fixtures" / "hostile"))
from regenerate import P  # noqa: E402  (the hostile payloads, defined once)

VERSION = DataVersion(commit="0123456789abcdef0123456789abcdef01234567", date="2024-06-30")
HOSTILE = P["script"] + ' "quoted" ' + P["close_script"] + P["img"]


def _inputs(site_url: str | None = None) -> Inputs:
    portal = load(MINIMAL).portal
    assessments = {
        (pd.plan.id, i.id): status.assess(i, pd.observations_for(i.id), 2024, period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for i in pd.indicators
    }
    return Inputs(portal=portal, version=VERSION, assessments=assessments, as_of=2024, site_url=site_url)


def _indicator_pages(inputs: Inputs, lang: str) -> dict:
    return {p.path: p for p in render_site(inputs, lang) if "/indicators/" in p.path}


# --- citation -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_citation_names_portal_city_plan_indicator_version_and_address(lang):
    text = citation.citation(
        portal="P-name", city="C-name", plan="《Plan》", indicator="I-name", version=VERSION, address="/x/", lang=lang
    )
    for part in ("P-name", "C-name", "《Plan》", "I-name", "2024-06-30", "/x/"):
        assert part in text, (part, text)
    assert VERSION.commit[:7] not in text  # public pages name no commit id (issue #14)
    assert text == t(
        "reuse.cite.indicator",
        lang,
        portal="P-name",
        city="C-name",
        plan="《Plan》",
        indicator="I-name",
        version=t("reuse.cite.version", lang, date="2024-06-30"),
        address="/x/",
    )


def test_citation_says_unknown_version_in_each_language():
    zh = citation.citation(portal="p", city="c", plan="q", indicator="i", version=DataVersion(), address="/", lang="zh")
    en = citation.citation(portal="p", city="c", plan="q", indicator="i", version=DataVersion(), address="/", lang="en")
    assert t("reuse.cite.unknown", "zh") in zh and t("reuse.cite.unknown", "en") in en and zh != en


def test_page_address_absolute_only_with_a_plain_site_url():
    page = "plans/a-plan/indicators/b-ind/index.md"
    assert citation.page_address(None, "zh", page) == "/plans/a-plan/indicators/b-ind/"
    assert citation.page_address("", "en", page, "chart.png") == "/en/plans/a-plan/indicators/b-ind/chart.png"
    assert (
        citation.page_address("https://ex.org/portal", "en", page)
        == "https://ex.org/portal/en/plans/a-plan/indicators/b-ind/"
    )
    for bad in ("javascript:alert(1)", 'https://ex.org/"><script>', "ftp://ex.org/"):
        assert citation.page_address(bad, "zh", page).startswith("/plans/"), bad


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_page_shows_the_citation_with_its_address(lang):
    for site_url, prefix in ((None, "/"), ("https://ex.org/", "https://ex.org/")):
        pages = _indicator_pages(_inputs(site_url), lang)
        assert pages
        for path, page in pages.items():
            address = citation.page_address(site_url, lang, path)
            assert address.startswith(prefix + ("en/" if lang == "en" else ""))
            assert address in page.body and t("reuse.cite.title", lang) in page.body
            assert t("reuse.heading", lang) in page.body


# --- data files -----------------------------------------------------------------------


def test_indicator_csv_has_bom_columns_and_the_page_values():
    inputs = _inputs()
    for path, page in _indicator_pages(inputs, "zh").items():
        ind_id = path.split("/")[3]
        raw = page.files[f"{ind_id}.csv"]
        assert isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert list(rows[0]) == [c.name for c in downloads.INDICATOR_VALUE_COLUMNS]
        # the site-wide columns keep their meaning: same Column objects as plans/<plan>.csv and indicators.csv
        known = downloads.PLAN_VALUE_COLUMNS + downloads.TABLES["indicators"]
        assert [c.name for c in downloads.INDICATOR_VALUE_COLUMNS if c not in known] == ["kind"]
        pd = next(p for _, p in inputs.portal.plans() if p.plan.id == path.split("/")[1])
        ind = next(i for i in pd.indicators if i.id == ind_id)
        observed = [r for r in rows if r["kind"] == "observed"]
        assert [(int(r["year"]), float(r["value"])) for r in observed] == sorted(
            (o.year, o.value) for o in pd.observations_for(ind_id)
        )
        assert rows[-1]["kind"] == "target" and int(rows[-1]["year"]) == ind.target.year
        baselines = [int(r["year"]) for r in rows if r["kind"] == "baseline"]
        assert baselines == ([ind.baseline.year] if ind.baseline is not None else [])
        years = [int(r["year"]) for r in rows[:-1]]
        assert years == sorted(years)  # oldest first, as the page's table
        a = inputs.assessment(pd.plan.id, ind_id)
        assert {r["status"] for r in rows} == {a.status.value}
        assert all(r["source"] and r["source_kind"] for r in rows)


def test_indicator_json_holds_the_csv_rows_schema_and_version():
    inputs = _inputs()
    for path, page in _indicator_pages(inputs, "en").items():
        ind_id = path.split("/")[3]
        data = json.loads(page.files[f"{ind_id}.json"])
        assert data["version"] == {"commit": VERSION.commit, "date": VERSION.date}
        assert [f["name"] for f in data["schema"]["fields"]] == [c.name for c in downloads.INDICATOR_VALUE_COLUMNS]
        text = page.files[f"{ind_id}.csv"].decode("utf-8-sig")  # type: ignore[union-attr]
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [r["kind"] for r in data["rows"]] == [r["kind"] for r in rows]
        assert [downloads.cell(r["value"]) for r in data["rows"]] == [r["value"] for r in rows]


def test_both_languages_write_the_same_data_files():
    inputs = _inputs()
    zh, en = _indicator_pages(inputs, "zh"), _indicator_pages(inputs, "en")
    for path in zh:
        data = {k: v for k, v in zh[path].files.items() if k != reuse_page.EMBED}
        assert data == {k: v for k, v in en[path].files.items() if k != reuse_page.EMBED}


# --- embed page, share card, chart source line ------------------------------------------


def _parse(html: str) -> _Html:
    doc = _Html()
    doc.feed(html)
    doc.close()
    return doc


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_embed_page_keeps_a_hostile_name_as_text(lang):
    html = reuse_page.embed_page(lang, HOSTILE, "来源：" + HOSTILE, HOSTILE)
    doc = _parse(html)
    tags = [tag for tag, _ in doc.tags]
    assert "script" not in tags and "iframe" not in tags and tags.count("img") == 1
    assert not [a for _, attrs in doc.tags for a in attrs if a.startswith("on")]
    assert HOSTILE in "".join(doc.text)  # shown as the literal text (h1, source line, link)
    img = next(attrs for tag, attrs in doc.tags if tag == "img")
    assert img["src"] == reuse_page.CHART and img["alt"] == HOSTILE
    assert [a["href"] for tag, a in doc.tags if tag == "a"] == ["./"]
    assert "http" not in html.replace('name="viewport"', "")  # no request outside its folder


def test_share_card_and_front_matter_keep_hostile_text_plain():
    page_path = "plans/p/indicators/i/index.md"
    from generator.pages.common import Page

    share = {"title": HOSTILE, "description": HOSTILE + "\n" + P["jinja"], "type": "article"}
    md = Page(page_path, HOSTILE, HOSTILE, "body", share=share).markdown()
    meta = yaml.safe_load(md.split("---\n")[1])
    assert meta["portal_share"]["title"] == HOSTILE  # plain text: main.html escapes it
    assert meta["portal_share"]["description"] == HOSTILE + " " + P["jinja"]


def _render_head(meta: dict) -> str:
    """main.html's share block rendered by MkDocs' own Jinja environment (no autoescape)."""
    import jinja2
    from mkdocs.theme import Theme

    env = Theme(name="material", custom_dir=str(TESTS.parent / "site_src" / "overrides")).get_env()
    assert env.autoescape is False  # why main.html escapes every value itself
    source = (TESTS.parent / "site_src" / "overrides" / "main.html").read_text(encoding="utf-8")
    start, end = source.index("{#- --- reuse:"), source.index("{#- --- end reuse --- #}")
    template = env.from_string(source[start:end])
    assert isinstance(template, jinja2.Template)
    return template.render(page={"meta": meta})


@pytest.mark.parametrize("site_url", [None, "https://ex.org/"])
def test_share_meta_escapes_hostile_values(site_url):
    inputs = _inputs(site_url)
    page = next(iter(_indicator_pages(inputs, "zh").values()))
    card = {**page.share, "title": HOSTILE, "description": HOSTILE}
    head = _render_head({"portal_share": card})
    doc = _parse(head)
    assert {tag for tag, _ in doc.tags} == {"meta"}
    content = {a.get("property") or a.get("name"): a["content"] for _, a in doc.tags}
    assert content["og:title"] == HOSTILE and content["twitter:description"] == HOSTILE
    assert content["og:type"] == "article"
    if site_url:
        assert content["og:image"] == citation.page_address(site_url, "zh", page.path, reuse_page.PNG)
        assert content["og:url"].startswith(site_url) and content["twitter:card"] == "summary_large_image"
    else:
        assert "og:image" not in content and "og:url" not in content


def test_chart_footer_is_a_literal_text_value_wrapped_never_cut():
    inputs = _inputs()
    _, pd = next(iter(inputs.portal.plans()))
    ind = pd.indicators[0]
    for phone in (False, True):
        spec = indicator_chart(ind, pd.observations_for(ind.id), inputs.assessment(pd.plan.id, ind.id), "zh", phone)
        long = "来源：" + P["vega"] + " " + "长" * 80
        out = footer.with_footer(spec, long)
        assert out["layer"][: len(spec["layer"])] == spec["layer"]  # the chart itself left alone
        added = out["layer"][len(spec["layer"]) :]
        assert len(added) > 1  # wrapped into lines, one text mark each
        encodings = [layer["encoding"]["text"] for layer in added]
        assert all(set(e) == {"value"} and isinstance(e["value"], str) for e in encodings)  # literal, never a field
        assert "".join(e["value"] for e in encodings).replace(" ", "") == long.replace(" ", "")  # nothing cut
        ys = [layer["encoding"]["y"]["value"] for layer in added]
        assert ys == sorted(ys) and ys[0] > spec["height"]  # below the plot, line under line


def _footer_text(spec: dict) -> str:
    return "".join(
        layer["encoding"]["text"]["value"] for layer in spec["layer"] if layer.get("mark", {}).get("type") == "text"
    )


def test_indicator_page_chart_carries_the_source_line_and_portal_name():
    inputs = _inputs()
    for lang in ("zh", "en"):
        drawn = [p for p in _indicator_pages(inputs, lang).values() if p.charts]
        assert len(drawn) >= 3
        for page in drawn:
            assert page.images == {reuse_page.PNG: reuse_page.CHART}
            for name in (reuse_page.CHART, "chart-phone.svg"):
                line = _footer_text(page.charts[name])
                assert t("site_name", lang).replace(" ", "") in line.replace(" ", "")
                assert line.replace(" ", "").startswith(t("reuse.source_line", lang, source="", portal="")[:3].strip())


# --- PNG ------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_png_is_drawn_from_the_svg_and_cached(tmp_path):
    from generator.charts import png, render_svg

    inputs = _inputs()
    page = next(iter(_indicator_pages(inputs, "zh").values()))
    spec = page.charts[reuse_page.CHART]
    svg = render_svg(spec, tmp_path)
    data = png.render_png(spec, svg, tmp_path)
    width, height = png_size(data)
    assert 500 <= width <= 1200 and 250 <= height <= 800
    cached = list(tmp_path.glob("*.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == data
    assert png.render_png(spec, "not an svg: never drawn again", tmp_path) == data  # from the cache


# --- no chart -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_indicator_with_values_in_fewer_than_two_years_gets_words_and_its_data_but_no_chart(lang):
    inputs = _inputs(site_url="https://ex.org/portal/")
    pages = _indicator_pages(inputs, lang)
    bare = pages["plans/example-ip-2021-2025/indicators/pledge-financing/index.md"]
    drawn = pages["plans/example-ip-2021-2025/indicators/invention-patents-per-10k/index.md"]
    assert not bare.charts and not bare.images and reuse_page.EMBED not in bare.files
    assert set(bare.files) == {"pledge-financing.csv", "pledge-financing.json"}  # the data stays downloadable
    assert t("no_chart", lang) in bare.body and t("no_chart", lang) not in drawn.body
    for name in (reuse_page.CHART, reuse_page.PNG, reuse_page.EMBED):
        assert f'href="{name}"' not in bare.body and f'href="{name}"' in drawn.body
    assert "image" not in bare.share and bare.share["card"] == "summary"
    assert drawn.share["image"].endswith(reuse_page.PNG) and drawn.share["card"] == "summary_large_image"
    assert 'href="pledge-financing.csv"' in bare.body and t("reuse.cite.title", lang) in bare.body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_values_table_leaves_out_quote_and_notes_columns_no_row_fills(lang):
    pages = _indicator_pages(_inputs(), lang)

    def columns(name: str) -> list[str]:
        body = pages[f"plans/example-ip-2021-2025/indicators/{name}/index.md"].body
        return re.findall(r'<th scope="col">([^<]*)</th>', body.split("<table", 1)[1].split("</table>", 1)[0])

    every = [t(k, lang) for k in ("year", "value", "kind", "data.source-kind", "source", "quote", "notes")]
    assert columns("invention-patents-per-10k") == every  # a quote and a note in some row
    assert columns("registered-trademarks") == every[:6]  # a quote, no note
    assert columns("pledge-financing") == every[:5]  # neither: the no-chart table too
