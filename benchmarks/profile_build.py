"""Where the build's time goes: cProfile of one full build, grouped by library.

    .venv/bin/python benchmarks/profile_build.py --cities 50 [--warm]

Builds a synthetic data set of N cities (4 = the real data/) with empty caches (or, with
--warm, after a first build), writes OUT/build.prof (open it with snakeviz or pstats) and
prints the build's stage times, the own time per library (generator, mkdocs, material,
markdown, jinja2, jieba, charts, vl_convert …) and the top functions by cumulative time.
What the real build runs in processes of its own (load and compute; each language's pages,
charts and MkDocs build) runs here in turn in this one process (``workers=1`` in the
settings), chart rendering included, so the profile sees all of it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import paths, synth  # noqa: E402

GROUPS = [  # (name, substring of the code file path); first match wins
    ("generator", "/generator/"),
    ("mkdocs-material search plugin", "/material/plugins/search/"),
    ("python html.parser (search plugin)", "/html/parser.py"),
    ("mkdocs-material", "/material/"),
    ("mkdocs", "/mkdocs/"),
    ("markdown", "/markdown/"),
    ("jinja2", "/jinja2/"),
    ("jieba", "/jieba/"),
    ("charts (altair/vl-convert)", "/altair/"),
    ("charts (altair/vl-convert)", "/vl_convert"),
    ("pydantic", "/pydantic"),
    ("yaml", "/yaml/"),
    ("waiting for workers", "concurrent/futures"),
    ("waiting for workers", "threading.py"),
    ("python stdlib", "/lib/python3"),
]


def group_of(filename: str) -> str:
    for name, needle in GROUPS:
        if needle in filename:
            return name
    if filename.startswith(("~", "<")):
        return "builtins (C)"
    return "other"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=50)
    ap.add_argument("--out", default=str(paths.CACHE / "benchmark" / "profile"))
    ap.add_argument("--warm", action="store_true", help="profile a second build (warm chart cache)")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args(argv)
    work = Path(args.out).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    data = paths.DATA if args.cities == 4 else work / "data"
    if args.cities != 4:
        synth.write(data, args.cities, 1)

    from generator.pipeline import BuildSettings, build_site

    settings = BuildSettings(data_dir=data, out_dir=work / "site", cache_dir=work / "cache", workers=1)
    marks: list[tuple[str, float]] = []
    languages: dict[str, dict[str, float]] = {}

    class Recording:
        def __init__(self):
            self.start = time.monotonic()

        def step(self, name):
            marks.append((name, time.monotonic() - self.start))

        def languages(self, seconds):
            languages.update(seconds)

        def done(self, out_dir):
            marks.append(("done", time.monotonic() - self.start))

    if args.warm:
        build_site(settings, Recording())
        marks.clear()
    profiler = cProfile.Profile()
    profiler.enable()
    build_site(settings, Recording())
    profiler.disable()
    profiler.dump_stats(work / "build.prof")

    print(f"# profile of a {'warm' if args.warm else 'clean'} build, N={args.cities}\n")
    print("stage times (s):")
    for i, (name, t) in enumerate(marks[:-1]):
        print(f"  {name:20s} {marks[i + 1][1] - t:8.2f}")
    for lang, steps in languages.items():
        print("  " + f"  {lang}: " + ", ".join(f"{name} {s:.2f}" for name, s in steps.items()))
    stats = pstats.Stats(profiler)
    own = defaultdict(float)
    total = 0.0
    for (filename, _line, _fn), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        own[group_of(filename)] += tottime
        total += tottime
    print(f"\nown time by library (of {total:.1f} s profiled in the main process):")
    for name, t in sorted(own.items(), key=lambda kv: -kv[1]):
        print(f"  {name:28s} {t:8.2f}  {100 * t / total:5.1f}%")
    print(f"\ntop {args.top} functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
