"""Problems found in the data: errors as data, with a stable code and a location.

Every problem names the file (relative to the data folder), the line (1-based) and, where
it helps, the column or field, says what is wrong and how to fix it in Chinese and English.
The catalogue of codes lives in `generator/codes.py` (one entry per code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    file: str
    line: int | None
    message_zh: str
    message_en: str
    fix_zh: str = ""
    fix_en: str = ""
    column: int | None = None
    field: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.error


@dataclass
class DataError(Exception):
    """Raised when the data has errors; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        n = sum(p.is_error for p in self.problems)
        return f"{n} error(s) in the data"
