"""Pydantic validation errors → friendly problems (codes.py) at the right line.

`pydantic_problems` turns each error of a `ValidationError` into one problem: `missing-field`,
`unknown-field` (with the closest valid name), `wrong-type` (with a hint that fits the value),
`bad-id`, `bad-enum` (listing the allowed values), `bad-date`, `out-of-range`, `bad-period`,
or `invalid-value` for anything else. `locate(loc)` gives the (line, column) of a pydantic `loc`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import codes
from . import models as m
from .i18n import has, t
from .locations import dotted
from .problems import Problem
from .suggest import closest

CODES = (
    "missing-field",
    "missing-cell",
    "unknown-field",
    "wrong-type",
    "bad-id",
    "bad-enum",
    "bad-date",
    "out-of-range",
    "bad-period",
    "invalid-value",
)

_TYPES = ("string", "int", "float", "bool", "list", "dict", "finite")  # `problems.type.<kind>`


def type_words(kind: str) -> tuple[str, str]:
    """What a field of pydantic type ``kind`` expects, in words: (English, Chinese)."""
    kind = "dict" if kind == "model" else kind
    if kind not in _TYPES:
        return kind, kind
    return t(f"problems.type.{kind}", "en"), t(f"problems.type.{kind}", "zh")


def describe(v: Any, lang: str) -> str:
    """What a value found in a data file is, in words ("the number 12", "the text `abc`").

    The value is shown as the file has it (machine format): the person fixing it searches for it.
    """
    if v is None:
        return t("problems.value.empty", lang)
    if isinstance(v, bool):
        return t("problems.value.bool", lang, value=str(v).lower())
    if isinstance(v, (int, float)):
        return t("problems.value.number", lang, value=f"{v:g}" if isinstance(v, float) else v)
    if isinstance(v, str):
        return t("problems.value.text", lang, value=_short(v))
    if isinstance(v, list):
        return t("problems.value.list", lang)
    if isinstance(v, dict):
        return t("problems.value.group", lang)
    if isinstance(v, (dt.date, dt.datetime)):
        return t("problems.value.date", lang, value=v.isoformat())
    return type(v).__name__


def describe_en(v: Any) -> str:
    return describe(v, "en")


def describe_zh(v: Any) -> str:
    return describe(v, "zh")


def _short(s: str, n: int = 40) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def unwrap_annotation(ann: Any) -> Any:
    """Optional[X] → X, list[X] → X, Annotated[X, …] → X."""
    while True:
        origin = get_origin(ann)
        if origin is None:
            return ann
        args = [a for a in get_args(ann) if a is not type(None)]
        if not args:
            return ann
        ann = args[0]


def _model_at(model: type[BaseModel], loc: Iterable) -> type[BaseModel] | None:
    """The model class that holds the last field of `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        f = current.model_fields.get(part)
        if f is None:
            return None
        current = unwrap_annotation(f.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _raw_at(raw: Any, loc: Iterable) -> Any:
    for part in loc:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _wrong_type_hint(expected: str, value: Any) -> tuple[str, str]:
    if expected == "string" and isinstance(value, (int, float, bool, dt.date)):
        return ('Put the value in double quotes, e.g. "12".', '请把值放进英文双引号里，例如 "12"。')
    if expected in ("dict", "model") and isinstance(value, str):
        return (
            "Write it as a group of fields, e.g. {zh: 中文, en: English}.",
            "请写成一组字段，例如 {zh: 中文, en: English}。",
        )
    if expected in ("int", "float") and isinstance(value, str):
        return (
            "Write a plain number without units, %, commas or words; explanations go in `notes`.",
            "请填写纯数字，不要带单位、%、逗号或文字；说明请写在 `notes` 中。",
        )
    if expected == "list":
        return (
            "Write a list, e.g. [a, b], or one `- item` per line.",
            "请写成列表，例如 [a, b]，或每行一个 `- 条目`。",
        )
    if value is None:
        return ("Fill in a value, or remove the field if it is optional.", "请填写内容；如果该字段可以不填，请删除它。")
    return (
        "Correct the value (see docs/reference/data-format.md).",
        "请更正该值（参见 docs/reference/data-format.md）。",
    )


def pydantic_problems(
    exc: ValidationError, file: str, locate: Callable, model: type[BaseModel], raw: Any
) -> list[Problem]:
    """Friendly problems for a pydantic ValidationError on one item."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        typ = err["type"]
        ctx = err.get("ctx") or {}
        line, col = locate(loc)
        name = dotted(loc) or model.__name__
        value = err.get("input")
        shown = _short(value) if isinstance(value, str) else value

        def mk(code: str, _line=line, _col=col, _field=name, **params) -> Problem:
            return codes.make(code, file, _line, column=_col, field=_field, **params)

        if typ == "missing" and file.endswith(".csv") and len(loc) == 1:
            out.append(mk("missing-cell", name=str(loc[-1])))  # a CSV row: a cell, not a YAML field
        elif typ == "missing":
            out.append(mk("missing-field", name=str(loc[-1]), where=dotted(loc[:-1])))
        elif typ == "extra_forbidden":
            parent = _model_at(model, loc[:-1]) or model
            allowed = list(parent.model_fields)
            suggestion = closest(str(loc[-1]), allowed, cutoff=0.5)
            out.append(mk("unknown-field", name=str(loc[-1]), suggestion=suggestion, allowed=", ".join(allowed)))
        elif typ in ("string_pattern_mismatch",) or (typ == "string_too_long" and _is_slug(model, loc)):
            where = invisible_in_id(value) if isinstance(value, str) else ("", "")
            if where[0] and isinstance(shown, str):  # make what cannot be seen visible where it is
                shown = "".join(
                    c if c.isprintable() and not _INVISIBLE.match(c) else f"‹U+{ord(c):04X}›" for c in shown
                )
            out.append(mk("bad-id", value=shown, name=name, detail_en=where[0], detail_zh=where[1]))
        elif typ in ("enum", "literal_error"):
            en, zh = _allowed_values(model, loc, ctx)
            out.append(mk("bad-enum", value=shown, name=name, allowed_en=en, allowed_zh=zh))
        elif typ.startswith(("date", "datetime")):
            out.append(mk("bad-date", value=shown, name=name))
        elif typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            limit = {
                "greater_than_equal": ("at least {}", "不小于 {}"),
                "less_than_equal": ("at most {}", "不大于 {}"),
                "greater_than": ("more than {}", "大于 {}"),
                "less_than": ("less than {}", "小于 {}"),
            }[typ]
            bound = next(iter(ctx.values()), "")
            out.append(
                mk(
                    "out-of-range",
                    value=shown,
                    name=name,
                    limit_en=limit[0].format(bound),
                    limit_zh=limit[1].format(bound),
                )
            )
        elif typ == "value_error" and "period end is before its start" in str(err.get("msg")):
            period = _raw_at(raw, loc) or {}
            out.append(mk("bad-period", start=period.get("start"), end=period.get("end")))
        elif typ.endswith(("_type", "_parsing")) or typ in ("int_from_float", "finite_number"):
            kind = typ.split("_")[0]
            kind = "dict" if kind in ("model", "dict") else kind
            exp = type_words(kind)
            hint = _wrong_type_hint(kind, value)
            if typ == "int_from_float":
                exp = type_words("int")
            out.append(
                mk(
                    "wrong-type",
                    name=name,
                    expected_en=exp[0],
                    expected_zh=exp[1],
                    actual_en=describe_en(value),
                    actual_zh=describe_zh(value),
                    hint_en=hint[0],
                    hint_zh=hint[1],
                )
            )
        else:
            msg = str(err.get("msg", typ))
            if typ == "string_too_long":
                most = ctx.get("max_length")
                en, zh = f"it is longer than {most} characters", f"超过了 {most} 个字符"
            else:
                en = zh = msg
            out.append(mk("invalid-value", name=name, detail_en=en, detail_zh=zh))
    return out


# The catalogue words of each enum's values: `<prefix>_<value>`, e.g. `task_in-progress` (进行中).
ENUM_WORDS: dict[type[Enum], str] = {
    m.TaskStatus: "task",
    m.PlanStatus: "plan",
    m.PlanKind: "kind",
    m.AdminLevel: "level",
    m.Measure: "measure",
    m.Nature: "nature",
    m.Direction: "direction",
}


def enum_word(enum: type[Enum] | None, value: str, lang: str) -> str | None:
    """The catalogue's word for an enum value (`in-progress` → 进行中), or None when it has none."""
    prefix = ENUM_WORDS.get(enum) if enum is not None else None
    return t(f"{prefix}_{value}", lang) if prefix and has(f"{prefix}_{value}") else None


def _allowed_values(model: type[BaseModel], loc: tuple, ctx: dict) -> tuple[str, str]:
    """The allowed values, with their meanings where the catalogue has words for them:
    (English, Chinese), e.g. "`in-progress` (in progress)" / "`in-progress`（进行中）"."""
    parent = _model_at(model, loc[:-1]) if loc else None
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    f = parent.model_fields.get(key) if parent and key else None
    ann = unwrap_annotation(f.annotation) if f else None
    if isinstance(ann, type) and issubclass(ann, Enum):
        values = [str(v.value) for v in ann]
        words = {lang: [enum_word(ann, v, lang) for v in values] for lang in ("en", "zh")}
        en = ", ".join(
            f"`{v}` ({w})" if w and w != v.replace("-", " ") else f"`{v}`" for v, w in zip(values, words["en"])
        )
        zh = "、".join(f"`{v}`（{w}）" if w else f"`{v}`" for v, w in zip(values, words["zh"]))
        return en, zh
    if f is not None and get_origin(f.annotation) is Literal:
        values = [str(a) for a in get_args(f.annotation)]
    else:
        values = [v.strip() for v in str(ctx.get("expected", "")).replace("'", "").replace(" or ", ",").split(",")]
        values = [v for v in values if v]
    return ", ".join(f"`{v}`" for v in values), "、".join(f"`{v}`" for v in values)


_ORDINAL_EN = {1: "st", 2: "nd", 3: "rd"}
# Unicode names of characters that pass for a-z, 0-9 or a hyphen (Cyrillic а, full-width ａ, Greek ο, en dash …).
_LOOKALIKE = re.compile(r"(LATIN|CYRILLIC|GREEK|FULLWIDTH|MATHEMATICAL|DIGIT|HYPHEN|DASH|MINUS)")
_INVISIBLE = re.compile(
    r"[\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u2028-\u202f\u2060-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]"
)


def invisible_in_id(value: str) -> tuple[str, str]:
    """Where an id holds a character that cannot be seen or looks like a Latin letter but is not one:
    (English, Chinese) clauses such as ": the 5th character is an invisible U+200B (ZERO WIDTH SPACE)",
    or ("", "") when every character is visible ASCII."""
    for i, ch in enumerate(value, start=1):
        if ch.isascii() and ch.isprintable() and not ch.isspace():
            continue
        nth = f"{i}{'th' if 10 <= i % 100 <= 20 else _ORDINAL_EN.get(i % 10, 'th')}"
        cp, name = f"U+{ord(ch):04X}", unicodedata.name(ch, "")
        named = f"{cp} ({name})" if name else cp
        named_zh = f"{cp}（{name}）" if name else cp
        if ch.isspace():
            return f": the {nth} character is a space {named}", f"：第 {i} 个字符是空格 {named_zh}"
        if (
            unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn")
            or not ch.isprintable()
            or _INVISIBLE.match(ch)
        ):
            return (
                f": the {nth} character is an invisible {named}",
                f"：第 {i} 个字符是看不见的 {named_zh}",
            )
        if not _LOOKALIKE.search(name):
            return "", ""  # e.g. a Chinese name typed for the id: the rule in the fix says it all
        return (
            f": the {nth} character is {named}, which only looks like one of a-z, 0-9 or -",
            f"：第 {i} 个字符是 {named_zh}，只是看起来像 a-z、0-9 或 -",
        )
    return "", ""


def _is_slug(model: type[BaseModel], loc: tuple) -> bool:
    parent = _model_at(model, loc[:-1]) if loc else None
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    f = parent.model_fields.get(key) if parent and key else None
    return bool(f and any(getattr(x, "pattern", None) for x in f.metadata))
