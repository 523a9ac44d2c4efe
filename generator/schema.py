"""Generated documentation of the data format: JSON Schema files and two reference pages.

Everything here is derived from `models.py` and `codes.py`, so it cannot drift from the code:

* `docs/schema/<kind>.schema.json` — one JSON Schema per file kind;
* `docs/reference/data-format.md` — the layout of data/ and every field of every file;
* `docs/reference/error-codes.md` — every problem code with its messages and fixes.

`write_all()` writes them; `write_all(check=True)` only compares and returns the stale ones
(`python -m generator schema --check`, run by the test suite).
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, TypeAdapter

from . import codes, layout, paths
from . import models as m
from .layout import FileKind

ERROR_CODES_DOC = paths.DOCS / "reference" / "error-codes.md"
SCHEMA_ID_BASE = "https://example.invalid/plan-portal/schema/"  # a stable id; the files are not served


# The example shown for each file kind in data-format.md (a test checks each passes its model).
EXAMPLES: dict[str, str] = {
    "city": """\
id: zhengzhou
name: {zh: 郑州市, en: Zhengzhou}
province: {zh: 河南省, en: Henan Province}
level: provincial-capital
""",
    "departments": """\
- id: market-regulation
  name:
    zh: 市市场监督管理局（知识产权局）
    en: Municipal Administration for Market Regulation (Intellectual Property Office)
  aliases: [市市场监管局]
""",
    "plan": """\
schema_version: 1
id: zhengzhou-ip-2021-2025
city: zhengzhou
title:
  zh: 郑州市“十四五”知识产权发展规划（征求意见稿）
  en: Zhengzhou 14th Five-Year Plan for Intellectual Property Development (draft for public comment)
period: {start: 2021, end: 2025}
kind: five-year-plan
status: draft
source:
  file: 001_14bced0b766623b4.txt
  section: 标题
  quote: 郑州市“十四五”知识产权发展规划（征求意见稿）
""",
    "indicators": """\
- id: high-value-invention-patents-per-10k
  number: "1"
  category: {zh: 创造质量, en: Quality of creation}
  name: {zh: 每万人口高价值发明专利拥有量, en: "High-value invention patents per 10,000 people"}
  unit: {zh: 件, en: patents}
  measure: cumulative
  nature: expected
  baseline: {year: 2020, value: 4.62}
  target: {year: 2025, kind: exact, value: 13}
  concept: high-value-invention-patents-per-10k
  source:
    file: 001_14bced0b766623b4.txt
    section: 二、（三）“十四五”时期知识产权发展主要指标 第1行
    quote: 每万人口高价值发明专利拥有量（件）
""",
    "tasks": """\
- id: t01
  number: "1"
  section: {zh: （一）推进知识产权治理体系和治理能力现代化, en: (1) Modernise IP governance}
  title: {zh: 加强知识产权现代化治理的制度供给, en: Strengthen the rules for modern IP governance}
  text:
    zh: 聚焦促进创新发展和优化营商环境，……
    en: Summary in English.
  responsible: [market-regulation]
  source:
    file: 001_14bced0b766623b4.txt
    section: 三、（一）1
    quote: 加强知识产权现代化治理的制度供给
""",
    "observations": """\
indicator,year,value,source,section,quote,note_zh,note_en,period,period_text
high-value-invention-patents-per-10k,2021,6.1,2021年郑州市知识产权发展状况,一、总体情况,,,,,
high-value-invention-patents-per-10k,2023,8.9,web:zynews-2023-09-05,正文,每万人高价值发明专利拥有量预计达到8.9件,,,partial,2023年上半年（预计）
""",
    "task_reports": """\
task,date,status,source,note_zh,note_en,quote
t01,2023-06-30,in-progress,2023年上半年工作总结,已出台实施意见,Implementing opinions issued,
""",
    "concepts": """\
- id: high-value-invention-patents-per-10k
  name: {zh: 每万人口高价值发明专利拥有量, en: "High-value invention patents per 10,000 people"}
  unit: {zh: 件, en: patents}
  measure: cumulative
""",
    "reference": """\
