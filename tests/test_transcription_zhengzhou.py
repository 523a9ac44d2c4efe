"""The Zhengzhou transcription (document 001) matches the document.

Reads data/ through `generator.load.load` and re-reads the source text itself, so a
figure typed wrong in data/ (or a row, task or responsible unit left out) fails here.
"""

from __future__ import annotations

import csv
import re

import pytest

from generator import paths
from generator.load import load

FILE = "001_14bced0b766623b4.txt"
PLAN = "zhengzhou-ip-2021-2025"
SOURCE = (paths.DATA / paths.SOURCES_DIR / FILE).read_text(encoding="utf-8")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


NSOURCE = norm(SOURCE)


def number(value: float) -> str:
    """A figure as the document writes it: 13.0 -> "13", 4.62 -> "4.62"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@pytest.fixture(scope="module")
def result():
    return load(paths.DATA)


@pytest.fixture(scope="module")
def city(result):
    return next(c for c in result.portal.cities if c.city.id == "zhengzhou")


@pytest.fixture(scope="module")
def plan(result):
    found = result.portal.plan(PLAN)
    assert found is not None
    return found[1]


def main_table_rows() -> list[dict]:
    """The 18 rows of “十四五”时期知识产权发展主要指标, read from the document."""
    start = SOURCE.index("“十四五”时期知识产权发展主要指标")
    end = SOURCE.index("注：带*指标为当年值", start)
    cells = [line.strip() for line in SOURCE[start:end].split("\n")[1:] if line.startswith("\t")]
    cells = cells[cells.index("创造质量") :]
    rows = [cells[i : i + 6] for i in range(0, len(cells), 6)]
    return [dict(zip(["category", "number", "name", "y2020", "y2025", "attribute"], r)) for r in rows]


def test_no_problems_in_zhengzhou_files(result):
    mine = [p for p in result.problems if "zhengzhou" in p.file]
    assert mine == []


def test_plan_is_a_draft_for_2021_2025(plan):
    assert plan.plan.status.value == "draft"
    assert (plan.plan.period.start, plan.plan.period.end) == (2021, 2025)
    assert plan.plan.title.zh in SOURCE.split("\n")[0]


def test_all_18_table_rows_match_the_document(plan):
    rows = main_table_rows()
    assert len(rows) == 18
    by_number = {i.number: i for i in plan.indicators}
    assert len(plan.indicators) >= 18
    for row in rows:
        ind = by_number[row["number"]]
        name = row["name"]
        assert ind.measure.value == ("annual" if name.startswith("*") else "cumulative"), row
        assert name.lstrip("*") == f"{ind.name.zh}（{ind.unit.zh}）"
        assert ind.nature.value == {"预期性": "expected", "约束性": "binding"}[row["attribute"]]
        assert ind.baseline.year == 2020 and ind.target.year == 2025
        if row["y2020"] == "-":
            assert ind.baseline.value is None
        else:
            assert number(ind.baseline.value) == row["y2020"]
        if "-" in row["y2025"]:
            assert ind.target.kind.value == "range"
            assert f"{number(ind.target.min)}-{number(ind.target.max)}" == row["y2025"]
        else:
            assert number(ind.target.value) == row["y2025"]
        if row["category"]:
            assert ind.category.zh == row["category"]


def test_indicator_quotes_are_in_the_document_and_state_the_figures(plan):
    for ind in plan.indicators:
        assert ind.source.file == FILE
        quote = norm(ind.source.quote)
        assert quote in NSOURCE, ind.id
        # table rows are quoted cell by cell; targets from the prose are quoted as sentences
        words = quote.split() if ind.number else re.findall(r"\d+(?:[.-]\d+)?", quote)
        if ind.baseline and ind.baseline.value is not None:
            assert number(ind.baseline.value) in words, ind.id
        if ind.target.kind.value == "range":
            assert f"{number(ind.target.min)}-{number(ind.target.max)}" in words, ind.id
        else:
            assert number(ind.target.value) in words, ind.id


def test_targets_in_the_tasks_are_transcribed(plan):
    extra = [i for i in plan.indicators if i.number is None]
    assert len(extra) >= 13
    by_id = {i.id: i for i in extra}
    assert by_id["high-value-invention-patents-total"].target.value == 18000
    assert by_id["high-value-patent-coaching-agencies"].target.kind.value == "at-least"
    seeds = by_id["leading-seed-companies"].target
    assert (seeds.kind.value, seeds.min, seeds.max) == ("range", 6, 8)
    assert "助推6-8家企业" in SOURCE
    assert by_id["ip-practitioners-trained"].measure.value == "period-total"
    for ind in extra:
        assert ind.baseline is None and "no baseline" in ind.notes.en


def test_sample_figures(plan):
    by_id = {i.id: i for i in plan.indicators}
    hv = by_id["high-value-invention-patents-per-10k"]
    assert (hv.baseline.value, hv.target.value, hv.concept) == (4.62, 13, "high-value-invention-patents-per-10k")
    gold = by_id["china-patent-gold-awards"]
    assert (gold.baseline.value, gold.target.min, gold.target.max) == (4, 5, 8)
    assert by_id["national-ip-demonstration-city-county-park"].baseline.value is None
    assert by_id["patent-intensive-industries-gdp-share"].baseline.value is None
    assert by_id["ip-pledge-financing"].measure.value == "annual"
    assert by_id["valid-registered-trademarks"].unit.zh == "万件"
    # the prose contradicts table row 6; both statements are kept in the notes
    copyright_notes = by_id["copyright-registrations"].notes
    assert "127806" in copyright_notes.zh and "127,806" in copyright_notes.en
    assert "127806件" in SOURCE and "*作品版权登记数量（件）\n\t1100" in SOURCE


def test_concept_units_match(result, plan):
    for ind in plan.indicators:
        if ind.concept:
            concept = result.portal.concept(ind.concept)
            assert concept is not None, ind.id
            assert (concept.unit.zh, concept.unit.en) == (ind.unit.zh, ind.unit.en)
            assert concept.measure in (None, ind.measure)


def test_all_50_tasks_are_transcribed_in_full(plan):
    numbered = [t for t in plan.tasks if t.number.isdigit()]
    assert sorted(int(t.number) for t in numbered) == list(range(1, 51))
    for number_in_doc in range(1, 51):
        assert re.search(rf"(?m)^\s*{number_in_doc}\. ", SOURCE)
    for task in plan.tasks:
        assert norm(task.text.zh) in NSOURCE, task.id
        assert norm(task.source.quote) in NSOURCE, task.id
        assert task.title.en and task.text.en and task.section.en
    for task in numbered:
        assert task.source.quote.startswith(f"{task.number}. ")


def test_safeguard_measures_are_tasks_with_their_units(city, plan):
    """Review finding D7: the three 五、保障措施 paragraphs name 13 responsible units."""
    assert len(plan.tasks) == 53
    aliases = {a: d.id for d in city.departments for a in d.aliases}
    safeguards = [t for t in plan.tasks if not t.number.isdigit()]
    assert [(t.id, t.number) for t in safeguards] == [
        ("s1-leadership", "五、（一）"),
        ("s2-resources", "五、（二）"),
        ("s3-evaluation", "五、（三）"),
    ]
    lists = responsibility_lists()[-3:]  # the last three lists of the document are the safeguards'
    assert sum(len(lst) for lst in lists) == 13
    for task, lst in zip(safeguards, lists):
        assert task.responsible == [aliases[u] for u in lst], task.id
        paragraph = SOURCE[SOURCE.index(task.source.quote) :].split("[责任单位", 1)[0]
        assert norm(paragraph) == norm(task.source.quote[:3] + task.text.zh), task.id  # the whole paragraph


def responsibility_lists() -> list[list[str]]:
    """Every [责任单位：…] / （责任单位：…） list in the document, split into units."""
    lists = []
    for m in re.finditer("责任单位：", SOURCE):
        closing = "]" if SOURCE[m.start() - 1] == "[" else "）"
        depth, j = 0, m.end()
        while True:
            c = SOURCE[j]
            if c == "（":
                depth += 1
            elif c == "）" and depth:
                depth -= 1
            elif c == closing:
                break
            j += 1
        lists.append([u for u in re.split("[、，,]", re.sub(r"\s+", "", SOURCE[m.end() : j])) if u])
    return lists


def test_every_responsible_unit_is_a_department(city):
    aliases = {a: d.id for d in city.departments for a in d.aliases}
    units = {u for lst in responsibility_lists() for u in lst}
    assert len(units) >= 30
    missing = units - aliases.keys()
    assert not missing


def test_tasks_name_the_documents_responsible_units(city, plan):
    aliases = {a: d.id for d in city.departments for a in d.aliases}
    department_ids = {d.id for d in city.departments}
    by_number = {t.number: t for t in plan.tasks}
    lists = responsibility_lists()
    # tasks 1-31 each carry their own list, in order
    for n in range(1, 32):
        expected = list(dict.fromkeys(aliases[u] for u in lists[n - 1]))
        assert by_number[str(n)].responsible == expected, n
    for task in plan.tasks:
        assert task.responsible, task.id
        assert set(task.responsible) <= department_ids
    # major project (一) 32-35 shares the list printed after item 35
    shared = list(dict.fromkeys(aliases[u] for u in lists[31]))
    assert all(by_number[str(n)].responsible == shared for n in (32, 33, 34, 35))


def test_observations_state_their_figures(plan):
    documented = [o for o in plan.observations if o.web_id is None]  # web-sourced values: tests/test_web_sources.py
    obs = {(o.indicator, o.year): o for o in documented}
    assert obs[("high-value-invention-patents-per-10k", 2016)].value == 2.43
    assert obs[("high-value-invention-patents-per-10k", 2021)].value == 6.34
    assert obs[("valid-registered-trademarks", 2021)].value == 56.506
    indicator_ids = {i.id for i in plan.indicators}
    for o in documented:
        assert o.indicator in indicator_ids
        assert norm(o.quote) in NSOURCE
        figures = re.findall(r"\d+(?:\.\d+)?", o.quote)
        unit = next(i.unit.zh for i in plan.indicators if i.id == o.indicator)
        stated = round(o.value * 10000) if unit == "万件" else o.value
        assert number(stated) in figures, o
        # the baseline lives in indicators.yaml, not in observations
        ind = next(i for i in plan.indicators if i.id == o.indicator)
        assert o.year != ind.baseline.year


def test_no_invented_task_reports():
    path = paths.DATA / paths.CITIES_DIR / "zhengzhou" / paths.PLANS_DIR / PLAN / paths.TASK_REPORTS_FILE
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # the plan document reports no task status: every report cites a web page and quotes it
    assert rows and all(r["source"].startswith("web:") and r["quote"] for r in rows)


def test_reference_series_match_the_annex(result):
    series = {s.id: s for s in result.portal.reference if s.plan == PLAN}
    assert len(series) >= 20
    for s in series.values():
        assert norm(s.source.quote) in NSOURCE, s.id
    t2 = series["zhengzhou-annex-t2-high-value-invention-patents-per-10k"]
    zz = {p.year: p.value for p in t2.points if p.entity.zh == "郑州"}
    assert zz == {2016: 2.35, 2017: 3.15, 2018: 3.75, 2019: 4.45, 2020: 4.62, 2021: 6.34}
    assert len({p.entity.zh for p in t2.points}) == 9
    t3 = series["zhengzhou-annex-t3-invention-patents-per-10k"]
    assert {p.entity.zh for p in t3.points} == {"武汉", "合肥", "长沙", "太原", "郑州", "南昌"}
    # tables 4 and 5: every figure in the document, and nothing else
    for tag, title in (("t4", "表4."), ("t5", "表5.")):
        block = SOURCE[SOURCE.index(title) :].split("\n\n\n")[0]
        figures = sorted(int(x) for x in re.findall(r"\t(\d{5,})", block))
        points = series[f"zhengzhou-annex-{tag}-trademarks-2021"].points
        assert sorted(int(p.value) for p in points) == figures
    # review finding D4: Ningbo's row-18 cell is "-" (two null points), not a coverage rate
    t1_18 = series["zhengzhou-annex-t1-sme-ip-trusteeship"]
    ningbo = {(p.year, p.kind): p.value for p in t1_18.points if p.entity.zh == "宁波"}
    assert ningbo == {(2020, "observed"): None, (2025, "target"): None}
    assert "覆盖率而非个数" not in t1_18.notes.zh
    assert len(t1_18.points) == 2 * 12  # Zhengzhou, China and 10 cities
    t1 = series["zhengzhou-annex-t1-high-value-invention-patents-per-10k"]
    beijing = {(p.year, p.kind): p.value for p in t1.points if p.entity.zh == "北京"}
    assert beijing == {(2020, "observed"): 78, (2025, "target"): 82}
    xian = {(p.year, p.kind): p.value for p in t1.points if p.entity.zh == "西安"}
    assert xian == {(2020, "observed"): None, (2025, "target"): 20}
    assert "78/82" in SOURCE and "-/20" in SOURCE


# Review finding D8: the 13th Five-Year figures of section 一、（一） as reference series.
THIRTEENTH = {
    "pct-applications": [455],
    "henan-patent-awards": [29],
    "ip-management-standard-certified": [1980],
    "well-known-trademarks": [66],
    "patent-infringement-disputes": [1505],
    "counterfeit-patent-cases": [607],
    "trademark-violation-cases": [1355],
    "ip-criminal-cases": [959],
    "ip-cases-accepted": [19901],
    "ip-protection-work-stations": [34],
    "ip-mediation-bodies": [44],
    "ip-arbitration-bodies": [1],
    "ip-rights-assistance-bodies": [36],
    "patent-navigation-pilot-zones": [1, 2, 15],
    "ip-operation-agencies": [6],
    "ip-service-agencies": [1345],
    "patent-agencies": [93],
    "ip-strong-county-programme-demonstration": [5],
    "university-ip-schools": [4],
    "ip-training-bases": [1, 3],
}


def test_thirteenth_fyp_prose_figures_are_reference_series(result):
    series = {s.id: s for s in result.portal.reference if s.plan == PLAN}
    prose = SOURCE[SOURCE.index("（一）发展成效") : SOURCE.index("（二）面临形势")]
    total = 0
    for key, values in THIRTEENTH.items():
        s = series[f"zhengzhou-13th-fyp-{key}"]
        assert [p.value for p in s.points] == values, key
        assert all(p.year == 2020 and p.kind == "observed" for p in s.points), key
        assert norm(s.source.quote) in norm(prose), key
        for v in values:
            assert str(v) in s.source.quote, key
        assert "2020" in s.notes.zh and s.notes.en, key
        total += len(values)
    assert total == 23
    assert series["zhengzhou-13th-fyp-pct-applications"].concept == "pct-applications"
    assert "截至2020年底" in series["zhengzhou-13th-fyp-ip-service-agencies"].source.quote


def test_row_13_note_cites_the_prose(plan):
    """Review finding D10: row 13's '-' baseline and the prose's 5 demonstration counties and parks."""
    row13 = next(i for i in plan.indicators if i.number == "13")
    assert row13.baseline.value is None
    assert "示范县（区）和示范园区5个" in row13.notes.zh and "示范县（区）和示范园区5个" in SOURCE


def test_trademark_observation_states_its_risk(plan):
    """Review finding D12: the 2021 trademark value is a judgement call that drives a status."""
    obs = next(o for o in plan.observations if (o.indicator, o.year) == ("valid-registered-trademarks", 2021))
    assert "判断" in obs.note_zh and "状态" in obs.note_zh
    assert "judgement call" in obs.note_en and "status" in obs.note_en
