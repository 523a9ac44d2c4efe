"""The measured child process of benchmarks/build.py (run it through that script).

    python benchmarks/child.py build DATA OUT CACHE   # generator.pipeline.build_site, stage times as JSON
    python benchmarks/child.py floor DOCS_ROOT OUT    # bare mkdocs-material build of DOCS_ROOT/{zh,en}

``build`` gives the build CACHE as its cache folder (so "clean" and "warm" runs do not touch
the developer's .cache/) and records when each build stage starts (a progress reporter
passed in). The last line of stdout is a JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Recording:
    """Stands in for generator.progress.Progress: when each stage starts, each language's steps."""

    def __init__(self, start: float):
        self.start = start
        self.marks: list[tuple[str, float]] = []
        self.seconds: dict = {}

    def step(self, name: str) -> None:
        self.marks.append((name, time.monotonic() - self.start))

    def languages(self, seconds: dict) -> None:
        self.seconds = seconds

    def done(self, out_dir: Path) -> None:
        self.step("done")


def build(data: Path, out: Path, cache: Path) -> dict:
    from generator.processes import start_early

    start_early()  # as the command line does (generator/cli.py)
    from generator.pipeline import BuildSettings, build_site

    start = time.monotonic()
    progress = Recording(start)
    build_site(BuildSettings(data_dir=data, out_dir=out, cache_dir=cache), progress)
    marks = progress.marks
    stages = {name: round(marks[i + 1][1] - t, 3) for i, (name, t) in enumerate(marks[:-1])}
    return {"stages": stages, "languages": progress.seconds, "import": round(start - T0, 3)}


def floor(docs_root: Path, out: Path) -> dict:
    """Both languages of the bare build, from their written configurations DOCS_ROOT/mkdocs.<lang>.yml,
    run the way the real build runs them (generator.mkdocs_runner.run_mkdocs_languages: in parallel)."""
    import yaml

    from generator.mkdocs_runner import run_mkdocs_languages
    from generator.settings import BuildSettings

    start = time.monotonic()
    configs = {
        lang: yaml.safe_load((docs_root / f"mkdocs.{lang}.yml").read_text(encoding="utf-8")) for lang in ("zh", "en")
    }
    run_mkdocs_languages(configs, docs_root, BuildSettings(data_dir=docs_root, out_dir=out, cache_dir=docs_root))
    Path(configs["zh"]["site_dir"]).rename(out)
    Path(configs["en"]["site_dir"]).rename(out / "en")
    return {"stages": {"mkdocs": round(time.monotonic() - start, 3)}, "import": round(start - T0, 3)}


T0 = time.monotonic()

if __name__ == "__main__":
    what, *args = sys.argv[1:]
    result = build(*map(Path, args)) if what == "build" else floor(*map(Path, args))
    print(json.dumps(result))