id: invention-patents-per-10k-central-cities
plan: zhengzhou-ip-2021-2025
name: {zh: 国家中心城市每万人口发明专利拥有量, en: "Invention patents per 10,000 people in national central cities"}
unit: {zh: 件, en: patents}
source:
  file: 001_14bced0b766623b4.txt
  section: 附件 表2
points:
  - {entity: {zh: 郑州, en: Zhengzhou}, year: 2021, value: 23.8}
  - {entity: {zh: 武汉, en: Wuhan}, year: 2021, value: null, row: "-"}
""",
    "glossary": """\
- {zh: 高价值发明专利, en: high-value invention patents}
- {zh: 地理标志, en: geographical indications}
""",
    "web_sources": """\
- id: zynews-2023-09-05
  url: https://zynews.cn/zz/2023/09/05/97246.html
  title: 郑州知识产权强市建设成效显著
  publisher: 中原网
  original_publisher: null
  published: 2023-09-05
  accessed: 2026-12-07
  kind: press
  excerpt: >-
    高价值发明专利预计达11161件,每万人高价值发明专利拥有量预计达到8.9件,较2022年底增长了10%;
""",
    "documents": """\
- id: zhengzhou-ip-2021-2025
  file: 001_14bced0b766623b4.txt
  title:
    zh: 郑州市“十四五”知识产权发展规划（征求意见稿）
    en: Zhengzhou 14th Five-Year Plan for Intellectual Property Development (draft for public comment)
  issuer: null
  doc_number: null
  published: null
  url: null
  notes: {zh: 标题见第1行。文中没有发文机关、文号和日期。, en: "Title: line 1. The text names no issuer, number or date."}
