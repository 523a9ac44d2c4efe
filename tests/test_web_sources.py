"""Web sources (issue #18 Part 2): the registry in data/sources/web.yaml, rows citing `web:<id>`,
several sources for one indicator and year, partial-year values, and what status and the
downloads make of them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from generator import compute, downloads, layout, paths
from generator.load import load, validate
from generator.models import ObservationRow, WebSource
from generator.status import Status, assess, choose, explain
from tests.test_status import make_indicator

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal"
PLAN = "cities/example/plans/example-ip-2021-2025"
OBS = f"{PLAN}/observations.csv"
REPORTS = f"{PLAN}/task_reports.csv"
WEB = "sources/web.yaml"
AS_OF = dt.date(2026, 12, 1)
HEADER = "indicator,year,value,source,section,quote,note_zh,note_en,period,period_text\n"


@pytest.fixture
def data(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(MINIMAL, d)
    return d


def append(data: Path, rel: str, text: str) -> int:
    """Append `text` (one line) to a file; its 1-based line number."""
    path = data / rel
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def with_obs(data: Path, *rows: str) -> list[int]:
    """observations.csv with the period columns, the minimal rows kept, and `rows` appended."""
    path = data / OBS
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line + ",," for line in lines[1:]]
    path.write_text(HEADER + "".join(f"{b}\n" for b in body), encoding="utf-8")
    return [append(data, OBS, row + "\n") for row in rows]


def found(data: Path) -> list[tuple[str, str, int | None]]:
    return sorted((p.code, p.file, p.line) for p in validate(data, strict=True, as_of=AS_OF))


def page(id_: str, kind: str = "press", published: str | None = "2023-04-26", excerpt: str = "数字为7.9件。") -> str:
    pub = published if published is not None else "null"
    return (
        f"- id: {id_}\n  url: https://news.example.org/{id_}.html\n  title: 标题\n  publisher: 示例日报\n"
        f"  published: {pub}\n  accessed: 2026-12-01\n  kind: {kind}\n  excerpt: {excerpt}\n"
    )


# ------------------------------------------------------------------ the registry and the loader


def test_web_yaml_is_a_registered_kind_read_with_its_model():
    assert layout.WEB_SOURCES in layout.FILE_KINDS
    assert layout.WEB_SOURCES.path == f"{paths.SOURCES_DIR}/{paths.WEB_SOURCES_FILE}"
    result = load(MINIMAL, as_of=AS_OF)
    assert result.problems == []
    assert [w.id for w in result.portal.web_sources] == ["example-news-2023"]
    assert isinstance(result.portal.web_sources[0], WebSource)
    assert result.portal.web_source("web:example-news-2023") == result.portal.web_sources[0]
    assert result.portal.web_source("example-news-2023") is None  # only `web:<id>` names a web page


def test_a_row_citing_a_listed_page_loads_with_its_quote_checked_against_the_excerpt(data):
    with_obs(data, "invention-patents-per-10k,2022,7.8,web:example-news-2023,正文,每万人口发明专利拥有量达到7.8件,,,,")
    assert found(data) == []
    result = load(data, as_of=AS_OF)
    rows = [o for _, p in result.portal.plans() for o in p.observations if o.web_id == "example-news-2023"]
    assert [(o.year, o.value) for o in rows] == [(2022, 7.8)]


def test_quote_not_in_the_excerpt_is_an_error_at_its_row(data):
    (line,) = with_obs(
        data, "invention-patents-per-10k,2022,7.9,web:example-news-2023,正文,每万人口发明专利拥有量达到7.9件,,,,"
    )
    problems = [p for p in validate(data, as_of=AS_OF) if p.code == "quote-not-in-source"]
    assert [(p.file, p.line, p.field) for p in problems] == [(f"data/{OBS}", line, "quote")]
    assert problems[0].is_error and "example-news-2023" in problems[0].message_en


def test_task_report_quote_is_checked_against_the_excerpt(data):
    path = data / REPORTS
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text("task,date,status,source,note_zh,note_en,quote\n" + "".join(f"{r},\n" for r in text[1:]))
    good = append(data, REPORTS, "t02,2023-04-26,in-progress,web:example-news-2023,,,每万人口发明专利拥有量达到7.8件\n")
    bad = append(data, REPORTS, "t02,2023-05-01,in-progress,web:example-news-2023,,,已全面完成\n")
    assert good != bad
    assert found(data) == [("quote-not-in-source", f"data/{REPORTS}", bad)]


def test_unknown_web_source_is_an_error_with_file_and_line_and_the_row_is_left_out(data):
    (line,) = with_obs(data, "invention-patents-per-10k,2023,8.1,web:example-news-2024,正文,,,,,")
    problems = [p for p in validate(data, as_of=AS_OF) if p.code == "unknown-web-source"]
    assert [(p.file, p.line, p.field, p.is_error) for p in problems] == [(f"data/{OBS}", line, "source", True)]
    assert "example-news-2023" in problems[0].message_en + problems[0].fix_en  # the suggestion
    result = load(data, as_of=AS_OF)
    assert all(o.year != 2023 for _, p in result.portal.plans() for o in p.observations)


@pytest.mark.parametrize(
    ("field", "bad"),
    [("url", "javascript:alert(1)"), ("url", "news.example.org/x"), ("published", "2023-13-01"), ("kind", "blog")],
)
def test_bad_url_date_or_kind_in_the_registry_is_an_error_at_its_line(data, field, bad):
    text = page("second-page")
    good = {"url": "https://news.example.org/second-page.html", "published": "2023-04-26", "kind": "press"}[field]
    text = text.replace(f"{field}: {good}", f"{field}: {bad}")
    start = append(data, WEB, text)
    line = start + text.splitlines().index(next(t for t in text.splitlines() if t.strip().startswith(f"{field}:")))
    errors = [(p.file, p.line) for p in validate(data, as_of=AS_OF) if p.is_error]
    assert errors == [(f"data/{WEB}", line)]


def test_a_registry_entry_needs_its_excerpt_and_access_date(data):
    append(data, WEB, "- id: bare\n  url: https://x.example.org/a\n  title: t\n  publisher: p\n  kind: press\n")
    problems = {(p.code, p.field) for p in validate(data, as_of=AS_OF) if p.file == f"data/{WEB}"}
    assert {field for _, field in problems} >= {"excerpt", "accessed"}


def test_duplicate_web_source_ids_are_errors(data):
    line = append(data, WEB, page("example-news-2023"))
    assert ("duplicate-id", f"data/{WEB}", line) in found(data)


def test_web_addresses_in_the_real_data_live_only_in_the_registry():
    """No observation or task report names a page by its address: they cite `web:<id>`."""
    for csv_path in paths.DATA.glob("cities/*/plans/*/*.csv"):
        text = csv_path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, csv_path
    web = load(paths.DATA).portal.web_sources
    assert web and all(w.url.startswith(("http://", "https://")) for w in web)


# ------------------------------------------------------------------ several sources, one year


def test_same_indicator_and_year_from_two_sources_are_both_kept(data):
    with_obs(data, "invention-patents-per-10k,2022,7.9,web:example-news-2023,正文,,,,,")
    assert found(data) == []
    rows = [o for _, p in load(data, as_of=AS_OF).portal.plans() for o in p.observations if o.year == 2022]
    assert sorted((o.indicator, o.value) for o in rows if o.indicator == "invention-patents-per-10k") == [
        ("invention-patents-per-10k", 7.8),
        ("invention-patents-per-10k", 7.9),
    ]


def test_same_indicator_year_and_source_twice_is_still_a_duplicate(data):
    (line,) = with_obs(data, "invention-patents-per-10k,2022,7.9,示例市2022年知识产权发展状况,一,,,,,")
    assert found(data) == [("duplicate-observation", f"data/{OBS}", line)]


def web_page(id_: str, kind: str, published: str | None) -> WebSource:
    return WebSource(
        id=id_,
        url=f"https://x.example.org/{id_}",
        title="t",
        publisher="p",
        published=published,
        accessed="2026-12-01",
        kind=kind,
        excerpt="e",
    )


def row(year: int, value: float, source: str, period: str | None = None) -> ObservationRow:
    return ObservationRow(indicator="ind", year=year, value=value, source=source, section="s", period=period)


WEB_PAGES = {
    "gov": web_page("gov", "official", "2023-01-30"),
    "old-news": web_page("old-news", "press", "2022-04-16"),
    "new-news": web_page("new-news", "press", "2023-09-05"),
    "undated-news": web_page("undated-news", "press", None),
    "copy": web_page("copy", "copy", "2024-01-01"),
}


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["web:copy", "web:new-news", "web:gov", "plan.txt"], "plan.txt"),  # the plan document first
        (["web:copy", "web:new-news", "web:gov"], "web:gov"),  # then official sites
        (["web:copy", "web:old-news"], "web:old-news"),  # then the press, then copies
        (["web:old-news", "web:new-news", "web:undated-news"], "web:new-news"),  # newest within a kind
        (["web:undated-news", "web:old-news"], "web:old-news"),  # an undated page after the dated ones
        (["web:gone", "web:copy"], "web:copy"),  # an unlisted page ranks with the copies, first row first
    ],
)
def test_status_uses_one_value_a_year_by_the_source_rule(sources, expected):
    rows = [row(2022, 100 + i, s) for i, s in enumerate(sources)]
    chosen, steps = choose(rows, WEB_PAGES)
    assert [o.source for o in chosen] == [expected]
    step = next(s for s in steps if s.code == "source-chosen")
    assert step["others"] == len(sources) - 1 and step["value"] == chosen[0].value


def test_the_choice_is_independent_of_the_row_order():
    rows = [row(2022, 1, "web:copy"), row(2022, 2, "web:gov"), row(2022, 3, "web:old-news")]
    assert {choose(order, WEB_PAGES)[0][0].value for order in (rows, rows[::-1], rows[1:] + rows[:1])} == {2}


def test_a_partial_year_value_never_counts_as_a_year_end_value():
    ind = make_indicator(kind="exact", value=150, baseline=(2020, 100.0), target_year=2025)
    # a partial 2024 estimate above the target would say "achieved" if it counted
    rows = [row(2022, 120, "plan.txt"), row(2024, 160, "web:new-news", period="partial")]
    a = assess(ind, rows, 2024, web=WEB_PAGES)
    assert a.status is not Status.achieved
    assert a.latest is not None and a.latest.year == 2022
    assert a.step("partial-left-out")["year"] == 2024
    # the same value as a year-end value settles it
    full = assess(ind, [rows[0], row(2024, 160, "web:new-news")], 2024, web=WEB_PAGES)
    assert full.status is Status.achieved and full.latest.year == 2024


def test_only_partial_values_is_no_data_not_a_value():
    ind = make_indicator(kind="exact", value=150, baseline=(2020, 100.0), target_year=2025)
    a = assess(ind, [row(2023, 140, "web:new-news", period="partial")], 2024, web=WEB_PAGES)
    assert a.status is Status.no_data and a.latest is None
    assert any("part of the year" in s for s in explain(a, "en"))
    assert any("部分时期" in s for s in explain(a, "zh"))


def test_a_partial_and_a_year_end_value_for_the_same_year_are_not_duplicates(data):
    with_obs(data, "invention-patents-per-10k,2022,7.5,示例市2022年知识产权发展状况,一,,,,partial,2022年1-10月")
    assert found(data) == []


def test_real_zhengzhou_2021_uses_the_plan_annex_over_the_press_copy():
    """6.34 in the plan's annex and 6.41 in a copy of a press article: both kept, status uses 6.34."""
    result = load(paths.DATA)
    assert result.errors == []
    _, pd = result.portal.plan("zhengzhou-ip-2021-2025")
    ind_id = "high-value-invention-patents-per-10k"
    values_2021 = sorted((o.value, o.source) for o in pd.observations_for(ind_id) if o.year == 2021)
    assert [v for v, _ in values_2021] == [6.34, 6.41]
    assert values_2021[1][1].startswith("web:")
    web = {w.id: w for w in result.portal.web_sources}
    assert web[values_2021[1][1][4:]].kind.value == "copy"
    a = compute.assess_all(result.portal, 2026)[(pd.plan.id, ind_id)]
    chosen = a.step("source-chosen")
    assert chosen["year"] == 2021 and chosen["value"] == 6.34 and chosen["kind"] == "document"
    # the mid-2023 estimate (预计) is not the latest value
    assert a.latest is not None and a.latest.year != 2023
    assert a.step("partial-left-out")["year"] == 2023
    zh, en = " ".join(explain(a, "zh")), " ".join(explain(a, "en"))
    assert "文件" in zh and "document" in en and "6.34" in en


