"""Check a corpus of calls: every file valid, every comparison still what a person verified.

A corpus is a folder of call folders. Each call is loaded and compared on its own, so calls
run in parallel processes; results come back in folder order, identical to a serial run.
Against a baseline (``baseline.py``), only failures it does not list fail the check.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from readout_diff.baseline import Baseline, identity
from readout_diff.confidence import ConfidenceRule
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_SCORER, DEFAULT_THRESHOLD
from readout_diff.errors import ReadoutDiffError, UsageError
from readout_diff.expect import (
    Expectation,
    Outcome,
    Score,
    evaluate,
    parse_expectations,
    score,
)
from readout_diff.folders import (
    EXPECT_FILE,
    discover,
    load_side,
    outside,
    outside_error,
    read_call_meta,
    tree_of,
    unlisted_files,
)
from readout_diff.load import DEFAULT_MAX_BYTES, load_yaml_file, node_lines
from readout_diff.model import Decision, Readout, Report
from readout_diff.normalize import merge_aliases
from readout_diff.report import compare, pair_scorer
from readout_diff.score import Scorer


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How every call of the corpus is compared."""

    scorer: str | Scorer = DEFAULT_SCORER
    threshold: float = DEFAULT_THRESHOLD
    margin: float = DEFAULT_MARGIN
    clauses: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    min_score: float | None = None
    # A reader's decisions: each call's own (call.yaml or decisions.yaml) unless ``decisions``
    # is False; ``extra_decisions`` adds some by call folder name (``--decisions FILE``).
    decisions: bool = True
    extra_decisions: tuple[tuple[str, tuple[Decision, ...]], ...] = ()
    rule: ConfidenceRule | None = None
    # Read files outside the corpus that call.yaml names (../shared/...): refused by default.
    allow_outside: bool = False