""",
}

FILE_KINDS = layout.FILE_KINDS

# What the enum values mean (the models' comments, in both languages).
ENUM_NOTES: dict[str, tuple[str, str]] = {
    "cumulative": ("a stock or running total at the end of the year", "年末累计值或存量"),
    "annual": ("a value for that year alone (Zhengzhou's `*`)", "当年值（郑州指标表中的 `*`）"),
    "period-total": ("a sum over several years of the plan", "规划期内多年合计"),
    "expected": ("预期性", "预期性"),
    "binding": ("约束性", "约束性"),
    "higher": ("higher is better", "越高越好"),
    "lower": ("lower is better", "越低越好"),
    "exact": ("reach `value`", "达到 `value`"),
    "at-least": ("超过 / 突破 / 不低于 / 以上: at least `value`", "超过 / 突破 / 不低于 / 以上：不少于 `value`"),
    "at-most": ("stay at or under `value`", "不超过 `value`"),
    "range": ("between `min` and `max`, e.g. `3-4`", "介于 `min` 与 `max` 之间，如 `3-4`"),
    "growth-rate": ("grow by `rate` percent a year (at least)", "年均增长不低于 `rate`%"),
    "change": (
        "change once by `rate` by the target year, not a yearly rate, e.g. 提升30% (see `basis`)",
        "到目标年份一次性变化 `rate`（不是年均），如“提升30%”（见 `basis`）",
    ),
    "qualitative": ("words only, e.g. 有所突破", "仅文字描述，如“有所突破”"),
    "draft": ("draft for public comment", "征求意见稿"),
    "issued": ("issued", "已印发"),
    "superseded": ("replaced by a later plan", "已被新规划取代"),
    "expired": ("period over", "已到期"),
    "official": ("a government site (city, department, province)", "政府网站（市、部门、省）"),
    "press": ("a news outlet's own site", "新闻媒体自己的网站"),
    "copy": (
        "another site's copy of an article (name `original_publisher`)",
        "其他网站转载的文章（填写 `original_publisher`）",
    ),
    "year-end": ("the value at the end of the year, or for the whole year", "年末或全年数值"),
    "partial": (
        "part of a year (今年以来, 1-10月, 上半年) or an estimate (预计)",
        "年内部分时期（今年以来、1-10月、上半年）或预计数",
    ),
}


# --------------------------------------------------------------------------- JSON Schema


def json_schema(kind: FileKind) -> dict:
    """The JSON Schema of one file kind (for CSV kinds: of one row)."""
    # the model is a type chosen at run time: mypy cannot read list[kind.item_model] as a type
    shape = list[kind.item_model] if kind.many and not kind.csv else kind.item_model  # type: ignore[name-defined]
    adapter: TypeAdapter[Any] = TypeAdapter(shape)
    schema = adapter.json_schema()
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID_BASE}{kind.kind}.schema.json",
        "title": f"{kind.title_en} · {kind.title_zh} (data/{kind.path})",
    }
    if kind.csv:
        head["description"] = (
            f"One row of data/{kind.path} (a CSV file with a header row; columns: "
            f"{', '.join(kind.columns)}). Empty cells are null."
        )
    return {**head, **{k: v for k, v in schema.items() if k != "title"}}


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- type names


def _type_name(ann: Any) -> str:
    origin = get_origin(ann)
    if origin is typing.Annotated:
        base, *meta = get_args(ann)
        if any(getattr(x, "pattern", None) for x in _flatten_meta(meta)):
            return "id"
        return _type_name(base)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        return " or ".join(_type_name(a) for a in args)
    if origin is list:
        return f"list of {_type_name(get_args(ann)[0])}"
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in get_args(ann))
    if isinstance(ann, type):
        if issubclass(ann, Enum):
            return "one of the values below"
        if issubclass(ann, BaseModel):
            return f"[{ann.__name__}](#{ann.__name__.lower()})"
        return {
            str: "text",
            int: "whole number",
            float: "number",
            dt.date: "date (YYYY-MM-DD)",
            bool: "true/false",
        }.get(ann, ann.__name__)
    return str(ann)


def _flatten_meta(meta):
    for x in meta:
        yield x
        yield from getattr(x, "metadata", []) or []


def _enum_of(ann: Any) -> type[Enum] | None:
    if isinstance(ann, type) and issubclass(ann, Enum):
        return ann
    for a in get_args(ann):
        inner = _enum_of(a)
        if inner:
            return inner
    return None


def _allowed(ann: Any) -> str:
    enum = _enum_of(ann)
    if enum is None:
        return ""
    parts = []
    for v in enum:
        note = ENUM_NOTES.get(v.value)
        parts.append(f"`{v.value}`" + (f" — {note[0]}" if note and note[0] != v.value else ""))
    return "<br>".join(parts)


def _constraints(field) -> str:
    out = []
    for x in field.metadata:
        for attr, word in (("ge", "≥"), ("le", "≤"), ("max_length", "max length")):
            v = getattr(x, attr, None)
            if v is not None:
                out.append(f"{word} {v}")
    return ", ".join(out)


def _cell(s: str) -> str:
    """Text for a Markdown table cell: `|` escaped, and `<`/`>` outside code spans made entities
    (Markdown would otherwise pass `<city>` through as an HTML tag)."""
    parts = s.replace("|", "\\|").replace("\n", " ").split("`")
    for i in range(0, len(parts), 2):  # even parts are outside code spans
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;").replace("&lt;br&gt;", "<br>")
    return "`".join(parts)


def field_table(model: type[BaseModel]) -> list[str]:
    rows = [
        "| Field · 字段 | Type · 类型 | Required · 必填 | Description · 说明 |",
        "|---|---|---|---|",
    ]
    for name, f in model.model_fields.items():
        is_id = any(getattr(x, "pattern", None) for x in f.metadata)
        typ = "id" if is_id else _type_name(f.annotation)
        extra = "" if is_id else _constraints(f)
        if extra:
            typ += f" ({extra})"
        if f.is_required() and type(None) in get_args(f.annotation):
            typ += " or `null`"
        required = "yes · 是" if f.is_required() else "no · 否"
        if not f.is_required() and f.default not in (None, [], typing.Any) and not callable(f.default_factory):
            default = f.default.value if isinstance(f.default, Enum) else f.default
            required += f" (default `{default}`)"
        desc = f.description or ""
        allowed = _allowed(f.annotation)
        if allowed:
            desc = (desc + "<br>" if desc else "") + allowed
        rows.append(f"| `{name}` | {_cell(typ)} | {required} | {_cell(desc)} |")
    return rows


def _doc(model: type) -> str:
    return " ".join((model.__doc__ or "").split())


# --------------------------------------------------------------------------- data-format.md

_PARTS: list[type[BaseModel]] = [m.Text, m.Source, m.Period, m.Revision, m.Baseline, m.Target, m.ReferencePoint]


def _layout() -> str:
    """The listing of data/ (layout.LAYOUT), one line per kind of file."""
    width = max(len(k.path) for k in layout.LAYOUT) + 2
    lines = ["data/"]
    for k in layout.LAYOUT:
        shape = " (CSV)" if k.csv else " (list)" if k.many else ""
        lines.append(f"  {k.path:<{width}}{k.title_zh} {k.title_en}{shape}")
    return "\n".join(lines)


_CONVENTIONS = """\
## 约定 · Conventions

