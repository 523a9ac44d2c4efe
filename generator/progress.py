"""The one progress reporter of the command line: on stderr, only when it is a terminal.

``step(name)`` prints a line per build stage with the time since the start; ``languages``
the steps inside each language's process; ``show(what)`` keeps one line up to date (validate
shows the city it reads) and ``clear()`` removes it. Silent when stderr is not a terminal
(CI logs, tests); benchmarks pass a recording object with the same methods.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


class Progress:
    def __init__(self, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()

    def _print(self, text: str) -> None:
        if self.enabled:
            print(text, file=sys.stderr, flush=True)

    def step(self, name: str) -> None:
        self._print(f"  {time.monotonic() - self.start:6.1f}s  {name}…")

    def languages(self, seconds: dict[str, dict[str, float]]) -> None:
        """The steps within each language's process (``lang → step → seconds``)."""
        for lang, steps in seconds.items():
            self._print(f"          {lang}: " + ", ".join(f"{name} {s:.1f}s" for name, s in steps.items()))

    def done(self, out_dir: Path) -> None:
        self._print(f"  {time.monotonic() - self.start:6.1f}s  site written to {out_dir}")

    def show(self, what: str) -> None:
        """One line, rewritten in place."""
        if self.enabled:
            sys.stderr.write(f"\r\033[K{what}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
