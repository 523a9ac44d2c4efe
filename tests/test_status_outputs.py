"""The overdue status (deadline passed, outcome not reported) where readers meet it: the downloads'
`status` column and its documented enum, the per-plan JSON, the home summary and the plan chart.

The minimal fixture's targets are due in 2025: assessed as of 2024 its first indicator is on track,
as of 2026 (its value for 2025 not reported) it is overdue.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from generator import charts
from generator.downloads import build_files
from generator.i18n import t
from generator.load import load
from generator.pages import Inputs
from generator.pages.home import home_page
from generator.portal import DataVersion, Portal
from generator.status import STATUS_ORDER, Status, assess

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal"
VERSION = DataVersion(commit="0123456789abcdef0123456789abcdef01234567", date="2026-12-01")


@pytest.fixture(scope="module")
def portal() -> Portal:
    return load(MINIMAL).portal


def assessments(portal: Portal, as_of: int) -> dict:
    return {
        (pd.plan.id, i.id): assess(i, pd.observations_for(i.id), as_of, period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for i in pd.indicators
    }


def overdue_ids(a: dict) -> set[tuple[str, str]]:
    return {k for k, v in a.items() if v.status is Status.overdue}


def test_the_fixture_has_an_indicator_on_track_before_and_overdue_after_the_deadline(portal):
    before, after = assessments(portal, 2024), assessments(portal, 2026)
    changed = {k for k in after if before[k].status is Status.on_track and after[k].status is Status.overdue}
    assert changed  # otherwise the tests below would prove nothing
    assert not any(a.status in (Status.on_track, Status.no_data) for a in after.values())


def test_downloads_status_column_and_enum_carry_overdue(portal):
    a = assessments(portal, 2026)
    assert overdue_ids(a)
    files = build_files(portal, a, VERSION)
    rows = list(csv.DictReader(io.StringIO(files["indicators.csv"].decode("utf-8-sig"), newline="")))
    statuses = {(r["plan_id"], r["indicator_id"]): r["status"] for r in rows}
    assert {k for k, s in statuses.items() if s == "overdue"} == overdue_ids(a)

    package = json.loads(files["datapackage.json"])
    resource = next(r for r in package["resources"] if r["path"] == "indicators.csv")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "status")
    assert field["constraints"]["enum"] == [s.value for s in STATUS_ORDER]
    assert "overdue" in field["description"]
    assert set(statuses.values()) <= set(field["constraints"]["enum"])

    for _, pd in portal.plans():
        doc = json.loads(files[f"plans/{pd.plan.id}.json"])
        for item in doc["indicators"]:
            key = (pd.plan.id, item["indicator"]["id"])
            assert item["assessment"]["status"] == a[key].status.value
            if key in overdue_ids(a):
                assert item["assessment"]["steps"][-1]["code"] == "overdue"
                assert item["assessment"]["grade"] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_summary_counts_overdue_and_no_longer_on_track(portal, lang):
    for as_of in (2024, 2026):
        a = assessments(portal, as_of)
        body = str(home_page(Inputs(portal=portal, version=VERSION, assessments=a, as_of=as_of), lang).body)
        for status in (Status.on_track, Status.overdue):
            n = sum(v.status is status for v in a.values())
            label = t(f"status.{status.value}", lang)
            assert (f"{label} {n}" in body) if n else (label not in body), (as_of, status)
    assert sum(v.status is Status.overdue for v in a.values()) > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_chart_shows_overdue_with_its_own_colour_and_shape(portal, lang):
    a = assessments(portal, 2026)
    _, pd = portal.plans()[0]
    spec = charts.plan_overview_chart([(i, a[(pd.plan.id, i.id)]) for i in pd.indicators], lang)
    label = t("status.overdue", lang)
    assert label in {row["status"] for row in spec["datasets"]["rows"]}
    scales = [
        enc[channel]["scale"]
        for layer in spec["layer"]
        for enc in [layer.get("encoding", {})]
        for channel in ("color", "shape")
        if channel in enc
    ]
    assert scales
    for scale in scales:
        i = scale["domain"].index(label)
        assert scale["range"][i] not in scale["range"][:i] + scale["range"][i + 1 :]
