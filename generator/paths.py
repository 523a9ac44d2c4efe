"""Every path the generator uses, in one place. Imports nothing else from the package."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SITE_SRC = ROOT / "site_src"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
CACHE = ROOT / ".cache"
SCHEMA_DIR = DOCS / "schema"
DATA_FORMAT_DOC = DOCS / "reference" / "data-format.md"

CITIES_DIR = "cities"
PLANS_DIR = "plans"
SOURCES_DIR = "sources"
REFERENCE_DIR = "reference"
CITY_FILE = "city.yaml"
DEPARTMENTS_FILE = "departments.yaml"
PLAN_FILE = "plan.yaml"
INDICATORS_FILE = "indicators.yaml"
TASKS_FILE = "tasks.yaml"
OBSERVATIONS_FILE = "observations.csv"
TASK_REPORTS_FILE = "task_reports.csv"
CONCEPTS_FILE = "concepts.yaml"
GLOSSARY_FILE = "glossary.yaml"
WEB_SOURCES_FILE = "web.yaml"
DOCUMENTS_FILE = "documents.yaml"
