"""Xuchang's two documents, transcribed into data/cities/xuchang/, checked against the documents.

000_b089b95cc8f4d58a.txt  许昌市知识产权创造保护运用“十四五”规划 (plan xuchang-ip-2021-2025)
003_b3ddfa1e73acd1ef.txt  2023年许昌市知识产权工作要点            (plan xuchang-ip-work-2023)

The counts of tasks are derived from the document text here, independently of the data, and
every sampled figure must appear both in the data and in the quoted passage of the document.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from generator import paths
from generator.load import load

FYP = "xuchang-ip-2021-2025"
WORK = "xuchang-ip-work-2023"
FYP_FILE = "000_b089b95cc8f4d58a.txt"
WORK_FILE = "003_b3ddfa1e73acd1ef.txt"


def norm(text: str) -> str:
    """Compare text the way the validator does: NFKC, whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def document(file: str) -> str:
    return (paths.DATA / paths.SOURCES_DIR / file).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result():
    return load(paths.DATA)


@pytest.fixture(scope="module")
def city(result):
    return next(c for c in result.portal.cities if c.city.id == "xuchang")


@pytest.fixture(scope="module")
def fyp(result):
    return result.portal.plan(FYP)[1]


@pytest.fixture(scope="module")
def work(result):
    return result.portal.plan(WORK)[1]


def test_xuchang_files_have_no_problems(result):
    mine = [(p.code, p.file, p.line) for p in result.problems if "cities/xuchang" in p.file]
    assert mine == []


def test_city_and_plans(city, fyp, work):
    assert city.city.level.value == "prefecture-city"
    assert city.city.population_note is None  # neither document states a population
    assert {p.plan.id for p in city.plans} == {FYP, WORK}

    plan = fyp.plan
    assert (plan.doc_number, plan.issue_date.isoformat()) == ("许知战联办〔2022〕2号", "2022-10-27")
    assert (plan.period.start, plan.period.end, plan.kind.value, plan.status.value) == (
        2021,
        2025,
        "five-year-plan",
        "issued",
    )
    doc = document(FYP_FILE)
    for stated in (plan.doc_number, "2022年10月27日", plan.issuer.zh, plan.title.zh):
        assert stated in doc

    plan = work.plan
    assert (plan.period.start, plan.period.end, plan.kind.value, plan.status.value) == (
        2023,
        2023,
        "annual-work-plan",
        "issued",
    )
    assert plan.doc_number is None and plan.issue_date is None  # the document gives neither
    assert plan.issuer.zh in document(WORK_FILE) and plan.title.zh in document(WORK_FILE)


def _fyp_task_numbers_from_document() -> set[str]:
    """（一）…（五）, （六）1…（十）3, （十一）…（十五） and （十六）, read from the document."""
    lines = [line.strip() for line in document(FYP_FILE).splitlines() if line.strip()]
    start, stop = lines.index("三、主要任务"), lines.index("（十七）加大资金投差")
    numbers, sub, has_items = [], None, False
    for line in lines[start:stop]:
        heading = re.match(r"^[（(]([一二三四五六七八九十]+)[)）]", line)
        if heading:
            if sub and not has_items:
                numbers.append(f"（{sub}）")
            sub, has_items = heading.group(1), False
            continue
        item = re.match(r"^(\d+)\.", line)
        if item:
            numbers.append(f"（{sub}）{item.group(1)}")
            has_items = True
    if sub and not has_items:
        numbers.append(f"（{sub}）")
    return set(numbers)


def test_fyp_tasks_match_the_document(fyp):
    expected = _fyp_task_numbers_from_document()
    assert len(expected) == 27
    assert {t.number for t in fyp.tasks} == expected
    assert len(fyp.tasks) == 27


def test_work_plan_tasks_match_the_document(work):
    doc = document(WORK_FILE)
    areas = re.findall(r"^([一二三四五])、\S+方面$", doc, flags=re.M)
    assert areas == ["一", "二", "三", "四", "五"]
    expected, area = set(), None
    for line in doc.splitlines():
        if re.match(r"^[一二三四五]、", line):
            area = line[0]
        elif m := re.match(r"^(\d+)\.", line):
            expected.add(f"{area}、{m.group(1)}")
    assert len(expected) == 22
    assert {t.number for t in work.tasks} == expected


