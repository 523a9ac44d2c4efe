"""Per-chart cost of building a chart spec (template fill + summary), on the real data.

    .venv/bin/python benchmarks/chart_specs.py [--data data] [--repeat 20]

Prints milliseconds per chart for each chart kind, both languages, the way the pages call
them (assessments computed once beforehand, not timed). Issue #17 asks for under 1 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import charts  # noqa: E402
from generator.load import load  # noqa: E402
from generator.pages import task_figure  # noqa: E402
from generator.status import assess  # noqa: E402

AS_OF = 2024


def calls(data: Path) -> dict[str, list[Callable[[], dict]]]:
    """Every chart of the site as a call, by kind."""
    portal = load(data).portal
    out: dict[str, list[Callable[[], dict]]] = {
        k: [] for k in ("indicator", "plan-overview", "concept", "reference", "task-status")
    }
    for lang in ("zh", "en"):
        assessments = {}
        for _, pd in portal.plans():
            pairs = []
            for ind in pd.indicators:
                obs = pd.observations_for(ind.id)
                a = assess(ind, obs, AS_OF, period_start=pd.plan.period.start)
                assessments[(pd.plan.id, ind.id)] = a
                pairs.append((ind, a))
                out["indicator"].append(
                    lambda ind=ind, obs=obs, a=a, lang=lang: charts.indicator_chart(ind, obs, a, lang)
                )
            if pairs:
                out["plan-overview"].append(lambda pairs=pairs, lang=lang: charts.plan_overview_chart(pairs, lang))
            counts = dict(task_figure.count(pd, pd.tasks))
            if counts:
                out["task-status"].append(lambda c=counts, lang=lang: charts.task_status_chart({"plan": c}, lang))
        for concept in portal.concepts:
            out["concept"].append(
                lambda k=concept, a=assessments, lang=lang: charts.concept_chart(
                    charts.concept_rows(portal, k.id, a), k, lang
                )
            )
        for series in portal.reference:
            found = portal.plan(series.plan)
            city = found[0].city.name if found else None
            out["reference"].append(
                lambda s=series, city=city, lang=lang: charts.reference_chart(s, lang, highlight=city)
            )
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(ROOT / "data"))
    p.add_argument("--repeat", type=int, default=20, help="times every chart is built (the best run counts)")
    args = p.parse_args(argv)
    by_kind = calls(Path(args.data))
    for fns in by_kind.values():  # warm: templates read, catalogue loaded
        for fn in fns:
            fn()
    print(f"{'kind':<14} {'charts':>6} {'ms/chart':>9}")
    for kind, fns in by_kind.items():
        if not fns:
            continue
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for fn in fns:
                fn()
            best = min(best, time.perf_counter() - start)
        print(f"{kind:<14} {len(fns):>6} {best / len(fns) * 1000:>9.3f}")


if __name__ == "__main__":
    main()
