"""Transcription of the Jiaozuo (004) and Jiyuan (002) documents, checked against the documents.

Reads data/ through `generator.load.load` and the source texts in data/sources/, so a figure
typed wrongly, a quote that drifts from the document or a task lost from the list fails here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pytest

from generator import paths
from generator.load import load

JIAOZUO = "jiaozuo-ip-2022-2025"
JIYUAN = "jiyuan-ip-2020-2022"
DOCS = {JIAOZUO: "004_10c747c63619d5ba.txt", JIYUAN: "002_6e201a31877a1028.txt"}
CN_DIGITS = {1: "一", 2: "二", 3: "三", 5: "五", 10: "十"}


def squash(text: str) -> str:
    """Whitespace-free, NFKC form: how the validator compares a quote with its document."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@cache
def document(file: str) -> str:
    return (paths.DATA / paths.SOURCES_DIR / file).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result():
    return load(paths.DATA)


@pytest.fixture(scope="module")
def plans(result):
    found = {}
    for plan_id in (JIAOZUO, JIYUAN):
        hit = result.portal.plan(plan_id)
        assert hit is not None, f"plan {plan_id} did not load"
        found[plan_id] = hit
    return found


def indicator(plans, plan_id, indicator_id):
    _, pd = plans[plan_id]
    found = [i for i in pd.indicators if i.id == indicator_id]
    assert len(found) == 1, f"{plan_id}: indicator {indicator_id} missing"
    return found[0]


def test_no_problems_in_our_files(result):
    ours = [p for p in result.problems if "/jiaozuo/" in p.file or "/jiyuan/" in p.file]
    assert ours == []


def test_counts(plans):
    city, pd = plans[JIAOZUO]
    assert (city.city.id, len(pd.indicators), len(pd.tasks), len(city.departments)) == ("jiaozuo", 33, 33, 14)
    city, pd = plans[JIYUAN]
    assert (city.city.id, len(pd.indicators), len(pd.tasks), len(city.departments)) == ("jiyuan", 21, 8, 1)
    for _, pd in plans.values():
        assert all(r.web_id for r in pd.task_reports)  # no status report in the documents; web pages only
        assert pd.observations == []  # neither document reports a past value
        assert all(i.baseline is None for i in pd.indicators)  # neither states a baseline


def test_plan_metadata(plans):
    j = plans[JIAOZUO][1].plan
    assert (j.status.value, j.kind.value, j.period.start, j.period.end) == ("draft", "implementation-plan", 2022, 2025)
    assert j.doc_number is None and j.issuer is None
    y = plans[JIYUAN][1].plan
    assert (y.status.value, y.kind.value, y.period.start, y.period.end) == ("issued", "strategy", 2020, 2022)
    assert y.doc_number == "济管市监〔2020〕61号"
    assert y.doc_number in document(DOCS[JIYUAN])
    assert plans[JIYUAN][0].city.level.value == "special-zone"
    assert plans[JIAOZUO][0].city.level.value == "prefecture-city"


