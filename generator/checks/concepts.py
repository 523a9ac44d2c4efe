"""Concepts: an indicator or reference series linked to a concept has the concept's unit and measure."""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from .sources import normalise
from .tree import Item, Tree

CODES = ("concept-unit-mismatch", "concept-measure-mismatch")


def concepts(tree: Tree) -> Iterable[Problem]:
    by_id = tree.concepts.by_id
    linked: list[Item] = [i for _, p in tree.plans() for i in p.indicators.items]
    linked += tree.reference.items
    for item in linked:
        model = item.model
        concept = by_id.get(model.concept) if model.concept else None
        if concept is None:
            continue
        c = concept.model
        if normalise(model.unit.zh or "") != normalise(c.unit.zh or ""):
            yield item.problem(
                "concept-unit-mismatch", "unit", unit=model.unit.zh, concept_unit=c.unit.zh, concept=c.id
            )
        measure = getattr(model, "measure", None)
        if c.measure is not None and measure is not None and measure is not c.measure:
            yield item.problem(
                "concept-measure-mismatch",
                "measure",
                measure=measure.value,
                concept_measure=c.measure.value,
                concept=c.id,
            )


CHECKS = (concepts,)
