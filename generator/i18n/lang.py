"""The few real differences between the languages that are rules, not words: how a list
is joined, what a colon looks like, whether a unit is spaced from its number. Every other
language difference is a catalogue entry (generator.i18n)."""

from __future__ import annotations

from collections.abc import Iterable


def separator(lang: str) -> str:
    """What separates the items of a list in running text: 、 / ", "."""
    return "、" if lang == "zh" else ", "


def join(items: Iterable[str], lang: str) -> str:
    """A list in running text: 甲、乙、丙 / a, b, c."""
    return separator(lang).join(items)


def colon(lang: str) -> str:
    """The colon after a label: full width with no space in Chinese, ": " in English."""
    return "：" if lang == "zh" else ": "


def with_unit(number: str, unit: str, lang: str) -> str:
    """A number followed by its unit: 18000件 / 18000 patents (no space before a Chinese unit or %).
    An English unit that starts with a number (亿元 = "100 million yuan") is a multiplier:
    "4.4 × 100 million yuan", never "4.4 100 million yuan"."""
    if not unit:
        return number
    if lang == "zh" or unit.startswith("%"):
        return f"{number}{unit}"
    if unit[0].isdigit():
        return f"{number} × {unit}"
    return f"{number} {unit}"


def space(lang: str) -> str:
    """The space between two phrases: none between Chinese phrases, one in English."""
    return "" if lang == "zh" else " "


def paren(text: str, lang: str) -> str:
    """A remark in brackets after a phrase: （原文） right after Chinese, " (words)" in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def join_clauses(items: Iterable[str], lang: str) -> str:
    """Clauses that each hold their own commas: 甲：1；乙：2 / a: 1; b: 2."""
    return ("；" if lang == "zh" else "; ").join(items)