# (plan, indicator, kind, number, target year, measure, words that must be in the quote)
SAMPLES = [
    (
        JIAOZUO,
        "high-value-invention-patents-per-10k",
        "exact",
        3,
        2025,
        "cumulative",
        "每万人高价值发明专利拥有量达到3件",
    ),
    (JIAOZUO, "pct-applications", "at-least", 14, 2025, "period-total", "累计突破14件"),
    (JIAOZUO, "valid-registered-trademarks", "exact", 3, 2025, "cumulative", "3万件"),
    (JIAOZUO, "gi-mark-users", "at-least", 30, 2025, "cumulative", "超过30家"),
    (JIAOZUO, "patent-contract-value", "at-least", 35, 2025, "period-total", "突破35亿元"),
    (JIAOZUO, "pledge-financing-amount", "at-least", 2, 2022, "annual", "突破2亿元"),
    (JIAOZUO, "patent-conversion-rate", "change", 30, 2025, "annual", "提升30%"),
    (JIAOZUO, "agricultural-park-brands", "at-least", 6, 2025, "period-total", "6个以上"),
    (JIAOZUO, "ip-agencies", "exact", 3, 2025, "cumulative", "增加到3家"),
    (JIAOZUO, "enterprise-hv-patent-centres", "exact", 3, 2025, "period-total", "多氟多3家"),
    (JIYUAN, "patent-applications", "at-least", 1500, 2022, "annual", "突破 1500 件"),
    (JIYUAN, "patent-grants", "at-least", 1000, 2022, "annual", "突破 1000 件"),
    (JIYUAN, "invention-patents-per-10k", "at-least", 6, 2022, "cumulative", "超过 6 件"),
    (JIYUAN, "ip-pledge-financing", "at-least", 3, 2022, "period-total", "累计突破 3 亿元"),
    (JIYUAN, "ip-protection-satisfaction", "at-least", 80, 2022, "annual", "80 分以上"),
    (JIYUAN, "enforcement-cases", "growth-rate", 20, 2022, "annual", "年均增幅 20%以上"),
    (JIYUAN, "certified-enterprises", "at-least", 10, 2022, "cumulative", "累计不低于 10 家"),
    (JIYUAN, "enterprise-ip-managers-trained", "exact", 300, 2022, "period-total", "300 人"),
]


@pytest.mark.parametrize(
    "plan_id,ind_id,kind,number,year,measure,words", SAMPLES, ids=[f"{s[0]}:{s[1]}" for s in SAMPLES]
)
def test_sample_figures(plans, plan_id, ind_id, kind, number, year, measure, words):
    ind = indicator(plans, plan_id, ind_id)
    t = ind.target
    assert (t.kind.value, t.year, ind.measure.value) == (kind, year, measure)
    assert (t.rate if kind in ("growth-rate", "change") else t.value) == number
    assert squash(words) in squash(ind.source.quote)
    assert squash(words) in squash(document(DOCS[plan_id]))


def test_ranges_and_qualitative(plans):
    for ind_id in ("patent-navigation-zones", "new-ip-service-agencies"):
        t = indicator(plans, JIYUAN, ind_id).target
        assert (t.kind.value, t.min, t.max) == ("range", 2, 3)
        assert "2-3" in indicator(plans, JIYUAN, ind_id).source.quote
    pct = indicator(plans, JIYUAN, "pct-applications")
    assert pct.target.kind.value == "qualitative" and pct.target.text.zh == "有所突破"
    closing = indicator(plans, JIYUAN, "case-closing-time")
    assert closing.direction.value == "lower" and closing.target.text.zh in closing.source.quote


@pytest.mark.parametrize("plan_id", [JIAOZUO, JIYUAN])
def test_every_quote_is_in_the_document_and_states_the_figure(plans, plan_id):
    doc = squash(document(DOCS[plan_id]))
    _, pd = plans[plan_id]
    for ind in pd.indicators:
        assert ind.source.file == DOCS[plan_id]
        quote = squash(ind.source.quote)
        assert quote in doc, ind.id
        t = ind.target
        for n in (t.value, t.min, t.max, t.rate):
            if n is not None:
                spelled = {f"{n:g}", CN_DIGITS.get(int(n), "?")}
                assert any(s in quote for s in spelled), f"{ind.id}: {n:g} not in its quote"
        if t.kind.value in ("at-least",):
            assert re.search("突破|超过|以上|不低于|至少|余|超", quote), ind.id


