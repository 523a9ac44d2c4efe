"""Target kinds and qualifiers of issue #18 (review findings D1 and D6).

- `change`: a one-off change by the target year (提升30%), relative, in percentage points, or
  unstated (calculated as relative, and the steps say so) — status, steps, words, chart.
- `qualifier`: 力争 (strive) / 争取 (try) said with the target everywhere; the status ignores it.
- Validation of the new fields (located problems) and the real data (Jiaozuo, Zhengzhou, Jiyuan).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator import status
from generator.charts import specs
from generator.i18n.targets import in_words, target_words
from generator.load import load, validate
from generator.models import Indicator, ObservationRow, Target
from generator.pages.indicator import indicator_page
from generator.status import Status, assess, explain

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"
AS_OF = 2024


def change(
    rate=30.0, basis="relative", baseline=(2021, 20.0), measure="cumulative", year=2025, qualifier=None
) -> Indicator:
    target = {"year": year, "kind": "change", "rate": rate, "basis": basis}
    if qualifier:
        target["qualifier"] = qualifier
    return Indicator(
        id="ind",
        category={"zh": "类", "en": "Cat"},
        name={"zh": "转化率", "en": "Rate"},
        unit={"zh": "%", "en": "%"},
        measure=measure,
        baseline=None if baseline is None else {"year": baseline[0], "value": baseline[1]},
        target=target,
        source={"file": "x.txt", "section": "s"},
    )


def obs(*pairs) -> list[ObservationRow]:
    return [ObservationRow(indicator="ind", year=y, value=v, source="x.txt", section="s") for y, v in pairs]


# ------------------------------------------------------------------ status of a one-off change


def test_relative_change_threshold_is_start_times_one_plus_rate():
    a = assess(change(), obs((2022, 21.0)), AS_OF)
    assert a.threshold == pytest.approx(26.0)  # 20 × 1.3, not 20 × 1.3^4
    step = a.step("change-relative")
    assert step.numbers == {"rate": 30.0, "start": 20.0, "value": pytest.approx(26.0)}
    assert a.step("implied-target") is None and a.step("change-assumed-relative") is None


def test_points_change_threshold_is_start_plus_rate():
    a = assess(change(basis="points", rate=3), obs((2022, 21.0)), AS_OF)
    assert a.threshold == pytest.approx(23.0)
    assert a.step("change-points")["value"] == pytest.approx(23.0)
    # the same data, relative: 20 × 1.03 = 20.6, already met by 21 (cumulative: achieved)
    assert assess(change(basis="relative", rate=3), obs((2022, 21.0)), AS_OF).status is Status.achieved
    assert assess(change(basis="points", rate=3), obs((2022, 21.0)), AS_OF).status is not Status.achieved


def test_unstated_basis_is_calculated_as_relative_and_says_so():
    a = assess(change(basis="unstated"), obs((2022, 21.0)), AS_OF)
    assert a.threshold == pytest.approx(26.0)
    assert a.step("change-assumed-relative") is not None and a.step("change-relative") is None
    zh, en = explain(a, "zh"), explain(a, "en")
    assert any("原文未说明" in s and "假设为相对幅度" in s and "约26%" in s for s in zh), zh
    assert any("does not say" in s and "assumes relative" in s and "about 26%" in s for s in en), en


def test_change_met_on_track_off_track():
    ind = change()  # 20 in 2021 → 26 by 2025, cumulative
    assert assess(ind, obs((2023, 26.5)), AS_OF).status is Status.achieved
    assert assess(ind, obs((2023, 23.5)), AS_OF).status is Status.on_track  # ahead of the path (~22.9)
    off = assess(ind, obs((2023, 20.5)), AS_OF)
    assert off.status is Status.off_track and off.ratio < status.ON_TRACK_RATIO
    assert assess(ind, obs((2025, 25.0)), 2025).status is Status.off_track  # the target year, missed
    assert assess(ind, [], AS_OF).status is Status.no_data


def test_annual_change_is_judged_on_the_target_year():
    ind = change(measure="annual")
    assert assess(ind, obs((2023, 27.0)), AS_OF).status is Status.on_track
    assert assess(ind, obs((2025, 27.0)), 2025).status is Status.achieved


def test_a_fall_means_lower_is_better():
    ind = change(rate=-10, baseline=(2021, 100.0))
    a = assess(ind, obs((2023, 89.0)), AS_OF)
    assert a.threshold == pytest.approx(90.0) and a.status is Status.achieved
    assert assess(ind, obs((2023, 101.0)), AS_OF).status is Status.off_track


def test_relative_change_needs_a_positive_start_points_do_not():
    assert assess(change(baseline=(2021, 0.0)), obs((2022, 1.0)), AS_OF).status is Status.not_assessable
    assert (
        assess(change(basis="points", baseline=(2021, 0.0), rate=5), obs((2022, 5.0)), AS_OF).status is Status.achieved
    )


def test_no_baseline_starts_from_the_earliest_value():
    a = assess(change(baseline=None), obs((2022, 10.0), (2023, 12.0)), AS_OF)
    assert a.threshold == pytest.approx(13.0) and a.step("start")["from"] == "earliest-observation"


def test_qualifier_does_not_change_the_status():
    from generator.models import Indicator as I

    for q in ("strive", "try"):
        plain = change()
        hedged = I.model_validate({**plain.model_dump(), "target": {**plain.target.model_dump(), "qualifier": q}})
        for rows in (obs((2023, 26.5)), obs((2023, 20.5)), obs((2023, 23.5)), []):
            a, b = assess(plain, rows, AS_OF), assess(hedged, rows, AS_OF)
            assert (a.status, a.threshold, a.ratio) == (b.status, b.threshold, b.ratio)


# ------------------------------------------------------------------ words


@pytest.mark.parametrize(
    "target,zh,en",
    [
        (dict(rate=30, basis="unstated"), "2025年提升30%", "rise by 30% by 2025"),
        (dict(rate=30, basis="relative"), "2025年较起点提升30%", "rise by 30% from the start by 2025"),
        (dict(rate=3, basis="points"), "2025年提升3个百分点", "rise by 3 percentage points by 2025"),
        (dict(rate=-10, basis="points"), "2025年下降10个百分点", "fall by 10 percentage points by 2025"),
        (dict(rate=30, basis="unstated", qualifier="strive"), "2025年力争提升30%", "strive to rise by 30% by 2025"),
    ],
)
def test_change_in_words(target, zh, en):
    t = Target(year=2025, kind="change", **target)
    assert (target_words(t, "zh"), target_words(t, "en")) == (zh, en)
    for words in (zh, en):
        assert "年均" not in words and "a year" not in words


@pytest.mark.parametrize(
    "kind,fields,q,zh,en",
    [
        ("exact", dict(value=18000), "strive", "2025年力争达到18,000件", "strive to reach 18,000 patents by 2025"),
        ("exact", dict(value=1), "try", "2025年争取达到1件", "try to reach 1 patents by 2025"),
        (
            "at-least",
            dict(value=1500),
            "strive",
            "2025年力争不低于1500件",
            "strive to reach at least 1500 patents by 2025",
        ),
        (
            "range",
            dict(min=2, max=3),
            "strive",
            "2025年力争达到2–3件",
            "strive to reach between 2 and 3 patents by 2025",
        ),
        ("at-most", dict(value=90), "strive", "2025年力争不超过90件", "strive to stay at or under 90 patents by 2025"),
        (
            "growth-rate",
            dict(rate=20),
            "strive",
            "至2025年力争年均增长20%以上",
            "strive to grow by at least 20% a year to 2025",
        ),
    ],
)
def test_qualifier_in_words(kind, fields, q, zh, en):
    t = Target(year=2025, kind=kind, qualifier=q, **fields)
    assert target_words(t, "zh", unit="件") == zh
    assert target_words(t, "en", unit="patents") == en
    plain = Target(year=2025, kind=kind, **fields)
    assert "力争" not in target_words(plain, "zh", unit="件") and "争取" not in target_words(plain, "zh", unit="件")


def test_explanation_says_the_target_with_its_qualifier():
    ind = change(qualifier="strive")
    a = assess(ind, obs((2023, 23.5)), AS_OF)
    assert explain(a, "zh")[1] == "目标：2025年力争较起点提升30%。"
    assert explain(a, "en")[1] == "Target: strive to rise by 30% from the start by 2025."
    assert in_words("change", 2025, "en", rate=30, basis="unstated") == "rise by 30% by 2025"


def test_chart_draws_the_worked_out_level_at_the_target_year():
    ind = change()
    a = assess(ind, obs((2023, 23.5)), AS_OF)
    spec = specs.indicator_chart(ind, obs((2023, 23.5)), a, "en")
    points = [r for d in spec["datasets"].values() for r in d if r.get("series") and r.get("shape")]
    assert [(p["year"], round(p["value"], 6)) for p in points] == [(2025, 26.0)]


# ------------------------------------------------------------------ validation


def _overlay(tmp_path: Path, edit) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    path = data / "cities/example/plans/example-ip-2021-2025/indicators.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return data


EXACT = "target: {year: 2025, kind: exact, value: 10}"


@pytest.mark.parametrize(
    "replacement,code,words",
    [
        ("target: {year: 2025, kind: change, rate: 30}", "invalid-value", "needs `basis`"),
        ("target: {year: 2025, kind: exact, value: 10, basis: relative}", "invalid-value", "does not use `basis`"),
        ("target: {year: 2025, kind: change, rate: 30, basis: percent}", "bad-enum", "relative"),
        ("target: {year: 2025, kind: exact, value: 10, qualifier: maybe}", "bad-enum", "strive"),
        ("target: {year: 2025, kind: change, basis: points}", "target-fields", "rate"),
        ("target: {year: 2025, kind: change, rate: 3, basis: points, value: 10}", "target-fields", "value"),
    ],
)
def test_wrong_new_fields_give_a_located_problem(tmp_path, replacement, code, words):
    data = _overlay(tmp_path, lambda text: text.replace(EXACT, replacement))
    text = (data / "cities/example/plans/example-ip-2021-2025/indicators.yaml").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if replacement in row)
    problems = [(p.code, p.file, p.line, p.message_en if hasattr(p, "message_en") else str(p)) for p in validate(data)]
    hits = [p for p in problems if p[0] == code]
    assert hits, problems
    assert hits[0][1].endswith("indicators.yaml") and hits[0][2] == line
    assert any(words in str(p) for p in validate(data) if p.code == code), problems


def test_new_fields_load_from_yaml(tmp_path):
    data = _overlay(
        tmp_path,
        lambda text: text.replace(EXACT, "target: {year: 2025, kind: change, rate: -3, basis: points, qualifier: try}"),
    )
    result = load(data, strict=True)
    assert [p.code for p in result.problems] == []
    _, plan = result.portal.plan("example-ip-2021-2025")
    t = plan.indicators[0].target
    assert (t.kind.value, t.rate, t.basis.value, t.qualifier.value) == ("change", -3, "points", "try")


# ------------------------------------------------------------------ the real data


@pytest.fixture(scope="module")
def real():
    portal = load(DATA).portal
    return {(pd.plan.id, ind.id): (cd, pd, ind) for cd, pd in portal.plans() for ind in pd.indicators}, portal


def _page(real, plan_id, ind_id, lang) -> str:
    index, portal = real
    cd, pd, ind = index[(plan_id, ind_id)]
    from generator.pages import Inputs
    from generator.portal import DataVersion

    assessments = {
        (p.plan.id, i.id): assess(i, p.observations_for(i.id), AS_OF, period_start=p.plan.period.start)
        for _, p in portal.plans()
        for i in p.indicators
    }
    inputs = Inputs(
        portal=portal, version=DataVersion(commit="0" * 40, date="2024-06-30"), assessments=assessments, as_of=AS_OF
    )
    return str(indicator_page(inputs, cd, pd, ind, lang).body)


def test_jiaozuo_conversion_rate_is_a_one_off_rise_on_its_page(real):
    ind = real[0][("jiaozuo-ip-2022-2025", "patent-conversion-rate")][2]
    assert (ind.target.kind.value, ind.target.rate, ind.target.basis.value) == ("change", 30, "unstated")
    zh = _page(real, "jiaozuo-ip-2022-2025", "patent-conversion-rate", "zh")
    en = _page(real, "jiaozuo-ip-2022-2025", "patent-conversion-rate", "en")
    assert "2025年提升30%（年专利转化率提升30%）" in zh
    assert "rise by 30% by 2025 (Raise the yearly patent commercialisation rate by 30%)" in en
    # Only the note (which explains the correction) may mention a yearly rate: never the target lines.
    for text, words in ((zh, ("年均", "以上")), (en, ("a year", "at least"))):
        body = re.sub(r'<div class="portal-note.*?</div>', "", text, flags=re.S)
        for w in words:
            assert w not in body, w


def test_zhengzhou_18000_says_strive_on_its_page(real):
    zh = _page(real, "zhengzhou-ip-2021-2025", "high-value-invention-patents-total", "zh")
    en = _page(real, "zhengzhou-ip-2021-2025", "high-value-invention-patents-total", "en")
    assert "2025年力争达到18,000件" in zh and "2025年达到18,000" not in zh
    assert "strive to reach 18,000 patents by 2025" in en


# The hedges of the documents, and the indicators that must carry them (review finding D6).
HEDGED = {
    ("zhengzhou-ip-2021-2025", "high-value-invention-patents-total"): "strive",
    ("jiaozuo-ip-2022-2025", "gi-eu-china-agreement"): "try",
    ("jiyuan-ip-2020-2022", "ip-analysis-reviews"): "try",
    **{
        ("jiyuan-ip-2020-2022", i): "strive"
        for i in (
            "patent-applications",
            "patent-grants",
            "invention-patents-per-10k",  # 二、(一) 力争…
            "ip-operation-agencies",
            "new-ip-service-agencies",
            "ip-service-professionals-trained",  # 二、(五) 力争…
            "enterprise-ip-managers-trained",
            "distance-learning-participants",
            "school-ip-education-bases",
        )
    },
}


def test_hedged_targets_carry_their_qualifier_and_no_others(real):
    marked = {key: ind.target.qualifier.value for key, (_, _, ind) in real[0].items() if ind.target.qualifier}
    assert marked == HEDGED


def test_every_qualifier_is_in_the_documents_sentence(real):
    """The quote's sentence in the source document holds the hedge word, before the quote."""
    word = {"strive": "力争", "try": "争取"}
    for key, q in HEDGED.items():
        ind = real[0][key][2]
        text = re.sub(r"\s+", "", (DATA / "sources" / ind.source.file).read_text(encoding="utf-8"))
        quote = re.sub(r"\s+", "", ind.source.quote)
        at = text.index(quote)
        sentence_start = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
        assert word[q] in text[sentence_start : at + len(quote)], key
