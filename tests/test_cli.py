"""The command line: exit codes, every output format (GitHub escaping!), no tracebacks for bad data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli, report
from generator.problems import DataError, Problem, Severity

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"
INVALID = ROOT / "tests" / "fixtures" / "invalid"
PLAN = "cities/example/plans/example-ip-2021-2025"


@pytest.fixture
def bad(tmp_path) -> Path:
    """A data folder with one error (an unknown department) and one warning (a missing translation)."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    tasks = data / PLAN / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("[market-regulation]", "[market-regulaton]"), "utf-8")
    deps = data / "cities/example/departments.yaml"
    deps.write_text(
        deps.read_text(encoding="utf-8").replace(", en: Municipal Science and Technology Bureau", ""), "utf-8"
    )
    return data


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_validate_ok_exits_0(capsys):
    assert cli.main(["validate", "--data", str(MINIMAL), "--strict"]) == 0
    assert "No problems found" in capsys.readouterr().out


def test_validate_text_format(bad, capsys):
    assert cli.main(["validate", "--data", str(bad)]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "unknown-department" in x)
    assert line.startswith(f"data/{PLAN}/tasks.yaml:8:17: error[unknown-department] There is no department")
    assert " / 本市的 departments.yaml 中没有" in line
    assert "Fix: " in out and "修改：" in out
    assert "warning[missing-translation]" in out
    assert out.rstrip().endswith("1 error(s), 1 warning(s). / 1 个错误，1 个警告。")


