"""A realistic synthetic data set for benchmarks: N cities, each with 2–3 plans.

Everything written here is marked synthetic (合成数据) in names and source documents,
so it can never be mistaken for real data. Same seed, same bytes.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import yaml

from . import paths

SYNTHETIC = {"zh": "（合成数据）", "en": " (synthetic)"}

CONCEPTS = [
    (
        "hv-patents-per-10k",
        "每万人口高价值发明专利拥有量",
        "High-value invention patents per 10,000 people",
        "件",
        "patents",
        "cumulative",
    ),
    ("valid-trademarks", "有效注册商标量", "Valid registered trademarks", "万件", "10,000 marks", "cumulative"),
    ("pct-applications", "PCT国际专利申请量", "PCT international patent applications", "件", "applications", "annual"),
    ("pledge-financing", "知识产权质押融资金额", "IP pledge financing", "亿元", "100 million yuan", "annual"),
    ("geo-indications", "地理标志数量", "Geographical indications", "件", "indications", "cumulative"),
    ("ip-satisfaction", "知识产权保护社会满意度", "Public satisfaction with IP protection", "分", "points", "annual"),
    ("demo-enterprises", "知识产权示范企业", "IP demonstration enterprises", "家", "enterprises", "cumulative"),
    ("service-agencies", "知识产权服务机构", "IP service agencies", "家", "agencies", "cumulative"),
]
CATEGORIES = [
    ("创造质量", "Quality of creation"),
    ("保护标准", "Protection"),
    ("运用效益", "Use and benefit"),
    ("管理能效", "Management"),
    ("服务体系", "Services"),
]
SECTIONS = [
    ("（一）完善知识产权治理体系", "(1) Improve IP governance"),
    ("（二）提升知识产权创造质量", "(2) Raise the quality of creation"),
    ("（三）强化知识产权保护", "(3) Strengthen protection"),
    ("（四）促进知识产权运用", "(4) Promote use"),
    ("（五）优化知识产权服务", "(5) Improve services"),
]
DEPARTMENTS = [
    ("market", "市场监督管理局", "Administration for Market Regulation"),
    ("science", "科学技术局", "Science and Technology Bureau"),
    ("industry", "工业和信息化局", "Industry and Information Technology Bureau"),
    ("finance", "财政局", "Finance Bureau"),
    ("justice", "司法局", "Justice Bureau"),
    ("police", "公安局", "Public Security Bureau"),
    ("court", "中级人民法院", "Intermediate People's Court"),
    ("culture", "文化广电和旅游局", "Culture, Radio, Television and Tourism Bureau"),
    ("commerce", "商务局", "Commerce Bureau"),
    ("agriculture", "农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("education", "教育局", "Education Bureau"),
    ("development", "发展和改革委员会", "Development and Reform Commission"),
    ("statistics", "统计局", "Statistics Bureau"),
    ("bigdata", "大数据管理局", "Big Data Administration"),
    ("districts", "各区县人民政府", "District and county governments"),
]
SYLLABLES = "安 宁 平 川 阳 山 江 河 丰 兴 昌 德 华 嘉 新 泰 源 通 远 清".split()
LATIN = "an ning ping chuan yang shan jiang he feng xing chang de hua jia xin tai yuan tong lin qing".split()


# The last year with synthetic values: the validator refuses values for a year after the data's
# as-of date (a synthetic tree outside git is as of today).
LAST_YEAR = 2025


def write(out_dir: Path, cities: int, seed: int = 1) -> None:
    """Write a synthetic data tree with `cities` cities into `out_dir` (which must not hold data already)."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    (out_dir / paths.SOURCES_DIR).mkdir(parents=True, exist_ok=True)
    (out_dir / paths.REFERENCE_DIR).mkdir(exist_ok=True)
    _dump(
        out_dir / paths.CONCEPTS_FILE,
        [
            {"id": cid, "name": {"zh": zh, "en": en}, "unit": {"zh": uzh, "en": uen}, "measure": measure}
            for cid, zh, en, uzh, uen, measure in CONCEPTS
        ],
    )
    _dump(out_dir / paths.GLOSSARY_FILE, [{"zh": "合成数据", "en": "synthetic data"}])
    for n in range(cities):
        _write_city(out_dir, n, rng)
    sources = out_dir / paths.SOURCES_DIR
    _dump(  # each source document listed, titled by its first line (as the real documents.yaml does)
        sources / paths.DOCUMENTS_FILE,
        [
            {
                "id": doc.stem,
                "file": doc.name,
                "title": {"zh": doc.read_text(encoding="utf-8").split("\n", 1)[0], "en": f"Synthetic plan {doc.stem}"},
            }
            for doc in sorted(sources.glob("*.txt"))
        ],
    )


