"""References between files: a plan's city, a task's departments (its lead among them) and
indicators, an indicator's or reference series' concept, an observation's indicator, a task
report's task, a reference series' plan.

A reference to an item that failed its model is not reported again; a row whose indicator or
task is unknown or failed is left out of the portal (`Reject`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from .tree import Reject, Tree

CODES = (
    "unknown-department",
    "unknown-concept",
    "unknown-plan",
    "unknown-indicator",
    "unknown-task",
    "lead-not-responsible",
)


def references(tree: Tree) -> Iterable[Problem | Reject]:
    concepts = tree.concepts
    plans = tree.plan_ids()
    for city, plan in tree.plans():
        for task in plan.tasks.items:
            for i, dep in enumerate(task.model.responsible):
                if city.departments.is_unknown(dep):
                    yield task.problem(
                        "unknown-department", "responsible", i, value=dep, suggestion=city.departments.suggest(dep)
                    )
            for i, dep in enumerate(task.model.lead):
                if dep not in task.model.responsible:
                    yield task.problem("lead-not-responsible", "lead", i, value=dep)
            for i, ind_id in enumerate(task.model.indicators):
                if plan.indicators.is_unknown(ind_id):
                    yield task.problem(
                        "unknown-indicator", "indicators", i, value=ind_id, suggestion=plan.indicators.suggest(ind_id)
                    )
        for ind in plan.indicators.items:
            c = ind.model.concept
            if c and concepts.is_unknown(c):
                yield ind.problem("unknown-concept", "concept", value=c, suggestion=concepts.suggest(c))
        for obs in plan.observations:
            indicator = obs.model.indicator
            if indicator in plan.indicators.failed_ids:
                yield Reject(obs)  # its indicator failed its model: leave the value out too
            elif plan.indicators.is_unknown(indicator):
                yield Reject(obs)
                yield obs.problem(
                    "unknown-indicator", "indicator", value=indicator, suggestion=plan.indicators.suggest(indicator)
                )
        for rep in plan.task_reports:
            task_id = rep.model.task
            if task_id in plan.tasks.failed_ids:
                yield Reject(rep)
            elif plan.tasks.is_unknown(task_id):
                yield Reject(rep)
                yield rep.problem("unknown-task", "task", value=task_id, suggestion=plan.tasks.suggest(task_id))
    for ref in tree.reference.items:
        if plans.is_unknown(ref.model.plan):
            yield ref.problem("unknown-plan", "plan", value=ref.model.plan, suggestion=plans.suggest(ref.model.plan))
        c = ref.model.concept
        if c and concepts.is_unknown(c):
            yield ref.problem("unknown-concept", "concept", value=c, suggestion=concepts.suggest(c))


CHECKS = (references,)
