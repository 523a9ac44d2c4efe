"""Read YAML and CSV files into plain Python values, keeping line numbers.

Nothing here raises on bad input: every defect becomes a `Problem` (see `codes.py`), and
the caller gets whatever could be read. Hostile input is refused early and cheaply:

* files over `MAX_BYTES`;
* bytes that are not UTF-8 (a UTF-8 or UTF-16 byte-order mark is honoured);
* control characters (NUL …) and Unicode bidi overrides, which can hide text;
* YAML anchors/aliases ("billion laughs") and tags, checked on the event stream before
  anything is built; nesting deeper than `MAX_DEPTH`.

YAML is composed with libyaml (`yaml.CSafeLoader`) into nodes, then turned into plain
values by `_Builder`, which records the (line, column) of every value under its path,
e.g. ``(3, "target", "value")`` for the fourth item's target value. Lines and columns are
1-based throughout.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from . import codes
from .problems import Problem
from .suggest import closest

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

CODES = (
    "file-too-large",
    "unreadable-file",
    "not-utf8",
    "control-character",
    "bidi-control",
    "yaml-syntax",
    "yaml-alias",
    "yaml-tag",
    "yaml-too-deep",
    "duplicate-key",
    "unquoted-comma",
    "empty-file",
    "csv-syntax",
    "csv-unknown-column",
    "csv-chinese-column",
    "csv-missing-column",
    "csv-extra-values",
    "csv-missing-values",
    "csv-merged-cell",
    "excel-workbook",
    "full-width-colon",
    "csv-wrong-separator",
)

Path_ = tuple  # a path into a YAML document: str keys and int indices
Locs = dict  # Path_ -> (line, column)

# Unicode's explicit direction formatting: the invisible marks (LRM U+200E, RLM U+200F, ALM U+061C), the
# embeddings and overrides (U+202A-U+202E) and the isolates (U+2066-U+2069). Each can reorder what is shown
# around it: a mark beside digits and punctuation is enough to change the order they are displayed in.
_BIDI = {0x061C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


@dataclass
class YamlDoc:
    """A YAML file read into plain values. `value` is None when the file could not be read."""

    file: str
    value: Any = None
    locs: Locs = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True  # False when the file as a whole could not be read
    empty: bool = False  # True when the file holds no document (blank or comments only)

    def loc(self, path: Iterable) -> tuple[int | None, int | None]:
        """(line, column) of the longest prefix of `path` that the file has."""
        path = tuple(path)
        while path:
            if path in self.locs:
                return self.locs[path]
            path = path[:-1]
        return self.locs.get((), (1, 1) if self.ok else (None, None))


@dataclass
class CsvRow:
    line: int
    values: dict[str, str | None]  # by column name; "" read as None
    columns: dict[str, int]  # column name -> 1-based column number


@dataclass
class CsvDoc:
    file: str
    header: list[str] = field(default_factory=list)
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True
    header_line: int = 1

    def column(self, name: str) -> int | None:
        return self.header.index(name) + 1 if name in self.header else None


# --------------------------------------------------------------------------- bytes → text


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Turn a file's bytes into text with `\\n` line ends, or refuse it with problems."""
    if len(raw) > MAX_BYTES:
        return None, [codes.make("file-too-large", file, None, size=len(raw), limit=MAX_BYTES)]
    workbook = _workbook(raw)
    if workbook:
        return None, [codes.make("excel-workbook", file, None, kind=workbook, name=file.rpartition("/")[2])]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        head = raw[:4096]
        if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without a byte-order mark
            line = 1
            return None, [codes.make("not-utf8", file, line, encoding_seen="UTF-16 without a byte-order mark")]
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-16":
            line = raw[: exc.start].decode("utf-16", "replace").count("\n") + 1
        else:
            line = raw[: exc.start].count(b"\n") + 1
        return None, [codes.make("not-utf8", file, line, encoding_seen=_guess_encoding(raw))]
    text = text.lstrip("\ufeff") if encoding == "utf-16" else text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = list(_check_characters(text, file))
    return (None if problems else text), problems


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the header of an old Office file (.xls)