def _write_city(out_dir: Path, n: int, rng: random.Random) -> None:
    a, b = n % len(SYLLABLES), (n // len(SYLLABLES)) % len(SYLLABLES)
    city_id = f"synth-{LATIN[a]}{LATIN[b]}-{n:03d}"
    zh_name = f"{SYLLABLES[a]}{SYLLABLES[b]}市{n:03d}"
    en_name = f"{LATIN[a].capitalize()}{LATIN[b]} {n:03d}"
    city_dir = out_dir / paths.CITIES_DIR / city_id
    city_dir.mkdir(parents=True)
    _dump(
        city_dir / paths.CITY_FILE,
        {
            "id": city_id,
            "name": {"zh": zh_name + SYNTHETIC["zh"], "en": en_name + SYNTHETIC["en"]},
            "province": {"zh": "合成省", "en": "Synthetic Province"},
            "level": "prefecture-city",
        },
    )
    depts = rng.sample(DEPARTMENTS, 12)
    _dump(
        city_dir / paths.DEPARTMENTS_FILE,
        [
            {"id": did, "name": {"zh": "市" + zh, "en": f"Municipal {en}"}, "aliases": ["市" + zh]}
            for did, zh, en in depts
        ],
    )
    for p in range(rng.randint(2, 3)):
        start = 2016 + 5 * (p % 2) if p < 2 else 2023
        end = start + (4 if p < 2 else 0)
        _write_plan(out_dir, city_dir, city_id, zh_name, en_name, p, start, end, [d[0] for d in depts], rng)


def _write_plan(out_dir, city_dir, city_id, zh_name, en_name, p, start, end, dept_ids, rng) -> None:
    plan_id = f"{city_id}-plan-{p + 1}"
    source_file = f"{plan_id}.txt"
    doc_lines = [f"{zh_name}知识产权规划{p + 1}（合成数据，仅用于性能测试）", ""]
    indicators, observations, tasks = [], [], []
    for i in range(rng.randint(22, 28)):
        cid, czh, cen, uzh, uen, measure = (
            CONCEPTS[i]
            if i < len(CONCEPTS)
            else (None, f"合成指标{i}", f"Synthetic indicator {i}", "项", "items", rng.choice(["cumulative", "annual"]))
        )
        base = round(rng.uniform(5, 500), 2)
        kind = rng.choice(["exact", "exact", "at-least", "range", "growth-rate"])
        target = {"year": end, "kind": kind}
        if kind in ("exact", "at-least"):
            target["value"] = round(base * rng.uniform(1.2, 2.5), 2)
        elif kind == "range":
            lo = round(base * rng.uniform(1.2, 1.8), 2)
            target |= {"min": lo, "max": round(lo * 1.3, 2)}
        else:
            target["rate"] = rng.choice([5, 10, 15, 20])
        quote = f"第{i + 1}项 {czh}：{start - 1}年{base}{uzh}"
        doc_lines.append(quote)
        ind = {
            "id": f"ind-{i + 1:02d}",
            "number": str(i + 1),
            "category": _text(CATEGORIES[i % len(CATEGORIES)]),
            "name": {"zh": czh, "en": cen},
            "unit": {"zh": uzh, "en": uen},
            "measure": measure,
            "nature": "expected",
            "baseline": {"year": start - 1, "value": base},
            "target": target,
            "source": {"file": source_file, "section": f"主要指标 第{i + 1}行", "quote": quote},
        }
        if cid:
            ind["concept"] = cid
        indicators.append(ind)
        value = base
        first, last = start - 1 - rng.randint(0, 3), start + rng.randint(3, 6)
        for year in range(first, min(last, LAST_YEAR + 1)):  # nothing after the data's as-of year
            if year == start - 1:
                continue
            value = round(value * rng.uniform(0.95, 1.25), 2)
            line = f"{czh} {year}年 {value}{uzh}"
            doc_lines.append(line)
            observations.append([ind["id"], year, value, source_file, "统计公报", line, "", ""])
    for t in range(rng.randint(45, 55)):
        sec = SECTIONS[t % len(SECTIONS)]
        title = f"合成任务{t + 1}：推进知识产权工作"
        doc_lines.append(title)
        tasks.append(
            {
                "id": f"t{t + 1:02d}",
                "number": str(t + 1),
                "section": _text(sec),
                "title": {"zh": title, "en": f"Synthetic task {t + 1}: advance IP work"},
                "text": {
                    "zh": title + "。" + "加强统筹协调，完善工作机制，" * rng.randint(2, 8),
                    "en": "A synthetic task for benchmarks.",
                },
                "responsible": rng.sample(dept_ids, rng.randint(1, 4)),
                "source": {"file": source_file, "section": f"重点任务 {t + 1}", "quote": title},
            }
        )
    plan_dir = city_dir / paths.PLANS_DIR / plan_id
    plan_dir.mkdir(parents=True)
    title = f"{zh_name}知识产权规划{p + 1}（合成数据）"
    doc_lines.insert(1, title)
    _dump(
        plan_dir / paths.PLAN_FILE,
        {
            "schema_version": 1,
            "id": plan_id,
            "city": city_id,
            "title": {"zh": title, "en": f"{en_name} IP plan {p + 1} (synthetic)"},
            "period": {"start": start, "end": end},
            "kind": "five-year-plan" if end > start else "annual-work-plan",
            "status": "issued",
            "source": {"file": source_file, "section": "标题", "quote": title},
        },
    )
    _dump(plan_dir / paths.INDICATORS_FILE, indicators)
    _dump(plan_dir / paths.TASKS_FILE, tasks)
    _csv(
        plan_dir / paths.OBSERVATIONS_FILE,
        ["indicator", "year", "value", "source", "section", "quote", "note_zh", "note_en"],
        observations,
    )
    _csv(plan_dir / paths.TASK_REPORTS_FILE, ["task", "date", "status", "source", "note_zh", "note_en"], [])
    (out_dir / paths.SOURCES_DIR / source_file).write_text("\n".join(doc_lines) + "\n", encoding="utf-8")


def _text(pair) -> dict:
    return {"zh": pair[0], "en": pair[1]}


def _dump(path: Path, value) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _csv(path: Path, header: list[str], rows: list[list]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