- **Encoding · 编码**: every file is UTF-8 (with or without a byte-order mark; Windows line ends are fine).
  所有文件均为 UTF-8 编码（可带 BOM；Windows 换行符也可以）。In Excel choose “CSV UTF-8”.
- **Ids · 标识**: lowercase letters a-z, digits and single hyphens, at most 80 characters, e.g. `zhengzhou-ip-2021-2025`.
  A city's or plan's id equals its folder name. 城市和规划的标识必须与文件夹同名。
- **Bilingual text · 双语文字** (`Text`): `{zh: 中文, en: English}`. Chinese is the original, English an unofficial
  translation. A missing side is a warning (`missing-translation`), an error under `validate --strict`.
- **Quotes in YAML · YAML 中的引号**: inside `{…}` a comma ends the value, so text containing a comma must be in
  double quotes: `en: "Patents per 10,000 people"` (otherwise: `unquoted-comma`). Text that YAML would read as
  something else — `yes`, `no`, `on`, `off`, `1.10`, a leading `*`, `&`, `!`, `@` — also goes in quotes.
  `{…}` 中的逗号会截断文字，含逗号的文字请放进英文双引号。
- **Dates · 日期**: `YYYY-MM-DD`, e.g. `2022-10-27` (in CSV files `2022/10/27` is accepted too).
- **Numbers · 数字**: plain numbers with a dot for decimals. In CSV files, spreadsheet thousands separators (`1,234`)
  and full-width digits (`１２`) are accepted; `12%`, `5,1` and words are not (`non-numeric-value`).
- **Sources · 出处**: every plan, indicator and task names its source (`Source`): a file in `data/sources/` and a
  section. When the file is in `data/sources/`, the `quote` must appear in it word for word (whitespace and
  full-/half-width differences are ignored; `quote-not-in-source`).
- **Not allowed · 不允许**: YAML anchors/aliases (`&`, `*`) and tags (`!`), control characters, Unicode direction
  overrides, files over 2 MB.
- **Problems · 问题**: `python -m generator validate` lists every problem with file, line and column; the codes are
  explained in [error-codes.md](error-codes.md).
