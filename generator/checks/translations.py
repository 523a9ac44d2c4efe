"""Translations: every bilingual text has both its Chinese and its English; a CSV row's note
is given in both languages or in neither."""

from __future__ import annotations

from collections.abc import Iterable

from .. import models as m
from ..locations import dotted
from ..problems import Problem
from .tree import Tree

CODES = ("missing-translation",)

_LANG = {"zh": ("Chinese", "中文"), "en": ("English", "英文")}


def translations(tree: Tree) -> Iterable[Problem]:
    for item in tree.yaml_items():
        for path, text in item.parts:
            if not isinstance(text, m.Text):
                continue
            name = dotted(path)
            for key in ("zh", "en"):
                if not getattr(text, key):
                    en, zh = _LANG[key]
                    yield item.problem(
                        "missing-translation",
                        *path,
                        field=f"{name}.{key}",
                        name=name,
                        key=key,
                        missing_en=en,
                        missing_zh=zh,
                    )
    for _, plan in tree.plans():
        for row in plan.observations + plan.task_reports:
            zh, en = row.model.note_zh, row.model.note_en
            if bool(zh) != bool(en):
                key = "en" if zh else "zh"
                en_name, zh_name = _LANG[key]
                yield row.problem(
                    "missing-translation",
                    f"note_{key}",
                    name="note",
                    key=f"note_{key}",
                    missing_en=en_name,
                    missing_zh=zh_name,
                )


CHECKS = (translations,)