@pytest.mark.parametrize("plan_id,file", [(FYP, FYP_FILE), (WORK, WORK_FILE)])
def test_task_texts_and_titles_are_verbatim(result, plan_id, file):
    doc = norm(document(file))
    for task in result.portal.plan(plan_id)[1].tasks:
        assert norm(task.text.zh) in doc, task.id
        assert norm(task.title.zh) in doc, task.id
        assert task.text.en and task.title.en and task.section.en, task.id
        assert task.source.file == file


def test_responsibility_only_where_the_document_names_it(city, fyp, work):
    named = {t.id: t.responsible for t in fyp.tasks + work.tasks if t.responsible}
    assert named == {
        "t16": ["party-committees-and-governments", "social-organisations-and-industry-associations"],
        "w3-5": ["joint-conference-members"],
    }
    departments = {d.id: d for d in city.departments}
    fyp_text = next(t for t in fyp.tasks if t.id == "t16").text.zh
    assert "各级党委和政府要" in fyp_text and "相关社会组织和行业协会要" in fyp_text
    assert "会同市知识产权战略实施工作联席会议有关成员单位" in next(t for t in work.tasks if t.id == "w3-5").text.zh
    both = document(FYP_FILE) + document(WORK_FILE)
    for dep in departments.values():
        assert dep.aliases and all(alias in both for alias in dep.aliases), dep.id
    for ids in named.values():
        assert set(ids) <= set(departments)


def test_every_quote_is_in_its_document(result):
    for plan_id in (FYP, WORK):
        data = result.portal.plan(plan_id)[1]
        sources = [data.plan.source] + [t.source for t in data.tasks]
        for ind in data.indicators:
            sources.append(ind.source)
            if ind.baseline and ind.baseline.source:
                sources.append(ind.baseline.source)
        for src in sources:
            assert src.quote and norm(src.quote) in norm(document(src.file)), (plan_id, src.section, src.quote)
        for obs in data.observations:
            if obs.web_id is None:  # web-sourced rows: quotes checked against sources/web.yaml by validate
                assert norm(obs.quote) in norm(document(obs.source))


# (indicator, measure, baseline (year, value) or None, target (kind, value), words that must be in the quotes)
FYP_SAMPLE = [
    (
        "high-value-invention-patents-per-10k",
        "cumulative",
        None,
        ("exact", 3),
        ["每万人口高价值发明专利拥有量达到 3 件"],
    ),
    ("valid-registered-trademarks", "cumulative", (2020, 3.8264), ("exact", 7), ["7 万件", "38264 件"]),
    (
        "valid-invention-patents-per-10k",
        "cumulative",
        (2020, 5.08),
        ("qualitative", None),
        ["2020 年的 5.08 件", "稳步上升"],
    ),
    ("valid-invention-patents", "cumulative", (2020, 2265), ("qualitative", None), ["2265 件"]),
    (
        "patent-applications-five-year-total",
        "period-total",
        (2020, 50990),
        ("qualitative", None),
        ["“十三五”期间", "50990 件"],
    ),
    ("pct-applications-five-year-total", "period-total", (2020, 95), ("qualitative", None), ["PCT 申请量 95 件"]),
    ("patents-granted-five-year-total", "period-total", (2020, 25825), ("qualitative", None), ["专利授权量 25825 件"]),
    ("trademark-applications-five-year-total", "period-total", (2020, 43805), ("qualitative", None), ["43805 件"]),
    ("trademark-registrations-five-year-total", "period-total", (2020, 28566), ("qualitative", None), ["28566 件"]),
    (
        "ip-pledge-financing-five-year-total",
        "period-total",
        (2020, 2),
        ("qualitative", None),
        ["质押融资近 2 亿元", "质押融资额持续增长"],
    ),
    ("china-patent-awards-five-year-total", "period-total", (2020, 4), ("qualitative", None), ["中国专利奖 4 项"]),
    ("henan-patent-awards-five-year-total", "period-total", (2020, 6), ("qualitative", None), ["河南省专利奖 6 项"]),
    ("national-ip-advantage-enterprises", "cumulative", (2020, 7), ("qualitative", None), ["国家知识产权优势企业7家"]),
    ("provincial-ip-advantage-enterprises", "cumulative", (2020, 20), ("qualitative", None), ["优势企业20家"]),
    ("ip-management-standard-certified-enterprises", "period-total", (2020, 35), ("qualitative", None), ["35家企业"]),
    ("ip-education-pilot-schools", "cumulative", (2020, 16), ("qualitative", None), ["16所中小学"]),
    ("patent-attorney-exam-passes", "cumulative", (2020, 18), ("qualitative", None), ["考试18人"]),
]


