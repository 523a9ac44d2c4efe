"""The measured child process of benchmarks/build.py (run it through that script).

    python benchmarks/child.py build DATA OUT CACHE   # generator.build.build_site, stage times as JSON
    python benchmarks/child.py floor DOCS_ROOT OUT    # bare mkdocs-material build of DOCS_ROOT/{zh,en}

``build`` points the build's chart and history caches at CACHE (so "clean" and "warm"
runs do not touch the developer's .cache/) and records when each build stage starts.
The last line of stdout is a JSON object.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(data: Path, out: Path, cache: Path) -> dict:
    from generator import build as build_module

    build_module.CHART_CACHE = cache / "charts"
    build_module.HISTORY_CACHE = cache / "history"
    start = time.monotonic()
    # The stages before MkDocs run in a process of their own (generator.build.in_own_process):
    # every process appends its marks to one file (the monotonic clock is the system's).
    with tempfile.NamedTemporaryFile("r", encoding="utf-8", prefix="stages-", suffix=".jsonl") as record:

        class Recording:
            """Stands in for build.Progress: records when each stage starts and the steps of each language."""

            def __init__(self, enabled: bool):
                pass

            def step(self, name: str) -> None:
                with open(record.name, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"step": name, "at": time.monotonic() - start}) + "\n")

            def languages(self, seconds: dict) -> None:
                with open(record.name, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"languages": seconds}) + "\n")

            def done(self, out_dir: Path) -> None:
                self.step("done")

        build_module.Progress = Recording
        build_module.build_site(data, out)
        lines = [json.loads(line) for line in record.read().splitlines()]
    marks = sorted(((d["step"], d["at"]) for d in lines if "step" in d), key=lambda m: m[1])
    stages = {name: round(marks[i + 1][1] - t, 3) for i, (name, t) in enumerate(marks[:-1])}
    languages = next((d["languages"] for d in lines if "languages" in d), {})
    return {"stages": stages, "languages": languages, "import": round(start - T0, 3)}


def floor(docs_root: Path, out: Path) -> dict:
    """Both languages of the bare build, from their written configurations DOCS_ROOT/mkdocs.<lang>.yml,
    run the way the real build runs them (generator.build.run_mkdocs_languages: in parallel)."""
    import yaml

    from generator import build as build_module

    start = time.monotonic()
    configs = {lang: yaml.safe_load((docs_root / f"mkdocs.{lang}.yml").read_text(encoding="utf-8"))
               for lang in ("zh", "en")}
    build_module.run_mkdocs_languages(configs, docs_root)
    Path(configs["zh"]["site_dir"]).rename(out)
    Path(configs["en"]["site_dir"]).rename(out / "en")
    return {"stages": {"mkdocs": round(time.monotonic() - start, 3)}, "import": round(start - T0, 3)}


T0 = time.monotonic()

if __name__ == "__main__":
    what, *args = sys.argv[1:]
    result = build(*map(Path, args)) if what == "build" else floor(*map(Path, args))
    print(json.dumps(result))
