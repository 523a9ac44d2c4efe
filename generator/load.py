"""Load the data folder into a validated Portal, collecting every problem.

`load(data_dir)` never raises on bad data. Its three steps:

* `read_tree` reads every file (`read.py`) and validates each item against its model
  (`models.py`, problems from `model_errors.py`) into a `checks.Tree`;
* `checks.run_all` runs the cross-file checks, which yield problems and `Reject` verdicts;
* `portal` builds the portal from the items that passed and that no check rejected.

Problem locations: `Problem.file` is the path relative to the data folder's *parent*, so
for the bundled data it reads `data/cities/zhengzhou/city.yaml`, the path staff see in
the repository. Lines and columns are 1-based; for CSV files the column is the cell's
column number and `field` the column name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import codes, documents, layout, paths
from . import models as m
from .asof import as_of_date
from .cache import ParseCache
from .checks import CityTree, Collection, Item, PlanTree, Tree, run_all
from .checks.sources import normalise
from .model_errors import describe_en, describe_zh, pydantic_problems, unwrap_annotation
from .portal import CityData, PlanData, Portal
from .problems import Problem, Severity
from .read import (
    CsvDoc,
    CsvRow,
    YamlDoc,
    parse_csv,
    parse_date_text,
    parse_int,
    parse_number,
    parse_yaml,
    read_csv,
    read_text,
    read_yaml,
)
from .suggest import closest

# Files in data/sources/ that are data (read with a model), not source documents.
_SOURCE_DATA_FILES = frozenset({layout.WEB_SOURCES.name, layout.DOCUMENTS.name})

Progress = Callable[[str], None]

# The codes the loader itself emits (reading: read.CODES; models: model_errors.CODES; checks: checks.MODULES).
CODES = ("missing-file", "unknown-file", "file-in-wrong-folder", "empty-file", "wrong-type", "non-numeric-value")


@dataclass
class LoadResult:
    portal: Portal
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load(
    data_dir: Path = paths.DATA,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    as_of: dt.date | None = None,
) -> LoadResult:
    """Read and check everything under `data_dir`. Under `strict`, warnings become errors.

    Dates and years are checked against `as_of`, by default the data's as-of date
    (`asof.as_of_date`: the date of the data version, so a commit checks the same on any day).

    With `cache_dir`, parsed files are kept there by content (see cache.ParseCache): a
    rebuild parses only the files that changed. The result is the same either way.
    """
    tree, problems = read_tree(data_dir, progress=progress, cache_dir=cache_dir)
    tree.as_of = as_of or as_of_date(Path(data_dir))
    findings = run_all(tree)
    problems += findings.problems
    if strict:
        problems = [dataclasses.replace(p, severity=Severity.error) for p in problems]
    problems.sort(key=lambda p: (p.file, p.line or 0, p.column or 0, p.code))
    return LoadResult(portal=portal(tree, findings.rejected), problems=problems)


def read_tree(
    data_dir: Path = paths.DATA, *, progress: Progress | None = None, cache_dir: Path | None = None
) -> tuple[Tree, list[Problem]]:
    """Every file under `data_dir` read and each item validated against its model: the tree the
    checks run on, and the problems found so far (reading, layout, fields)."""
    loader = _Loader(Path(data_dir), progress, ParseCache(cache_dir) if cache_dir else None)
    tree = loader.read_tree()
    return tree, loader.problems


def validate(
    data_dir: Path = paths.DATA,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
) -> list[Problem]:
    """Every problem in the data (errors and warnings), in file and line order."""
    return load(data_dir, strict=strict, progress=progress, as_of=as_of).problems


# --------------------------------------------------------------------------- reading the tree


def _ignored(p: Path) -> bool:
    return p.name.startswith(".") or p.name.lower() in {"readme.md", "readme.txt"}


class _Loader:
    def __init__(self, data_dir: Path, progress: Progress | None, cache: ParseCache | None = None):
        self.cache = cache
        self.data_dir = data_dir
        self.root = data_dir.resolve()
        self.prefix = self.root.name
        self.progress = progress
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            inner = path.relative_to(self.data_dir).as_posix()
        except ValueError:
            inner = path.as_posix()
        return f"{self.prefix}/{inner}" if self.prefix else inner

    # -- the layout (layout.py)

    def read_tree(self) -> Tree:
        d = self.data_dir
        tree = Tree()
        if not d.is_dir():
            self.problems.append(codes.make("missing-file", self.rel(d), None, name=self.prefix or str(d)))
            return tree
        self._entries(d, "")
        tree.sources = self._sources(d / layout.SOURCES.folder, tree)
        tree.web_sources = self._read(d / layout.WEB_SOURCES.folder, layout.WEB_SOURCES)
        tree.documents = self._read(d / layout.DOCUMENTS.folder, layout.DOCUMENTS)
        tree.concepts = self._read(d, layout.CONCEPTS)
        tree.glossary = list(self._read(d, layout.GLOSSARY).items)
        for p in self._each(d, "", layout.REFERENCE.path):
            tree.reference += self._one_file(p, layout.REFERENCE.item_model)
        for city_dir in self._each(d, "", layout.CITY.folder):
            if self.progress:
                self.progress(self.rel(city_dir))
            tree.cities.append(self._city(city_dir))
        return tree

    def _city(self, city_dir: Path) -> CityTree:
        ct = CityTree(folder=city_dir.name, file=self.rel(city_dir / layout.CITY.name))
        self._entries(city_dir, layout.CITY.folder)
        ct.city = next(iter(self._read(city_dir, layout.CITY).items), None)
        ct.city_failed = ct.city is None
        ct.departments = self._read(city_dir, layout.DEPARTMENTS)
        for plan_dir in self._each(city_dir, layout.CITY.folder, layout.PLAN.folder):
            ct.plans.append(self._plan(plan_dir))
        return ct

    def _plan(self, plan_dir: Path) -> PlanTree:
        pt = PlanTree(folder=plan_dir.name, file=self.rel(plan_dir / layout.PLAN.name))
        self._entries(plan_dir, layout.PLAN.folder)
        pt.plan = next(iter(self._read(plan_dir, layout.PLAN).items), None)
        pt.plan_failed = pt.plan is None
        pt.indicators = self._read(plan_dir, layout.INDICATORS)
        pt.tasks = self._read(plan_dir, layout.TASKS)
        pt.observations = self._csv_file(plan_dir / layout.OBSERVATIONS.name, layout.OBSERVATIONS)
        pt.task_reports = self._csv_file(plan_dir / layout.TASK_REPORTS.name, layout.TASK_REPORTS)
        return pt

    def _read(self, folder: Path, kind: layout.FileKind) -> Collection:
        """The YAML file of `kind` in `folder`: one item, or a list of them."""
        if kind.many:
            return self._list_file(folder / kind.name, kind.item_model, required=kind.required)
        return self._one_file(folder / kind.name, kind.item_model)

    def _entries(self, folder: Path, pattern: str) -> list[Path]:
        """The entries of `folder` (at `pattern` in the layout) that the layout allows; every other one
        is reported as `unknown-file`."""
        if not folder.is_dir():
            return []
        allowed = layout.allowed(pattern)
        out = []
        for p in sorted(folder.iterdir()):
            if _ignored(p):
                continue
            if any(layout.fits(name, is_folder, p) for name, is_folder in allowed.items()):
                out.append(p)
            else:
                self._unknown(p, list(allowed))
        return out

    def _each(self, base: Path, base_pattern: str, pattern: str) -> list[Path]:
        """The folders or files under `base` (at `base_pattern`) that fit `pattern`, which ends in a `<…>`
        part: e.g. each `cities/<city-id>` folder of the data folder."""
        folder = pattern.rpartition("/")[0]
        return self._entries(base / folder[len(base_pattern) :].strip("/"), folder)

    def _unknown(self, p: Path, allowed: list[str]) -> None:
        try:
            inner = p.relative_to(self.data_dir).as_posix()
        except ValueError:
            inner = p.name
        home = _home_of(p.name, inner) if p.is_file() else None
        if home is not None and self.prefix:
            home = f"{self.prefix}/{home}"
        if home is not None:
            self.problems.append(codes.make("file-in-wrong-folder", self.rel(p), None, name=p.name, folder=home))
            return
        self.problems.append(
            codes.make(
                "unknown-file",
                self.rel(p),
                None,
                name=p.name,
                allowed=", ".join(allowed),
                suggestion=closest(p.name, allowed),
            )
        )

    def _sources(self, folder: Path, tree: Tree) -> dict[str, str]:
        """The source documents (normalised for quote checks); their README, which the About page
        shows, is read with the same guards (encoding, size, no link out of the data folder)."""
        out: dict[str, str] = {}
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                if p.name.lower() == "readme.md" and (p.is_file() or p.is_symlink()):
                    text, problems = read_text(p, self.rel(p), root=self.root)
                    self.problems += problems
                    tree.sources_readme = text or ""
                    continue
                if not p.is_file() or p.name.startswith(".") or p.name in _SOURCE_DATA_FILES:
                    continue  # web.yaml and documents.yaml are data (WEB_SOURCES, DOCUMENTS), not documents
                text, problems = read_text(p, self.rel(p), root=self.root)
                self.problems += problems
                if text is not None:
                    out[p.name] = normalise(text)
                    tree.source_texts[p.name] = text
                    tree.source_files[p.name] = self.rel(p)
        return out

    # -- YAML files

    def _read_yaml(self, path: Path, required: bool) -> YamlDoc | None:
        file = self.rel(path)
        if not path.exists():
            if required:
                self.problems.append(codes.make("missing-file", self.rel(path.parent), None, name=path.name))
            return None
        doc = self._parsed_yaml(path, file)
        self.problems += doc.problems
        if doc.ok and doc.empty and required:
            self.problems.append(codes.make("empty-file", file, 1))
            doc.ok = False
        return doc if doc.ok else _failed(doc)

    def _parsed_yaml(self, path: Path, file: str) -> YamlDoc:
        if self.cache is None:
            return read_yaml(path, file, root=self.root)
        text, problems = read_text(path, file, root=self.root)
        if text is None:
            return YamlDoc(file=file, problems=problems, ok=False)
        return self.cache.get("yaml", file, text, lambda: parse_yaml(text, file))

    def _parsed_csv(self, path: Path, file: str, columns: list[str], required: list[str], keys: list[str]) -> CsvDoc:
        if self.cache is None:
            return read_csv(path, file, columns=columns, required=required, keys=keys, root=self.root)
        text, problems = read_text(path, file, root=self.root)
        if text is None:
            return CsvDoc(file=file, problems=problems, ok=False)
        kind = f"csv {columns} {required} {keys}"
        return self.cache.get(
            kind, file, text, lambda: parse_csv(text, file, columns=columns, required=required, keys=keys)
        )

    def _one_file(self, path: Path, model: type[BaseModel]) -> Collection:
        """A file holding one item (city.yaml, plan.yaml, reference/<id>.yaml); it must exist."""
        doc = self._read_yaml(path, required=True)
        if doc is None:
            return Collection()
        if not doc.ok:
            return Collection(failed_ids=frozenset({path.stem}), complete=False)
        col = _Gathered()
        self._validate_into(col, doc, (), doc.value, model)
        return col.collection()

    def _list_file(self, path: Path, model: type[BaseModel], required: bool) -> Collection:
        doc = self._read_yaml(path, required=required)
        if doc is None or (doc.ok and doc.empty):
            return Collection()
        if not doc.ok:
            return Collection(complete=False)
        if not isinstance(doc.value, list):
            line, colno = doc.loc(())
            self.problems.append(
                codes.make(
                    "wrong-type",
                    doc.file,
                    line,
                    column=colno,
                    name=path.name,
                    expected_en="a list of items, each starting with `- `",
                    expected_zh="以 `- ` 开头的条目列表",
                    actual_en=describe_en(doc.value),
                    actual_zh=describe_zh(doc.value),
                    hint_en="Start each item with `- ` at the beginning of a line (see docs/reference/data-format.md).",
                    hint_zh="每个条目请在行首以 `- ` 开始（参见 docs/reference/data-format.md）。",
                )
            )
            return Collection(complete=False)
        col = _Gathered()
        for i, raw in enumerate(doc.value):
            self._validate_into(col, doc, (i,), raw, model)
        return col.collection()

    def _validate_into(self, col: _Gathered, doc: YamlDoc, path: tuple, raw: Any, model: type[BaseModel]) -> None:
        if not isinstance(raw, dict):
            line, colno = doc.loc(path)
            self.problems.append(
                codes.make(
                    "wrong-type",
                    doc.file,
                    line,
                    column=colno,
                    name=model.__name__,
                    expected_en="a group of fields (`name: value` lines)",
                    expected_zh="一组字段（`名称: 值`）",
                    actual_en=describe_en(raw),
                    actual_zh=describe_zh(raw),
                    hint_en="Write the item's fields as `name: value`, one per line, indented under `- `.",
                    hint_zh="请把条目的字段写成 `名称: 值`，每行一个，缩进在 `- ` 之下。",
                )
            )
            col.complete = False
            return
        try:
            col.items.append(Item(model=model.model_validate(raw), file=doc.file, doc=doc, path=path))
        except ValidationError as exc:
            locate = lambda loc: doc.loc(path + tuple(loc))  # noqa: E731
            self.problems += pydantic_problems(exc, doc.file, locate, model, raw)
            if isinstance(raw.get("id"), str):
                col.failed_ids.add(raw["id"])
            else:
                col.complete = False  # an item without a usable id: references to it can't be judged

    # -- CSV files

    def _csv_file(self, path: Path, kind: layout.FileKind) -> list[Item]:
        if not path.exists():
            return []
        model = kind.item_model
        required = [n for n, f in model.model_fields.items() if f.is_required()]
        doc: CsvDoc = self._parsed_csv(path, self.rel(path), kind.columns, required, list(kind.keys))
        self.problems += doc.problems
        items: list[Item] = []
        for row in doc.rows:
            values, bad = self._csv_values(doc, row, model)
            if bad:
                continue
            try:
                items.append(Item(model=model.model_validate(values), file=doc.file, row=row))
            except ValidationError as exc:
                locate = lambda loc, row=row: (row.line, row.columns.get(str(loc[0])) if loc else None)  # noqa: E731
                self.problems += pydantic_problems(exc, doc.file, locate, model, values)
        return items

    def _csv_values(self, doc: CsvDoc, row: CsvRow, model: type[BaseModel]) -> tuple[dict, bool]:
        """Numbers and dates as staff type them in spreadsheets; `non-numeric-value` otherwise."""
        out: dict[str, Any] = {}
        bad = False
        kinds = _field_kinds(model)
        for name, text in row.values.items():
            if text is None:
                continue
            ann = kinds.get(name)
            if ann in (int, float):
                num = parse_int(text) if ann is int else parse_number(text)
                if num is None:
                    self.problems.append(
                        codes.make(
                            "non-numeric-value",
                            doc.file,
                            row.line,
                            column=row.columns.get(name),
                            field=name,
                            value=text,
                            name=name,
                        )
                    )
                    bad = True
                    continue
                out[name] = num
            elif ann is m.dt.date:
                out[name] = parse_date_text(text)
            else:
                out[name] = text
        return out, bad


@dataclass
class _Gathered:
    """The items of one file as they are validated; `collection()` is what the checks see."""

    items: list[Item] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)
    complete: bool = True

    def collection(self) -> Collection:
        return Collection(tuple(self.items), frozenset(self.failed_ids), self.complete)


@cache
def _field_kinds(model: type[BaseModel]) -> dict[str, Any]:
    """Field name → its type with Optional/list/Annotated unwrapped (int, float, date, …)."""
    return {name: unwrap_annotation(f.annotation) for name, f in model.model_fields.items()}


def _failed(doc: YamlDoc) -> YamlDoc:
    doc.ok = False
    return doc


# --------------------------------------------------------------------------- the portal


def portal(tree: Tree, rejected: set[Item]) -> Portal:
    """The portal: every item that passed its model, less those a check rejected."""

    def keep(items: Iterable[Item]) -> list:
        return [i.model for i in items if i not in rejected]

    cities = []
    for ct in tree.cities:
        if ct.city is None or ct.city in rejected:
            continue
        plans = []
        for pt in ct.plans:
            if pt.plan is None or pt.plan in rejected:
                continue
            plans.append(
                PlanData(
                    plan=pt.plan.model,
                    indicators=keep(pt.indicators.items),
                    tasks=keep(pt.tasks.items),
                    observations=keep(pt.observations),
                    task_reports=keep(pt.task_reports),
                )
            )
        cities.append(CityData(city=ct.city.model, departments=keep(ct.departments.items), plans=plans))
    reference = keep(tree.reference.items)
    return Portal(
        sources_readme=tree.sources_readme,
        cities=cities,
        concepts=keep(tree.concepts.items),
        reference=reference,
        glossary=keep(tree.glossary),
        web_sources=keep(tree.web_sources.items),
        documents=documents.build(tree.source_texts, keep(tree.documents.items), _quotes(cities, reference)),
    )


def _quotes(cities: list[CityData], reference: list[m.ReferenceSeries]) -> Iterable[tuple[str, str | None]]:
    """Every (file, quote) the portal cites: the places the document pages mark."""
    for cd in cities:
        for pd in cd.plans:
            yield from ((o.source, o.quote) for o in pd.observations)
            for item in (cd.city, pd.plan, *pd.indicators, *pd.tasks):
                yield from ((s.file, s.quote) for s in documents.sources_in(item))
    for series in reference:
        yield series.source.file, series.source.quote


def _home_of(name: str, rel: str) -> str | None:
    """Where a data file named `name` belongs when it sits in the wrong folder (`rel` is where it is):
    its folder pattern with the parts `rel` already names filled in, e.g. `cities/zhengzhou/plans/<plan-id>/`
    for an `observations.csv` put in the city folder. None when no data file has that name."""
    kind = next((k for k in layout.FILE_KINDS if k.name == name), None)
    if kind is None:
        return None
    here, target = rel.split("/")[:-1], kind.folder.split("/")
    filled = [
        have if want.startswith("<") and i < len(here) else want
        for i, (want, have) in enumerate(zip(target, here + [""] * len(target)))
    ]
    return "/".join(filled) + "/"
