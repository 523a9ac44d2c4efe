"""What `validate` accepts, `build` builds: a property test over the hostile corpus.

Each string of the corpus (tests/test_hostile.py) is put in every slot staff can type text into
— an indicator's name, unit, category and notes, an observation's source, section, quote and
notes, a task's section, title and text, a department's name, a reference series' name and
entity — as the items of case *i*. Every case is validated on its own: it either fails
validation, or it goes into one tree with all the other accepted cases, and that tree must
build (pages, charts, search, downloads). One build keeps the test affordable; each case
has its own items, so a case that breaks the build is named by the error.

The sources README, which the About page shows, goes through the data files' guards: GBK text
and a link out of the data folder are validation errors, never a crash or a published file.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from test_hostile import CORPUS

from generator.load import load
from generator.pipeline import BuildSettings, build_site
from generator.problems import DataError

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal"
PLAN = "cities/example/plans/example-ip-2021-2025"
EXTRA = [
    "https://example.org/a?b=c",
    "www.example.org",
    "//example.org/x",
    "see http://x.test in the notes",
    "郑州" * 300,  # a long label
]


def _yaml_list(path: Path) -> list:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the data format forbids anchors and aliases
        return True


def _dump(path: Path, data) -> None:
    path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _both(s: str) -> dict[str, str]:
    return {"zh": s, "en": s}


def add_case(data: Path, i: int, s: str, label: str | None = None) -> None:
    """Case ``i``: ``s`` in every text slot of new items with ids ending in ``-h<i>`` (``label``, if
    given, in the names, titles, units and labels instead)."""
    label = s if label is None else label
    plan = data / PLAN
    inds = _yaml_list(plan / "indicators.yaml")
    ind = dict(inds[0], id=f"hostile-h{i}", name=_both(label), unit=_both(label), category=_both(label), notes=_both(s))
    ind.pop("concept", None)
    _dump(plan / "indicators.yaml", [*inds, ind])

    deps = _yaml_list(data / "cities/example/departments.yaml")
    _dump(data / "cities/example/departments.yaml", [*deps, {"id": f"dept-h{i}", "name": _both(label)}])

    tasks = _yaml_list(plan / "tasks.yaml")
    task = dict(tasks[0], id=f"task-h{i}", section=_both(label), title=_both(label), text=_both(s))
    task["responsible"] = [f"dept-h{i}"]
    task.pop("number", None)
    _dump(plan / "tasks.yaml", [*tasks, task])

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([f"hostile-h{i}", 2022, 6.1, s, s, s, s, s])
    with (plan / "observations.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write(out.getvalue())

    ref = yaml.safe_load((data / "reference/example-peer-patents.yaml").read_text(encoding="utf-8"))
    ref = dict(ref, id=f"ref-h{i}", name=_both(label), notes=_both(s))
    ref.pop("concept", None)
    ref["points"] = [dict(ref["points"][0], entity=_both(label)), *ref["points"][1:]]
    _dump(data / f"reference/ref-h{i}.yaml", ref)


def _fresh(dest: Path) -> Path:
    shutil.copytree(MINIMAL, dest)
    return dest


@pytest.mark.slow
def test_what_validate_accepts_builds(tmp_path):
    accepted, refused = [], []
    for i, s in enumerate([*CORPUS, *EXTRA]):
        data = _fresh(tmp_path / f"case{i}")
        add_case(data, i, s)
        errors = load(data).errors
        (refused if errors else accepted).append((i, s))
        shutil.rmtree(data)
    # the property is only worth something if both sides are populated
    assert len(accepted) >= 20 and refused, (len(accepted), len(refused))
    assert all(s not in dict(accepted).values() for s in EXTRA[:3]), "web addresses in labels must be refused"

    data = _fresh(tmp_path / "all")
    for i, s in accepted:
        add_case(data, i, s)
    # web addresses where they are allowed: notes, a task's full text, an observation's source and quote
    n = len(CORPUS) + len(EXTRA)
    for j, s in enumerate(EXTRA[:4]):
        add_case(data, n + j, s, label=f"地址 {j}")
        accepted.append((n + j, s))
    assert load(data).errors == []
    out = tmp_path / "site"
    build_site(BuildSettings(data_dir=data, out_dir=out, cache_dir=tmp_path / "cache"))
    for i, _ in accepted:
        page = out / f"plans/example-ip-2021-2025/indicators/hostile-h{i}/index.html"
        assert page.is_file(), f"case {i} has no page"


def test_a_gbk_sources_readme_is_a_validation_error_not_a_crash(tmp_path):
    data = _fresh(tmp_path / "data")
    readme = data / "sources" / "README.md"
    readme.write_bytes("# 原文\n\n| 文件 | 标题 |\n|---|---|\n| a.txt | 许昌 |\n".encode("gbk"))
    result = load(data)
    assert [(p.code, p.file) for p in result.errors] == [("not-utf8", "data/sources/README.md")]
    with pytest.raises(DataError) as caught:
        build_site(BuildSettings(data_dir=data, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache"))
    assert [p.code for p in caught.value.problems] == ["not-utf8"]
    assert not (tmp_path / "site").exists()


def test_a_sources_readme_linking_out_of_the_data_folder_is_refused(tmp_path):
    data = _fresh(tmp_path / "data")
    secret = tmp_path / "secret.md"
    secret.write_text("| 文件 | 标题 |\n|---|---|\n| x | SECRET-TOKEN |\n", encoding="utf-8")
    readme = data / "sources" / "README.md"
    readme.unlink()
    readme.symlink_to(secret)
    result = load(data)
    assert [(p.code, p.file) for p in result.errors] == [("unreadable-file", "data/sources/README.md")]
    assert "SECRET-TOKEN" not in result.portal.sources_readme
