"""Load the data folder into a validated Portal, collecting every problem.

PLACEHOLDER implementation (to be replaced by the foundation work): reads with
yaml.safe_load and builds the models, without line numbers or cross-reference checks.
The signature is the contract: `load(data_dir) -> LoadResult`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import models as m
from . import paths
from .portal import CityData, PlanData, Portal
from .problems import Problem


@dataclass
class LoadResult:
    portal: Portal
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _csv(path: Path, model):
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [model(**{k: (v if v != "" else None) for k, v in row.items()}) for row in csv.DictReader(fh)]


def load(data_dir: Path = paths.DATA) -> LoadResult:
    data_dir = Path(data_dir)
    cities = []
    for city_dir in sorted((data_dir / paths.CITIES_DIR).iterdir()):
        if not city_dir.is_dir():
            continue
        city = m.City(**_yaml(city_dir / paths.CITY_FILE))
        departments = [m.Department(**d) for d in _yaml(city_dir / paths.DEPARTMENTS_FILE) or []]
        plans = []
        for plan_dir in sorted((city_dir / paths.PLANS_DIR).iterdir()) if (city_dir / paths.PLANS_DIR).exists() else []:
            plans.append(
                PlanData(
                    plan=m.Plan(**_yaml(plan_dir / paths.PLAN_FILE)),
                    indicators=[m.Indicator(**x) for x in _yaml(plan_dir / paths.INDICATORS_FILE) or []],
                    tasks=[m.Task(**x) for x in _yaml(plan_dir / paths.TASKS_FILE) or []],
                    observations=_csv(plan_dir / paths.OBSERVATIONS_FILE, m.ObservationRow),
                    task_reports=_csv(plan_dir / paths.TASK_REPORTS_FILE, m.TaskReportRow),
                )
            )
        cities.append(CityData(city=city, departments=departments, plans=plans))
    ref_dir = data_dir / paths.REFERENCE_DIR
    reference = [m.ReferenceSeries(**_yaml(p)) for p in sorted(ref_dir.glob("*.yaml"))] if ref_dir.exists() else []
    portal = Portal(
        cities=cities,
        concepts=[m.Concept(**c) for c in _yaml(data_dir / paths.CONCEPTS_FILE) or []],
        reference=reference,
        glossary=[m.GlossaryTerm(**g) for g in _yaml(data_dir / paths.GLOSSARY_FILE) or []],
    )
    return LoadResult(portal=portal)
