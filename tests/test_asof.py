"""The data's as-of date: the date of the data version, so a commit validates the same on any day."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from generator.asof import as_of_date
from generator.load import validate

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal"
OBS = "cities/example/plans/example-ip-2021-2025/observations.csv"
REPORTS = "cities/example/plans/example-ip-2021-2025/task_reports.csv"
TODAY = dt.date(2030, 1, 15)


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def _repo(tmp_path: Path, date: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo / "data")
    (repo / "README.md").write_text("not data\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "data", date=date)
    return repo


def test_committed_data_is_as_of_its_commit_date_whatever_the_clock(tmp_path):
    repo = _repo(tmp_path, "2024-03-05T10:00:00+00:00")
    assert as_of_date(repo / "data", today=TODAY) == dt.date(2024, 3, 5)
    # a later commit outside data/ does not move the date
    (repo / "README.md").write_text("still not data\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "docs", date="2025-01-01T10:00:00+00:00")
    assert as_of_date(repo / "data", today=TODAY) == dt.date(2024, 3, 5)


def test_uncommitted_data_and_data_without_history_are_as_of_today(tmp_path):
    repo = _repo(tmp_path, "2024-03-05T10:00:00+00:00")
    with (repo / "data" / REPORTS).open("a", encoding="utf-8") as fh:
        fh.write("t02,2024-06-30,completed,示例市2024年知识产权工作总结,,\n")
    assert as_of_date(repo / "data", today=TODAY) == TODAY
    plain = tmp_path / "plain"
    shutil.copytree(MINIMAL, plain)
    assert as_of_date(plain, today=TODAY) == TODAY


def test_a_report_dated_after_the_commit_is_refused_in_that_commit(tmp_path):
    repo = _repo(tmp_path, "2024-03-05T10:00:00+00:00")
    with (repo / "data" / REPORTS).open("a", encoding="utf-8") as fh:
        fh.write("t02,2024-06-30,completed,示例市2024年知识产权工作总结,,\n")
    _git(repo, "commit", "-q", "-am", "report", date="2024-04-01T10:00:00+00:00")
    codes = [p.code for p in validate(repo / "data")]
    assert codes == ["report-after-as-of"]
    problem = validate(repo / "data")[0]
    assert "2024-06-30" in problem.message_en and "2024-04-01" in problem.message_en
    assert "2024-06-30" in problem.message_zh and "2024-04-01" in problem.message_zh


def test_a_value_for_the_as_of_year_is_allowed_and_the_next_year_is_not(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    with (data / OBS).open("a", encoding="utf-8") as fh:
        fh.write("invention-patents-per-10k,2026,8.8,示例市2026年知识产权发展状况,一、总体情况,,,\n")
    assert validate(data, strict=True, as_of=dt.date(2026, 12, 1)) == []
    assert [p.code for p in validate(data, as_of=dt.date(2025, 12, 31))] == ["observation-after-as-of"]
