"""`generator diff`: changes to data/ between two commits of a real git repository."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import changes_report, diff
from generator.escape import md, one_line

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"


# ---------------------------------------------------------------------------- helpers


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


# Used only until tests/fixtures/valid/minimal exists (the foundation's fixture): the real
# data/ is being transcribed and may not validate at any given moment.
FALLBACK_TREE = {
    "concepts.yaml": "[]\n",
    "glossary.yaml": "- {zh: 发明专利, en: invention patents}\n",
    "sources/doc.txt": "示例规划\n一、指标\n每万人口发明专利拥有量达到10件。\n二、任务\n1. 建设服务平台。\n2. 开展专利导航。\n",
    "cities/sample/city.yaml": "id: sample\nname: {zh: 示例市, en: Sample City}\n"
    "province: {zh: 河南省, en: Henan Province}\nlevel: prefecture-city\n",
    "cities/sample/departments.yaml": "- id: market-regulation\n  name: {zh: 市市场监督管理局, en: Market Regulation}\n",
    "cities/sample/plans/sample-plan/plan.yaml": "schema_version: 1\nid: sample-plan\ncity: sample\n"
    "title: {zh: 示例规划, en: Sample plan}\nperiod: {start: 2021, end: 2025}\nkind: five-year-plan\n"
    "status: issued\nsource: {file: doc.txt, section: 标题, quote: 示例规划}\n",
    "cities/sample/plans/sample-plan/indicators.yaml": "- id: patents-per-10k\n  category: {zh: 创造, en: Creation}\n"
    "  name: {zh: 每万人口发明专利拥有量, en: Invention patents per 10000 people}\n  unit: {zh: 件, en: patents}\n"
    "  measure: cumulative\n  baseline: {year: 2020, value: 4.5}\n  target: {year: 2025, kind: at-least, value: 10}\n"
    "  source: {file: doc.txt, section: 一、指标, quote: 每万人口发明专利拥有量达到10件}\n",
    "cities/sample/plans/sample-plan/tasks.yaml": "".join(
        f'- id: t{n}\n  number: "{n}"\n  section: {{zh: 二、任务, en: Tasks}}\n  title: {{zh: {t}, en: Task {n}}}\n'
        f"  text: {{zh: {t}, en: Task {n}}}\n  responsible: [market-regulation]\n"
        f"  source: {{file: doc.txt, section: 二、任务 第{n}项, quote: {t}}}\n"
        for n, t in ((1, "建设服务平台"), (2, "开展专利导航"))
    ),
    "cities/sample/plans/sample-plan/observations.csv": "indicator,year,value,source,section,quote,note_zh,note_en\n",
    "cities/sample/plans/sample-plan/task_reports.csv": "task,date,status,source,note_zh,note_en\n",
}


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def make_repo(tmp_path: Path) -> Path:
    """A git repository whose data/ is the minimal valid fixture (or, until it exists, a small tree)."""
    repo = tmp_path / "repo"
    if MINIMAL.is_dir():
        shutil.copytree(MINIMAL, repo / "data")
    else:
        write_tree(repo / "data", FALLBACK_TREE)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "initial data")
    return repo


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def first_plan(repo: Path) -> Path:
    return sorted((repo / "data" / "cities").glob("*/plans/*/plan.yaml"))[0].parent


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the data format forbids anchors and aliases
        return True


def write_yaml(path: Path, value) -> None:
    path.write_text(yaml.dump(value, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_csv_row(path: Path, columns: list[str], row: dict) -> None:
    """Append a row (writing the header first if the file is missing or empty)."""
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    if text.strip():  # the file's own header: a file may leave out the optional trailing columns
        columns = next(csv.reader(io.StringIO(text)))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    if not text.strip():
        writer.writeheader()
    elif not text.endswith("\n"):
        buf.write("\n")
    writer.writerow(row)
    path.write_text(text + buf.getvalue(), encoding="utf-8")


def free_year(plan_dir: Path, indicator: str) -> int:
    """A year with no observation of `indicator` yet (the one after the latest)."""
    with (plan_dir / "observations.csv").open(encoding="utf-8-sig", newline="") as fh:
        years = [int(r["year"]) for r in csv.DictReader(fh) if r["indicator"] == indicator]
    return max([2020, *years]) + 1


def observation(indicator: str, year: int, value: str, source: str = "Progress report 2022", **extra) -> dict:
    return {"indicator": indicator, "year": year, "value": value, "source": source, "section": "test section", **extra}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def names(plan_dir: Path):
    city = read_yaml(plan_dir.parent.parent / "city.yaml")
    indicator = read_yaml(plan_dir / "indicators.yaml")[0]
    return city, indicator


# ---------------------------------------------------------------------------- tests


def test_observation_added_is_named_in_both_languages(repo: Path) -> None:
    plan_dir = first_plan(repo)
    city, ind = names(plan_dir)
    year = free_year(plan_dir, ind["id"])
    add_csv_row(plan_dir / "observations.csv", [*diff_columns()], observation(ind["id"], year, "7.1"))
    commit_all(repo, "add an observation")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert [(c.action, c.kind, c.indicator, c.year) for c in changes] == [("added", "observation", ind["id"], year)]
    zh, en = changes[0].text("zh"), changes[0].text("en")
    where = "Progress report 2022 · test section"  # the source, for checking against the document
    # The value with the indicator's unit: 7.1件 / 7.1 patents.
    unit_zh, unit_en = ind["unit"]["zh"], ind["unit"]["en"]
    assert zh == f"{city['name']['zh']} · {ind['name']['zh']}：新增{year}年观测值：7.1{unit_zh}（{where}）"
    assert en == f"{city['name']['en']} · {ind['name']['en']}: {year} observation added: 7.1 {unit_en} ({where})"
    assert changes[0].plan == plan_dir.name and changes[0].city == city["id"]


def diff_columns() -> list[str]:
    from generator.models import OBSERVATION_COLUMNS

    return OBSERVATION_COLUMNS


def test_target_change_lists_field_old_and_new(repo: Path) -> None:
    plan_dir = first_plan(repo)
    indicators = read_yaml(plan_dir / "indicators.yaml")
    ind = next(i for i in indicators if i["target"].get("value") is not None)
    old = ind["target"]["value"]
    ind["target"]["value"] = old + 1
    write_yaml(plan_dir / "indicators.yaml", indicators)
    commit_all(repo, "raise a target")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert [(c.action, c.kind, c.indicator) for c in changes] == [("changed", "indicator", ind["id"])]
    assert changes[0].fields == (diff.FieldChange("target.value", float(old), float(old + 1)),)
    unit_zh, unit_en = ind["unit"]["zh"], ind["unit"]["en"]
    before, after = diff.show_value(float(old), "en"), diff.show_value(float(old + 1), "en")
    # The field in words and the figures with the unit (no `target.value: 13 → 15`).
    assert f"target value: {before} {unit_en} → {after} {unit_en}" in changes[0].text("en")
    assert f"目标值：{before}{unit_zh} → {after}{unit_zh}" in changes[0].text("zh")


def test_task_changes_reports_and_removals(repo: Path) -> None:
    from generator.models import TASK_REPORT_COLUMNS

    plan_dir = first_plan(repo)
    tasks = read_yaml(plan_dir / "tasks.yaml")
    assert tasks, "the fixture needs at least one task"
    first = tasks[0]
    add_csv_row(
        plan_dir / "task_reports.csv",
        TASK_REPORT_COLUMNS,
        {"task": first["id"], "date": "2023-06-30", "status": "in-progress", "source": "report 2023"},
    )
    first["title"] = {"zh": "新的标题", "en": "A new title"}
    with (plan_dir / "task_reports.csv").open(encoding="utf-8-sig", newline="") as fh:
        reported = {r["task"] for r in csv.DictReader(fh)}
    removed = next((t for t in tasks[1:] if t["id"] not in reported), None)  # removable without breaking reports
    if removed:
        tasks.remove(removed)
    write_yaml(plan_dir / "tasks.yaml", tasks)
    commit_all(repo, "task report and edits")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")
    got = {(c.action, c.kind, c.task) for c in changes}

    assert ("added", "task-report", first["id"]) in got
    assert ("changed", "task", first["id"]) in got
    report = next(c for c in changes if c.kind == "task-report")
    assert report.date == "2023-06-30" and report.text("en").endswith(
        "2023-06-30 task report added: in progress (report 2023)"
    )
    assert report.text("zh").endswith(
        "新增2023-06-30任务进展报告：进行中（report 2023）"
    )  # no English code on a Chinese line
    edit = next(c for c in changes if c.kind == "task")
    assert {f.name for f in edit.fields} == {"title.zh", "title.en"}
    if removed:
        assert ("removed", "task", removed["id"]) in got


def test_run_text_and_markdown(repo: Path) -> None:
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    year = free_year(plan_dir, ind["id"])
    add_csv_row(plan_dir / "observations.csv", diff_columns(), observation(ind["id"], year, "7.1"))
    commit_all(repo, "one")
    add_csv_row(
        plan_dir / "observations.csv",
        diff_columns(),
        observation(ind["id"], year + 1, "8.25", note_en="<script>alert(1)</script> **bold** [x](javascript:alert(1))"),
    )
    commit_all(repo, "two")

    text = diff.run(repo, "HEAD~2", "HEAD")
    assert f"{year} observation added: 7.1" in text and f"{year + 1} observation added: 8.25" in text
    assert f"新增{year}年观测值：7.1" in text

    md = diff.run(repo, "HEAD~2", "HEAD", "markdown")
    assert md.startswith("## 数据变更 · Data changes")
    assert "新增 added: 2" in md
    assert f"{year + 1} observation added: 8\\.25" in md  # Markdown-escaped, still readable


def test_markdown_escapes_untrusted_text(repo: Path) -> None:
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    add_csv_row(
        plan_dir / "observations.csv", diff_columns(), observation(ind["id"], free_year(plan_dir, ind["id"]), "7.1")
    )
    commit_all(repo, "one")
    path = plan_dir / "observations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "test section,,,", 'test section,,,"<script>alert(1)</script> [x](javascript:alert(1))"'
        ),
        encoding="utf-8",
    )
    commit_all(repo, "hostile note")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")
    assert [(c.action, [f.name for f in c.fields]) for c in changes] == [("changed", ["note_en"])]
    md = changes_report.render_markdown(changes)
    assert "<script" not in md and "](javascript" not in md
    assert "&lt;script&gt;" in md
    import markdown

    rendered = markdown.markdown(md)
    assert "<script" not in rendered and 'href="javascript' not in rendered


def test_invalid_side_is_reported_not_raised(repo: Path) -> None:
    plan_dir = first_plan(repo)
    (plan_dir / "indicators.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    commit_all(repo, "break the data")

    with pytest.raises(diff.SideInvalid) as info:
        diff.diff_trees(repo, "HEAD~1", "HEAD")
    assert info.value.side == "HEAD"
    for fmt in ("text", "markdown"):
        out = diff.run(repo, "HEAD~1", "HEAD", fmt)
        assert "does not validate" in out and "未通过校验" in out


def test_unknown_revision_and_no_changes(repo: Path) -> None:
    assert "Cannot read revisions" in diff.run(repo, "no-such-branch", "HEAD")
    (repo / "README.md").write_text("not data\n", encoding="utf-8")
    commit_all(repo, "docs only")
    assert diff.diff_trees(repo, "HEAD~1", "HEAD") == []
    assert "No changes to the data" in diff.run(repo, "HEAD~1", "HEAD")
    assert "No changes to the data" in diff.run(repo, "HEAD~1", "HEAD", "markdown")


def test_compare_snapshots_covers_every_kind_of_change() -> None:
    e = lambda **f: diff.Entity("indicator", "甲", "A", f, plan="p", indicator="i")  # noqa: E731
    old = {"a": e(x=1), "b": e(x=1, y="s"), "gone": e(x=0)}
    new = {"a": e(x=1), "b": e(x=2, y="s", z=True), "new": e(x=5)}
    got = [(c.action, c.key, c.fields) for c in diff.compare_snapshots(old, new)]
    assert got == [
        ("changed", "b", (diff.FieldChange("x", 1, 2), diff.FieldChange("z", None, True))),
        ("added", "new", ()),
        ("removed", "gone", ()),
    ]


def test_show_value_keeps_figures_exact() -> None:
    assert diff.show_value(7.0, "en") == "7"
    assert diff.show_value(0.125, "en") == "0.125"
    assert diff.show_value(None, "zh") == "（空）"
    assert diff.show_value("a\nb\x1b[31m", "en") == "a b\x1b[31m"  # whitespace folded; escape() cleans controls
    assert "\x1b" not in one_line("a\x1b[31m\u202e")


def test_cli_calls_run(repo: Path) -> None:
    if not (ROOT / "generator" / "__main__.py").exists():
        pytest.skip("the CLI (generator/__main__.py) is not there yet")
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    year = free_year(plan_dir, ind["id"])
    add_csv_row(plan_dir / "observations.csv", diff_columns(), observation(ind["id"], year, "7.1"))
    commit_all(repo, "one")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD", "--repo", str(repo), "--format", "markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{year} observation added: 7\\.1" in proc.stdout


def test_task_added_then_removed(repo: Path) -> None:
    plan_dir = first_plan(repo)
    tasks = read_yaml(plan_dir / "tasks.yaml")
    extra = {**tasks[0], "id": "added-task", "number": "99", "title": {"zh": "新增的任务", "en": "An added task"}}
    write_yaml(plan_dir / "tasks.yaml", [*tasks, extra])
    commit_all(repo, "add a task")
    write_yaml(plan_dir / "tasks.yaml", tasks)
    commit_all(repo, "remove it again")

    added = diff.diff_trees(repo, "HEAD~2", "HEAD~1")
    removed = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert [(c.action, c.kind, c.task) for c in added] == [("added", "task", "added-task")]
    assert [(c.action, c.kind, c.task) for c in removed] == [("removed", "task", "added-task")]
    assert removed[0].text("zh").endswith("新增的任务：删除任务")
    assert removed[0].text("en").endswith("An added task: task removed")
    assert diff.diff_trees(repo, "HEAD~2", "HEAD") == []


def test_a_chinese_line_has_no_english_codes() -> None:
    """Enum values, booleans and a task report's status are words in the line's language."""
    plan = diff.Change(
        "changed",
        "plan",
        "plan:p",
        "示例市 · 规划",
        "Example · plan",
        plan="p",
        fields=(diff.FieldChange("status", "draft", "issued"), diff.FieldChange("x", True, None)),
    )
    assert plan.text("zh") == "示例市 · 规划：修改规划：状态：征求意见稿 → 已印发；x：是 → （空）"
    assert (
        plan.text("en") == "Example · plan: plan changed: status: draft for public comment → issued; x: true → (empty)"
    )
    report = diff.Change("added", "task-report", "k", "甲", "A", date="2023-06-30", status="not-started", source="s")
    assert report.text("zh") == "甲：新增2023-06-30任务进展报告：未开始（s）"
    observation = diff.Change("added", "observation", "k", "甲", "A", year=2022, summary=41250.0)
    assert observation.text("zh").endswith("：41,250") and observation.text("en").endswith(": 41,250")


# ---------------------------------------------------------------------------- review in the pull request


def test_review_says_what_the_public_page_will_say(repo: Path) -> None:
    """An observation for the target year: the job summary shows the indicator's name, the value with
    its unit and source, the status before → after and the explanation steps that changed, in both
    languages."""
    plan_dir = first_plan(repo)
    _, ind = names(plan_dir)
    target = ind["target"]
    add_csv_row(
        plan_dir / "observations.csv",
        diff_columns(),
        observation(ind["id"], target["year"], str(target["value"] + 1), source="年报2025"),
    )
    commit_all(repo, "the target year's value")

    out, status = diff.run_with_status(repo, "HEAD~1", "HEAD", "markdown")

    assert status == 0
    review = out.split("### 公开页面将显示的内容 · What the public pages will say", 1)[1]
    value = diff.show_value(float(target["value"] + 1), "en")
    unit_zh, unit_en = ind["unit"]["zh"], ind["unit"]["en"]
    assert f"| {ind['name']['zh']}" not in review  # the name is the city's and the indicator's together
    assert f"· {ind['name']['zh']} |" in review
    assert f"新增{target['year']}年观测值：{value}{unit_zh}（年报2025 · test section）" in review
    assert f"{target['year']} observation added: {value} {unit_en} \\(年报2025 · test section\\)" in review
    # The status as the public page words it, before → after: the deadline passed with no outcome
    # reported (the test commits are dated after 2025), now achieved.
    from generator.status import Status, status_label

    before, after = (status_label(s, "zh") for s in (Status.overdue, Status.achieved))
    before_en, after_en = (status_label(s, "en") for s in (Status.overdue, Status.achieved))
    assert f"| 状态 / Status | {before} → {after} | {before_en} → {after_en} |" in review
    # The explanation step that changed: the new latest value, as the page's explanation says it.
    steps = next(line for line in review.split("\n") if line.startswith("| 说明中变化的步骤"))
    assert "\\+ " in steps and value in steps and "− " in steps


def test_department_changes_are_shown_by_name(repo: Path) -> None:
    plan_dir = first_plan(repo)
    tasks = read_yaml(plan_dir / "tasks.yaml")
    deps = {d["id"]: d["name"] for d in read_yaml(plan_dir.parent.parent / "departments.yaml")}
    task = next(t for t in tasks if len(t["responsible"]) >= 2)
    gone = task["responsible"].pop()
    write_yaml(plan_dir / "tasks.yaml", tasks)
    commit_all(repo, "one department fewer")

    (change,) = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert change.text("zh").endswith(f"责任单位：删除{deps[gone]['zh']}")
    assert change.text("en").endswith(f"responsible departments: removed {deps[gone]['en']}")
    assert gone not in change.text("zh") and "[" not in change.text("zh")


def test_enum_values_are_words_in_each_language() -> None:
    """No English enum value on a Chinese line, in any field that holds one (also nested ones)."""
    ind = diff.Change(
        "changed",
        "indicator",
        "k",
        "甲",
        "A",
        fields=(diff.FieldChange("measure", "annual", "cumulative"), diff.FieldChange("nature", "expected", "binding")),
    )
    zh = ind.text("zh")
    assert "annual" not in zh and "cumulative" not in zh and "expected" not in zh and "binding" not in zh
    assert "统计口径：年度值" in zh and "指标属性：预期性 → 约束性" in zh


@pytest.mark.parametrize("base", ["no-such-branch", "HEAD~5"])
def test_diff_exits_non_zero_when_a_revision_cannot_be_read(repo: Path, base: str) -> None:
    from generator import cli

    for fmt in ("text", "markdown"):
        out, status = diff.run_with_status(repo, base, "HEAD", fmt)
        assert status != 0 and "Cannot read revisions" in out
    assert cli.main(["diff", base, "HEAD", "--repo", str(repo)]) != 0
    assert cli.main(["diff", "HEAD", "HEAD", "--repo", str(repo)]) == 0


def test_diff_exits_non_zero_outside_a_git_repository(tmp_path: Path) -> None:
    assert diff.run_with_status(tmp_path, "HEAD~1", "HEAD")[1] != 0


PAYLOADS = [
    "x` <img src=https://evil.example/t.png> [点此修复 Fix here](https://evil.example/login) `y",
    "a | b | c",
    "![img](https://evil.example/i.png)",
    "[link](https://evil.example/) <a href='https://evil.example'>x</a>",
    "``` code ```",
]


def _html(markdown_text: str) -> str:
    import markdown

    return markdown.markdown(markdown_text, extensions=["tables"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_job_summary_review_escapes_every_data_value(payload: str) -> None:
    """Names, sources, statuses and explanation steps from the data: inert in the job summary."""
    change = diff.Change(
        "added",
        "observation",
        "k",
        payload,
        payload,
        plan="p",
        indicator="i",
        year=2023,
        summary=1.0,
        source=payload,
        unit_zh=payload,
        unit_en=payload,
    )
    page = {part: {"zh": payload, "en": payload} for part in ("status", "latest", "target")}
    page["explain"] = {"zh": [payload], "en": [payload]}
    out = changes_report.render_markdown([change], "a", "b", before={}, after={"indicator:p:i": page})
    html = _html(out)
    assert "<img" not in html and "<a " not in html
    assert html.count("<code>") == 2  # the two revisions in the title, none from the data
    assert payload.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;")[:12] in html.replace(
        "&#39;", "&#x27;"
    )
    _same_cells(html, 3)


def _same_cells(html: str, n: int) -> None:
    """Every row of every table has `n` cells: no data value split a cell with a |."""
    import re

    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert rows and all(len(re.findall(r"<t[dh]", row)) == n for row in rows), rows


@pytest.mark.parametrize("payload", PAYLOADS)
def test_validation_summary_escapes_every_data_value(payload: str) -> None:
    from generator import report
    from generator.problems import Problem, Severity

    p = Problem(
        code="bad-id",
        severity=Severity.error,
        file=f"data/{payload}.csv",
        line=3,
        message_zh=payload,
        message_en=payload,
        fix_zh=payload,
        fix_en=payload,
    )
    out = report.markdown([p])
    html = _html(out)
    assert "<img" not in html and "<a " not in html
    # The file and the code are one code span each, whatever backticks the file name holds.
    assert html.count("<code>") == 2
    _same_cells(html, 5)


def test_review_of_a_task_report_shows_the_task_status_before_and_after(repo: Path) -> None:
    from generator.models import TASK_REPORT_COLUMNS

    plan_dir = first_plan(repo)
    with (plan_dir / "task_reports.csv").open(encoding="utf-8-sig", newline="") as fh:
        last = list(csv.DictReader(fh))[-1]
    add_csv_row(
        plan_dir / "task_reports.csv",
        TASK_REPORT_COLUMNS,
        {"task": last["task"], "date": "2024-06-30", "status": "delayed", "source": "半年总结 | 2024"},
    )
    commit_all(repo, "a task report")

    out, _ = diff.run_with_status(repo, "HEAD~1", "HEAD", "markdown")

    review = out.split("What the public pages will say", 1)[1]
    words = {"in-progress": ("进行中", "in progress"), "completed": ("已完成", "completed")}[last["status"]]
    zh, en = (
        f"{words[0]}（{last['date']}） → 已延误（2024-06-30）",
        f"{words[1]} ({last['date']}) → delayed (2024-06-30)",
    )
    assert f"| 状态 / Status | {md(zh)} | {md(en)} |" in review  # the words as the task's page says them
    assert f"| 出处 / Source | {md('半年总结 | 2024')} | {md('半年总结 | 2024')} |" in review


def test_a_huge_report_stays_under_the_job_summary_limit() -> None:
    long = "长" * 150
    changes = [
        diff.Change(
            "changed",
            "indicator",
            f"k{i}",
            long,
            long,
            plan="p",
            indicator=f"i{i}",
            fields=tuple(diff.FieldChange(f"f{j}", long, long + "x") for j in range(12)),
        )
        for i in range(500)
    ]
    out = changes_report.render_markdown(changes, "a", "b", before={}, after={})
    assert len(out.encode("utf-8")) <= changes_report.MAX_MARKDOWN_BYTES + 1000
    assert "the report is too long" in out


# ---------------------------------------------------------------------------- several sources a year


def insert_first_row(path: Path, row: dict) -> None:
    """Put `row` first in a CSV file, before every existing row (the header stays first)."""
    text = path.read_text(encoding="utf-8-sig")
    header, _, body = text.partition("\n")
    columns = next(csv.reader(io.StringIO(header)))
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore").writerow(row)
    path.write_text(f"{header}\n{buf.getvalue()}{body}", encoding="utf-8")


def existing_observation(plan_dir: Path) -> dict:
    with (plan_dir / "observations.csv").open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))


def test_a_second_source_for_a_year_is_an_addition_wherever_its_row_is(repo: Path) -> None:
    """Values are keyed by source too: another source's value for a year that already has one is
    "added" (not a change to the first value), even when its row comes before the first one's."""
    plan_dir = first_plan(repo)
    first = existing_observation(plan_dir)
    second = {**first, "value": str(round(float(first["value"]) + 0.25, 2)), "source": "另一份来源的报告", "quote": ""}
    insert_first_row(plan_dir / "observations.csv", second)
    commit_all(repo, "a second source for the same year, first in the file")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert [(c.action, c.kind, c.indicator, c.year, c.summary) for c in changes] == [
        ("added", "observation", first["indicator"], int(first["year"]), float(second["value"]))
    ]
    assert changes[0].source.startswith("另一份来源的报告")
    assert "另一份来源的报告" in changes[0].text("zh") and "另一份来源的报告" in changes[0].text("en")

    # dropping the first source's row removes that value, and only it
    path = plan_dir / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        ln for ln in lines if not (ln.startswith(f"{first['indicator']},{first['year']},") and first["source"] in ln)
    ]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    commit_all(repo, "drop the first source's value")
    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")
    assert [(c.action, c.year, c.summary) for c in changes] == [("removed", int(first["year"]), float(first["value"]))]
    assert changes[0].source.startswith(first["source"])


