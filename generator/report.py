"""Problems → text for people and machines: text, GitHub workflow commands, JSON, Markdown.

Pure functions: a list of problems in, a string out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .escape import gh_data, gh_property, md_cell, md_code
from .problems import Problem

FORMATS = ("text", "github", "json", "markdown")


def render(problems: list[Problem], fmt: str, *, base: Path | None = None) -> str:
    """Format `problems`. `base` is the folder `Problem.file` is relative to (the data folder's parent);
    GitHub annotations need paths relative to the working directory, so they are rewritten from it."""
    if fmt == "text":
        return text(problems)
    if fmt == "github":
        return github(problems, base=base)
    if fmt == "json":
        return as_json(problems)
    if fmt == "markdown":
        return markdown(problems)
    raise ValueError(f"unknown format {fmt!r}")


def summary_line(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "No problems found. / 未发现问题。"
    return f"{errors} error(s), {warnings} warning(s). / {errors} 个错误，{warnings} 个警告。"


def _where(p: Problem) -> str:
    out = p.file
    if p.line is not None:
        out += f":{p.line}"
        if p.column is not None:
            out += f":{p.column}"
    return out


def text(problems: list[Problem]) -> str:
    """One line per problem: `file:line:col: error[code] English / 中文 Fix: … / 修改：…`, then a summary."""
    lines = []
    for p in problems:
        line = f"{_where(p)}: {p.severity.value}[{p.code}] {p.message_en} / {p.message_zh}"
        if p.fix_en or p.fix_zh:
            line += f" Fix: {p.fix_en} / 修改：{p.fix_zh}"
        lines.append(line.replace("\r", " ").replace("\n", " "))
    lines.append(summary_line(problems))
    return "\n".join(lines) + "\n"


escape_data = gh_data  # the message part of a GitHub workflow command
escape_property = gh_property  # a property value (file=, title=, …) of a GitHub workflow command


def github(problems: list[Problem], *, base: Path | None = None) -> str:
    """`::error file=…,line=…,col=…,title=…::message` per problem (warnings as ::warning)."""
    lines = []
    for p in problems:
        path = p.file
        if base is not None:
            path = os.path.relpath(Path(base) / p.file).replace(os.sep, "/")
        props = [f"file={escape_property(path)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            if p.column is not None:
                props.append(f"col={p.column}")
        props.append(f"title={escape_property(f'{p.code}')}")
        message = f"{p.message_en} / {p.message_zh}\nFix: {p.fix_en}\n修改：{p.fix_zh}"
        lines.append(f"::{p.severity.value} {','.join(props)}::{escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_dict(p: Problem) -> dict:
    return {
        "code": p.code,
        "severity": p.severity.value,
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "field": p.field,
        "message_en": p.message_en,
        "message_zh": p.message_zh,
        "fix_en": p.fix_en,
        "fix_zh": p.fix_zh,
    }


def as_json(problems: list[Problem]) -> str:
    return json.dumps([as_dict(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def markdown(problems: list[Problem]) -> str:
    """A table for $GITHUB_STEP_SUMMARY."""
    out = ["### Data validation · 数据校验", "", summary_line(problems), ""]
    if problems:
        out += ["| | Where · 位置 | Code · 代码 | Problem · 问题 | Fix · 修改 |", "|---|---|---|---|---|"]
        for p in problems:
            icon = "❌" if p.is_error else "⚠️"
            out.append(
                f"| {icon} | {md_code(_where(p))} | {md_code(p.code)} | {md_cell(p.message_en)}<br>{md_cell(p.message_zh)} "
                f"| {md_cell(p.fix_en)}<br>{md_cell(p.fix_zh)} |"
            )
    return "\n".join(out) + "\n"