def test_contradictions_are_recorded_with_both_figures(plans):
    doc = document(DOCS[JIAOZUO])
    contract = indicator(plans, JIAOZUO, "patent-contract-value")
    assert "专利技术合同交易额突破10亿元" in doc and "三年专利技术合同交易额突破35亿元" in doc
    assert "10亿元" in contract.notes.zh and "35亿元" in contract.notes.zh
    # review finding D2: the main goals' 10亿元 is an indicator of its own, not only a note
    main = indicator(plans, JIAOZUO, "patent-contract-value-main-goal")
    assert (main.target.kind.value, main.target.value, main.target.year) == ("at-least", 10, 2025)
    assert main.source.quote == "专利技术合同交易额突破10亿元"
    assert main.source.section.startswith("一、(二)主要目标")
    assert (main.unit.zh, main.measure.value) == ("亿元", "period-total")
    parks = indicator(plans, JIAOZUO, "agricultural-park-brands")
    assert "重点推进3个以上产值超百亿元" in doc and "等6个以上产值超百亿元" in doc
    assert "3个以上" in parks.notes.zh and "6个以上" in parks.notes.zh


@pytest.mark.parametrize("plan_id", [JIAOZUO, JIYUAN])
def test_task_texts_are_verbatim(plans, plan_id):
    doc = squash(document(DOCS[plan_id]))
    _, pd = plans[plan_id]
    for task in pd.tasks:
        assert squash(task.source.quote) in doc, task.id
        for line in task.text.zh.splitlines():
            assert squash(line) in doc, f"{task.id}: {line[:30]}"
        assert task.text.en and task.title.en


# The 责任单位 cell of each task in Jiaozuo's task list, verbatim; task 1's cell is empty.
JIAOZUO_UNITS = {
    1: "",
    2: "市场监管局、各县区",
    3: "市人大、市委宣传部等联席会成员单位",
    4: "市场监管局、各县区",
    5: "市场监管局、各县区、检察院、法院、中院、司法局",
    6: "市场监管局、各县区、检察院、法院、中院、司法局",
    7: "市场监管局、各县区、检察院、法院、中院、司法局",
    8: "市场监管局、商务局、海关",
    9: "市场监管局、各县区",
    10: "农业局、中医药局、市场监管局、各县区",
    11: "市场监管局、各县区",
    12: "市场监管局、各县区",
    13: "市场监管局、各县区",
    14: "市场监管局、各县区",
}


def test_jiaozuo_task_list_and_responsible_units(plans):
    city, pd = plans[JIAOZUO]
    annex = document(DOCS[JIAOZUO]).split("任务清单", 1)[1]
    listed = [t for t in pd.tasks if t.number.isdigit()]
    assert [t.number for t in listed] == [str(n) for n in range(1, 15)]
    boxes = [t for t in pd.tasks if t.number.startswith("专栏")]
    assert [(t.number, t.responsible) for t in boxes] == [("专栏1", []), ("专栏2", []), ("专栏3", [])]
    for task in listed:
        cell = JIAOZUO_UNITS[int(task.number)]
        assert cell in annex
        units = [u for u in re.split("[、等]", cell) if u]
        assert len(task.responsible) == len(units), task.id
        for dept_id in task.responsible:
            dept = city.department(dept_id)
            assert dept is not None, dept_id
            assert any(a in units for a in dept.aliases), f"{task.id}: {dept_id} not in {cell!r}"
    body = document(DOCS[JIAOZUO])
    for dept in city.departments:
        for alias in dept.aliases:
            assert alias in body, alias


def test_jiyuan_tasks_cover_goals_and_safeguards(plans):
    _city, pd = plans[JIYUAN]
    assert [t.number for t in pd.tasks] == [
        "二(一)",
        "二(二)",
        "二(三)",
        "二(四)",
        "二(五)",
        "三(一)",
        "三(二)",
        "三(三)",
    ]
    named = {t.id: t.responsible for t in pd.tasks if t.responsible}
    assert named == {"s1-leadership": ["relevant-sections-and-departments"]}
    assert "各有关科室和部门" in document(DOCS[JIYUAN])