def test_a_new_figure_from_the_same_source_is_still_a_change(repo: Path) -> None:
    plan_dir = first_plan(repo)
    first = existing_observation(plan_dir)
    path = plan_dir / "observations.csv"
    row_start = f"{first['indicator']},{first['year']},{first['value']},"
    text = path.read_text(encoding="utf-8")
    assert text.count(row_start) == 1
    new_value = str(round(float(first["value"]) + 1, 2))
    path.write_text(text.replace(row_start, f"{first['indicator']},{first['year']},{new_value},"), encoding="utf-8")
    commit_all(repo, "correct a figure")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert [(c.action, c.kind, c.year) for c in changes] == [("changed", "observation", int(first["year"]))]
    assert [(f.name, f.old, f.new) for f in changes[0].fields] == [("value", float(first["value"]), float(new_value))]


def test_a_part_year_value_beside_a_year_end_value_from_the_same_source_is_its_own_entity(repo: Path) -> None:
    plan_dir = first_plan(repo)
    first = existing_observation(plan_dir)
    path = plan_dir / "observations.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    partial = {
        **first,
        "value": str(round(float(first["value"]) - 0.5, 2)),
        "period": "partial",
        "period_text": "上半年",
    }
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=diff_columns(), lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows([*rows, partial])  # the file gains the optional period columns
    path.write_text(buf.getvalue(), encoding="utf-8")
    commit_all(repo, "a part-year value from the same source")

    changes = diff.diff_trees(repo, "HEAD~1", "HEAD")

    assert [(c.action, c.year, c.summary) for c in changes] == [("added", int(first["year"]), float(partial["value"]))]