def _workbook(raw: bytes) -> str:
    """ ".xlsx" or ".xls" when the bytes are an Excel workbook (saved or renamed to .csv/.yaml), else ""."""
    if raw.startswith(b"PK\x03\x04") and (b"xl/" in raw or b"[Content_Types].xml" in raw[:2048]):
        return ".xlsx"
    if raw.startswith(_OLE):
        return ".xls"
    return ""


def _guess_encoding(raw: bytes) -> str:
    for enc in ("gb18030", "big5"):
        try:
            raw.decode(enc)
            return "GBK/GB18030" if enc == "gb18030" else "Big5"
        except UnicodeDecodeError:
            continue
    return "unknown"


# Control characters (Unicode category Cc) except tab and newline, a stray byte-order mark, bidi controls.
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_AROUND = 20  # characters shown either side of an invisible one


def _check_characters(text: str, file: str, limit: int = 5) -> Iterable[Problem]:
    """Control characters and bidi overrides: one problem per offending line, at most `limit`."""
    if not _BAD_CHAR.search(text):
        return
    found = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        hit = _BAD_CHAR.search(line)
        if hit is None:
            continue
        cp = ord(hit.group())
        if cp in _BIDI:
            name = unicodedata.name(hit.group(), "")
            yield codes.make(
                "bidi-control",
                file,
                lineno,
                column=hit.start() + 1,
                char=f"U+{cp:04X} ({name})" if name else f"U+{cp:04X}",
                char_zh=f"U+{cp:04X}（{name}）" if name else f"U+{cp:04X}",
                shown=_around(line, hit.start()),
            )
        else:
            yield codes.make("control-character", file, lineno, column=hit.start() + 1, char=f"U+{cp:04X}")
        found += 1
        if found >= limit:
            return


def _around(line: str, at: int) -> str:
    """The text either side of position `at`, every invisible character in it written as ‹U+XXXX›."""
    start, end = max(0, at - _AROUND), at + _AROUND + 1
    part = _BAD_CHAR.sub(lambda m: f"‹U+{ord(m.group()):04X}›", line[start:end]).replace("`", "'")
    return ("…" if start else "") + part + ("…" if end < len(line) else "")


_OS_REASONS: dict[int | None, tuple[str, str]] = {
    errno.EISDIR: ("it is a folder", "这是一个文件夹"),
    errno.EACCES: ("permission denied", "没有读取权限"),
    errno.ENOENT: ("it does not exist", "文件不存在"),
    errno.ELOOP: ("a symbolic link loops", "符号链接形成了循环"),
}


def unreadable(file: str, reason_en: str, reason_zh: str) -> Problem:
    return codes.make("unreadable-file", file, None, reason_en=reason_en, reason_zh=reason_zh)


