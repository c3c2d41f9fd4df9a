"""Check a corpus of calls: every file valid, every comparison still what a person verified.

A corpus is a folder of call folders. Each call is loaded and compared on its own
(``check_call.py``), so calls run in parallel processes; results come back in folder
order, identical to a serial run, and only a few calls' results wait at a time. Against a
baseline (``baseline.py``), only failures it does not list fail the check
(``check_result.py``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from readout_diff.baseline import Baseline, side_errors
from readout_diff.check_call import check_call, check_one
from readout_diff.check_result import CallResult, CheckOptions, CheckResult
from readout_diff.errors import UsageError
from readout_diff.folders import discover, tree_of

__all__ = [
    "CallResult",
    "CheckOptions",
    "CheckResult",
    "check_call",
    "check_calls",
    "check_corpus",
    "default_jobs",
]


def _worker_start(parent: int) -> None:
    """A worker leaves Ctrl-C and SIGTERM to the parent, which ends it, and dies with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            # PR_SET_PDEATHSIG: killed when the parent dies, even by SIGKILL.
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above
    # What the worker inherits (modules, tables) lives as long as it does: leave it out of
    # every collection, which then walks only the objects of the calls being checked.
    gc.freeze()


CALLS_PER_JOB = 12


def default_jobs(calls: int) -> int:
    """Processes worth starting for a corpus: one per dozen calls, at most one per core.

    Starting a process costs about what comparing a dozen calls does, so a small corpus is
    checked faster in one.

    >>> default_jobs(6)
    1
    """
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity else os.cpu_count() or 1
    return max(1, min(cores, calls // CALLS_PER_JOB))


# Open files each worker process costs its parent (pipes and the pool's own), and what the
# parent keeps for itself (its inputs, outputs, the cache).
FILES_PER_JOB = 4
FILES_KEPT = 32


def process_room() -> int:
    """How many worker processes the open-file limit leaves room for (``ulimit -n``): 256,
    a common default, holds 56; past it the pool would fail for want of file descriptors.
    """
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 1_000_000
    if soft == resource.RLIM_INFINITY:
        return 1_000_000
    return max(1, (soft - FILES_KEPT) // FILES_PER_JOB)


def check_corpus(
    root: str,
    *,
    options: CheckOptions | None = None,
    jobs: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
    baseline: Baseline | None = None,
) -> CheckResult:
    """Check every call under ``root``; ``jobs`` > 1 spreads calls over processes, and
    ``None`` picks a number for the size of the corpus (``default_jobs``)."""
    options = options or CheckOptions()
    calls = tuple(
        check_calls(root, options=options, jobs=jobs, progress=progress, baseline=baseline)
    )
    return CheckResult(root, calls, options, baseline)


def check_calls(
    root: str,
    *,
    options: CheckOptions,
    jobs: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
    baseline: Baseline | None = None,
) -> Iterator[CallResult]:
    """Each call's result under ``root``, in folder order, as it is ready (see
    ``check_corpus``): a corpus of any size is checked holding only a few results.

    The corpus and the options are checked now, before the first result is asked for; the
    entries of ``baseline`` for a call, against the call's sides, once it is read (a YAML
    readout names its own side).
    """
    folders = discover(root)
    if jobs is None:
        jobs = default_jobs(len(folders))
    known = {os.path.basename(os.path.normpath(folder)) for folder in folders}
    unknown = [(name, found) for name, found in options.extra_decisions if name not in known]
    if unknown and folders != [root]:
        # One call folder checked alone takes the corpus's decisions file as it takes its
        # baseline: the other calls' entries are not its own, not errors.
        name, found = unknown[0]
        first = min(found, key=lambda d: d.line or 0, default=None)
        raise UsageError(
            f"decisions name a call that is not in {root}: {name}",
            path=first.path if first else None,
            line=first.line if first else None,
        )
    # The tree files must stay in: the corpus; for a single call, the folder's parent (as
    # compare reads it).
    tree = tree_of(root) if folders == [root] else root
    tasks = [(folder, options, tree) for folder in folders]
    return _results(tasks, jobs, progress, baseline)


def _against(call: CallResult, baseline: Baseline | None) -> CallResult:
    """The call, with an error for each entry of the baseline naming a side it lacks."""
    if baseline is None or not call.sides:
        return call
    errors = side_errors(baseline, call.name, call.sides)
    return replace(call, baseline_errors=errors) if errors else call


def _results(
    tasks: list[tuple[str, CheckOptions, str]],
    jobs: int,
    progress: Callable[[int, int], None] | None,
    baseline: Baseline | None = None,
) -> Generator[CallResult, None, None]:
    if progress:
        progress(0, len(tasks))
    # One job, or an open-file limit that leaves room for no pool: in this process.
    workers = min(jobs, len(tasks), process_room()) if jobs > 1 else 1
    found: Generator[CallResult, None, None] = (
        _in_processes(tasks, workers) if workers > 1 else (check_one(task) for task in tasks)
    )
    try:
        for done, result in enumerate(found, 1):
            if progress:
                progress(done, len(tasks))
            yield _against(result, baseline)
    finally:
        found.close()  # interrupted: the processes end now, not when collected


def _check_chunk(tasks: Sequence[tuple[str, CheckOptions, str]]) -> list[CallResult]:
    return [check_one(task) for task in tasks]


def _in_processes(
    tasks: Sequence[tuple[str, CheckOptions, str]], jobs: int
) -> Generator[CallResult, None, None]:
    """Each call's result in folder order, from ``jobs`` processes given chunks of calls.

    Only a few chunks per process are queued at a time, so results do not pile up ahead of
    the one being read.
    """
    chunk = max(1, min(32, len(tasks) // (jobs * 8)))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(os.getpid(),))
    pending: deque[Future[list[CallResult]]] = deque()
    try:
        for start in range(0, len(tasks), chunk):
            pending.append(pool.submit(_check_chunk, tasks[start : start + chunk]))
            if len(pending) >= 4 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM, a closed pipe): end the workers now, not after
        # every queued call, so that none outlives the run holding its output open.
        _end_workers(pool)
        raise
    pool.shutdown()


def _end_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
