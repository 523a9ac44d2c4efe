"""Benchmark the site build at several sizes and print a table (issue #7). Not a pytest test.

    .venv/bin/python benchmarks/build.py                    # N = 4 (the real data/), 50, 300
    .venv/bin/python benchmarks/build.py --cities 4,50      # choose the sizes
    make benchmark

For each N it measures, each in a fresh child process (benchmarks/child.py):

1. the full build from clean (empty chart and history caches): wall, CPU, peak memory
   (of the whole process tree, shared pages counted once: benchmarks/measure.py);
2. the floor: a bare mkdocs-material build with the same configuration (theme, overrides,
   nav, search, per language, the two languages at the same time as the real build runs
   them) of as many trivial pages as the real build produced;
2b. the build CI and the deploy job run: a fresh output folder with only the chart cache
   kept (restored from the Actions cache);
3. a rebuild after one changed observation (warm caches): time, how many output files
   were rewritten, how many really changed, and what generator.incremental.sync_tree
   would have rewritten;
4. the site: size on disk, pages, median and largest page, search index raw and gzipped.

N = 4 is the real data/: the full build reads it in place (with its git history); the
rebuild works on a copy. Other N are generator.synth data sets. Sizes that were not run,
or runs cut off by --timeout, are extrapolated linearly in N from the two largest
measured synthetic sizes (or proportionally from one) and labelled "extrapolated".
Results also go to OUT/results.json.

Other people edit the working tree while a long benchmark runs, so the script first copies
the code (generator/, site_src/, benchmarks/, mkdocs.yml) to OUT/src and runs from that
copy: every build of one benchmark uses the same code. The real data is read from the
original data/ (for its git history).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import Run, run  # noqa: E402
from benchmarks.site_stats import site_stats, snapshot, touched  # noqa: E402
from generator import paths, synth  # noqa: E402
from generator.incremental import sync_tree  # noqa: E402
from generator.mkdocs_config import language_config, read_base  # noqa: E402
from generator.portal import DataVersion  # noqa: E402

CHILD = ROOT / "benchmarks" / "child.py"
REAL = 4
CODE = ("generator", "site_src", "docs", "benchmarks", "mkdocs.yml")
REAL_DATA = paths.DATA
# The generator's stages; each language's MkDocs runs right after its render, inside the
# "…, then MkDocs" stage, and is counted apart (the longest language's MkDocs seconds).
GENERATOR_STAGES = ("load and compute", "write downloads", "render pages and charts, then MkDocs")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", default="4,50,300", help="comma-separated sizes; 4 means the real data/")
    ap.add_argument("--out", default=str(paths.CACHE / "benchmark"), help="work folder (default .cache/benchmark)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per build before it is cut off")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real-data", help=argparse.SUPPRESS)  # set when running from the code snapshot
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.cities.split(",") if x.strip()]
    work = Path(args.out).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.real_data is None:
        return run_from_snapshot(work, argv if argv is not None else sys.argv[1:])
    global REAL_DATA
    REAL_DATA = Path(args.real_data)

    results = {"machine": machine(), "sizes": {}}
    for n in sizes:
        print(f"[benchmark] N={n} …", file=sys.stderr, flush=True)
        results["sizes"][str(n)] = bench_size(n, work / f"n{n}", args.timeout, args.seed)
        (work / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    extrapolate(results, [n for n in (REAL, 50, 300) if str(n) not in results["sizes"]])
    (work / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    return 0


def run_from_snapshot(work: Path, argv: list[str]) -> int:
    """Copy the code to work/src and run this script from there."""
    src = work / "src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir()
    for name in CODE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", *CODE], cwd=ROOT, capture_output=True, text=True
    ).stdout
    (src / "COMMIT").write_text(commit.strip() + (" + uncommitted changes" if dirty.strip() else ""), encoding="utf-8")
    cmd = [
        sys.executable,
        str(src / "benchmarks" / "build.py"),
        *argv,
        "--out",
        str(work),
        "--real-data",
        str(paths.DATA),
    ]
    return subprocess.run(cmd).returncode


# ------------------------------------------------------------------------------ one size


def bench_size(n: int, work: Path, timeout: float, seed: int) -> dict:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    if n == REAL:
        data = REAL_DATA
    else:
        data = work / "data"
        synth.write(data, n, seed)
    out, cache = work / "site", work / "cache"

    full = child_build(data, out, cache, timeout)
    res: dict = {"cities": n, "measured": True, "full": full}
    if full["returncode"] != 0:
        res["measured"] = False
        return res
    stats = site_stats(out)
    res["site"] = asdict(stats)

    res["floor"] = floor(out, work / "floor", timeout)

    # What CI and the deploy job do: a fresh checkout with only the chart cache restored.
    kept = work / "cache-charts-only"
    shutil.copytree(cache / "charts", kept / "charts", copy_function=os.link)
    res["charts_kept"] = child_build(data, work / "site-charts-kept", kept, timeout)
    shutil.rmtree(work / "site-charts-kept", ignore_errors=True)
    shutil.rmtree(kept, ignore_errors=True)

    if n == REAL:  # a copy to edit; warm it up first (outside git: no history pages)
        copy = work / "data"
        shutil.copytree(REAL_DATA, copy)
        data = copy
        child_build(data, out, cache, timeout)
    before_tree = work / "site-before"
    subprocess.run(["cp", "-al", str(out), str(before_tree)], check=True)
    before = snapshot(out)
    res["changed_observation"] = change_one_observation(data)
    rebuild = child_build(data, out, cache, timeout)
    res["rebuild"] = rebuild
    if rebuild["returncode"] == 0:
        after = snapshot(out)
        t = touched(before, after)
        res["rebuild"]["touched"] = {
            "rewritten": t.rewritten,
            "changed": t.changed,
            "removed": t.removed,
            "files": len(after),
            "changed_paths": t.changed_paths[:200],
        }
        start = time.monotonic()
        stats_sync = sync_tree(out, before_tree)  # what build.py would do with incremental.sync_tree
        res["rebuild"]["sync_tree"] = {**asdict(stats_sync), "seconds": round(time.monotonic() - start, 3)}
        before_tree.rename(out)
    shutil.rmtree(before_tree, ignore_errors=True)
    return res


def child_build(data: Path, out: Path, cache: Path, timeout: float) -> dict:
    r = run([sys.executable, str(CHILD), "build", str(data), str(out), str(cache)], cwd=ROOT, timeout=timeout)
    return as_dict(r)


def as_dict(r: Run) -> dict:
    d = {
        "wall": round(r.wall, 2),
        "cpu": round(r.cpu, 2),
        "peak_tree_mb": round(r.peak_tree_mb),
        "peak_max_mb": round(r.peak_max_mb),
        "returncode": r.returncode,
    }
    try:
        d.update(json.loads(r.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        d["error"] = r.stderr[-2000:]
    if "stages" in d:
        mkdocs = max((v.get("mkdocs", 0) for v in (d.get("languages") or {}).values()), default=0)
        mkdocs = mkdocs or sum(v for k, v in d["stages"].items() if k.startswith("mkdocs"))  # the floor
        d["generator_stage"] = round(sum(v for k, v in d["stages"].items() if k in GENERATOR_STAGES) - mkdocs, 2)
        d["mkdocs_stage"] = round(mkdocs, 2)
    return d


# ------------------------------------------------------------------------------ the floor


def floor(site: Path, work: Path, timeout: float) -> dict:
    """A bare build of as many trivial pages, at the same paths, per language, as ``site`` has."""
    base = read_base()
    nav_files = {
        f
        for lang in ("zh", "en")
        for entry in language_config(base, lang, Path("."), Path("."), DataVersion())["nav"]
        for f in entry.values()
    }
    for lang in ("zh", "en"):
        docs = work / lang
        lang_site = site / "en" if lang == "en" else site
        for page in lang_site.rglob("index.html"):
            rel = page.parent.relative_to(lang_site).as_posix()
            if lang == "zh" and (rel == "en" or rel.startswith("en/")):
                continue
            md = "index.md" if rel == "." else (f"{rel}.md" if f"{rel}.md" in nav_files else f"{rel}/index.md")
            target = docs / md
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {rel}\n\nA trivial page. 一个简单的页面。\n", encoding="utf-8")
        shutil.copytree(paths.SITE_SRC / "assets", docs / "assets", dirs_exist_ok=True)
        out = work / f"site.{lang}"  # each language in a folder of its own, as the real build does
        cfg = language_config(base, lang, docs, out, DataVersion(), has_feed=False)
        cfg["strict"] = False
        import yaml

        (work / f"mkdocs.{lang}.yml").write_text(
            yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    r = as_dict(run([sys.executable, str(CHILD), "floor", str(work), str(work / "site")], cwd=ROOT, timeout=timeout))
    r["pages"] = sum(1 for _ in (work / "site").rglob("index.html"))
    return r


# ------------------------------------------------------------------------------ the edit


def change_one_observation(data: Path) -> str:
    """Add 1 to the value of the first numeric observation; only that line of the file changes."""
    for f in sorted(data.glob(f"{paths.CITIES_DIR}/*/{paths.PLANS_DIR}/*/{paths.OBSERVATIONS_FILE}")):
        lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
        header = next(csv.reader([lines[0]]))
        col = header.index("value")
        for i, line in enumerate(lines[1:], start=1):
            row = next(csv.reader([line]))
            try:
                value = float(row[col])
            except (ValueError, IndexError):
                continue
            row[col] = str(int(value) + 1) if row[col].lstrip("-").isdigit() else str(round(value + 1, 6))
            buf = io.StringIO()
            csv.writer(buf, lineterminator=line[len(line.rstrip("\r\n")) :] or "\n").writerow(row)
            lines[i] = buf.getvalue()
            f.write_text("".join(lines), encoding="utf-8")
            return f"{f.relative_to(data).as_posix()} line {i + 1}"
    raise SystemExit(f"no numeric observation in {data}")


# ------------------------------------------------------------------------------ report


def machine() -> dict:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(ln.split()[1]) // 1024
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        ),
        0,
    )
    commit_file = ROOT / "COMMIT"
    commit = commit_file.read_text(encoding="utf-8") if commit_file.exists() else "?"
    load = Path("/proc/loadavg").read_text().split()[:3]

    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit,
        "loadavg_start": load,
    }


def extrapolate(results: dict, missing: list[int]) -> None:
    """Fill sizes that were not measured from the synthetic ones that were, linearly in N."""
    sizes = results["sizes"]
    synth_done = sorted(int(n) for n, r in sizes.items() if r.get("measured") and int(n) != REAL)
    missing = sorted(set(missing) | {int(n) for n, r in sizes.items() if not r.get("measured")})
    if not synth_done:
        return
    for n in missing:
        if n == REAL:
            continue
        pts = synth_done[-2:]

        def fit(get, pts=pts, n=n):
            ys = [get(sizes[str(p)]) for p in pts]
            if None in ys:
                return None
            if len(pts) == 1:
                return ys[0] * n / pts[0]
            slope = (ys[1] - ys[0]) / (pts[1] - pts[0])
            return ys[0] + slope * (n - pts[0])

        def g(*keys):
            def get(r):
                for k in keys:
                    if not isinstance(r, dict) or k not in r:
                        return None
                    r = r[k]
                return r

            return get

        est = {
            "cities": n,
            "measured": False,
            "extrapolated_from": pts,
            "full": {},
            "floor": {},
            "rebuild": {},
            "site": {},
            "charts_kept": {},
        }
        for part, key in [
            ("full", "wall"),
            ("full", "cpu"),
            ("charts_kept", "wall"),
            ("full", "peak_tree_mb"),
            ("full", "generator_stage"),
            ("full", "mkdocs_stage"),
            ("floor", "wall"),
            ("floor", "cpu"),
            ("floor", "pages"),
            ("rebuild", "wall"),
            ("rebuild", "generator_stage"),
            ("site", "bytes"),
            ("site", "pages"),
            ("site", "search_raw"),
            ("site", "search_gzip"),
            ("site", "search_gzip_largest"),
            ("site", "median_page"),
            ("site", "largest_page"),
        ]:
            v = fit(g(part, key))
            if v is not None:
                est[part][key] = round(v, 2)
        for key in ("median_page",):  # a per-page size does not grow with N like totals do
            v = g("site", key)(sizes[str(pts[-1])])
            if v is not None:
                est["site"][key] = v
        sizes.setdefault(str(n), {}).update({"estimate": est})


def table(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"machine: {m['cpus']} CPUs, {m['cpu']}, {m['memory_mb']} MB RAM; Python {m['python']}; "
        f"{m['date']}; commit {m['commit']}; load average at start {' '.join(m['loadavg_start'])}",
        "",
    ]
    head = [
        "N",
        "kind",
        "full wall s",
        "full CPU s",
        "peak MB (PSS, tree)",
        "gen s",
        "mkdocs s",
        "floor wall s",
        "floor CPU s",
        "build/floor (wall)",
        "build/floor (CPU)",
        "charts kept: wall s",
        "charts kept / floor (wall)",
        "rebuild s",
        "rebuild gen s",
        "rewritten",
        "changed",
        "sync_tree writes",
        "site MB",
        "pages",
        "median KB",
        "largest KB",
        "search MB raw",
        "search MB gz",
        "largest index MB gz",
    ]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for n, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        if r.get("measured"):
            lines.append(_row(n, "measured", r))
        elif r.get("full", {}).get("returncode") not in (None, 0):
            lines.append(f"| {n} | failed/timed out ({r['full'].get('returncode')}) after {r['full'].get('wall')} s |")
        if "estimate" in r:
            lines.append(
                _row(n, f"extrapolated from N={','.join(map(str, r['estimate']['extrapolated_from']))}", r["estimate"])
            )
    return "\n".join(lines)


def _row(n, kind, r) -> str:
    f, fl, rb, s = r.get("full", {}), r.get("floor", {}), r.get("rebuild", {}), r.get("site", {})
    t = rb.get("touched", {})
    st = rb.get("sync_tree", {})

    def v(x, scale=1.0, fmt="{:.1f}"):
        return "" if x is None else fmt.format(x / scale)

    ck = r.get("charts_kept", {})

    def ratio(a, b):
        return a / b if a and b else None

    return (
        "| "
        + " | ".join(
            [
                n,
                kind,
                v(f.get("wall")),
                v(f.get("cpu")),
                v(f.get("peak_tree_mb"), fmt="{:.0f}"),
                v(f.get("generator_stage")),
                v(f.get("mkdocs_stage")),
                v(fl.get("wall")),
                v(fl.get("cpu")),
                v(ratio(f.get("wall"), fl.get("wall")), fmt="{:.2f}"),
                v(ratio(f.get("cpu"), fl.get("cpu")), fmt="{:.2f}"),
                v(ck.get("wall")),
                v(ratio(ck.get("wall"), fl.get("wall")), fmt="{:.2f}"),
                v(rb.get("wall")),
                v(rb.get("generator_stage")),
                f"{t['rewritten']}/{t['files']}" if t else "",
                str(t.get("changed", "")),
                str(st.get("written", "")),
                v(s.get("bytes"), 1e6),
                v(s.get("pages"), fmt="{:.0f}"),
                v(s.get("median_page"), 1e3),
                v(s.get("largest_page"), 1e3),
                v(s.get("search_raw"), 1e6, "{:.2f}"),
                v(s.get("search_gzip"), 1e6, "{:.2f}"),
                v(s.get("search_gzip_largest"), 1e6, "{:.2f}"),
            ]
        )
        + " |"
    )


if __name__ == "__main__":
    sys.exit(main())