def read_text(path: Path, file: str, *, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read and decode a file; problems instead of exceptions.

    With `root`, a file that resolves outside it (a symbolic link out of the data folder) is refused.
    """
    try:
        if root is not None and not path.resolve().is_relative_to(root):
            return None, [
                unreadable(file, "it links to a file outside the data folder", "它链接到数据文件夹之外的文件")
            ]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [codes.make("file-too-large", file, None, size=size, limit=MAX_BYTES)]
        raw = path.read_bytes()
    except OSError as exc:
        en, zh = _OS_REASONS.get(exc.errno, (exc.strerror or type(exc).__name__,) * 2)
        return None, [unreadable(file, en, zh)]
    except (RuntimeError, ValueError) as exc:  # e.g. a symlink loop while resolving
        return None, [unreadable(file, str(exc)[:100], str(exc)[:100])]
    return decode(raw, file)


# --------------------------------------------------------------------------- YAML


def read_yaml(path: Path, file: str, *, root: Path | None = None) -> YamlDoc:
    """Read a YAML file from disk (see `parse_yaml`)."""
    text, problems = read_text(path, file, root=root)
    if text is None:
        return YamlDoc(file=file, problems=problems, ok=False)
    return parse_yaml(text, file)


def parse_yaml(text: str, file: str) -> YamlDoc:
    """Parse YAML text into plain values with locations. Never raises."""
    doc = YamlDoc(file=file)
    builder = _Builder(text, file)
    try:
        builder.run()
    except _Refused as refused:
        doc.problems.append(refused.problem)
        doc.ok = False
        return doc
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_full_width_colon(text, file, exc) or _syntax_problem(exc, file))
        doc.ok = False
        return doc
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        doc.problems.append(syntax_problem("yaml-syntax", file, None, None, str(exc)[:200]))
        doc.ok = False
        return doc
    doc.problems.extend(builder.problems)
    if not builder.has_root:
        doc.empty = True
        doc.locs[()] = (1, 1)
        return doc
    doc.value = builder.root
    doc.locs = builder.locs
    return doc


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark, context = exc.problem_mark or exc.context_mark, exc.context or ""
    if exc.context_mark is not None and exc.problem_mark is not None:
        if exc.context_mark.line != exc.problem_mark.line:
            context += f" (started on line {exc.context_mark.line + 1})"
        if "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # a quote or bracket left open: point at where it opened
        if "could not find expected ':'" in (exc.problem or ""):
            mark = exc.context_mark  # `measure cumulative`: the line without its colon, not the one after
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    detail = " ".join(s for s in (context, exc.problem) if s)
    return syntax_problem("yaml-syntax", file, line, col, detail)


# A field name followed by a full-width colon "：" (typed with a Chinese input method): YAML reads
# `measure：cumulative` as one word with no colon and fails a line later.
_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)\s*：")
_FULL_WIDTH_FLOW_KEY = re.compile(r"[{,]\s*([A-Za-z_][A-Za-z0-9_-]*)\s*：")


def _full_width_colon(text: str, file: str, exc: yaml.MarkedYAMLError) -> Problem | None:
    """A `full-width-colon` problem on the line where "：" follows a field name, when that is what
    made the YAML unreadable (the nearest such line at or above the error)."""
    mark = exc.problem_mark or exc.context_mark
    last = mark.line + 1 if mark else None
    lines = text.split("\n")
    for lineno in range(min(last or len(lines), len(lines)), 0, -1):
        line = lines[lineno - 1]
        hit = _FULL_WIDTH_KEY.match(line)
        if hit:
            key, col = hit.group(2), line.index("：", hit.end(1)) + 1
        else:
            flow = _FULL_WIDTH_FLOW_KEY.search(line)
            if flow is None:
                continue
            key, col = flow.group(1), line.index("：", flow.start(1)) + 1
        return codes.make("full-width-colon", file, lineno, column=col, key=key)
    return None


# What libyaml's and the csv module's messages mean, in Chinese.
_SYNTAX_ZH = [
    ("tab", "出现了 Tab 字符；缩进请用空格"),
    ("mapping values are not allowed", "这里不能出现“: ”；文字中含冒号时请加英文双引号"),
    ("end of stream", "引号或括号没有闭合"),
    ("did not find expected key", "缩进不一致，或缺少 `- `"),
    ("did not find expected ',' or", "括号没有闭合，或缺少逗号"),
    ("could not find expected ':'", "字段名后缺少冒号"),
    ("cannot start any token", "出现了不能作为开头的字符（例如 Tab、@ 或 `）"),
    ("did not find expected <document start>", "缩进不一致"),
    ("did not find expected '-' indicator", "列表的缩进不一致"),
    ("a second document", "一个文件里只能有一个文档（多了 ---）"),
    ("a key must be plain text", "字段名必须是文字"),
    ("unexpected end of data", "文件在引号中结束（引号没有闭合，或文件被截断）"),
    ("expected after", '引号后面应紧跟逗号；内容里的引号要写两次（""）'),
    ("new-line character seen in unquoted field", "未加引号的内容里有换行"),
]


def syntax_problem(code: str, file: str, line: int | None, col: int | None, detail: str) -> Problem:
    zh = next((z for key, z in _SYNTAX_ZH if key in detail), "")
    detail_zh = f"{zh}（{detail}）" if zh else detail
    return codes.make(code, file, line, column=col, detail=detail, detail_zh=detail_zh)


_Mark: TypeAlias = "yaml.error.Mark | yaml._yaml.Mark"  # pure-Python or libyaml position


def _mark(mark: _Mark | None) -> _Mark:
    """An event's position; libyaml sets one on every event, so None is a parser fault (a syntax problem)."""
    if mark is None:
        raise ValueError("the YAML parser gave no position")
    return mark


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


_SKIP = object()  # a value to read past: under a duplicate or a complex key
_STR = "tag:yaml.org,2002:str"
# First characters of plain scalars that YAML 1.1 may read as something other than text
# (null, bool, int, float, timestamp, merge, value); any other plain scalar is text.
_MAYBE_TYPED = set("0123456789+-.~nNtTfFyYoO<=")


class _Frame:
    __slots__ = ("container", "flow", "key", "key_end", "key_mark", "path", "plain_key", "skip")

    def __init__(self, container, path, flow=False, skip=False):
        self.container = container
        self.path = path
        self.flow = flow
        self.key = None  # the key waiting for its value (mappings only)
        self.key_mark = None
        self.key_end = 0
        self.plain_key = False
        self.skip = skip


class _Builder:
    """One pass over libyaml's events → plain values and their locations.

    Anchors, aliases, tags and deep nesting are refused as they are met, so nothing is ever
    expanded. Keys are kept as the text written (`yes:` is the key "yes").
    """

    def __init__(self, text: str, file: str):
        self.text = text
        self.file = file
        self.locs: Locs = {}
        self.problems: list[Problem] = []
        self.root: Any = None
        self.has_root = False
        self._stack: list[_Frame] = []
        self._resolver = yaml.resolver.Resolver()
        self._constructor = yaml.constructor.SafeConstructor()
        self._documents = 0

    def run(self) -> None:
        for ev in yaml.parse(self.text, Loader=yaml.CSafeLoader):
            self._refuse(ev)
            if isinstance(ev, yaml.ScalarEvent):
                self._scalar(ev)
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._start(ev)
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                self._stack.pop()
            elif isinstance(ev, yaml.DocumentStartEvent):
                self._documents += 1
                if self._documents > 1:
                    m = _mark(ev.start_mark)
                    raise _Refused(
                        syntax_problem(
                            "yaml-syntax", self.file, m.line + 1, m.column + 1, "a second document (---) in one file"
                        )
                    )

    def _refuse(self, ev) -> None:
        mark = ev.start_mark
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise _Refused(codes.make("yaml-alias", self.file, mark.line + 1, column=mark.column + 1))
        tag = getattr(ev, "tag", None)
        if tag is not None:
            shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
            raise _Refused(codes.make("yaml-tag", self.file, mark.line + 1, column=mark.column + 1, tag=shown))
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) and len(self._stack) >= MAX_DEPTH:
            raise _Refused(
                codes.make("yaml-too-deep", self.file, mark.line + 1, column=mark.column + 1, limit=MAX_DEPTH)
            )

    # -- placing a value in its parent

    def _place(self, value: Any, mark) -> tuple | None:
        """Attach `value` where it belongs; return its path (None when it is read past)."""
        pos = (mark.line + 1, mark.column + 1)
        if not self._stack:
            self.root, self.has_root = value, True
            self.locs[()] = pos
            return ()
        top = self._stack[-1]
        if top.skip:
            return None
        if isinstance(top.container, list):
            path = top.path + (len(top.container),)
            top.container.append(value)
            self.locs[path] = pos
            return path
        key, top.key = top.key, None
        if key is _SKIP:
            return None
        path = top.path + (key,)
        top.container[key] = value
        self.locs.setdefault(path, pos)
        return path

    def _awaiting_key(self) -> _Frame | None:
        top = self._stack[-1] if self._stack else None
        return top if top is not None and isinstance(top.container, dict) and top.key is None and not top.skip else None

    # -- events

    def _start(self, ev) -> None:
        frame = self._awaiting_key()
        if frame is not None:  # a list or mapping used as a key
            m = ev.start_mark
            self.problems.append(
                syntax_problem("yaml-syntax", self.file, m.line + 1, m.column + 1, "a key must be plain text")
            )
            frame.key = _SKIP
            self._stack.append(_Frame(None, (), skip=True))
            return
        container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
        parent_skips = bool(self._stack) and (self._stack[-1].skip or self._stack[-1].key is _SKIP)
        path = self._place(container, ev.start_mark)
        self._stack.append(_Frame(container, path or (), flow=bool(ev.flow_style), skip=parent_skips or path is None))

    def _scalar(self, ev: yaml.ScalarEvent) -> None:
        frame = self._awaiting_key()
        if frame is not None:
            self._key(frame, ev)
            return
        top = self._stack[-1] if self._stack else None
        if (
            top is not None
            and top.flow
            and top.plain_key
            and isinstance(top.container, dict)
            and self._comma_leftover(top, ev)
        ):
            m = _mark(top.key_mark)
            wide = _FULL_WIDTH_KEY.match(str(top.key))
            if wide:  # `{zh：郑州, en: …}`: a full-width colon, not a comma, is what went wrong
                col = m.column + 1 + str(top.key).index("：")
                self.problems.append(
                    codes.make("full-width-colon", self.file, m.line + 1, column=col, key=wide.group(2))
                )
            else:
                self.problems.append(
                    codes.make("unquoted-comma", self.file, m.line + 1, column=m.column + 1, text=top.key)
                )
            top.key = _SKIP
        self._place(self._value(ev), ev.start_mark)

    def _key(self, frame: _Frame, ev: yaml.ScalarEvent) -> None:
        key = ev.value
        mark = _mark(ev.start_mark)
        frame.key_mark, frame.key_end = mark, _mark(ev.end_mark).index
        frame.plain_key = ev.style in (None, "")
        if key in frame.container:
            self.problems.append(codes.make("duplicate-key", self.file, mark.line + 1, column=mark.column + 1, key=key))
            frame.key = _SKIP
            return
        frame.key = key
        self.locs[frame.path + (key,)] = (mark.line + 1, mark.column + 1)

    def _comma_leftover(self, frame: _Frame, ev: yaml.ScalarEvent) -> bool:
        """`{en: a, b}` reads as key `b` with no value: text after a comma, not a key."""
        if ev.value != "" or ev.style not in (None, "") or frame.key is _SKIP:
            return False
        return not self.text[frame.key_end :].lstrip(" \t\n").startswith(":")

    def _value(self, ev: yaml.ScalarEvent) -> Any:
        value = ev.value
        if ev.style not in (None, "") or (value and value[0] not in _MAYBE_TYPED):
            return value
        tag = self._resolver.resolve(yaml.ScalarNode, value, ev.implicit)
        if tag == _STR:
            return value
        try:
            construct = self._constructor.yaml_constructors[tag]
            # The stubs' nodes take pure-Python marks only; libyaml's work the same.
            node = yaml.ScalarNode(tag, value, ev.start_mark, ev.end_mark)  # type: ignore[arg-type]
            return construct(self._constructor, node)
        except Exception:  # e.g. 2022-13-45 looks like a timestamp, then fails: keep the text for the model
            return value


