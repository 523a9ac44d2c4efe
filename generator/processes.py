"""Build stages in processes of their own: plain data in, plain data out, never a hang.

``run_in_processes(calls, workers, timeout)`` runs each ``Call(stage, fn, args)`` in a fresh
process, all at the same time, and returns their results in order. The processes are started
by a *forkserver* (``spawn`` where there is none), never forked from this process: a fork
copies locks held by threads that do not survive it (vl-convert's renderer starts such threads
on its first chart), and a child forked after that can wait forever. So ``fn`` and ``args``
travel by pickle: module-level functions and plain data (dataclasses, models, dicts), no
closures.

The parent waits at most ``timeout`` seconds for all of them; a process that has not answered
by then is killed and reported as a ``BuildError`` naming its stage. A failure in a process
(``DataError`` with its problems, ``BuildError``…) is raised here once every process has
ended, the first in order, with the traceback from its process as a note. Everything a
process allocated goes back to the system when it ends (CPython itself rarely gives freed
memory back), which is why the big stages run in processes even when there is nothing to
run beside them. With ``workers < 2`` the calls run in this process, in turn.
"""

from __future__ import annotations

import multiprocessing
import pickle
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # no forkserver on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext

T = TypeVar("T")

# Imported once by the forkserver, so each build process starts with them loaded.
PRELOAD = ["generator.pipeline"]


class BuildError(Exception):
    """The site could not be built (MkDocs failed, a build process died or hung…)."""


@dataclass(frozen=True)
class Call:
    """``fn(*args)`` as the stage named ``stage`` (the name a failure is reported under)."""

    stage: str
    fn: Callable[..., Any]
    args: tuple = ()


@dataclass(frozen=True)
class Packed(Generic[T]):
    """A value pickled once where it was made, passed on to other processes unopened.

    The pages' inputs go from the compute process to each language's process this way: the
    parent holds some megabytes of bytes instead of the object graph (hundreds of MB at 100
    cities), and neither unpickles nor pickles it again (seconds at 100 cities).
    """

    data: bytes

    @classmethod
    def of(cls, value: T) -> Packed[T]:
        return cls(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def open(self) -> T:
        return pickle.loads(self.data)


def context() -> ForkServerContext | SpawnContext:
    """forkserver where the platform has it, else spawn; never fork (see the module docstring)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def start_early() -> None:
    """Start the forkserver now: it imports PRELOAD (~0.8 s) while this process imports the
    rest of the build, instead of the first stage waiting for it after those imports."""
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def run_in_processes(calls: Sequence[Call], workers: int, timeout: float) -> list:
    """Each call in a process of its own, all at the same time; their results in order (each
    call a chain of one: run_chains)."""
    return [results[0] for results in run_chains([[call] for call in calls], workers, timeout)]


def run_chains(chains: Sequence[Sequence[Call]], workers: int, timeout: float) -> list[list[Any]]:
    """Each chain's calls one after another, each in a process of its own, the chains at the
    same time (a language's render, then its MkDocs: the first language done starts its MkDocs
    while the other still renders); every chain's results in order.

    A failure stops its chain and starts no further call in any chain; the calls running then
    end as they will (or are killed at the deadline), and the first failure in chain order is
    raised, as in run_in_processes. With ``workers < 2`` the chains run in this process, in turn.
    """
    if workers < 2:
        return [[call.fn(*call.args) for call in chain] for chain in chains]
    ctx = context()
    deadline = time.monotonic() + timeout
    results: list[list[Any]] = [[] for _ in chains]
    failures: dict[int, BaseException] = {}
    running: dict[int, tuple[int, Call, Connection, BaseProcess]] = {}  # id(reader) → chain, call, reader, process

    def start(i: int) -> None:
        call = chains[i][len(results[i])]
        reader, writer = ctx.Pipe(duplex=False)
        child: BaseProcess = ctx.Process(target=_run_and_send, args=(writer, call), name=f"build: {call.stage}")
        child.start()
        writer.close()
        running[id(reader)] = (i, call, reader, child)

    try:
        for i, chain in enumerate(chains):
            if chain:
                start(i)
        while running:
            ready = wait([r[2] for r in running.values()], timeout=max(deadline - time.monotonic(), 0))
            if not ready:
                stuck = ", ".join(r[1].stage for r in running.values())
                raise BuildError(f"build stage {stuck} did not finish within {timeout:g} s and was stopped")
            for reader in ready:
                i, call, conn, child = running.pop(id(reader))
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError):  # it died (killed, out of memory) before it could answer
                    child.join()
                    ok, value = (
                        False,
                        BuildError(f"build stage {call.stage} ended without a result (exit code {child.exitcode})"),
                    )
                child.join()
                conn.close()
                if not ok:
                    failures[i] = value
                    continue
                results[i].append(value)
                if not failures and len(results[i]) < len(chains[i]):
                    start(i)
    finally:
        for _, _, reader, child in running.values():
            if child.is_alive():
                child.kill()
            child.join()
            reader.close()
    if failures:
        raise failures[min(failures)]
    return results


def in_own_process(stage: str, fn: Callable[..., Any], *args: Any, workers: int = 2, timeout: float) -> Any:
    """``fn(*args)`` in a process of its own (see run_in_processes)."""
    return run_in_processes([Call(stage, fn, args)], workers, timeout)[0]


def _run_and_send(conn, call: Call) -> None:
    try:
        result = (True, call.fn(*call.args))
    except BaseException as exc:
        exc.add_note("".join(traceback.format_exception(exc)).rstrip())  # where it happened, in the child
        result = (False, exc)
    try:
        conn.send(result)
    except Exception as exc:  # it does not pickle: send what can be said in text
        failure = "" if result[0] else "".join(traceback.format_exception(result[1]))
        message = f"build stage {call.stage}: the result could not be sent back ({exc})\n{failure}"
        conn.send((False, BuildError(message)))
    conn.close()