"""


def data_format_md() -> str:
    out = [
        "# 数据格式 · Data format",
        "",
        "<!-- Generated by `python -m generator schema` from generator/models.py. Do not edit by hand. -->",
        "",
        f"Data format version (`schema_version`): {m.SCHEMA_VERSION}. "
        "JSON Schema files for editors and other tools: `docs/schema/`, one per file kind (linked in each section below).",
        "",
        "## 目录结构 · Layout",
        "",
        "```text",
        _layout(),
        "```",
        "",
        _CONVENTIONS.rstrip(),
        "",
    ]
    for kind in FILE_KINDS:
        out += [f"## {kind.title_zh} · {kind.title_en} — `data/{kind.path}`", ""]
        shape = (
            "A CSV file with a header row; one row per item."
            if kind.csv
            else "A YAML list: each item starts with `- `."
            if kind.many
            else "A YAML file holding one item."
        )
        out += [f"{_doc(kind.item_model)} {shape}", ""]
        if kind.csv:
            out += [f"Columns, in this order: `{','.join(kind.columns)}`.", ""]
        out += [f"Schema: [`{kind.kind}.schema.json`](../schema/{kind.kind}.schema.json)", ""]
        out += field_table(kind.item_model)
        out += [
            "",
            "Example · 示例:",
            "",
            "```" + ("csv" if kind.csv else "yaml"),
            EXAMPLES[kind.kind].rstrip(),
            "```",
            "",
        ]
    out += ["## 组成部分 · Shared parts", ""]
    for part in _PARTS:
        out += [f"### {part.__name__}", "", _doc(part), ""]
        out += field_table(part)
        out += [""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- error-codes.md


def _template(s: str) -> str:
    for part, shown in (
        ("{suggestion_en}", " [(did you mean `‹…›`?)]"),
        ("{suggestion_zh}", "[（是否应为 `‹…›`？）]"),
        ("{where_en}", " [in `‹…›`]"),
        ("{where_zh}", "[（在 `‹…›` 中）]"),
    ):
        s = s.replace(part, shown)
    return (
        s.replace("{{", "\x00")
        .replace("}}", "\x01")
        .replace("{", "‹")
        .replace("}", "›")
        .replace("\x00", "{")
        .replace("\x01", "}")
    )


def error_codes_md() -> str:
    out = [
        "# 问题代码 · Problem codes",
        "",
        "<!-- Generated by `python -m generator schema` from generator/codes.py. Do not edit by hand. -->",
        "",
        "`python -m generator validate` reports each problem as `file:line:column: severity[code] message`. "
        "An **error** stops the site from being built; a **warning** does not, except under `--strict` "
        "(used in CI), where every warning counts as an error. ‹…› stands for a detail filled in from the data. "
        "File paths are given from the data folder's parent, as in the repository: `data/cities/zhengzhou/city.yaml`; "
        "lines and columns count from 1. Other formats: `--format github` (annotations on pull requests), "
        "`--format json`, `--format markdown` (and `--summary FILE`).",
        "",
        "`python -m generator validate` 会以 `文件:行:列: 级别[代码] 说明` 的格式列出每个问题。"
        "**错误**（error）会阻止网站生成；**警告**（warning）不会，但在 `--strict` 模式（CI 使用）下警告也按错误处理。"
        "‹…› 表示根据数据填入的具体内容。文件路径从数据文件夹的上一级写起，与仓库中一致，例如 "
        "`data/cities/zhengzhou/city.yaml`；行号和列号从 1 开始。",
        "",
    ]
    for group, (en, zh) in codes.GROUPS.items():
        entries = [c for c in codes.CODES.values() if c.group == group]
        if not entries:
            continue
        out += [f"## {zh} · {en}", ""]
        out += ["| Code · 代码 | Severity · 级别 | Problem · 问题 | Fix · 修改 |", "|---|---|---|---|"]
        for c in entries:
            sev = "error · 错误" if c.severity is codes.E else "warning · 警告"
            out.append(
                f"| `{c.code}` | {sev} | {_cell(_template(c.message_en))}<br>{_cell(_template(c.message_zh))} "
                f"| {_cell(_template(c.fix_en))}<br>{_cell(_template(c.fix_zh))} |"
            )
        out += [""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- writing


def generated_files() -> dict[Path, str]:
    """Every generated file and its content."""
    files = {paths.SCHEMA_DIR / f"{k.kind}.schema.json": _dump(json_schema(k)) for k in FILE_KINDS}
    files[paths.DATA_FORMAT_DOC] = data_format_md()
    files[ERROR_CODES_DOC] = error_codes_md()
    return files


def write_all(check: bool = False) -> list[str]:
    """Write the generated files; with `check`, write nothing and return the stale ones (paths from the repo root)."""
    files = generated_files()
    stale = []
    for path, content in files.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(path.relative_to(paths.ROOT).as_posix())
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    if paths.SCHEMA_DIR.is_dir():
        for extra in sorted(paths.SCHEMA_DIR.glob("*.schema.json")):
            if extra not in files:
                stale.append(extra.relative_to(paths.ROOT).as_posix())
                if not check:
                    extra.unlink()
    return stale
