"""The command line: `python -m generator <command>`.

Thin by design: parse the arguments, call one library function, map `DataError` (bad data)
and `BuildError` (the site could not be built) to exit code 1. No tracebacks for bad data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import paths
from .problems import DataError
from .processes import BuildError, start_early
from .progress import Progress
from .settings import BuildSettings, default_cache_dir


def cmd_validate(args) -> int:
    from .load import validate
    from .report import markdown, render

    data = Path(args.data)
    progress = Progress()
    problems = validate(data, strict=args.strict, progress=progress.show if progress.enabled else None)
    progress.clear()
    sys.stdout.write(render(problems, args.format, base=data.resolve().parent))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as fh:
            fh.write(markdown(problems))
    return 1 if any(p.is_error for p in problems) else 0


def _print_data_error(err: DataError) -> None:
    from .report import text

    sys.stderr.write(text(err.problems))


def build_settings(args) -> BuildSettings:
    """The settings of `build` and `serve` (serve publishes into the cache folder)."""
    out = Path(args.out) if args.command == "build" else default_cache_dir() / "serve-site"
    return BuildSettings(data_dir=Path(args.data), out_dir=out, strict=getattr(args, "strict", False))


def cmd_build(args) -> int:
    settings = build_settings(args)
    if settings.workers >= 2:
        start_early()  # the build processes' server loads the generator while this process does
    from .pipeline import build_site

    build_site(settings)
    print(built_message(settings.out_dir), file=sys.stderr)
    return 0


def built_message(out_dir: Path) -> str:
    """Where the site is and how to look at it (the pages use relative links, so any static server works)."""
    return (
        f"Site built in {out_dir}\n"
        f"View it: {sys.executable} -m http.server --directory {out_dir} 8000, then open http://127.0.0.1:8000/ "
        "(or `make serve`, which also rebuilds when data/ changes)"
    )


def cmd_serve(args) -> int:
    from .serve import serve

    serve(build_settings(args), args.port)
    return 0


def cmd_schema(args) -> int:
    from .schema import write_all

    return _write_generated(write_all, args.check, "Generated files", "schema")


def cmd_charts(args) -> int:
    from .charts.templates import write_all

    return _write_generated(write_all, args.check, "Chart templates", "charts")


def _write_generated(write_all: Callable[..., list[str]], check: bool, what: str, command: str) -> int:
    """Write committed generated files, or with ``check`` only list the stale ones (exit 1 if any)."""
    stale = write_all(check=check)
    if check and stale:
        sys.stderr.write(
            f"{what} are out of date; run `python -m generator {command}` (or `make {command}`):\n"
            + "".join(f"  {s}\n" for s in stale)
        )
        return 1
    return 0


def cmd_diff(args) -> int:
    from .diff import run_with_status

    text, status = run_with_status(Path(args.repo), args.base, args.head, args.format)
    sys.stdout.write(text)
    return status


def cmd_synth(args) -> int:
    from .synth import write

    if args.seed is None:
        write(Path(args.out), args.cities)
    else:
        write(Path(args.out), args.cities, args.seed)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="Plan transparency portal · 规划实施透明门户")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check data/ and print every problem")
    v.add_argument("--data", default=str(paths.DATA), help="data folder (default: data/)")
    v.add_argument("--strict", action="store_true", help="treat warnings (e.g. missing translations) as errors")
    v.add_argument("--format", choices=["text", "github", "json", "markdown"], default="text")
    v.add_argument("--summary", metavar="FILE", help="also append a Markdown table to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("build", help="validate data/ and build the site")
    b.add_argument("--data", default=str(paths.DATA))
    b.add_argument("--out", default=str(paths.SITE))
    b.add_argument("--strict", action="store_true")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="build and serve the site locally")
    s.add_argument("--data", default=str(paths.DATA))
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)

    sc = sub.add_parser("schema", help="write docs/schema/*.json and the generated reference docs")
    sc.add_argument("--check", action="store_true", help="only check that the committed copies are up to date")
    sc.set_defaults(func=cmd_schema)

    ch = sub.add_parser("charts", help="compile the chart templates (Altair) into generator/charts/templates/")
    ch.add_argument("--check", action="store_true", help="only check that the committed templates are up to date")
    ch.set_defaults(func=cmd_charts)

    d = sub.add_parser("diff", help="what changed in the data between two git revisions")
    d.add_argument("base")
    d.add_argument("head")
    d.add_argument("--repo", default=str(paths.ROOT))
    d.add_argument("--format", choices=["text", "markdown"], default="text")
    d.set_defaults(func=cmd_diff)

    sy = sub.add_parser("synth", help="write a synthetic data set (for benchmarks)")
    sy.add_argument("--cities", type=int, required=True)
    sy.add_argument("--out", required=True)
    sy.add_argument("--seed", type=int, default=None, help="random seed (default: the generator's own)")
    sy.set_defaults(func=cmd_synth)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return exit_code(lambda: args.func(args))


def exit_code(command: Callable[[], int]) -> int:
    """Run a command; bad data and a failed build become exit code 1 with a message, not a traceback."""
    try:
        return command()
    except DataError as err:
        Progress().clear()
        _print_data_error(err)
        return 1
    except BuildError as err:
        Progress().clear()
        print(
            f"构建失败 / Build failed: {err}\n已发布的网站保持不变 / The site already built is unchanged.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