def _quotes(ind) -> str:
    parts = [ind.source.quote]
    if ind.baseline and ind.baseline.source:
        parts.append(ind.baseline.source.quote)
    return " ".join(parts)


@pytest.mark.parametrize("ind_id,measure,baseline,target,words", FYP_SAMPLE, ids=[s[0] for s in FYP_SAMPLE])
def test_fyp_figures(fyp, ind_id, measure, baseline, target, words):
    ind = next(i for i in fyp.indicators if i.id == ind_id)
    assert ind.measure.value == measure
    if baseline is None:
        assert ind.baseline is None
    else:
        assert (ind.baseline.year, ind.baseline.value) == baseline
    assert (ind.target.year, ind.target.kind.value, ind.target.value) == (2025, *target)
    quotes = _quotes(ind)
    for word in words:
        assert word in quotes
        assert norm(word) in norm(document(FYP_FILE))
    if baseline is not None:
        figure = baseline[1] * 10000 if ind.unit.zh == "万件" else baseline[1]
        assert f"{figure:g}" in quotes  # the baseline figure itself is in the quoted words


def test_fyp_counts_and_observation(fyp):
    assert len(fyp.indicators) == 23
    assert len({i.id for i in fyp.indicators}) == 23
    [obs] = [o for o in fyp.observations if o.web_id is None]  # the document's own; web values: issue #18
    assert (obs.indicator, obs.year, obs.value) == ("valid-invention-patents-per-10k", 2015, 1.22)
    assert "从 2015 年的 1.22 件" in obs.quote
    assert all(r.web_id for r in fyp.task_reports) and fyp.plan.revisions[0].date.isoformat() == "2022-10-27"
    # every figure with no 2025 target in the document says so instead of inventing one
    no_target = [i for i in fyp.indicators if i.target.text and i.target.text.zh == "规划未设定目标"]
    assert len(no_target) == 14
    assert all(i.target.kind.value == "qualitative" and i.target.value is None for i in no_target)


def test_work_plan_goals_are_qualitative(work):
    assert {i.id: (i.target.year, i.target.kind.value, i.measure.value) for i in work.indicators} == {
        "ip-pledge-financing-2023": (2023, "qualitative", "annual"),
        "government-information-adoption-ranking": (2023, "qualitative", "annual"),
    }
    doc = document(WORK_FILE)
    assert "力争全年知识产权质押融资持续提升" in doc
    assert (
        re.search(r"\d+(\.\d+)?\s*(亿元|万元|件|%)", doc.split("2023年许昌市知识产权工作要点", 2)[2]) is None
    )  # no quantified target
    assert work.observations == [] and all(r.web_id for r in work.task_reports)  # reports only from web pages


def test_concept_links_share_unit_and_measure(result):
    concepts = {c.id: c for c in result.portal.concepts}
    linked = [i for pid in (FYP, WORK) for i in result.portal.plan(pid)[1].indicators if i.concept]
    assert {i.concept for i in linked} == {
        "high-value-invention-patents-per-10k",
        "valid-registered-trademarks",
        "invention-patents-per-10k",
        "pct-applications",
        "ip-pledge-financing-annual",
    }
    for ind in linked:
        concept = concepts[ind.concept]
        assert (concept.unit.zh, concept.unit.en) == (ind.unit.zh, ind.unit.en), ind.id
        assert concept.measure is None or concept.measure == ind.measure, ind.id


def test_protection_centre_is_a_department_without_tasks(city, work):
    """Review finding D11: the addressee 市知识产权维权保护中心 of the 2023 work plan is on record."""
    assert len(city.departments) == 6
    centre = next(d for d in city.departments if d.id == "ip-protection-centre")
    assert centre.name.zh == "许昌市知识产权维权保护中心"
    addressees = document(WORK_FILE).split("现将", 1)[0]
    assert "市知识产权维权保护中心" in addressees
    subjects = {t.id for t in work.tasks if "维权保护中心" in t.text.zh}
    assert subjects == {"w3-3", "w3-4"}
    assert all(t.responsible == [] for t in work.tasks if t.id in subjects)
