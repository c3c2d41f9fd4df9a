"""What a corpus check found: the options it ran with, each call's result, and the verdict.

``CheckResult`` holds every call's ``CallResult`` and says whether the corpus passed: all
expectations met, or no failure outside a baseline (``baseline.py``) and the score's floor
reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readout_diff.baseline import Baseline, Identity, identity
from readout_diff.confidence import ConfidenceRule
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_SCORER, DEFAULT_THRESHOLD
from readout_diff.expect import Expectation, Outcome, Score
from readout_diff.folders import EXPECT_FILE
from readout_diff.load import DEFAULT_MAX_BYTES
from readout_diff.model import Decision, Report
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
    # Entries of the baseline for this call that name a side it does not have.
    baseline_errors: tuple[str, ...] = ()

    @property
    def messages(self) -> tuple[str, ...]:
        """Every error of the call: its files first, then expectations that could not be
        located, then entries of the baseline that name a side the call lacks."""
        return (*self.errors, *(o.error for o in self.outcomes if o.error), *self.baseline_errors)

    @property
    def invalid(self) -> bool:
        """A file could not be read, or an expectation could not be located."""
        return bool(self.messages)

    @property
    def failed(self) -> int:
        """How many expectations did not hold (those that could not be located are errors)."""
        return sum(1 for o in self.outcomes if not o.met and not o.error)

    @property
    def met(self) -> int:
        """How many expectations held."""
        return sum(1 for o in self.outcomes if o.met)

    @property
    def unlocated(self) -> int:
        """How many expectations could not be evaluated: a phrase located no claim, or several."""
        return sum(1 for o in self.outcomes if o.error)

    @property
    def scored(self) -> bool:
        """Whether the call has a score: its files were read and every expectation located
        (a score on part of them would pass for the call's)."""
        return bool(self.sides) and not self.unlocated


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
        """The failures the baseline does not list (none without a baseline: a failure is
        then neither new nor known, only failed)."""
        if self.baseline is None:
            return ()
        return tuple((c, o) for c, o in self.failures if not self.known(c, o))

    @property
    def known_failures(self) -> tuple[tuple[CallResult, Outcome], ...]:
        """The failures the baseline lists (none without a baseline)."""
        return tuple((c, o) for c, o in self.failures if self.known(c, o))

    @property
    def summary(self) -> CheckSummary:
        """The counts and verdicts of the whole check, as a streamed check counts them."""
        summary = CheckSummary(self.root, self.options, self.baseline)
        for call in self.calls:
            summary.add(call)
        return summary

    @property
    def now_passing(self) -> tuple[tuple[str, Expectation, str], ...]:
        """Entries of the baseline that no longer fail (``CheckSummary.now_passing``)."""
        return self.summary.now_passing

    @property
    def baseline_verdict(self) -> str | None:
        """With a baseline: whether any failure is new, and how many of its entries pass now."""
        return self.summary.baseline_verdict

    @property
    def score(self) -> Score:
        """All expectations of all calls that have a score, pooled."""
        return self.summary.score

    @property
    def unscored(self) -> int:
        """Calls left out of the score: their files or expectations are invalid."""
        return self.summary.unscored

    @property
    def passed(self) -> bool:
        """Every expectation met; or no failure outside the baseline, and ``min_score`` reached."""
        return self.summary.passed

    @property
    def floor_reached(self) -> bool:
        """Whether the balanced accuracy reaches ``min_score`` (False when nothing scores)."""
        return self.summary.floor_reached

    @property
    def verdict(self) -> str | None:
        """With ``min_score``: whether the balanced accuracy reached the floor, to four places."""
        return self.summary.verdict

    @property
    def warning(self) -> str | None:
        """Without ``min_score``: a corpus of valid calls that scores nothing passes, but warns."""
        return self.summary.warning

    @property
    def exit_code(self) -> int:
        """0 valid and passed, 1 expectations failed, 2 a file or expectation is invalid."""
        return self.summary.exit_code


class CheckSummary:
    """What the verdicts of a check need, counted as each call's result arrives.

    A check streamed to its output holds this, not every call's result: counts, the pooled
    score, the first few call names, the calls' error messages, and the state of each
    baseline entry.
    """

    def __init__(self, root: str, options: CheckOptions, baseline: Baseline | None = None) -> None:
        self.root, self.options, self.baseline = root, options, baseline
        self.calls = self.invalid = self.expectations = self.failed = self.unscored = 0
        self.new_count = self.known_count = 0
        self.score = Score()
        self.names: list[str] = []  # the first calls', for the warning
        self.messages: list[str] = []
        entries = baseline.entries if baseline is not None else ()
        self._listed = {call for call, _ in entries}
        self._entries = {identity(call, expectation) for call, expectation in entries}
        self._unreadable: set[str] = set()
        self._checked: set[str] = set()  # the calls of the baseline that were checked
        # Whether one call folder was checked rather than a corpus (None before any call).
        self.single: bool | None = None
        self._status: dict[Identity, str] = {}

    def known(self, call: CallResult, outcome: Outcome) -> bool:
        """Whether the baseline lists this failure."""
        return self.baseline is not None and self.baseline.holds(call.name, outcome.expectation)

    def add(self, call: CallResult) -> None:
        """Count one call's result."""
        self.calls += 1
        if len(self.names) < 5:
            self.names.append(call.name)
        messages = call.messages
        self.messages.extend(messages)
        self.invalid += bool(messages)
        self.unscored += not call.scored
        self.expectations += len(call.outcomes)
        self.failed += call.failed
        self.score = self.score + call.score
        for outcome in call.outcomes:
            if not outcome.met and not outcome.error:
                if self.known(call, outcome):
                    self.known_count += 1
                else:
                    self.new_count += 1
        if self.single is None:
            self.single = call.path == self.root
        if self.baseline is None or call.name not in self._listed:
            return
        self._checked.add(call.name)
        if call.errors or call.baseline_errors:
            self._unreadable.add(call.name)
        for outcome in call.outcomes:
            key = identity(call.name, outcome.expectation)
            if key in self._entries:
                self._status[key] = "error" if outcome.error else "passes" if outcome.met else ""

    @property
    def new_failures(self) -> int | None:
        """Failures the baseline does not list; None without a baseline, where a failure is
        neither new nor known."""
        return None if self.baseline is None else self.new_count

    @property
    def known_failures(self) -> int | None:
        """Failures the baseline lists; None without a baseline."""
        return None if self.baseline is None else self.known_count

    @property
    def now_passing(self) -> tuple[tuple[str, Expectation, str], ...]:
        """Entries of the baseline that no longer fail, each with ``passes``, ``gone`` or
        ``not-in-corpus``.

        ``gone``: the call has no such expectation now (edited or removed);
        ``not-in-corpus``: the corpus has no such call (removed, or misnamed in the
        baseline). The entries of a call whose files could not be read, or of a phrase that no
        longer locates a claim, are none of these; nor, when one call folder is checked, are
        the entries of other calls.
        """
        if self.baseline is None:
            return ()
        found = []
        for call, expectation in self.baseline.entries:
            if call not in self._checked:
                if not self.single:
                    found.append((call, expectation, "not-in-corpus"))
                continue
            state = self._status.get(identity(call, expectation), "gone")
            if call not in self._unreadable and state in ("passes", "gone"):
                found.append((call, expectation, state))
        return tuple(found)

    @property
    def baseline_verdict(self) -> str | None:
        """With a baseline: whether any failure is new, and how many of its entries pass now."""
        if self.baseline is None:
            return None
        new, known = self.new_count, self.known_count
        if self.baseline.written:
            listed = "failure" if known == 1 else "failures"
            return (
                f"Baseline {self.baseline.path} written: {known} known {listed}; a check with"
                " --baseline fails only on new ones."
            )
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
        if self.invalid:
            return (
                f"Baseline {self.baseline.path}: no new failure ({known} known{tighten}), but"
                f" {_invalid(self.invalid)}: failed."
            )
        return f"Baseline {self.baseline.path}: no new failure ({known} known{tighten}): passed."

    @property
    def passed(self) -> bool:
        """Every expectation met; or no failure outside the baseline, and ``min_score`` reached;
        and in every case no call invalid (what cannot be checked never passes).

        A floor needs something to score: with no ``only`` or ``shared`` expectation in the
        whole corpus (a misnamed ``expect.yaml``, say), ``min_score`` is not reached.
        """
        if self.invalid:
            return False
        floor = self.options.min_score
        if floor is None and self.baseline is None:
            return not self.failed
        if self.baseline is not None and self.new_count:
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
        if self.invalid:
            reached = "reached" if self.floor_reached else "missed"
            outcome = f"{reached}, but {_invalid(self.invalid)}: failed"
        return f"Balanced accuracy {balanced:.4f} {sign} --min-score {floor:.4f}: {outcome}."

    @property
    def warning(self) -> str | None:
        """Without ``min_score``: a corpus of valid calls that scores nothing passes, but warns."""
        if self.options.min_score is not None or self.score.balanced is not None:
            return None
        if self.invalid:
            return None  # the invalid files are reported, and fail the check
        more = self.calls - len(self.names)
        shown = ", ".join(self.names) + (f" and {more} more" if more > 0 else "")
        return (
            f"nothing to score: no 'only' or 'shared' expectation in {shown}"
            f" (expectations go in each call's {EXPECT_FILE})"
        )

    @property
    def exit_code(self) -> int:
        """0 valid and passed, 1 expectations failed, 2 a file or expectation is invalid."""
        if self.invalid:
            return 2
        return 0 if self.passed else 1


def _invalid(calls: int) -> str:
    return "1 call is invalid" if calls == 1 else f"{calls} calls are invalid"
