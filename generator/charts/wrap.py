"""Labels wrapped into lines in Python, so a chart never cuts a label with "…".

Vega measures text only when it draws it; the fill needs the lines before that, so widths
are estimated from the font's proportions (Noto Sans CJK: a Han character or full-width
sign is 1 em, Latin text about 0.56 em on average, digits 0.55 em). The estimate errs wide,
and every label keeps its whole text: a line only ends where a space is (Latin) or between
two characters (Chinese, never before closing punctuation).
"""

from __future__ import annotations

import unicodedata

# Characters that never start a line (Chinese line-breaking rules, 行首禁则)
_NO_LINE_START = set("、，。；：！？）》」』】〕〉”’%…·,.;:!?)]}")


def char_em(c: str) -> float:
    """The estimated advance of one character, in em."""
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 1.0
    if c == " ":
        return 0.26
    if c in "ilIj.,:;|!'’()[]":
        return 0.3
    if c.isupper() or c in "mwMW%—":
        return 0.68
    return 0.56


def text_px(text: str, size: float) -> float:
    """The estimated width of one line of `text` at font size `size` (px)."""
    return sum(char_em(c) for c in text) * size


def wrap(text: str, width_px: float, size: float) -> list[str]:
    """`text` as lines of at most `width_px` at `size` px (a single word wider than that stays whole)."""
    text = " ".join(text.split())
    if not text or text_px(text, size) <= width_px:
        return [text]
    limit = width_px / size  # in em
    lines: list[str] = []
    line, used = "", 0.0
    for token in _tokens(text):
        w = sum(char_em(c) for c in token)
        if line and used + w > limit and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            token = token.lstrip()
            w = sum(char_em(c) for c in token)
            line, used = "", 0.0
        line += token
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Break opportunities: a Latin word with the space before it, or one wide character."""
    out: list[str] = []
    word = ""
    for c in text:
        wide = unicodedata.east_asian_width(c) in ("W", "F")
        if wide or c == " ":
            if word:
                out.append(word)
            word = ""
            if wide:
                out.append(c)
                continue
        word += c
    if word:
        out.append(word)
    return out


def lines_of(texts: list[str], width_px: float, size: float) -> int:
    """The most lines any of `texts` needs."""
    return max((len(wrap(s, width_px, size)) for s in texts), default=1)
