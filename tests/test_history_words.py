"""The change history as the public reads it: one sentence per kind of change, in both
languages, from a real git repository; What's new grouped by date and capped; and no commit
id, commit subject or field path on any public page of a built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_diff import add_csv_row, commit_all, git, make_repo, read_yaml, write_yaml

from generator import feed, history
from generator.diff import Change
from generator.models import OBSERVATION_COLUMNS, TASK_REPORT_COLUMNS
from generator.pages import whats_new
from generator.pages.history_section import history_section
from generator.pages.history_words import day_groups, sentences
from generator.pages.whats_new import whats_new_page

PLAN = "example-ip-2021-2025"
IND = "invention-patents-per-10k"
# Developer words that must never reach a reader: each commit subject carries some.
SUBJECTS = {
    "obs": "DEV-1 obs: add 2023 row (observations.csv)",
    "obs-fix": "DEV-2 fix target.value and notes.en in indicators.yaml",
    "target": "DEV-3 target.value 10 -> 15; notes.en wording",
    "tasks": "DEV-4 tasks.yaml: t99, t01.responsible += science-technology",
    "dept": "DEV-5 departments.yaml market-regulation name.zh/name.en",
    "concept": "DEV-6 concept: （空） → example-concept-slug",
    "report": "DEV-7 task_reports.csv row",
    "removed": "DEV-8 drop 2023 row",
}


def _plan_dir(repo: Path) -> Path:
    return repo / "data" / "cities" / "example" / "plans" / PLAN


def _set_obs_value(path: Path, year: int, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [
        ",".join([IND, str(year), value, *ln.split(",")[3:]]) if ln.startswith(f"{IND},{year},") else ln for ln in lines
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The minimal fixture, then one commit per kind of change (subjects in developer words)."""
    repo = make_repo(tmp_path_factory.mktemp("words"))
    plan = _plan_dir(repo)
    obs = plan / "observations.csv"
    row = {"indicator": IND, "year": 2023, "value": "8.9", "source": "example_plan.txt", "section": "一、发展基础"}
    add_csv_row(obs, OBSERVATION_COLUMNS, row)
    commit_all(repo, SUBJECTS["obs"])
    _set_obs_value(obs, 2023, "9.1")
    commit_all(repo, SUBJECTS["obs-fix"])
    inds = read_yaml(plan / "indicators.yaml")
    inds[0]["target"]["value"] = 15
    inds[1]["notes"] = {"zh": inds[1].get("notes", {}).get("zh") or "说明", "en": "Reworded note"}
    write_yaml(plan / "indicators.yaml", inds)
    commit_all(repo, SUBJECTS["target"])  # the notes: the first time they change in zh as well
    inds = read_yaml(plan / "indicators.yaml")
    inds[1]["notes"]["en"] = "Reworded note, again"
    write_yaml(plan / "indicators.yaml", inds)
    tasks = read_yaml(plan / "tasks.yaml")
    tasks[0]["responsible"] = [*tasks[0]["responsible"], "science-technology"]
    tasks.append(
        {**tasks[0], "id": "t99", "number": "99", "title": {"zh": "新建服务平台", "en": "A new service platform"}}
    )
    write_yaml(plan / "tasks.yaml", tasks)
    commit_all(repo, SUBJECTS["tasks"])
    depts_file = repo / "data" / "cities" / "example" / "departments.yaml"
    depts = read_yaml(depts_file)
    depts[0]["name"] = {"zh": "市市场监督管理局", "en": "Example Administration for Market Regulation"}
    write_yaml(depts_file, depts)
    commit_all(repo, SUBJECTS["dept"])
    inds = read_yaml(plan / "indicators.yaml")
    inds[0].pop("concept", None)
    write_yaml(plan / "indicators.yaml", inds)
    commit_all(repo, "DEV-6a unlink")
    inds[0]["concept"] = IND
    write_yaml(plan / "indicators.yaml", inds)
    commit_all(repo, SUBJECTS["concept"])
    add_csv_row(
        plan / "task_reports.csv",
        TASK_REPORT_COLUMNS,
        {"task": "t01", "date": "2024-06-30", "status": "completed", "source": "2024年工作总结"},
    )
    commit_all(repo, SUBJECTS["report"])
    obs.write_text(
        "\n".join(ln for ln in obs.read_text(encoding="utf-8").splitlines() if not ln.startswith(f"{IND},2023,"))
        + "\n",
        encoding="utf-8",
    )
    commit_all(repo, SUBJECTS["removed"])
    return repo


@pytest.fixture(scope="module")
def entries(repo) -> list[history.Entry]:
    return history.load_history(repo)


def said(entries, subject: str, lang: str) -> list[str]:
    [entry] = [e for e in entries if e.subject == subject]
    return [s for c in entry.changes for s in sentences(c, lang)]


