"""The one escaping module: untrusted text (anything from data/ or a commit message) made
inert for each kind of output, on one safe-string type.

* ``Markup`` (markupsafe) is the only "already safe HTML" type. ``html(value)`` escapes any
  value into Markup (Markup passes through unchanged), and ``Markup("<a href=\"{}\">{}</a>")
  .format(url, label)`` escapes its arguments, so HTML is built without remembering to escape.
* ``md(value)``: inline Markdown text for the site (Python-Markdown) *and* for GitHub (the
  ``generator diff`` job summary, CommonMark): HTML-escaped, one line, every character with
  a meaning in either backslash-escaped where both accept the escape, and ``~`` (which only
  GitHub reads, and Python-Markdown cannot escape) written as an entity.
* ``md_cell(value)``: the same inside a Markdown table cell (a newline becomes ``<br>``);
  ``md_code(value)``: a code span there.
* ``one_line(value)``: plain text on one line with control and bidi-override characters made
  visible as U+FFFD (terminal output, history and feed text).
* ``xml_text(value)``: text an XML 1.0 document can hold (the Atom feed; ElementTree escapes
  the markup characters itself).
* ``gh_data(value)`` / ``gh_property(value)``: the message and a property of a GitHub
  workflow command (``::error file=…::message``).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

__all__ = ["Markup", "gh_data", "gh_property", "html", "md", "md_cell", "md_code", "one_line", "xml_text"]

# Characters Python-Markdown accepts a backslash escape for (core + the tables extension);
# CommonMark accepts a backslash before any ASCII punctuation, so these are safe on GitHub too.
_MD_BACKSLASH = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
# C0/C1 controls (but tab and newline, folded into spaces by one_line), bidi marks (ALM, LRM, RLM),
# embeddings, overrides and isolates, and the byte-order mark.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Characters XML 1.0 cannot carry at all.
_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def html(value: object) -> Markup:
    """Any value as HTML text or an attribute value (quotes escaped); None → empty."""
    return escape(_text(value)) if not isinstance(value, Markup) else value


def one_line(value: object) -> str:
    """Plain text on one line, control and bidi-override characters shown as U+FFFD."""
    return " ".join(_UNSAFE_CHARS.sub("\ufffd", _text(value)).split())


def md(value: object) -> str:
    """Inline Markdown text that shows ``value`` literally: nothing in it is markup afterwards.

    One line (a newline in a heading or list item would start a new block), HTML-escaped
    (quotes are harmless in Markdown text), then the Markdown characters escaped.
    """
    text = str(escape(one_line(value))).replace("&#34;", '"').replace("&#39;", "'")
    return _MD_BACKSLASH.sub(r"\\\1", text).replace("~", "&#126;")


def md_cell(value: object) -> str:
    """Markdown text for a table cell: as ``md``, each line kept apart by ``<br>``."""
    lines = _text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(md(line) for line in lines)


def md_code(value: object) -> str:
    """A Markdown code span (also inside a table cell) that shows ``value`` literally: fenced
    by more backticks than it holds, one line, pipes escaped (GitHub reads ``\\|`` even in code)."""
    text = one_line(value).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if len(fence) > 1 else f"`{text}`"


def xml_text(value: object) -> str:
    """Text an XML 1.0 document can hold, on one line."""
    return one_line(_XML_BAD.sub("\ufffd", _text(value)))


def gh_data(value: object) -> str:
    """The message part of a GitHub workflow command (``::error …::<message>``)."""
    return _text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(value: object) -> str:
    """A property value of a GitHub workflow command (``file=``, ``title=``…)."""
    return gh_data(value).replace(":", "%3A").replace(",", "%2C")
