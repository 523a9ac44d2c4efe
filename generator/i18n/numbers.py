"""The one number formatter: every figure the site shows (pages, charts, captions,
explanations, history, feed, diff) goes through ``figure``; computed values through
``derived``. Downloads keep the machine format (``generator.downloads.cell``).

A reported figure is never rounded: 13.0 → "13", 4.62 → "4.62". Whole figures of five or
more digits are grouped with commas (41250 → "41,250") in both languages, as the tables have
always shown them.
"""

from __future__ import annotations

GROUP_FROM = 10_000  # figures at or above this are grouped in thousands


def figure(value: float | int) -> str:
    """A reported figure exactly as given, grouped from five digits: 41250 → "41,250"."""
    if isinstance(value, bool):  # bool is an int; never a figure
        raise TypeError("a figure is a number, not a bool")
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        whole = int(number)
        return f"{whole:,}" if abs(whole) >= GROUP_FROM else str(whole)
    if abs(number) >= GROUP_FROM:
        return f"{number:,}"
    return repr(number) if isinstance(value, float) else str(value)


def derived(value: float) -> str:
    """A computed figure (a path value, a rate), shown to at most 2 decimals: 12.3456 → "12.35"."""
    text = f"{value:.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def percent(rate: float) -> str:
    """A computed rate as a percentage: 0.0512 → "5.12%"."""
    return derived(rate * 100) + "%"
