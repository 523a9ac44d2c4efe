"""Checks across items and files, run on the tree `load` read (`checks.tree`).

One module per meaning (frictionless's checks are the model): `ids`, `references`, `targets`,
`timeline`, `concepts`, `sources`, `translations`, `labels`. Each declares the problem codes it can emit
(`CODES = (...)`) and lists its checks (`CHECKS`). A check only reads the tree and *yields*:
a `Problem`, or a `Reject(item)` when the item must stay out of the portal. `run_all` runs
every check and sorts what they yielded into `Findings`; `load` decides what the portal holds.

A check that yields a code its module did not declare is a bug: `run_all` raises
`UndeclaredCode`, so the fixture tests fail on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType

from ..problems import Problem
from . import concepts, ids, labels, references, sources, targets, timeline, translations
from .tree import CityTree, Collection, Item, PlanTree, Reject, Tree

__all__ = [
    "MODULES",
    "CityTree",
    "Collection",
    "Findings",
    "Item",
    "PlanTree",
    "Reject",
    "Tree",
    "UndeclaredCode",
    "declared_codes",
    "run_all",
]

MODULES: tuple[ModuleType, ...] = (ids, references, targets, timeline, concepts, sources, translations, labels)


class UndeclaredCode(AssertionError):
    """A check yielded a problem code that its module's `CODES` does not list."""


@dataclass
class Findings:
    """What the checks yielded: the problems, and the items to leave out of the portal."""

    problems: list[Problem] = field(default_factory=list)
    rejected: set[Item] = field(default_factory=set)


def declared_codes(modules: Iterable[ModuleType] = MODULES) -> set[str]:
    """Every code the checks can emit."""
    return {code for module in modules for code in module.CODES}


def run_all(tree: Tree, modules: Iterable[ModuleType] = MODULES) -> Findings:
    """Every check of every module, in a stable order."""
    out = Findings()
    for module in modules:
        for check in module.CHECKS:
            for event in check(tree):
                if isinstance(event, Reject):
                    out.rejected.add(event.item)
                elif event.code in module.CODES:
                    out.problems.append(event)
                else:
                    raise UndeclaredCode(
                        f"{module.__name__}.{check.__name__} yielded `{event.code}`, "
                        f"which {module.__name__}.CODES does not declare"
                    )
    return out
