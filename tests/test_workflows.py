"""The GitHub workflows and review aids keep their safety properties (they cannot silently regress)."""

from __future__ import annotations

import re
import shlex
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
    return words[words.index("generator") + 1:]


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
    assert step_using(deploy, "actions/upload-pages-artifact", "build")[0]["with"]["path"].rstrip("/") == "site"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_validate_annotates_and_writes_the_summary(name: str) -> None:
    wf = load(GH / "workflows" / name)
    run = step_running(wf, "generator validate")["run"]
    assert '--summary "$GITHUB_STEP_SUMMARY"' in run
    args = cli.parser().parse_args(generator_args(run))
    assert (args.command, args.strict, args.format, args.summary) == ("validate", True, "github", "$GITHUB_STEP_SUMMARY")


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_build_is_strict_from_pinned_requirements(name: str) -> None:
    wf = load(GH / "workflows" / name)
    args = cli.parser().parse_args(generator_args(step_running(wf, "generator build")["run"]))
    assert args.command == "build" and args.strict and args.out == "site"
    assert "-r requirements.lock" in step_running(wf, "pip install")["run"]
    [setup] = step_using(wf, "actions/setup-python")
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.lock"
    checkout = step_using(wf, "actions/checkout", "build" if name == "deploy.yml" else "check")[0]
    assert checkout["with"]["fetch-depth"] == 0  # history: diff base and the data version
    assert checkout["with"]["persist-credentials"] is False


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_build_restores_the_history_and_chart_caches_first(name: str) -> None:
    wf = load(GH / "workflows" / name)
    job = "build" if name == "deploy.yml" else "check"
    order = steps(wf, job)
    caches = [s for s in step_using(wf, "actions/cache", job) if ".cache/charts" in s["with"]["path"].split()]
    assert len(caches) == 1, "the chart cache is not restored before the build"
    [cache] = caches
    assert ".cache/history" in cache["with"]["path"].split()
    assert cache["with"]["restore-keys"] and cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    assert order.index(cache) < order.index(step_running(wf, "generator build", job))


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
    assert names.index(next(n for n in names if "generator build" in n)) < names.index(upload["uses"])
    test = pr["jobs"]["test"]
    assert test["container"].endswith("bookworm")  # Debian: .ci/run installs chromium, fonts-noto-cjk
    assert any(s.get("run") == "bash .ci/run" for s in test["steps"])


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
    checklist = text[text.index("## 检查清单"):]
    for zh, en in (("来源", "source document"), ("中文和英文", "Both languages"), ("核对", "checked against"),
                   ("预览", "preview")):
        assert zh in checklist and en in checklist


def test_data_error_issue_form() -> None:
    form = load(GH / "ISSUE_TEMPLATE" / "data-error.yml")
    assert form["name"] and form["description"]
    fields = {b["id"]: b for b in form["body"] if "id" in b}
    assert set(fields) == {"page_url", "what_is_wrong", "correct_value", "source"}
    for required in ("page_url", "what_is_wrong", "source"):
        assert fields[required]["validations"]["required"] is True
    for b in fields.values():
        assert re.search(r"[\u4e00-\u9fff]", b["attributes"]["label"]) and re.search(r"[A-Za-z]", b["attributes"]["label"])


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