# --------------------------------------------------------------------------- CSV


def read_csv(
    path: Path, file: str, *, columns: list[str], required: list[str], keys: list[str], root: Path | None = None
) -> CsvDoc:
    """Read a CSV file from disk (see `parse_csv`)."""
    text, problems = read_text(path, file, root=root)
    if text is None:
        return CsvDoc(file=file, problems=problems, ok=False)
    return parse_csv(text, file, columns=columns, required=required, keys=keys)


def parse_csv(text: str, file: str, *, columns: list[str], required: list[str], keys: list[str]) -> CsvDoc:
    """Parse CSV text with a header row. Never raises.

    Blank rows are skipped. A row whose `keys` are all empty while other cells are filled
    (left over from merged cells in a spreadsheet) is reported and skipped, and so is a row
    with more cells than the header (an unquoted comma inside a value shifts the cells after it).
    """
    doc = CsvDoc(file=file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    colnum: dict[str, int] = {}
    prev = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            doc.problems.append(syntax_problem("csv-syntax", file, prev + 1, None, str(exc)))
            doc.ok = False
            break
        line, prev = prev + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lstrip("\ufeff") for c in cells]
            doc.header, doc.header_line = header, line
            colnum = {name: i + 1 for i, name in enumerate(header) if name in columns}
            separator = _wrong_separator(cells, columns, required, colnum)
            if separator:
                doc.problems.append(codes.make("csv-wrong-separator", file, line, **separator))
                doc.ok = False
                return doc
            chinese = _chinese_columns(header, columns)
            if chinese:
                doc.problems.append(_chinese_column_problem(file, line, header, chinese))
            for i, name in enumerate(header, start=1):
                if name not in columns and i not in chinese:
                    doc.problems.append(
                        codes.make(
                            "csv-unknown-column",
                            file,
                            line,
                            column=i,
                            field=name,
                            name=name,
                            allowed=", ".join(columns),
                            suggestion=closest(name, columns),
                        )
                    )
            for name in required:
                if name not in colnum and name not in chinese.values():
                    doc.problems.append(codes.make("csv-missing-column", file, line, field=name, name=name))
            if chinese or any(name not in colnum for name in required):
                doc.ok = False
                return doc
            continue
        # More cells than the header, even if the extra ones are empty: an unquoted comma inside a
        # value (`1,234`, `表1,第2行`) shifts every later cell one column right, and the shifted
        # row would otherwise be read as if it were whole (value 1, source "234").
        if len(cells) > len(header):
            doc.problems.append(
                codes.make(
                    "csv-extra-values", file, line, column=len(header) + 1, count=len(cells), expected=len(header)
                )
            )
            continue
        # Fewer cells than the header: the missing ones are read as empty at the end of the row; if a
        # cell was left out in the middle instead, every later cell sits one column left.
        if len(cells) < len(header):
            missing = header[len(cells) :]
            doc.problems.append(
                codes.make(
                    "csv-missing-values",
                    file,
                    line,
                    column=len(cells) + 1,
                    count=len(cells),
                    expected=len(header),
                    columns=", ".join(f"`{name}`" for name in missing),
                    commas="," * len(missing),
                )
            )
        values: dict[str, str | None] = dict.fromkeys(colnum)
        for name, i in colnum.items():
            if i - 1 < len(cells):
                v = cells[i - 1].strip()
                values[name] = v if v != "" else None
        if keys and all(values.get(k) is None for k in keys):
            doc.problems.append(
                codes.make(
                    "csv-merged-cell",
                    file,
                    line,
                    column=colnum.get(keys[0]),
                    keys_en=" or ".join(f"`{k}`" for k in keys),
                    keys_zh="、".join(f"`{k}`" for k in keys),
                )
            )
            continue
        doc.rows.append(CsvRow(line=line, values=values, columns=colnum))
    if header is None:
        doc.problems.append(codes.make("empty-file", file, 1))
        doc.ok = False
    return doc