def test_warnings_alone_exit_0_but_1_under_strict(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    deps = data / "cities/example/departments.yaml"
    deps.write_text(
        deps.read_text(encoding="utf-8").replace(", en: Municipal Science and Technology Bureau", ""), "utf-8"
    )
    assert cli.main(["validate", "--data", str(data)]) == 0
    assert cli.main(["validate", "--data", str(data), "--strict"]) == 1
    assert "error[missing-translation]" in capsys.readouterr().out


def test_validate_json(bad, capsys):
    assert cli.main(["validate", "--data", str(bad), "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [(i["code"], i["severity"], i["line"]) for i in items] == [
        ("missing-translation", "warning", 6),
        ("unknown-department", "error", 8),
    ]
    assert set(items[0]) >= {
        "code",
        "severity",
        "file",
        "line",
        "column",
        "field",
        "message_en",
        "message_zh",
        "fix_en",
        "fix_zh",
    }


def test_validate_github_paths_are_relative_to_the_working_directory(bad, capsys, monkeypatch):
    monkeypatch.chdir(bad.parent.parent)
    assert cli.main(["validate", "--data", str(bad), "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    prefix = f"{bad.parent.name}/data/{PLAN}/tasks.yaml"
    err = next(x for x in out if x.startswith("::error "))
    assert err.startswith(f"::error file={prefix},line=8,col=17,title=unknown-department::")
    assert any(x.startswith("::warning file=") for x in out)
    assert all("\n" not in x for x in out)


def test_github_escaping():
    p = Problem(
        code="x-y",
        severity=Severity.error,
        file="data/a,b:c.yaml",
        line=3,
        column=2,
        message_en="100% wrong\r\nsecond: line, here",
        message_zh="错误",
        fix_en="f",
        fix_zh="修",
    )
    (line,) = report.github([p]).splitlines()
    props, message = line[len("::error ") :].split("::", 1)
    assert props == "file=data/a%2Cb%3Ac.yaml,line=3,col=2,title=x-y"
    assert message.startswith("100%25 wrong%0D%0Asecond: line, here / 错误%0AFix: f%0A修改：修")
    assert report.escape_property("a%b\n:,") == "a%25b%0A%3A%2C"
    assert report.escape_data("a%b\r\n:,") == "a%25b%0D%0A:,"


def test_markdown_table_escapes_pipes_and_newlines():
    p = Problem(
        code="c",
        severity=Severity.warning,
        file="data/f.yaml",
        line=1,
        message_en="a | b\nc",
        message_zh="中",
        fix_en="x",
        fix_zh="y",
    )
    md = report.markdown([p])
    row = next(x for x in md.splitlines() if x.startswith("| ⚠️"))
    assert "a \\| b<br>c" in row and row.count(" | ") == 4
    assert "No problems found" in report.markdown([])


def test_summary_is_appended_whatever_the_format(bad, tmp_path, capsys):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    assert cli.main(["validate", "--data", str(bad), "--format", "github", "--summary", str(summary)]) == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n") and "| ❌ |" in text and "`unknown-department`" in text
    assert "::error" in capsys.readouterr().out


def test_markdown_format(bad, capsys):
    assert cli.main(["validate", "--data", str(bad), "--format", "markdown"]) == 1
    assert "| Where · 位置 |" in capsys.readouterr().out


def _overlay(case: str, tmp_path: Path) -> Path:
    import yaml

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    src = INVALID / case
    spec = yaml.safe_load((src / "expected.yaml").read_text(encoding="utf-8"))
    for rel in spec.get("remove", []):
        t = data / rel
        shutil.rmtree(t) if t.is_dir() else t.unlink()
    for f in src.rglob("*"):
        if f.is_file() and f.name != "expected.yaml":
            (data / f.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, data / f.relative_to(src))
    return data


@pytest.mark.parametrize(
    "case", ["yaml-syntax", "not-utf8", "csv-syntax", "yaml-alias", "unreadable-file", "missing-file"]
)
def test_validate_bad_data_exits_1_without_traceback(case, tmp_path):
    data = _overlay(case, tmp_path)
    proc = run("validate", "--data", str(data), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"error[{case}]" in proc.stdout


def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path):
    proc = run("validate", "--data", str(MINIMAL), cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""


def test_data_error_maps_to_exit_1(capsys):
    """Commands that raise DataError (build does on bad data) exit 1 and print the problems."""
    problem = Problem(
        code="unknown-city",
        severity=Severity.error,
        file="data/x.yaml",
        line=2,
        message_en="There is no city `x`.",
        message_zh="没有城市。",
    )

    def fake_build() -> int:
        raise DataError([problem])

    assert cli.exit_code(fake_build) == 1
    err = capsys.readouterr().err
    assert "data/x.yaml:2: error[unknown-city]" in err


def test_build_of_bad_data_exits_1_and_publishes_nothing(bad, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["build", "--data", str(bad), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "market-regulaton" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_build_and_serve_arguments_reach_the_library(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))
    built = cli.build_settings(cli.parser().parse_args(["build", "--data", "d", "--out", "o", "--strict"]))
    served = cli.build_settings(cli.parser().parse_args(["serve", "--data", "d", "--port", "9001"]))
    assert (built.data_dir, built.out_dir, built.strict) == (Path("d").resolve(), Path("o").resolve(), True)
    assert built.cache_dir == tmp_path / "cache"  # the environment's cache folder (like etl's BASE_DIR)
    assert (served.data_dir, served.out_dir, served.strict) == (
        Path("d").resolve(),
        tmp_path / "cache" / "serve-site",
        False,
    )
    assert cli.parser().parse_args(["serve", "--port", "9001"]).func is cli.cmd_serve


def test_unknown_command_is_a_usage_error():
    proc = run("frobnicate")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_schema_check_passes_on_the_committed_copies():
    proc = run("schema", "--check")
    assert proc.returncode == 0, proc.stderr


def test_progress_shows_on_a_terminal_only(tmp_path):
    """With stderr on a terminal, validate shows which city it reads (and clears the line)."""
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--data", str(MINIMAL)],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert b"minimal/cities/example" in shown and b"\x1b[K" in shown
    assert b"example" not in proc.stdout.split(b"No problems")[0]


def test_diff_and_synth_arguments_reach_the_library(monkeypatch, capsys):
    import generator.diff
    import generator.synth

    calls = []
    monkeypatch.setattr(
        generator.diff,
        "run_with_status",
        lambda repo, base, head, fmt: calls.append((repo, base, head, fmt)) or ("DIFF\n", 0),
    )
    monkeypatch.setattr(generator.synth, "write", lambda out, cities, seed=None: calls.append((out, cities, seed)))
    assert cli.main(["diff", "main", "HEAD", "--repo", "r", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == "DIFF\n"
    assert cli.main(["synth", "--cities", "3", "--out", "o", "--seed", "7"]) == 0
    assert calls == [(Path("r"), "main", "HEAD", "markdown"), (Path("o"), 3, 7)]


def test_build_failure_maps_to_exit_1_with_a_message(capsys):
    from generator.pipeline import BuildError

    def failing_build() -> int:
        raise BuildError("MkDocs build failed (zh)")

    assert cli.exit_code(failing_build) == 1
    err = capsys.readouterr().err
    assert "MkDocs build failed (zh)" in err and "构建失败" in err
    assert "Traceback" not in err


def test_build_says_where_the_site_is_and_how_to_view_it(monkeypatch, tmp_path, capsys):
    import generator.pipeline

    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))
    built = []
    monkeypatch.setattr(generator.pipeline, "build_site", lambda settings: built.append(settings.out_dir))
    assert cli.main(["build", "--out", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert built == [(tmp_path / "site").resolve()]
    assert f"Site built in {built[0]}" in err
    assert f"-m http.server --directory {built[0]} 8000" in err and "http://127.0.0.1:8000/" in err