def test_year_end_targets_are_read_the_same_way(plans):
    """Review finding D5: every 年底 target of Jiaozuo is 2022, and each says this is an assumption."""
    year_end = [i for i in plans[JIAOZUO][1].indicators if "年底" in i.source.quote]
    assert sorted(i.id for i in year_end) == [
        "invention-patent-conversions-year-end",
        "pledge-financing-new-enterprises",
    ]
    for ind in year_end + [indicator(plans, JIAOZUO, "pledge-financing-amount")]:
        assert ind.target.year == 2022 and ind.measure.value == "annual", ind.id
        assert "假设" in ind.notes.zh and "assumption" in ind.notes.en, ind.id
    conv = indicator(plans, JIAOZUO, "invention-patent-conversions-year-end")
    assert (conv.target.kind.value, conv.target.value) == ("exact", 300)
    assert indicator(plans, JIAOZUO, "invention-patent-conversions").target.year == 2025


def test_gi_products_note_does_not_assert_what_the_document_does_not_say(plans):
    """Review finding D9: the document does not say which kind of GI the 'ten major GIs' are."""
    notes = indicator(plans, JIAOZUO, "gi-products").notes
    assert "含商标" not in notes.zh and "trademarks included" not in notes.en
    assert "未说明这十个属于哪一类" in notes.zh


# Review finding D3: commitments that are only in the body, one task each, with the words that identify them.
BODY_ONLY = {
    "goal-wenxian-taiji-pilot-county": "国家太极文化传统知识试点县",
    "goal-wenxian-gi-demonstration-zone": "支持温县申报地理标志产品保护示范区",
    "goal-wenxian-gi-tourism-town": "温县地理标志旅游小镇",
    "goal-mengzhou-ip-town": "孟州汽车零部件产业园规划建设知识产权小镇",
    "goal-ip-agency-association": "成立知识产权代理行业协会",
    "goal-ip-talent": "中级知识产权师",
    "goal-school-ip-teachers": "中小学知识产权普及教育师资",
    "body-hpu-pilot-university": "申报国家知识产权试点高校和河南省专利导航服务基地",
    "body-protection-pilot-zones": "创建国家知识产权保护试点示范区",
    "body-major-project-reviews": "硫氯耦合法钛合金制造技术",
    "body-exporter-risk-warning": "外贸出口大户",
    "body-dormant-patents": "唤醒未充分实施的“沉睡”专利",
    "body-pledge-fast-track": "开通知识产权质押融资“快速通道”",
    "body-associations-role": "充分发挥怀药、太极文化等协会",
    "body-white-paper": "发布知识产权保护状况白皮书",
    "body-ip-lecture-tours": "开展知识产权巡讲活动",
}


def test_body_only_commitments_are_tasks(plans):
    _, pd = plans[JIAOZUO]
    by_id = {t.id: t for t in pd.tasks}
    main_goals = squash(document(DOCS[JIAOZUO]).split("二、持续强化顶层设计", 1)[0])
    others = "".join(squash(t.text.zh) for t in pd.tasks if t.id not in BODY_ONLY)
    for task_id, words in BODY_ONLY.items():
        task = by_id[task_id]
        assert squash(words) in squash(task.text.zh) and squash(words) in squash(task.source.quote), task_id
        assert squash(words) not in others, f"{task_id} duplicates another task"
        assert task.responsible == [] and task.notes.zh and task.notes.en, task_id
        if task_id.startswith("goal-"):
            assert task.number == "主要目标" and squash(task.text.zh) in main_goals, task_id
        else:
            assert task.number.startswith("正文") and squash(task.text.zh) not in main_goals, task_id
    assert len([t for t in pd.tasks if t.id in BODY_ONLY]) == 16


def test_named_addressee_is_a_department(plans):
    """Review finding D11: 市知识产权维权保护中心 (named in 六、工作要求) is a department, assigned no task."""
    city, pd = plans[JIAOZUO]
    centre = city.department("ip-protection-centre")
    assert centre is not None and centre.name.zh == "市知识产权维权保护中心"
    assert "市知识产权维权保护中心" in document(DOCS[JIAOZUO]).split("六、工作要求", 1)[1]
    assert all("ip-protection-centre" not in t.responsible for t in pd.tasks)