@dataclass(frozen=True, slots=True)
class CallResult:
    """One call: its sides and counts, its expectations' outcomes, or why it could not run."""

    name: str
    path: str
    title: str | None = None
    sides: tuple[str, ...] = ()
    claims: tuple[int, ...] = ()
    shared: int = 0
    one_sided: tuple[int, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    errors: tuple[str, ...] = ()
    score: Score = field(default_factory=Score)
    report: Report | None = field(default=None, compare=False)

    @property
    def messages(self) -> tuple[str, ...]:
        """Every error of the call: its files first, then expectations that could not be located."""
        return (*self.errors, *(o.error for o in self.outcomes if o.error))

    @property
    def invalid(self) -> bool:
        """A file could not be read, or an expectation could not be located."""
        return bool(self.messages)

    @property
    def failed(self) -> int:
        """How many expectations did not hold (those that could not be located are errors)."""
        return sum(1 for o in self.outcomes if not o.met and not o.error)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The whole corpus: every call's result and the pooled score, and the known failures."""

    root: str
    calls: tuple[CallResult, ...]
    options: CheckOptions
    baseline: Baseline | None = None

    @property
    def failures(self) -> tuple[tuple[CallResult, Outcome], ...]:
        """Every expectation that did not hold (those that could not be located are errors)."""
        return tuple((c, o) for c in self.calls for o in c.outcomes if not o.met and not o.error)

    def known(self, call: CallResult, outcome: Outcome) -> bool:
        """Whether the baseline lists this failure."""
        return self.baseline is not None and self.baseline.holds(call.name, outcome.expectation)

    @property
    def new_failures(self) -> tuple[tuple[CallResult, Outcome], ...]:
        """The failures the baseline does not list (all of them without a baseline)."""
        return tuple((c, o) for c, o in self.failures if not self.known(c, o))

    @property
    def known_failures(self) -> tuple[tuple[CallResult, Outcome], ...]:
        """The failures the baseline lists."""
        return tuple((c, o) for c, o in self.failures if self.known(c, o))

    @property
    def now_passing(self) -> tuple[tuple[str, Expectation, str], ...]:
        """Entries of the baseline that no longer fail, each with ``passes`` or ``gone``.

        ``gone``: the call has no such expectation now (edited or removed). The entries of a
        call whose files could not be read, or of a phrase that no longer locates a claim,
        are neither.
        """
        if self.baseline is None:
            return ()
        unreadable = {c.name for c in self.calls if c.errors}
        status = {
            identity(c.name, o.expectation): "error" if o.error else "passes" if o.met else ""
            for c in self.calls
            for o in c.outcomes
        }
        found = []
        for call, expectation in self.baseline.entries:
            state = status.get(identity(call, expectation), "gone")
            if call not in unreadable and state in ("passes", "gone"):
                found.append((call, expectation, state))
        return tuple(found)

    @property
    def baseline_verdict(self) -> str | None:
        """With a baseline: whether any failure is new, and how many of its entries pass now."""
        if self.baseline is None:
            return None
        new, known = len(self.new_failures), len(self.known_failures)
        passing = len(self.now_passing)
        tighten = ""
        if passing:
            tighten = f"; {passing} of its entries no longer fail{'s' if passing == 1 else ''}"
        if new:
            failures = "failure" if new == 1 else "failures"
            return (
                f"Baseline {self.baseline.path}: {new} new {failures} ({known} known{tighten}):"
                " failed."
            )
        return f"Baseline {self.baseline.path}: no new failure ({known} known{tighten}): passed."

    @property
    def score(self) -> Score:
        """All expectations of all calls, pooled."""
        total = Score()
        for call in self.calls:
            total = total + call.score
        return total

    @property
    def passed(self) -> bool:
        """Every expectation met; or no failure outside the baseline, and ``min_score`` reached.

        A floor needs something to score: with no ``only`` or ``shared`` expectation in the
        whole corpus (a misnamed ``expect.yaml``, say), ``min_score`` is not reached.
        """
        floor = self.options.min_score
        if floor is None and self.baseline is None:
            return not self.failures
        if self.baseline is not None and self.new_failures:
            return False
        return floor is None or self.floor_reached

    @property
    def floor_reached(self) -> bool:
        """Whether the balanced accuracy reaches ``min_score`` (False when nothing scores)."""
        balanced, floor = self.score.balanced, self.options.min_score
        return floor is not None and balanced is not None and balanced >= floor

    @property
    def verdict(self) -> str | None:
        """With ``min_score``: whether the balanced accuracy reached the floor, to four places."""
        floor = self.options.min_score
        if floor is None:
            return None
        balanced = self.score.balanced
        if balanced is None:
            return (
                f"No 'only' or 'shared' expectation to score; --min-score {floor:.4f}"
                " needs at least one: failed."
            )
        sign = ">=" if balanced >= floor else "<"
        outcome = "passed" if self.floor_reached else "failed"
        return f"Balanced accuracy {balanced:.4f} {sign} --min-score {floor:.4f}: {outcome}."

    @property
    def warning(self) -> str | None:
        """Without ``min_score``: a corpus of valid calls that scores nothing passes, but warns."""
        if self.options.min_score is not None or self.score.balanced is not None:
            return None
        if any(call.invalid for call in self.calls):
            return None  # the invalid files are reported, and fail the check
        names = [call.name for call in self.calls]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return (
            f"nothing to score: no 'only' or 'shared' expectation in {shown}"
            f" (expectations go in each call's {EXPECT_FILE})"
        )

    @property
    def exit_code(self) -> int:
        """0 valid and passed, 1 expectations failed, 2 a file or expectation is invalid."""
        if any(call.invalid for call in self.calls):
            return 2
        return 0 if self.passed else 1


def check_call(
    folder: str, options: CheckOptions, *, keep_report: bool = False, root: str | None = None
) -> CallResult:
    """Validate and compare one call folder, then check its ``expect.yaml``.

    Its files must be inside ``root`` (by default the folder's parent) unless the options
    allow files outside.
    """
    name = os.path.basename(os.path.normpath(folder))
    try:
        meta = read_call_meta(
            folder, max_bytes=options.max_bytes, root=root, allow_outside=options.allow_outside
        )
    except ReadoutDiffError as exc:
        return CallResult(name, folder, errors=(str(exc),))
    readouts: list[Readout] = []
    errors = [str(error) for error in unlisted_files(folder, meta)]
    for k in range(len(meta.entries)):
        try:
            readouts.append(
                load_side(meta, k, max_bytes=options.max_bytes, clauses=options.clauses)
            )
        except ReadoutDiffError as exc:
            errors.append(str(exc))
    expectations: tuple[Expectation, ...] = ()
    expect_path = os.path.join(folder, EXPECT_FILE)
    if os.path.lexists(expect_path):  # a FIFO or a broken link is reported, not skipped
        try:
            tree = tree_of(folder, root)
            if not options.allow_outside and outside(expect_path, tree):
                raise outside_error(expect_path, tree)
            data, node = load_yaml_file(expect_path, max_bytes=options.max_bytes)
            sides = None if errors else [r.name for r in readouts]
            expectations = parse_expectations(
                data, path=expect_path, sides=sides, lines=node_lines(node)
            )
        except ReadoutDiffError as exc:
            errors.append(str(exc))
    if errors:
        return CallResult(name, folder, meta.title, errors=tuple(errors))
    aliases = merge_aliases(dict(options.aliases), meta.aliases)
    try:
        report = compare(
            readouts,
            scorer=options.scorer,
            threshold=options.threshold,
            margin=options.margin,
            aliases=aliases,
            title=meta.title,
            decisions=_decisions_of(name, meta.decisions, options),
            rule=options.rule,
        )
    except ReadoutDiffError as exc:
        return CallResult(name, folder, meta.title, errors=(str(exc),))
    outcomes = evaluate(
        report, expectations, pair_score=pair_scorer(report, aliases=aliases, scorer=options.scorer)
    )
    outcomes = tuple(
        Outcome(o.expectation, o.met, o.detail, f"{expect_path}:{o.expectation.line}: {o.error}")
        if o.error
        else o
        for o in outcomes
    )
    return CallResult(
        name=name,
        path=folder,
        title=meta.title,
        sides=tuple(r.name for r in readouts),
        claims=tuple(len(r.claims) for r in readouts),
        shared=sum(1 for p in report.points if len(p.present) > 1),
        one_sided=tuple(side.only for side in report.summary),
        outcomes=outcomes,
        score=score(outcomes),
        report=report if keep_report else None,
    )


def _decisions_of(
    name: str, own: tuple[Decision, ...], options: CheckOptions
) -> tuple[Decision, ...]:
    if not options.decisions:
        return ()
    extra = dict(options.extra_decisions).get(name, ())
    return (*own, *extra)


def _check_one(args: tuple[str, CheckOptions, str]) -> CallResult:
    """One call, whatever goes wrong in it: a bug shows as that call's error, not the corpus's."""
    folder, options, root = args
    try:
        return check_call(folder, options, root=root)
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        name = os.path.basename(os.path.normpath(folder))
        return CallResult(
            name, folder, errors=(f"{folder}: internal error: {type(exc).__name__}: {detail}",)
        )


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
    folders = discover(root)
    if jobs is None:
        jobs = default_jobs(len(folders))
    known = {os.path.basename(os.path.normpath(folder)) for folder in folders}
    unknown = sorted(name for name, _ in options.extra_decisions if name not in known)
    if unknown:
        raise UsageError(f"decisions name a call that is not in {root}: {unknown[0]}")
    results: list[CallResult] = []
    # The tree files must stay in: the corpus; for a single call, the folder's parent (as
    # compare reads it).
    tree = tree_of(root) if folders == [root] else root
    tasks = [(folder, options, tree) for folder in folders]
    if progress:
        progress(0, len(folders))
    if jobs > 1 and len(folders) > 1:
        chunk = max(1, min(32, len(folders) // (jobs * 8)))
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(folders)),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )
        try:
            for result in pool.map(_check_one, tasks, chunksize=chunk):
                results.append(result)
                if progress:
                    progress(len(results), len(folders))
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM, a closed pipe): end the workers now, not after
            # every queued call, so that none outlives the run holding its output open.
            _end_workers(pool)
            raise
        pool.shutdown()
    else:
        for task in tasks:
            results.append(_check_one(task))
            if progress:
                progress(len(results), len(folders))
    return CheckResult(root, tuple(results), options, baseline)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