# Column names staff type in Chinese (the staff guide's own words for the columns, and their usual
# variants) → the column. Never used to read a file: only to say which English name each one stands for.
_CHINESE_COLUMNS = {
    **dict.fromkeys(("指标", "指标标识", "指标编号", "指标代码", "指标id", "指标名称"), "indicator"),
    **dict.fromkeys(("年份", "年度", "年"), "year"),
    **dict.fromkeys(("数值", "值", "数据", "数量", "指标值"), "value"),
    **dict.fromkeys(("来源", "出处", "数据来源", "资料来源", "依据"), "source"),
    **dict.fromkeys(("章节", "位置", "出处位置", "原文位置", "章节位置", "出处章节"), "section"),
    **dict.fromkeys(("原文", "原话", "引文", "原文引用", "引用", "原句"), "quote"),
    **dict.fromkeys(("中文备注", "备注", "备注中文", "中文说明", "说明", "备注(中文)"), "note_zh"),
    **dict.fromkeys(("英文备注", "备注英文", "英文说明", "备注(英文)"), "note_en"),
    **dict.fromkeys(("期间", "时期", "统计期间"), "period"),
    **dict.fromkeys(("期间原文", "期间说明", "原文期间"), "period_text"),
    **dict.fromkeys(("任务", "任务标识", "任务编号", "任务代码", "任务id", "任务名称"), "task"),
    **dict.fromkeys(("日期", "报告日期"), "date"),
    **dict.fromkeys(("状态", "进展", "进展状态", "完成情况", "任务状态"), "status"),
}


