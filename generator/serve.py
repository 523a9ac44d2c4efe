"""``python -m generator serve``: build, serve on http://127.0.0.1:port/, rebuild on changes.

For staff previewing their edits: data/ and site_src/ are polled once a second; a rebuild
that fails (bad data, a broken link) prints the problems as ``validate`` does and keeps
serving the last good site.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from . import paths
from .pipeline import BuildError, BuildSettings, build_site
from .problems import DataError
from .report import text


def watched_mtime(*roots: Path) -> float:
    """The newest modification time of any file under ``roots``."""
    latest = 0.0
    for root in roots:
        for p in root.rglob("*"):
            try:
                latest = max(latest, p.stat().st_mtime)
            except OSError:
                pass
    return latest


def rebuild(s: BuildSettings) -> None:
    """Build once; print the problems instead of raising them."""
    try:
        build_site(s)
        print(f"built {s.out_dir}", file=sys.stderr)
    except DataError as exc:
        sys.stderr.write(text(exc.problems))
    except BuildError as exc:
        print(str(exc), file=sys.stderr)


def serve(s: BuildSettings, port: int = 8000) -> None:
    """Build the site, serve it and rebuild when files change (see the module docstring)."""
    rebuild(s)
    s.out_dir.mkdir(parents=True, exist_ok=True)
    stamp = watched_mtime(s.data_dir, paths.SITE_SRC)

    def watch() -> None:
        nonlocal stamp
        while True:
            time.sleep(1.0)
            now = watched_mtime(s.data_dir, paths.SITE_SRC)
            if now != stamp:
                stamp = now
                rebuild(s)

    threading.Thread(target=watch, daemon=True).start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(s.out_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop)", file=sys.stderr)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
