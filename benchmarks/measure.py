"""Run a command and measure it: wall time, CPU time, peak memory of its whole process tree.

Peak memory is sampled from /proc: the sum over the process and all its descendants (the
chart-rendering workers, the forked MkDocs builds) of each one's proportional set size
(PSS: a page shared by k processes counts 1/k in each), so memory that forked children
share with the build is counted once, not once per process as a sum of resident sets
would. Reading PSS makes the kernel walk each process's page tables (tens of milliseconds
for a process of a few GB, during which that process cannot fault pages in), so the
sampler waits ten times as long as its last sample took, at least 0.1 s: it takes at most
a tenth of one core from the build it measures. Also read from wait4's ru_maxrss: the
largest single process's resident set. Linux only, like the CI runners.

CPU time counts every process of the tree: the build's processes are children of a
forkserver, which the build never waits for, so this process makes itself a subreaper
(prctl PR_SET_CHILD_SUBREAPER) and reaps the orphans once the command has ended.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    """One measured command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    peak_tree_mb: float  # sampled peak of the summed PSS of the process tree
    peak_max_mb: float  # ru_maxrss: the largest single process
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None, timeout: float | None = None) -> Run:
    """Run ``cmd`` to completion and return its measurements (it is not an error if it fails).

    After ``timeout`` seconds the whole process group is killed (returncode -9).
    """
    _become_subreaper()
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+") as out, open(f"{out_path}.err", "w+") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        killer = threading.Timer(timeout, _kill_group, args=(proc.pid,)) if timeout else None
        if killer:
            killer.start()
        peak = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(proc.pid, peak, done), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        done.set()
        sampler.join()
        if killer:
            killer.cancel()
        _kill_group(proc.pid)  # leftover workers, if any
        orphans = _reap_orphans()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    cpu = sum(u.ru_utime + u.ru_stime for u in [usage, *orphans])
    return Run(
        wall=wall,
        cpu=cpu,
        peak_tree_mb=peak[0] / 1024,
        peak_max_mb=max(u.ru_maxrss for u in [usage, *orphans]) / 1024,
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
    )


def _become_subreaper() -> None:
    """Orphaned descendants (the forkserver and what it reaped) become this process's children."""
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(wait: float = 5.0) -> list:
    """The resource usage of every orphan that ends within ``wait`` seconds (each includes
    the children it reaped itself)."""
    usages, deadline = [], time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            usages.append(usage)
        else:
            time.sleep(0.05)
    return usages


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, 9)
    except OSError:
        pass


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.is_set():
        started = time.monotonic()
        peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(pid)))
        done.wait(max(0.1, 10 * (time.monotonic() - started)))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _pss_kb(pid: int) -> int:
    """The process's proportional set size in KB (its resident set where the kernel has no smaps_rollup)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0