def _chinese_columns(header: list[str], columns: list[str]) -> dict[int, str]:
    """{1-based column number: the English column} for header cells that are a column's Chinese name
    (full-width brackets and spaces ignored), when that column is not also named in English."""
    found: dict[int, str] = {}
    for i, name in enumerate(header, start=1):
        key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
        column = _CHINESE_COLUMNS.get(key)
        if column in columns and column not in header and column not in found.values():
            found[i] = column
    return found


def _chinese_column_problem(file: str, line: int, header: list[str], chinese: dict[int, str]) -> Problem:
    pairs = [(header[i - 1], column) for i, column in chinese.items()]
    return codes.make(
        "csv-chinese-column",
        file,
        line,
        column=min(chinese),
        field=pairs[0][1],
        names_en=", ".join(f"`{zh}` is `{en}`" for zh, en in pairs),
        names_zh="、".join(f"`{zh}` 应为 `{en}`" for zh, en in pairs),
        header=",".join(chinese.get(i, name) for i, name in enumerate(header, start=1)),
    )


_SEPARATORS = {"\t": ("tabs", "Tab 制表符"), ";": ("semicolons (;)", "分号（;）")}


def _wrong_separator(cells: list[str], columns: list[str], required: list[str], colnum: dict) -> dict | None:
    """The header split on tabs or semicolons instead of commas (Excel's "Unicode text", or a
    European Excel's CSV): the words for the separator, or None when the header is not like that."""
    if all(name in colnum for name in required):
        return None
    line = ",".join(cells)
    for sep, (en, zh) in _SEPARATORS.items():
        names = [c.strip().strip('"').lstrip("\ufeff") for c in line.split(sep)]
        if len(names) > 1 and sum(n in columns for n in names) >= max(1, len(required) // 2):
            return {"separator_en": en, "separator_zh": zh}
    return None


# --------------------------------------------------------------------------- numbers

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """A number as staff type it in a spreadsheet, or None if it is not one.

    Accepts full-width digits (`１２`), Excel thousands separators (`1,234`, groups of
    three only) and a Unicode minus. Refuses percentages, decimal commas (`5,1`), words.
    """
    s = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if _GROUPED.match(s):
        s = s.replace(",", "")
    if not _PLAIN.match(s):
        return None
    value = float(s)
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def parse_int(text: str) -> int | None:
    """A whole number (e.g. a year), or None."""
    value = parse_number(text)
    if value is None or not value.is_integer():
        return None
    return int(value)


_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def parse_date_text(text: str) -> str:
    """`2023/6/30` or `2023.6.30` (as Excel writes dates) → `2023-06-30`; anything else unchanged."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _DATE.match(s)
    if not m:
        return text
    y, mo, d = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}"