TITLE = read_yaml(Path(__file__).parent / "fixtures/valid/minimal/cities/example/plans" / PLAN / "plan.yaml")["title"]
EXPECTED = {
    "obs": (
        f"新增2023年数值：8.9件（来源：《{TITLE['zh']}》一、发展基础）",
        f"New 2023 value: 8.9 patents (source: {TITLE['en']}, 一、发展基础)",
    ),
    "obs-fix": ("2023年数值由8.9件改为9.1件", "2023 value changed from 8.9 patents to 9.1 patents"),
    "target": (
        "目标由2025年达到10件改为2025年达到15件",
        "Target changed from “reach 10 patents by 2025” to “reach 15 patents by 2025”",
    ),
    "tasks": ("增加责任单位：市科技局", "Responsible units added: Municipal Science and Technology Bureau"),
    "dept": (
        "名称由“市市场监管局”改为“市市场监督管理局”",
        "Name changed from “Municipal Administration for Market Regulation” to “Example",
    ),
    "concept": (
        "纳入可比概念“每万人口发明专利拥有量”，可与其他城市比较",
        "Now compared with other cities under “Invention patents per 10,000 people”",
    ),
    "report": (
        "新增2024-06-30进展报告：已完成（来源：2024年工作总结）",
        "New progress report of 2024-06-30: completed (source: 2024年工作总结)",
    ),
    "removed": ("删除2023年数值（原为9.1件）", "2023 value removed (was 9.1 patents)"),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_kind_of_change_reads_as_a_plain_sentence(entries, kind) -> None:
    zh, en = EXPECTED[kind]
    assert any(s.startswith(zh) for s in said(entries, SUBJECTS[kind], "zh")), said(entries, SUBJECTS[kind], "zh")
    assert any(s.startswith(en) for s in said(entries, SUBJECTS[kind], "en")), said(entries, SUBJECTS[kind], "en")


def test_source_names_the_document_not_its_file(entries) -> None:
    [en] = said(entries, SUBJECTS["obs"], "en")
    assert TITLE["en"] in en and "example_plan.txt" not in en
    assert not any("example_plan.txt" in s for e in entries for c in e.changes for s in sentences(c, "zh"))


def test_task_added_and_wording_said_only_in_its_language(entries) -> None:
    zh, en = said(entries, SUBJECTS["tasks"], "zh"), said(entries, SUBJECTS["tasks"], "en")
    assert "新增任务" in zh and "Task added" in en
    # the English notes changed alone: news to English readers only, in one plain sentence
    assert "Wording of the notes revised" in en and "说明文字有修订" not in zh
    assert "说明文字有修订" in said(entries, SUBJECTS["target"], "zh")  # there the Chinese notes changed too


def test_unlinking_a_concept_and_the_plan_page_subjects(entries) -> None:
    assert said(entries, "DEV-6a unlink", "zh") == ["不再纳入可比概念“每万人口发明专利拥有量”"]
    md = history_section(entries, "zh", PLAN)
    # the plan page names the thing, not the city again
    assert "健全知识产权政策法规</span>：增加责任单位" in md and "示例市 · " not in md
    ind = history_section(entries, "zh", PLAN, IND)
    assert "新增2023年数值：8.9件" in ind and "history-subject" not in ind  # the indicator page is the subject
    assert "增加责任单位" not in ind


def test_indicator_page_history_is_dated_folded_and_free_of_developer_words(entries) -> None:
    for lang in ("zh", "en"):
        md = history_section(entries, lang, PLAN, IND)
        assert md.startswith(("## 数据更新记录", "## Updates to this data"))
        assert '<details class="history-fold"><summary>' in md  # more than a few lines: folded, counted
        assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\d\">", md)
        for e in entries:
            assert e.subject not in md and e.commit[:7] not in md
        assert not re.search(r"\b(target|notes|name|source)\.(value|en|zh|section)\b", md)


def _entry(date: str, n: int, hour: int = 0) -> history.Entry:
    changes = tuple(
        Change(
            "added",
            "observation",
            f"o{date}{i}",
            "甲市 · 指标",
            "A · indicator",
            city="a",
            plan="p",
            indicator="i",
            year=2000 + i,
            summary=float(i),
        )
        for i in range(n)
    )
    sha = f"{hour:02d}{date.replace('-', '')}".ljust(40, "0")
    return history.Entry(sha, sha[:7], date, f"{date}T{hour:02d}:00:00+08:00", "secret subject", changes)


