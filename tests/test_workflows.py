"""The GitHub workflows and review aids keep their safety properties (they cannot silently regress)."""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import cli

ROOT = Path(__file__).resolve().parent.parent
GH = ROOT / ".github"
WORKFLOWS = sorted((GH / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(wf: dict) -> dict:
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as True
    return {on: None} if isinstance(on, str) else dict(on)


def steps(wf: dict, job: str | None = None) -> list[dict]:
    jobs = [wf["jobs"][job]] if job else wf["jobs"].values()
    return [s for j in jobs for s in j.get("steps", [])]


def step_running(wf: dict, words: str, job: str | None = None) -> dict:
    found = [s for s in steps(wf, job) if words in s.get("run", "")]
    assert len(found) == 1, f"expected one step running {words!r}, found {len(found)}"
    return found[0]


def step_using(wf: dict, action: str, job: str | None = None) -> list[dict]:
    return [s for s in steps(wf, job) if s.get("uses", "").startswith(action + "@")]


def generator_args(run: str) -> list[str]:
    """The arguments after `python -m generator` in a run line (up to a shell redirection)."""
    words = shlex.split(run.split(">>")[0])
    return words[words.index("generator") + 1 :]


# What the shell would put in place of the variables a workflow's run lines use.
CI_ENV = {"GITHUB_STEP_SUMMARY": "/runner/_temp/step_summary.md", "BASE_REF": "main"}


def make_commands(run: str) -> list[str]:
    """The commands a `make …` run line carries out, as `make -n -B` prints them (nothing is run).

    -B lists every recipe, the environment set-up included, as on a fresh clone."""
    words = shlex.split(run)
    assert words[0] == "make", run
    args = [re.sub(r"\$(\w+)", lambda m: CI_ENV[m.group(1)], w) for w in words[1:]]
    # Only PATH from the environment: under `make test` the parent's MAKEFLAGS (PYTEST_ARGS=…) and any STRICT=…
    # would otherwise change what make prints.
    env = {"PATH": os.environ["PATH"]}
    out = subprocess.run(
        ["make", "-n", "-B", "--no-print-directory", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.strip() for line in out.replace("\\\n", " ").splitlines() if line.strip()]


def generator_command(commands: list[str], name: str) -> argparse.Namespace:
    """The one `python -m generator <name>` among `commands`, parsed by the real command line."""
    [line] = [c for c in commands if re.search(rf"-m generator {name}\b", c)]
    return cli.parser().parse_args(generator_args(line))


@pytest.fixture(scope="module")
def pr() -> dict:
    return load(GH / "workflows" / "pr.yml")


@pytest.fixture(scope="module")
def deploy() -> dict:
    return load(GH / "workflows" / "deploy.yml")


def test_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "deploy.yml"}


def test_pull_requests_never_use_pull_request_target(pr: dict) -> None:
    assert set(triggers(pr)) == {"pull_request"}
    for path in WORKFLOWS:
        assert "pull_request_target" not in triggers(load(path)), path.name
        assert "secrets." not in re.sub(r"#.*", "", path.read_text(encoding="utf-8")), f"{path.name}: no secrets"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    wf = load(path)
    uses = [s["uses"] for s in steps(wf) if "uses" in s]
    assert uses
    for u in uses:
        assert PINNED.match(u), f"{path.name}: {u} is not pinned to a full commit SHA"
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*(- )?uses:", line):
            assert re.search(r"#\s*v\d", line), f"{path.name}: say which version the SHA is: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expressions_inside_shell_scripts(path: Path) -> None:
    """Values from the event go through `env:`, never pasted into a script (script injection)."""
    for s in steps(load(path)):
        assert "${{" not in s.get("run", ""), f"{path.name}: {s.get('name')}"


def test_permissions_are_least_privilege(pr: dict, deploy: dict) -> None:
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())
    assert deploy["permissions"] == {"contents": "read"}
    writers = {name: job["permissions"] for name, job in deploy["jobs"].items() if "permissions" in job}
    assert writers == {"deploy": {"pages": "write", "id-token": "write"}}


def test_concurrency(pr: dict, deploy: dict) -> None:
    assert "pull_request.number" in pr["concurrency"]["group"] and pr["concurrency"]["cancel-in-progress"] is True
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False


def test_deploy_only_after_checks_to_github_pages(deploy: dict) -> None:
    on = triggers(deploy)
    assert on["push"] == {"branches": ["main"]} and "workflow_dispatch" in on
    job = deploy["jobs"]["deploy"]
    assert job["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in job["environment"]["url"]
    [step] = step_using(deploy, "actions/deploy-pages", "deploy")
    assert step["id"] == "deployment"
    builders = [n for n in deploy["jobs"] if step_using(deploy, "actions/upload-pages-artifact", n)]
    testers = [n for n, j in deploy["jobs"].items() if any("bash .ci/run" in s.get("run", "") for s in j["steps"])]
    assert builders == ["build"] and testers == ["test"]
    assert set(job["needs"]) == {"build", "test"}
    assert job["if"] == "github.ref == 'refs/heads/main'"  # a manual run from a branch never publishes
    assert step_using(deploy, "actions/upload-pages-artifact", "build")[0]["with"]["path"].rstrip("/") == "site"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_validate_annotates_and_writes_the_summary(name: str) -> None:
    wf = load(GH / "workflows" / name)
    run = step_running(wf, "make validate")["run"]
    assert 'SUMMARY="$GITHUB_STEP_SUMMARY"' in run
    args = generator_command(make_commands(run), "validate")
    assert (args.strict, args.format, args.summary) == (True, "github", CI_ENV["GITHUB_STEP_SUMMARY"])


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_build_is_strict_from_pinned_requirements(name: str) -> None:
    """CI builds with `make site`, the command a maintainer runs, which is strict and installs the build's lock."""
    wf = load(GH / "workflows" / name)
    commands = make_commands(step_running(wf, "make site")["run"])
    build = generator_command(commands, "build")
    assert build.strict and build.out == "site"
    assert generator_command(commands, "validate").strict
    install = make_commands(step_running(wf, "make install")["run"])
    assert [c for c in install if "pip install" in c] == [
        ".venv/bin/python -m pip install -q --require-hashes -r requirements.txt"
    ]
    job = "build" if name == "deploy.yml" else "check"
    [setup] = step_using(wf, "actions/setup-python", job)
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.txt"
    checkout = step_using(wf, "actions/checkout", job)[0]
    assert checkout["with"]["fetch-depth"] == 0  # history: diff base and the data version
    assert checkout["with"]["persist-credentials"] is False


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_build_restores_the_history_and_chart_caches_first(name: str) -> None:
    wf = load(GH / "workflows" / name)
    job = "build" if name == "deploy.yml" else "check"
    order = steps(wf, job)
    cache_steps = step_using(wf, "actions/cache", job) + step_using(wf, "actions/cache/restore", job)
    caches = [s for s in cache_steps if ".cache/charts" in s["with"]["path"].split()]
    assert len(caches) == 1, "the chart cache is not restored before the build"
    [cache] = caches
    assert {".cache/history", ".cache/fonts", ".cache/load", ".cache/docs"} <= set(cache["with"]["path"].split())
    assert cache["with"]["restore-keys"] and cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    assert order.index(cache) < order.index(step_running(wf, "make site", job))
    # one entry per change of the build's inputs, never one per commit
    assert "github.sha" not in cache["with"]["key"] and "hashFiles('data/**', 'generator/**'" in cache["with"]["key"]
    # pull requests only read the cache; main writes it
    assert cache["uses"].startswith("actions/cache/restore@" if name == "pr.yml" else "actions/cache@")


def test_pr_diff_goes_to_the_summary(pr: dict) -> None:
    step = step_running(pr, "generator diff")
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert step["run"].rstrip().endswith('>> "$GITHUB_STEP_SUMMARY"')
    args = cli.parser().parse_args(generator_args(step["run"]))
    assert (args.command, args.base, args.head, args.format) == ("diff", "origin/$BASE_REF", "HEAD", "markdown")
    assert step["if"] == "${{ !cancelled() }}"  # shown even when validation failed


def test_pr_uploads_the_built_site_and_runs_the_tests(pr: dict) -> None:
    [upload] = step_using(pr, "actions/upload-artifact", "check")
    assert upload["with"]["path"].rstrip("/") == "site" and upload["with"]["if-no-files-found"] == "error"
    names = [s.get("run", "") + s.get("uses", "") for s in steps(pr, "check")]
    assert names.index("make site") < names.index(upload["uses"])
    assert any(s.get("run") == "bash .ci/run" for s in pr["jobs"]["test"]["steps"])


DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def _images(job: dict) -> list[str]:
    """Every container image a job names: its `container:` (a string or `image:`) and its services'."""
    found = []
    for spec in [job.get("container"), *(job.get("services") or {}).values()]:
        if spec is not None:
            found.append(spec if isinstance(spec, str) else str(spec.get("image", "")))
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_job_runs_in_an_image_that_can_change_under_it(path: Path) -> None:
    """A tag (`python:3.11-bookworm`) is whatever was pushed last; an image must be pinned by its digest.
    (Today no job uses one: the tests run on the runner itself.)"""
    for name, job in load(path)["jobs"].items():
        for image in _images(job):
            assert DIGEST.search(image), f"{path.name}: job {name} runs in {image!r}, not pinned by @sha256 digest"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_the_test_job_runs_on_the_runner_with_the_whole_history(name: str) -> None:
    """The test job: the runner itself (its user, sudo for apt), setup-python's 3.11 before .ci/run, and a
    full clone: .ci/run fails on a shallow one rather than testing a site without its history."""
    wf = load(GH / "workflows" / name)
    job = wf["jobs"]["test"]
    assert job["runs-on"] == "ubuntu-24.04" and "container" not in job
    order = job["steps"]
    [checkout] = step_using(wf, "actions/checkout", "test")
    [setup] = step_using(wf, "actions/setup-python", "test")
    run = step_running(wf, "bash .ci/run", "test")
    assert order.index(checkout) < order.index(setup) < order.index(run)
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements-dev.txt"


def test_dependabot_watches_pip_and_actions() -> None:
    cfg = load(GH / "dependabot.yml")
    assert cfg["version"] == 2
    assert {u["package-ecosystem"] for u in cfg["updates"]} >= {"pip", "github-actions"}


def test_codeowners_covers_every_city_and_the_code() -> None:
    rules = {}
    for line in (GH / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    for city in sorted(p.name for p in (ROOT / "data" / "cities").iterdir() if p.is_dir()):
        owners = rules.get(f"/data/cities/{city}/")
        assert owners and any(o.endswith(f"/{city}-bureau") for o in owners), f"no bureau reviews data/cities/{city}/"
    for path in ("/generator/", "/.github/", "*"):
        assert rules[path] == ["@henan-ip-portal/maintainers"]
    assert "PLACEHOLDER" in (GH / "CODEOWNERS").read_text(encoding="utf-8")


def test_pull_request_template_checklist() -> None:
    text = (GH / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ]")]
    assert len(boxes) >= 4
    checklist = text[text.index("## 检查清单") :]
    for zh, en in (
        ("来源", "source document"),
        ("中文和英文", "Both languages"),
        ("核对", "checked against"),
        ("预览", "preview"),
    ):
        assert zh in checklist and en in checklist


def test_data_error_issue_form() -> None:
    form = load(GH / "ISSUE_TEMPLATE" / "data-error.yml")
    assert form["name"] and form["description"]
    fields = {b["id"]: b for b in form["body"] if "id" in b}
    # page_url, subject and language are prefilled by every page's link (generator.publishing.FORM_FIELDS)
    assert set(fields) == {"page_url", "subject", "language", "what_is_wrong", "correct_value", "source"}
    for required in ("page_url", "what_is_wrong", "source"):
        assert fields[required]["validations"]["required"] is True
    for b in fields.values():
        assert re.search(r"[\u4e00-\u9fff]", b["attributes"]["label"]) and re.search(
            r"[A-Za-z]", b["attributes"]["label"]
        )


def test_staff_guide_matches_the_data_format_and_commands() -> None:
    """The guides quote CSV headers, status values and make targets: fail when the code moves on."""
    from generator.models import OBSERVATION_COLUMNS, TASK_REPORT_COLUMNS, TaskStatus

    guide = (ROOT / "docs" / "staff" / "observations.md").read_text(encoding="utf-8")
    assert guide.count(",".join(OBSERVATION_COLUMNS) + "\n") == 2  # Chinese and English sections
    assert guide.count(",".join(TASK_REPORT_COLUMNS) + "\n") == 2
    for column in OBSERVATION_COLUMNS + TASK_REPORT_COLUMNS:
        assert f"| `{column}` |" in guide
    for status in TaskStatus:
        assert guide.count(f"`{status.value}`") >= 2
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, re.M))
    guides = list((ROOT / "docs" / "staff").glob("*.md")) + list((ROOT / "docs" / "maintainers").glob("*.md"))
    for path in guides:
        for target in re.findall(r"`make (\w+)", path.read_text(encoding="utf-8")):
            assert target in targets, f"{path.name}: `make {target}` is not a Makefile target"


def test_guides_are_chinese_first_and_link_only_to_pages_that_exist() -> None:
    docs = ROOT / "docs"
    pages = [docs / "index.md", *(docs / "staff").glob("*.md"), *(docs / "maintainers").glob("*.md")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if page.parent.name in ("staff", "maintainers"):  # Chinese first, then English
            assert 0 < text.index("## 中文") < text.index("## English")
        for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", text):
            assert (page.parent / target).resolve().is_file(), f"{page.relative_to(docs)}: broken link {target}"


# --- the make targets, the locks and the tools (issue #17: the same command everywhere) ---------------


def test_site_is_strict_by_default_and_lenient_only_when_asked() -> None:
    for run, strict in (("make site", True), ("make site STRICT=1", True), ("make site STRICT=0", False)):
        commands = make_commands(run)
        assert generator_command(commands, "validate").strict is strict, run
        assert generator_command(commands, "build").strict is strict, run
    assert generator_command(make_commands("make validate"), "validate").strict


def test_site_installs_the_build_lock_and_no_test_tools() -> None:
    installs = [c for c in make_commands("make site") if "pip install" in c]
    assert installs == [".venv/bin/python -m pip install -q --require-hashes -r requirements.txt"]
    installs = [c for c in make_commands("make test") if "pip install" in c]
    assert installs == [".venv/bin/python -m pip install -q --require-hashes -r requirements-dev.txt"]


def test_check_runs_lint_types_staleness_and_every_test_in_that_order() -> None:
    commands = make_commands("make check")
    wanted = [
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy",
        ".venv/bin/python -m generator schema --check",
        ".venv/bin/python -m generator charts --check",
        ".venv/bin/python -m pytest tests/browser",
        '.venv/bin/python -m pytest -m "not browser" -n auto --dist loadgroup',
    ]
    assert [c for c in commands if c in wanted] == wanted
    # Between them the two pytest runs leave no test out: every test is either a browser test or not.
    browser, rest = (shlex.split(c) for c in wanted[-2:])
    assert browser[browser.index("pytest") + 1 :] == ["tests/browser"]
    assert rest[rest.index("-m", 3) + 1] == "not browser"


def test_ci_runs_make_check() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[-1] == "make check"
    assert [line for line in commands if re.search(r"-m (pytest|generator)\b", line)] == []  # only through make


def pins(path: Path) -> dict[str, str]:
    """{normalised package name: version} of every `name==version` line."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line):
            found[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return found


BUILD_LOCK, DEV_LOCK = ROOT / "requirements.txt", ROOT / "requirements-dev.txt"


def test_the_dev_lock_holds_the_build_lock_at_the_same_versions() -> None:
    build, dev = pins(BUILD_LOCK), pins(DEV_LOCK)
    assert build and {name: dev.get(name) for name in build} == build


def test_the_locks_pin_the_in_files_and_keep_test_tools_out_of_the_build() -> None:
    build, dev = pins(BUILD_LOCK), pins(DEV_LOCK)
    for source, lock in ((ROOT / "requirements.in", build), (ROOT / "requirements-dev.in", dev)):
        direct = pins(source)
        assert direct and {name: lock.get(name) for name in direct} == direct, source.name
        lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line and line[0] not in "#-"]
        assert len(lines) == len(direct), f"{source.name}: every direct dependency is pinned with =="
    for tool in ("playwright", "pytest", "pytest-xdist", "hypothesis", "ruff", "mypy", "altair", "openpyxl"):
        assert tool in dev and tool not in build, tool
    for unused in ("pandas", "numpy"):  # docs/maintainers/dependencies.md says why
        assert unused not in dev and unused not in build
    assert "-r requirements.in" in (ROOT / "requirements-dev.in").read_text(encoding="utf-8").splitlines()


def test_dependabot_updates_the_locks_that_ci_installs() -> None:
    """Dependabot reads only *.txt and *.in files, and recompiles a lock only when it carries pip-compile's header
    naming its .in file; so every file that make installs from must be such a lock."""
    cfg = load(GH / "dependabot.yml")
    assert {u["package-ecosystem"]: u["directory"] for u in cfg["updates"]} == {
        "pip": "/",
        "github-actions": "/",
        "npm": "/",
    }
    installed = set()
    for target in ("install", "install-dev"):
        for c in make_commands(f"make {target}"):
            installed |= set(re.findall(r"-r (\S+)", c))
    assert installed == {"requirements.txt", "requirements-dev.txt"}
    for name in installed:
        head = (ROOT / name).read_text(encoding="utf-8")[:600]
        assert "autogenerated by pip-compile" in head, name
        assert re.search(rf"#\s+pip-compile .*--output-file={re.escape(name)} .*{re.escape(name[:-4])}\.in\n", head)


def _top_level_imports(path: Path) -> set[str]:
    """Top-level package names imported at module level (imports inside functions run only when called)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


# Modules the build never imports, run only by a dev-lock make target: path → why.
AUTHORING_ONLY = {
    "generator/charts/templates.py": "the Altair chart definitions, compiled by `make charts` into committed JSON",
}


def test_the_build_imports_only_what_the_build_lock_installs() -> None:
    """`make site` installs requirements.txt alone: a module-level import of a test tool (or of a package no lock
    names) would break the build on a fresh clone while every test still passed. (That the build never imports
    the authoring modules is tested in test_charts.py, in a fresh process.)"""
    build = pins(BUILD_LOCK)
    distributions = importlib.metadata.packages_distributions()
    outside = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() in AUTHORING_ONLY:
            continue
        for name in _top_level_imports(path) - set(sys.stdlib_module_names) - {"generator"}:
            dists = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(name, [name])}
            if not dists & set(build):
                outside[f"{path.relative_to(ROOT)}: {name}"] = sorted(dists)
    assert outside == {}


def test_pre_commit_runs_the_make_targets() -> None:
    cfg = load(ROOT / ".pre-commit-config.yaml")
    hooks = [h for repo in cfg["repos"] for h in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in cfg["repos"])
    for hook in hooks:
        assert hook["language"] == "system" and hook["pass_filenames"] is False, hook["id"]
        words = hook["entry"].split()
        assert words[0] == "make" and len(words) == 2, hook["entry"]
    entries = {h["entry"]: h.get("stages", cfg.get("default_stages")) for h in hooks}
    on_commit = ("make lint", "make types", "make stale", "make validate")
    assert {e: entries.get(e) for e in on_commit} == {e: ["pre-commit"] for e in on_commit}
    assert entries["make check"] == ["pre-push"]
    assert set(cfg["default_install_hook_types"]) == {"pre-commit", "pre-push"}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for entry in entries:
        assert re.search(rf"^{entry.split()[1]}:", makefile, re.M), entry


def test_lint_and_type_settings() -> None:
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert cfg["ruff"]["line-length"] == 120 and cfg["ruff"]["target-version"] == "py311"
    assert {"E", "F", "I", "B", "UP"} <= set(cfg["ruff"]["lint"]["select"])
    assert cfg["mypy"]["files"] == ["generator"] and "pydantic.mypy" in cfg["mypy"]["plugins"]


def test_the_locks_carry_hashes_and_make_requires_them() -> None:
    """pip refuses a download whose hash is not in the lock: what CI tests is byte for byte what it installs."""
    for lock in (BUILD_LOCK, DEV_LOCK):
        text = lock.read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9][A-Za-z0-9._-]*==)", text)
        pinned = [b for b in blocks if re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*==", b)]
        assert pinned and all("--hash=sha256:" in b for b in pinned), lock.name
    for target in ("install", "install-dev"):
        installs = [c for c in make_commands(f"make {target}") if "pip install" in c]
        assert installs and all("--require-hashes" in c for c in installs), target
    assert "--generate-hashes" in (ROOT / "Makefile").read_text(encoding="utf-8")  # `make lock` keeps them


def test_dependabot_waits_a_week_before_proposing_a_release() -> None:
    cfg = load(GH / "dependabot.yml")
    assert all(u.get("cooldown", {}).get("default-days", 0) >= 7 for u in cfg["updates"])


def _ci_run_in(repo: Path, tmp_path: Path, git_cmd: str) -> subprocess.CompletedProcess:
    """.ci/run's git preamble (up to `make check`) run in `repo` with a stand-in `git`."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    start = script.index("# The tests read the data's git history")
    end = script.index("# make check sets up .venv")
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "git").write_text("#!/bin/sh\n" + git_cmd, encoding="utf-8")
    (fake / "git").chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(tmp_path)}
    return subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script[start:end] + "echo reached-make-check\n"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ci_fails_loudly_when_git_cannot_read_the_history(tmp_path: Path) -> None:
    # git refuses every command (as for a repository owned by another user, even after safe.directory)
    refused = _ci_run_in(tmp_path, tmp_path, 'echo "fatal: detected dubious ownership" >&2; exit 128\n')
    assert refused.returncode != 0 and "reached-make-check" not in refused.stdout
    assert "history" in refused.stderr
    # a readable, full history goes on to `make check`
    ok = _ci_run_in(tmp_path, tmp_path, 'case "$*" in *is-shallow*) echo false;; esac; exit 0\n')
    assert ok.returncode == 0 and "reached-make-check" in ok.stdout
    # a shallow clone (actions/checkout's default depth of 1) is refused too, with what to do
    shallow = _ci_run_in(tmp_path, tmp_path, 'case "$*" in *is-shallow*) echo true;; esac; exit 0\n')
    assert shallow.returncode != 0 and "reached-make-check" not in shallow.stdout
    assert "fetch-depth: 0" in shallow.stderr


def _ci_install(tmp_path: Path, *, uid: int, os_id: str, have: set[str], sudo: bool = True) -> tuple:
    """.ci/run's system-package section run with stand-in commands: `have` names the tools already there,
    `id -u` says `uid`; returns (exit code, stderr, the apt-get and sudo calls it made)."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    section = script[script.index("# --- system packages") : script.index("# --- end of system packages")]
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "os-release").write_text(f"ID={os_id}\n", encoding="utf-8")
    section = section.replace("/etc/os-release", str(tmp_path / "os-release"))
    fake, log = tmp_path / "bin", tmp_path / "calls.log"
    fake.mkdir()
    tools = {
        "id": f"echo {uid}",
        "apt-get": f'echo "apt-get $*" >> {log}',
        "fc-list": "echo 'Noto Sans CJK SC'" if "fonts" in have else "exit 0",
        **{t: "exit 0" for t in ("chromium", "java", "npm", "make") if t in have},
        "python3": "exit 0",
    }
    if sudo:  # password-less sudo: log, drop -n, run the rest
        tools["sudo"] = f'echo "sudo $*" >> {log}; [ "$1" = -n ] && shift; exec "$@"'
    for name, body in tools.items():
        (fake / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (fake / name).chmod(0o755)
    for real in ("grep", "env", "sleep", "true"):
        (fake / real).symlink_to(shutil.which(real) or real)
    done = subprocess.run(
        ["/bin/bash", "-c", "set -euo pipefail\n" + section + "echo installed-what-was-missing\n"],
        cwd=tmp_path,
        env={"PATH": str(fake), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert (done.returncode == 0) == ("installed-what-was-missing" in done.stdout)
    return done.returncode, done.stderr, calls


def test_ci_installs_packages_as_the_runner_user_through_sudo(tmp_path: Path) -> None:
    # GitHub's ubuntu-24.04 runner: its own user, Chromium, Java, npm and make there; only the fonts missing
    rc, _, calls = _ci_install(tmp_path, uid=1001, os_id="ubuntu", have={"chromium", "java", "npm", "make"})
    assert rc == 0
    installs = [c for c in calls if c.startswith("apt-get install")]
    assert len(installs) == 1 and installs[0].split()[-2:] == ["fonts-noto-cjk", "fontconfig"]
    through_sudo = [c for c in calls if c.startswith("sudo ")]
    assert through_sudo[0] == "sudo -n true"  # asks for no password: never hangs waiting for one
    assert through_sudo[1].startswith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update")
    assert len(through_sudo) == 1 + len([c for c in calls if c.startswith("apt-get")])


def test_ci_installs_packages_directly_as_root_in_a_debian_container(tmp_path: Path) -> None:
    rc, _, calls = _ci_install(tmp_path, uid=0, os_id="debian", have={"make"}, sudo=False)
    assert rc == 0 and not [c for c in calls if c.startswith("sudo")]
    [install] = [c for c in calls if c.startswith("apt-get install")]
    assert {"chromium", "fonts-noto-cjk", "default-jre-headless", "npm"} <= set(install.split())


def test_ci_fails_loudly_without_root_or_sudo_or_a_usable_chromium(tmp_path: Path) -> None:
    rc, err, calls = _ci_install(tmp_path / "a", uid=1001, os_id="debian", have={"chromium", "make"}, sudo=False)
    assert rc != 0 and "sudo" in err and calls == []
    # Ubuntu's `chromium` package is a stub for the snap: never installed, the missing browser is named instead
    rc, err, calls = _ci_install(tmp_path / "b", uid=1001, os_id="ubuntu", have={"fonts", "java", "npm", "make"})
    assert rc != 0 and "chromium" in err and calls == []
    # and nothing is installed when nothing is missing
    rc, _, calls = _ci_install(
        tmp_path / "c", uid=1001, os_id="ubuntu", have={"chromium", "fonts", "java", "npm", "make"}
    )
    assert rc == 0 and calls == []