# ------------------------------------------------------------------ downloads


def test_observation_downloads_carry_source_kind_address_and_period():
    result = load(paths.DATA)
    cols = [c.name for c in downloads.TABLES["observations"]]
    for name in ("source_kind", "source_url", "source_publisher", "source_published", "period", "period_text"):
        assert name in cols
    rows = downloads.observation_rows(result.portal)
    web = {w.id: w for w in result.portal.web_sources}
    by_source = {(r["indicator_id"], r["year"], r["source"]): r for r in rows}
    for o in (o for _, p in result.portal.plans() for o in p.observations):
        r = by_source[(o.indicator, o.year, o.source)]
        if o.web_id:
            assert r["source_kind"] == web[o.web_id].kind.value and r["source_url"] == web[o.web_id].url
        else:
            assert r["source_kind"] == "document" and r["source_url"] is None
        assert r["period"] == ("partial" if o.partial else "year-end")
    assert {r["period"] for r in rows} == {"partial", "year-end"}
    # the CSV as published: the header holds the new columns, each row as many cells
    text = downloads.csv_bytes(downloads.TABLES["observations"], rows).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == cols and all(len(r) == len(cols) for r in table)


def test_task_report_downloads_carry_quote_kind_and_address():
    result = load(paths.DATA)
    rows = downloads.task_report_rows(result.portal)
    web_rows = [r for r in rows if r["source"].startswith("web:")]
    assert web_rows and all(r["source_url"] and r["quote"] and r["source_kind"] != "document" for r in web_rows)