def test_whats_new_groups_by_date_newest_first_and_caps() -> None:
    dates = [f"2024-01-{d:02d}" for d in range(1, 10)]
    entries = [_entry(d, 3) for d in dates] + [_entry(dates[-1], whats_new.MAX_LINES_PER_DAY, hour=9)]
    days = day_groups(entries, "zh", "site")
    assert [d.date for d in days] == sorted(dates, reverse=True)  # one group a date, newest first
    assert len(days[0].lines) == whats_new.MAX_LINES_PER_DAY  # two commits of one day; a repeated line once
    page = whats_new_page(entries, "zh")
    shown = re.findall(r'<li id="d-(\d{4}-\d\d-\d\d)"><time', page)
    assert shown == sorted(dates, reverse=True)[: whats_new.MAX_DAYS]
    assert "更早的3个日期的修改未在此列出" in page and 'href="feed.xml"' in page
    assert "secret subject" not in page and "0000000" not in page
    en = whats_new_page(entries[:2], "en")
    assert re.findall(r'<li id="d-([\d-]+)">', en) == ["2024-01-02", "2024-01-01"] and "earlier dates" not in en


def test_whats_new_caps_lines_of_a_day() -> None:
    big = _entry("2024-02-01", whats_new.MAX_LINES_PER_DAY + 5)
    big = history.Entry(
        big.commit,
        big.short,
        big.date,
        big.timestamp,
        big.subject,
        tuple(
            Change(
                "added",
                "observation",
                f"k{i}",
                f"甲市 · 指标{i}",
                f"A · ind {i}",
                city="a",
                plan="p",
                indicator=f"i{i}",
                year=2020,
                summary=1.0,
            )
            for i in range(whats_new.MAX_LINES_PER_DAY + 5)
        ),
    )
    page = whats_new_page([big], "zh")
    assert page.count('<li><span class="history-subject">') == whats_new.MAX_LINES_PER_DAY
    assert "……另有5项修改" in page and "每个规划和指标页面" in page


def test_many_additions_of_one_kind_are_counted() -> None:
    tasks = tuple(
        Change("added", "task", f"t{i}", f"甲市 · 任务{i}", f"A · task {i}", city="a", plan="p", task=f"t{i}")
        for i in range(50)
    )
    e = history.Entry("b" * 40, "b" * 7, "2024-03-01", "2024-03-01T00:00:00+08:00", "x", tasks)
    [day] = day_groups([e], "zh", "site")
    assert [(ln.subject, ln.text) for ln in day.lines] == [("甲市", "新增50项任务")]
    [day] = day_groups([e], "en", "plan", "p")
    assert [ln.text for ln in day.lines] == ["50 tasks added"]


def test_feed_carries_sentences_not_commits(entries) -> None:
    for lang in ("zh", "en"):
        text = feed.atom_feed(entries, lang, "https://portal.example.org/")
        for e in entries:
            assert e.commit[:7] not in text and e.subject not in text
        assert ("新增2023年数值" if lang == "zh" else "New 2023 value") in text


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> Path:
    from generator.pipeline import BuildSettings, build_site

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(BuildSettings(data_dir=repo / "data", out_dir=out, cache_dir=out.parent / "cache"))
    return out


_HEX = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b")
_PATH = re.compile(
    r"\b(target|baseline|notes|name|source|unit|title|text|section)\.(value|kind|year|en|zh|section|quote|file)\b"
)


def _article(html: str) -> str:
    m = re.search(r"<article\b.*?</article>", html, re.S)
    return re.sub(r"<[^>]+>", " ", m.group(0)) if m else ""


def test_no_public_page_shows_a_commit_id_field_path_or_subject(repo, built) -> None:
    commits = git(repo, "log", "--format=%H").split()
    pages = [p for p in built.rglob("*.html") if "contribute" not in p.relative_to(built).parts]
    assert len(pages) > 20
    history_pages = 0
    for p in pages:
        html = p.read_text(encoding="utf-8")
        text = _article(html)
        history_pages += "数据更新记录" in html or "Updates to this data" in html
        for sha in commits:  # (the footer's data version names the last commit: not the history's business)
            assert sha[:7] not in text and sha not in html, (p, sha)
        for subject in SUBJECTS.values():
            assert subject not in html, (p, subject)
        assert not _HEX.search(text), (p, _HEX.search(text))
        assert not _PATH.search(text), (p, _PATH.search(text))
    assert history_pages >= 4  # the plan and its indicator pages, in both languages
    for xml in (built / "feed.xml", built / "en" / "feed.xml"):
        text = xml.read_text(encoding="utf-8")
        assert not any(sha[:7] in text for sha in commits) and not any(s in text for s in SUBJECTS.values())
    whats = (built / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert "2023年数值" in whats and "<time datetime=" in whats
    plan = (built / "plans" / PLAN / "index.html").read_text(encoding="utf-8")
    assert "目标由2025年达到10件改为2025年达到15件" in plan and "新增2023年数值：8.9件" in plan
