"""Progress status: every target kind and measure, direction, missing baselines, boundaries."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n.numbers import derived as fmt_derived
from generator.models import Indicator, ObservationRow
from generator.status import (
    AHEAD_RATIO,
    GRADES,
    ON_TRACK_RATIO,
    STATUS_ORDER,
    Assessment,
    Status,
    assess,
    explain,
    grade,
    grade_label,
    progress,
    status_label,
    summarise,
)


def make_indicator(
    *,
    kind="exact",
    measure="cumulative",
    direction="higher",
    baseline=(2020, 100.0),
    target_year=2025,
    value=None,
    min=None,
    max=None,
    rate=None,
    text=None,
) -> Indicator:
    target = {"year": target_year, "kind": kind, "value": value, "min": min, "max": max, "rate": rate}
    if text:
        target["text"] = {"zh": text, "en": text}
    return Indicator(
        id="ind",
        category={"zh": "类", "en": "Cat"},
        name={"zh": "指标", "en": "Indicator"},
        unit={"zh": "件", "en": "items"},
        measure=measure,
        direction=direction,
        baseline=None if baseline is None else {"year": baseline[0], "value": baseline[1]},
        target=target,
        source={"file": "x.txt", "section": "s"},
    )


def obs(*pairs, indicator="ind") -> list[ObservationRow]:
    return [ObservationRow(indicator=indicator, year=y, value=v, source="x.txt", section="s") for y, v in pairs]


# ------------------------------------------------------------------ the basic outcomes


def test_qualitative_is_not_assessable_even_with_values():
    a = assess(make_indicator(kind="qualitative", text="有所突破"), obs((2022, 5)), 2023)
    assert a.status is Status.not_assessable
    assert a.step("qualitative") is not None


def test_no_observation_after_baseline_is_no_data():
    ind = make_indicator(value=200)
    a = assess(ind, obs((2020, 100), (2027, 300)), 2023)  # the baseline year itself and a future year do not count
    assert a.status is Status.no_data
    assert a.latest is None
    assert a.step("no-data")["as_of"] == 2023
    assert any("No value has been reported" in s for s in explain(a, "en"))
    assert any("尚无报告数值" in s for s in explain(a, "zh"))


def test_other_indicators_rows_are_ignored():
    a = assess(make_indicator(value=200), obs((2022, 500), indicator="other"), 2023)
    assert a.status is Status.no_data


def test_cumulative_reaching_target_early_is_achieved():
    a = assess(make_indicator(value=200), obs((2022, 200)), 2023)
    assert a.status is Status.achieved
    assert a.latest == (2022, 200)
    early = a.step("achieved-early")
    assert (early["threshold"], early["year"], early["target_year"]) == (200, 2022, 2025)
    assert grade(a) == "early" and grade_label(a, "zh") == "提前实现"
    on_time = assess(make_indicator(value=200), obs((2025, 200)), 2026)
    assert on_time.status is Status.achieved and on_time.step("met") is not None and grade(on_time) is None


def test_annual_reaching_target_level_early_is_only_on_track():
    ind = make_indicator(measure="annual", value=200)
    assert assess(ind, obs((2022, 210)), 2023).status is Status.on_track
    assert assess(ind, obs((2022, 210), (2025, 200)), 2026).status is Status.achieved
    assert assess(ind, obs((2022, 210), (2025, 199.9)), 2026).status is Status.off_track


def test_compound_growth_on_track_and_off_track():
    ind = make_indicator(value=200)  # 100 → 200 in 5 years: 14.87 % a year needed
    required = 2 ** (1 / 5) - 1
    fast = assess(ind, obs((2021, 100 * (1 + required))), 2022)
    assert fast.status is Status.on_track
    assert fast.method == "compound"
    assert fast.step("required-cagr")["rate"] == pytest.approx(required)
    assert fast.ratio == pytest.approx(1.0)
    slow = assess(ind, obs((2021, 105)), 2022)
    assert slow.status is Status.off_track
    assert slow.ratio == pytest.approx(0.05 / required)


def test_ratio_boundary_is_inclusive():
    ind = make_indicator(value=200)
    required = 2 ** (1 / 5) - 1
    at = 100 * (1 + ON_TRACK_RATIO * required)
    below = 100 * (1 + (ON_TRACK_RATIO - 1e-6) * required)
    assert assess(ind, obs((2021, at * 1.0000000001)), 2022).status is Status.on_track
    assert assess(ind, obs((2021, below)), 2022).status is Status.off_track


def test_exact_boundary_at_target_value():
    ind = make_indicator(value=200)
    assert assess(ind, obs((2025, 200)), 2025).status is Status.achieved
    assert assess(ind, obs((2025, 199.99)), 2025).status is Status.off_track


def test_latest_value_is_the_newest_year_not_the_last_row():
    ind = make_indicator(value=200)
    a = assess(ind, obs((2023, 150), (2021, 120)), 2024)
    assert a.latest == (2023, 150)


def test_at_least_and_at_most():
    at_least = make_indicator(kind="at-least", value=200)
    assert assess(at_least, obs((2023, 201)), 2024).status is Status.achieved
    at_most = make_indicator(kind="at-most", value=50, direction="higher")  # at-most means lower is better
    assert assess(at_most, obs((2023, 50)), 2024).status is Status.achieved
    on = assess(at_most, obs((2021, 80)), 2022)  # 100 → 50 needs -12.9 %/yr; -20 % is ahead
    assert on.status is Status.on_track
    assert on.ratio > 1
    off = assess(at_most, obs((2021, 110)), 2022)
    assert off.status is Status.off_track
    assert off.ratio < 0


def test_lower_is_better_exact_target():
    ind = make_indicator(value=60, direction="lower")
    assert assess(ind, obs((2024, 60)), 2024).status is Status.achieved
    assert assess(ind, obs((2021, 85)), 2022).status is Status.on_track
    assert assess(ind, obs((2021, 101)), 2022).status is Status.off_track


def test_range_counts_from_its_near_end():
    higher = make_indicator(kind="range", min=3, max=4, baseline=(2020, 2.0))
    assert assess(higher, obs((2022, 3)), 2023).status is Status.achieved
    assert assess(higher, obs((2022, 5)), 2023).status is Status.achieved  # beyond the band still meets it
    assert assess(higher, obs((2021, 2.05)), 2023).step("required-cagr")["to_value"] == 3
    lower = make_indicator(kind="range", min=3, max=4, baseline=(2020, 6.0), direction="lower")
    assert assess(lower, obs((2022, 4)), 2023).status is Status.achieved
    assert assess(lower, obs((2021, 4.5)), 2022).threshold == 4


def test_growth_rate_target():
    ind = make_indicator(kind="growth-rate", rate=20, measure="annual")
    a = assess(ind, obs((2021, 121)), 2022)
    assert a.status is Status.on_track  # 21 % ≥ 20 %
    assert a.threshold == pytest.approx(100 * 1.2**5)
    assert a.step("required-cagr")["rate"] == pytest.approx(0.2)
    assert assess(ind, obs((2021, 110)), 2022).status is Status.off_track
    assert assess(ind, obs((2025, 100 * 1.2**5 + 1)), 2025).status is Status.achieved
    assert assess(ind, obs((2025, 200)), 2025).status is Status.off_track


def test_growth_rate_without_positive_start_is_not_assessable():
    ind = make_indicator(kind="growth-rate", rate=20, baseline=(2020, 0.0))
    assert assess(ind, obs((2022, 10)), 2023).status is Status.not_assessable


def test_baseline_zero_uses_a_straight_line():
    ind = make_indicator(value=10, baseline=(2020, 0.0))
    a = assess(ind, obs((2022, 4)), 2023)  # needs 2 a year; got 2 a year
    assert a.method == "linear"
    assert a.step("required-linear")["per_year"] == 2
    assert a.step("actual-linear")["per_year"] == 2
    assert a.status is Status.on_track
    assert assess(ind, obs((2022, 3)), 2023).status is Status.off_track
    assert a.path[0] == (2020, 0.0) and a.path[-1] == (2025, 10)


def test_missing_baseline_value_starts_from_earliest_observation():
    ind = make_indicator(value=200, baseline=(2020, None))
    a = assess(ind, obs((2021, 100), (2022, 120)), 2023)
    start = a.step("start")
    assert (start["year"], start["value"], start["from"]) == (2021, 100, "earliest-observation")
    assert a.status is Status.on_track  # 20 %/yr vs 100→200 over 4 yrs (18.9 %)
    assert any("not reported" in s for s in explain(a, "en"))
    assert any("未报告" in s for s in explain(a, "zh"))


def test_missing_baseline_with_one_value_is_not_assessable():
    ind = make_indicator(value=200, baseline=(2020, None))
    a = assess(ind, obs((2022, 120)), 2023)
    assert a.status is Status.not_assessable
    assert a.latest == (2022, 120)
    assert assess(ind, [], 2023).status is Status.no_data


def test_no_baseline_at_all():
    ind = make_indicator(value=200, baseline=None)
    assert assess(ind, obs((2021, 100), (2023, 150)), 2023).status is Status.on_track


def test_start_already_meets_target():
    ind = make_indicator(value=50)  # baseline 100 already ≥ 50
    assert assess(ind, obs((2022, 120)), 2023).status is Status.achieved
    fell = assess(ind, obs((2022, 40)), 2023)
    assert fell.status is Status.off_track
    assert fell.step("fell-back") is not None


# ------------------------------------------------------------------ after the deadline (issue 14, item 5)


def test_passed_target_year_without_its_value_is_overdue_not_on_track():
    ind = make_indicator(value=200)
    before = assess(ind, obs((2023, 180)), 2025)  # the same value while the target year is still open
    assert before.status is Status.on_track and before.step("overdue") is None
    a = assess(ind, obs((2023, 180)), 2026)
    assert a.status is Status.overdue
    assert a.step("overdue").numbers == {"target_year": 2025, "as_of": 2026}
    assert a.step("compare") is None and a.ratio is None  # the trend decides nothing after the deadline
    assert a.latest == (2023, 180) and a.threshold == 200 and a.path  # the chart still shows value and path
    assert grade(a) is None
    assert explain(a, "zh")[-1].endswith("到期未报告结果。")
    assert explain(a, "en")[-1].endswith("deadline passed, outcome not reported.")
    assert status_label(a.status, "zh") == "到期未报告结果"


def test_off_track_trend_after_the_deadline_is_overdue_too():
    ind = make_indicator(value=200)
    assert assess(ind, obs((2021, 101)), 2025).status is Status.off_track
    assert assess(ind, obs((2021, 101)), 2026).status is Status.overdue
    fell = make_indicator(value=50)  # the start met the target, the latest value fell back
    assert assess(fell, obs((2022, 40)), 2025).status is Status.off_track
    assert assess(fell, obs((2022, 40)), 2026).status is Status.overdue


def test_stock_target_met_before_the_deadline_stays_achieved():
    ind = make_indicator(value=200)  # cumulative: met is met for good
    a = assess(ind, obs((2022, 210)), 2026)
    assert a.status is Status.achieved and grade(a) == "early"
    assert [s.code for s in a.steps][-2:] == ["target-year-missing", "achieved-early"]
    assert any("already settles the outcome" in s for s in explain(a, "en"))


@pytest.mark.parametrize("measure, kind", [("annual", "exact"), ("cumulative", "growth-rate")])
def test_annual_or_growth_target_without_its_year_is_overdue_even_if_met_early(measure, kind):
    ind = make_indicator(measure=measure, kind=kind, value=200, rate=10)
    level = 200 if kind == "exact" else 100 * 1.1**5
    early = obs((2023, level + 1))
    assert assess(ind, early, 2025).status is Status.on_track  # before the deadline: unchanged
    assert grade(assess(ind, early, 2025)) == "ahead"
    assert assess(ind, early, 2026).status is Status.overdue


def test_a_reported_target_year_value_is_judged_on_it_after_the_deadline():
    ind = make_indicator(measure="annual", value=200)
    assert assess(ind, obs((2023, 150), (2025, 200)), 2027).status is Status.achieved
    assert assess(ind, obs((2023, 150), (2025, 199)), 2027).status is Status.off_track
    assert assess(ind, obs((2023, 150), (2026, 201)), 2027).status is Status.achieved  # a later year counts too
    assert assess(ind, obs((2023, 150), (2028, 201)), 2027).status is Status.overdue  # not yet as of 2027


def test_nothing_reported_after_the_deadline_is_overdue_not_no_data():
    for ind in (make_indicator(value=200), make_indicator(value=200, baseline=None)):
        assert assess(ind, [], 2025).status is Status.no_data
        a = assess(ind, [], 2026)
        assert a.status is Status.overdue and a.latest is None
        assert [s.code for s in a.steps][-2:] == ["no-data", "overdue"]
    qualitative = make_indicator(kind="qualitative", text="有所突破")
    assert assess(qualitative, [], 2030).status is Status.not_assessable  # nothing to measure, before or after


def test_period_total_after_the_deadline():
    ind = make_indicator(measure="period-total", value=500, baseline=(2020, 400.0))  # 2021–2025
    assert assess(ind, obs((2023, 500)), 2026).status is Status.achieved  # reached early: settled
    assert assess(ind, obs((2023, 400)), 2026).status is Status.overdue  # ahead of the share, but not there
    assert assess(ind, obs((2023, 400)), 2024).status is Status.on_track
    assert assess(ind, [], 2026).status is Status.overdue
    cap = make_indicator(kind="at-most", measure="period-total", value=100, baseline=(2020, 0.0))
    assert assess(cap, obs((2022, 130)), 2026).status is Status.off_track  # the cap already exceeded: settled
    assert assess(cap, obs((2022, 30)), 2026).status is Status.overdue
    assert grade(assess(cap, obs((2022, 30)), 2024)) == "on-pace"


def test_grade_thresholds_are_the_on_track_tolerance_either_side():
    ind = make_indicator(value=200)
    required = 2 ** (1 / 5) - 1

    def at(ratio):
        return assess(ind, obs((2021, 100 * (1 + ratio * required))), 2022)

    assert round(AHEAD_RATIO - 1, 9) == round(1 - ON_TRACK_RATIO, 9)
    assert [grade(at(r)) for r in (1.2, 1.0, 0.96, 0.5)] == ["ahead", "on-pace", "on-pace", "behind"]
    assert at(1.0).status is at(1.2).status is Status.on_track and at(0.5).status is Status.off_track
    assert "快于预期" in explain(at(1.2), "zh")[-1] and "基本符合预期" in explain(at(1.0), "zh")[-1]
    assert "behind schedule" in explain(at(0.5), "en")[-1]
    missed = assess(ind, obs((2025, 150)), 2026)
    assert missed.status is Status.off_track and grade(missed) is None  # a final miss has no mid-term word
    assert set(GRADES) == {"early", "ahead", "on-pace", "behind"}


def test_zhengzhou_high_value_patents_is_overdue_as_of_2026():
    """The real indicator of the review (P8): target 13 by 2025, latest value 6.34 in 2021."""
    from generator.load import load

    root = Path(__file__).resolve().parent.parent
    portal = load(root / "data").portal
    _, pd = portal.plan("zhengzhou-ip-2021-2025")
    ind = next(i for i in pd.indicators if i.id == "high-value-invention-patents-per-10k")
    a = assess(ind, pd.observations_for(ind.id), 2026, period_start=pd.plan.period.start)
    assert (ind.target.year, ind.target.value) == (2025, 13) and a.latest == (2021, 6.34)
    assert a.status is Status.overdue
    assert assess(ind, pd.observations_for(ind.id), 2025).status is Status.on_track  # what the old rule said


def test_period_total_running_share():
    ind = make_indicator(measure="period-total", value=500, baseline=(2020, 400.0))  # 2021–2025, 100 a year
    a = assess(ind, obs((2022, 200)), 2023)
    rt = a.step("running-total")
    assert (rt["elapsed"], rt["years"], rt["expected"]) == (2, 5, 200)
    assert a.status is Status.on_track
    assert assess(ind, obs((2022, 150)), 2023).status is Status.off_track
    assert assess(ind, obs((2024, 500)), 2024).status is Status.achieved
    assert assess(ind, obs((2025, 499)), 2025).status is Status.off_track
    assert assess(ind, obs((2022, 125)), 2023, period_start=2022).status is Status.on_track  # 1 of 4 years: 125
    assert assess(ind, [], 2023).status is Status.no_data


def test_period_total_at_most():
    ind = make_indicator(kind="at-most", measure="period-total", value=100, baseline=(2020, 0.0))
    assert assess(ind, obs((2022, 30)), 2023).status is Status.on_track
    assert assess(ind, obs((2022, 130)), 2023).status is Status.off_track
    assert assess(ind, obs((2025, 90)), 2025).status is Status.achieved


def test_figures_are_kept_exactly():
    ind = make_indicator(value=13, baseline=(2020, 4.62))
    a = assess(ind, obs((2022, 7.123456789)), 2023)
    assert a.latest == (2022, 7.123456789)
    assert any("7.123456789" in s for s in explain(a, "en"))
    assert any("13" in s and "13.0" not in s for s in explain(a, "en"))  # the target as given


def test_explain_shows_figures_like_the_tables():
    """A big figure is grouped in the explanation as in the page tables (one formatter)."""
    ind = make_indicator(value=60000, baseline=(2020, 41250))
    a = assess(ind, obs((2022, 50000)), 2023)
    en = " ".join(explain(a, "en"))
    assert "41,250" in en and "60,000" in en and "50,000" in en
    assert "41250" not in en


def test_every_step_has_a_sentence_in_both_languages():
    """Each step code the method can record has its catalogue entry; an unknown one fails loudly."""
    from generator.i18n import has
    from generator.status import Step

    codes = [
        "baseline",
        "target",
        "qualitative",
        "start",
        "implied-target",
        "no-data",
        "latest",
        "target-year-missing",
        "overdue",
        "met",
        "achieved-early",
        "met-early",
        "missed",
        "fell-back",
        "required-cagr",
        "actual-cagr",
        "required-linear",
        "actual-linear",
        "running-total",
        "compare",
        "no-start",
    ]
    assert all(has(f"explain.{c}") for c in codes)
    with pytest.raises(KeyError):
        explain(Assessment(Status.no_data, steps=[Step("no-such-step", {})]), "en")


def test_explain_languages_and_no_html():
    ind = make_indicator(value=200)
    a = assess(ind, obs((2022, 130)), 2023)
    zh, en = explain(a, "zh"), explain(a, "en")
    assert len(zh) == len(en) >= 5
    assert any("年均复合增长率" in s for s in zh)
    assert any("Compound annual growth" in s for s in en)
    assert all("<" not in s and ">" not in s for s in zh + en)


def test_summarise_counts_every_status():
    ind = make_indicator(value=200)
    assessments = [assess(ind, obs((2022, 250)), 2023), assess(ind, [], 2023), assess(ind, obs((2022, 101)), 2023)]
    counts = summarise(assessments)
    assert list(counts) == STATUS_ORDER
    assert counts[Status.achieved] == 1 and counts[Status.no_data] == 1 and counts[Status.off_track] == 1
    assert sum(counts.values()) == 3


# ------------------------------------------------------------------ properties

RANK = {s: i for i, s in enumerate([Status.achieved, Status.on_track, Status.off_track, Status.overdue])}

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
kinds = st.sampled_from(["exact", "at-least", "at-most", "range", "growth-rate", "qualitative"])
measures = st.sampled_from(["cumulative", "annual", "period-total"])


@st.composite
def indicators(draw):
    kind = draw(kinds)
    base = draw(st.one_of(st.none(), values))
    lo, hi = sorted([draw(values), draw(values)])
    return make_indicator(
        kind=kind,
        measure=draw(measures),
        direction=draw(st.sampled_from(["higher", "lower"])),
        baseline=(2020, base),
        value=draw(values),
        min=lo,
        max=hi,
        rate=draw(st.floats(min_value=-50, max_value=100)),
        text="x",
    )


@settings(max_examples=300, deadline=None)
@given(indicators(), st.lists(st.tuples(st.integers(2018, 2030), values), max_size=5), st.integers(2020, 2030))
def test_status_is_always_a_status_and_steps_explain(ind, pairs, as_of):
    a = assess(ind, obs(*pairs), as_of)
    assert isinstance(a, Assessment)
    assert a.status in set(Status)
    for lang in ("zh", "en"):
        assert all(isinstance(s, str) and s for s in explain(a, lang))
    if a.status in (Status.achieved, Status.on_track, Status.off_track):
        assert a.latest is not None  # off-track (and on-track) needs a reported value
    if a.ratio is not None:
        assert not math.isnan(a.ratio)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["exact", "at-least", "range", "growth-rate"]),
    st.sampled_from(["cumulative", "annual", "period-total"]),
    st.one_of(st.none(), st.floats(min_value=0, max_value=1e4)),
    st.floats(min_value=0, max_value=1e4),
    st.lists(st.tuples(st.integers(2019, 2026), st.floats(min_value=-1e4, max_value=1e4)), max_size=3),
    st.integers(2021, 2026),
    st.floats(min_value=0, max_value=1e4),
    st.integers(2019, 2028),
)
def test_improving_latest_never_worsens_higher_is_better(
    kind, measure, base, target, earlier, latest_year, bump, as_of
):
    ind = make_indicator(
        kind=kind, measure=measure, baseline=(2020, base), value=target, min=target, max=target * 2, rate=10
    )
    rows = [(y, v) for y, v in earlier if y < latest_year]
    low = latest_year, 10.0
    high = latest_year, 10.0 + bump
    a = assess(ind, obs(*rows, low), as_of)
    b = assess(ind, obs(*rows, high), as_of)
    if a.status in RANK and b.status in RANK:
        assert RANK[b.status] <= RANK[a.status]
    else:
        assert a.status is b.status


# ------------------------------------------------------------------ the Methodology page matches the code

METHODOLOGY = Path(__file__).resolve().parent.parent / "site_src" / "pages"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_methodology_worked_example_matches_the_code(lang):
    text = (METHODOLOGY / lang / "methodology.md").read_text(encoding="utf-8")
    a = assess(make_indicator(value=10, baseline=(2020, 5.2)), obs((2022, 7.8)), 2023)
    assert a.status is Status.on_track
    for number in (
        a.step("required-cagr")["rate"] * 100,
        a.step("actual-cagr")["rate"] * 100,
        a.ratio * 100,
        a.required,
    ):
        assert fmt_derived(number) in text
    line = assess(make_indicator(value=10, baseline=(2020, 0.0)), obs((2022, 3)), 2023)
    assert line.status is Status.off_track and fmt_derived(line.ratio * 100) + " %" in text.replace("%", " %").replace(
        "  %", " %"
    )
    total = assess(
        make_indicator(measure="period-total", value=500, baseline=None), obs((2022, 150)), 2023, period_start=2021
    )
    assert total.status is Status.off_track and total.required == 200 and "200" in text
    assert str(int(ON_TRACK_RATIO * 100)) in text
    for label in (status_label(s, lang) for s in Status):
        assert label in text


def test_progress_share_from_start_to_target():
    ind = make_indicator(value=200)
    assert progress(assess(ind, obs((2022, 150)), 2023)) == pytest.approx(0.5)
    assert progress(assess(ind, [], 2023)) is None
    total = make_indicator(measure="period-total", value=500)
    assert progress(assess(total, obs((2022, 125)), 2023)) == pytest.approx(0.25)


def test_missing_baseline_with_values_from_one_year_only():
    ind = make_indicator(value=200, baseline=(2020, None))
    a = assess(ind, obs((2021, 100), (2021, 110)), 2023)
    assert a.status is Status.not_assessable and a.latest is not None
