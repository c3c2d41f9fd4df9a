"""Settling the verdicts a reader should check, one at a time: the queue, the answers, undo.

A *verdict* is one pair of claims the tool is unsure of: a link of a ``check`` point (the
tool paired them), or a one-sided ``check`` claim and its nearest candidate (the tool kept
them apart). A reader answers each ``same``, ``different`` or ``skip``; ``same`` and
``different`` become decisions (see ``decisions.py``); a one-sided claim may also be paired with
a claim the reader picks (``pick``), when its true partner is not the candidate shown. Skips
are kept in a small file beside
the decisions file so that a later review does not ask them again (which verdicts:
``verdicts.py``; the skip file: ``skip_file.py``). Pure: the command line reads and writes
the files and the keys.

>>> from readout_diff.load import readout_from_text
>>> from readout_diff.report import compare
>>> a = readout_from_text("Both sides raised ransomware and energy.", name="a")
>>> b = readout_from_text("They spoke of energy prices.", name="b")
>>> session = Review(lambda decided: compare([a, b], decisions=decided))
>>> session.current().guess, str(session.place())
('paired', '(1/1)')
>>> session.answer(DIFFERENT).decision.phrases
(('a', 'ransomware and energy'), ('b', 'spoke of energy'))
>>> session.current() is None, session.refill()
(True, 0)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from readout_diff.confidence import DEFAULT_RULE, ConfidenceRule
from readout_diff.decisions import phrase_for, resolve
from readout_diff.expect import locate_in
from readout_diff.model import Claim, Decision, Readout, Report
from readout_diff.render.text import clean
from readout_diff.render.view import check_groups, decided_count
from readout_diff.skip_file import Phrases
from readout_diff.verdicts import ONE_SIDED, Key, Verdict, key_of, settled_keys, verdicts

SAME = "same"
DIFFERENT = "different"
SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a review is: the current verdict settles points ``first`` to ``last`` of
    ``total`` (two when two one-sided claims are each other's nearest), and is link ``link``
    of the ``links`` uncertain links of its point (1 of 1 for most).
    """

    first: int
    last: int
    total: int
    link: int = 1
    links: int = 1

    def __str__(self) -> str:
        """``(3/17)``, or ``(3-4/17)`` for a verdict that settles two points."""
        shown = str(self.first) if self.first == self.last else f"{self.first}-{self.last}"
        return f"({shown}/{self.total})"


@dataclass(frozen=True, slots=True)
class Answer:
    """What a reader said of a verdict, the decision it made (None for a skip), and a note.

    ``picked`` is the claim the reader paired the verdict's claim with by hand (see
    ``Review.pick``), when it is not the candidate shown.
    """

    verdict: Verdict
    kind: str
    decision: Decision | None
    position: int
    note: str = ""
    picked: Claim | None = None

    @property
    def key(self) -> Key:
        """The claims the answer is about: the verdict's, or its claim and the one picked."""
        if self.picked is not None:
            return key_of(self.verdict.claim.id, self.picked.id)
        return self.verdict.key


class Refused(ValueError):
    """A pairing the review cannot record; the message says why, for the reader."""


class Review:
    """A review in progress: the queue of verdicts, where the reader is, and what they said.

    ``build(decisions)`` compares the readouts with those decisions. ``written`` are the
    decisions already in the file new ones go to, ``fixed`` those that apply from
    elsewhere (``call.yaml``), ``skipped`` the skip entries of earlier reviews. When the
    queue runs out, ``refill`` compares again with every answer so far: a ``different``
    answer can leave a claim free to pair elsewhere, a new verdict to check.
    """

    def __init__(
        self,
        build: Callable[[Sequence[Decision]], Report],
        *,
        written: Sequence[Decision] = (),
        fixed: Sequence[Decision] = (),
        skipped: Iterable[Phrases] = (),
        rule: ConfidenceRule = DEFAULT_RULE,
    ) -> None:
        self._build = build
        self._rule = rule
        self.fixed = tuple(fixed)
        self.written: list[Decision] = list(written)
        self.report = build(self.decisions)
        self.skipped: dict[Key, Phrases] = {}
        for phrases in skipped:
            found = _locate_all(phrases, self.report.sides)
            if found is not None:
                self.skipped[found] = phrases
        self.earlier = len(self.skipped) + len(settled_keys(self.decisions, self.report.sides))
        self.answers: list[Answer] = []
        self.queue: list[Verdict] = self._pending()
        self.position = 0
        self._rounds: list[int] = [0]

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every decision that applies: the fixed ones, then the file's."""
        return (*self.fixed, *self.written)

    def current(self) -> Verdict | None:
        """The verdict to ask about now, or None when the queue is done."""
        return self.queue[self.position] if self.position < len(self.queue) else None

    def place(self) -> Place:
        """Where the review is, in points as ``compare`` counts them, as ``(3/17)``.

        A point paired on several uncertain links is asked link by link; a later round (see
        ``refill``) compares afresh, so its points are new ones.
        """
        number: dict[tuple[int, str], int] = {}
        groups: list[list[tuple[int, str]]] = []
        for k, verdict in enumerate(self.queue):
            round_ = bisect_right(self._rounds, k) - 1
            groups.append([(round_, point) for point in verdict.points])
            for group in groups[-1]:
                number.setdefault(group, len(number) + 1)
        total = len(number)
        if self.position >= len(self.queue):
            return Place(total, total, total)
        mine = groups[self.position]
        links = [k for k, group in enumerate(groups) if group[0] == mine[0]]
        numbers = [number[group] for group in mine]
        return Place(min(numbers), max(numbers), total, links.index(self.position) + 1, len(links))

    def to_check(self, report: Report | None = None) -> tuple[int, int]:
        """Of the points ``compare`` lists under Check these (in ``report``, by default the
        current one): how many are still to check, and how many only skips or decisions
        already answer.
        """
        report = report or self.report
        unsure = {p.id for p in report.points if not p.sure}
        done = settled_keys(self.decisions, report.sides) | set(self.skipped)
        pending: dict[str, bool] = {}
        for verdict in verdicts(report, rule=self._rule):
            for point in verdict.points:
                pending[point] = pending.get(point, False) or verdict.key not in done
        answered = {point for point, left in pending.items() if not left} & unsure
        return len(unsure) - len(answered), len(answered)

    def answer(self, kind: str) -> Answer:
        """Record ``same``, ``different`` or ``skip`` for the current verdict and move on.

        A claim no phrase can name alone (its text is on its side twice) cannot be decided
        in a file: the verdict is skipped instead, and the answer's note says why.
        """
        verdict = self.current()
        if verdict is None:
            raise ValueError("no verdict left to answer")
        if kind not in (SAME, DIFFERENT, SKIP):
            raise ValueError(f"unknown answer {kind!r}")
        note = ""
        decision = None
        named = self._phrases(verdict)
        if kind != SKIP:
            if not verdict.can_pair:
                raise ValueError("a claim with no candidate can only be skipped")
            if named is None:
                note = "its text is on its side more than once, so no phrase names it; skipped"
                kind = SKIP
            else:
                decision = Decision(kind, (named[0], named[1]))
                self.written.append(decision)
        if kind == SKIP:
            self.skipped[verdict.key] = named or tuple(
                (c.side, c.text.strip()) for c in _claims_of(verdict)
            )
        done = Answer(verdict, kind, decision, self.position, note)
        self.answers.append(done)
        self.position += 1
        self._pass_joined()
        return done

    def partners(self, side: str) -> tuple[list[Claim], list[Claim]]:
        """The claims of ``side`` the current verdict's claim may be paired with by hand: the
        one-sided ones (its likeliest partners), then those paired elsewhere, in reading order.
        """
        # As the answers so far leave them, not as the review found them: a claim paired
        # since (by hand or by a "same") is no longer alone, one kept apart may now be.
        now = self._build(self.decisions)
        readout = next(r for r in now.sides if r.name == side)
        alone = {p.claims[0].id for p in now.points if len(p.present) == 1}
        return (
            [c for c in readout.claims if c.id in alone],
            [c for c in readout.claims if c.id not in alone],
        )

    def pick(self, other: Claim) -> Answer:
        """Record that the current one-sided verdict's claim makes the same point as ``other``,
        a claim of another side the reader chose: a ``same`` decision, as an ``s`` answer
        writes, undone by ``undo`` as one. Raises ``Refused`` when it cannot be recorded.
        """
        verdict = self.current()
        if verdict is None or verdict.guess != ONE_SIDED:
            raise Refused("only a claim the tool found on one side can be paired by hand")
        claim = verdict.claim
        if other.side == claim.side:
            raise Refused("a claim is paired with a claim of another side")
        key = key_of(claim.id, other.id)
        resolved = resolve(self.decisions, self.report.sides)
        if any(key_of(*pair) == key for pair in resolved.different):
            raise Refused(f"{claim.id} and {other.id} are decided different already; undo that")
        named = self._named([claim, other])
        if named is None:
            raise Refused(
                "one of them says on its side word for word what another claim says, so no"
                " phrase names it alone"
            )
        decision = Decision(SAME, (named[0], named[1]))
        self.written.append(decision)
        done = Answer(verdict, SAME, decision, self.position, picked=other)
        self.answers.append(done)
        self.position += 1
        self._pass_joined()
        return done

    def _picked(self) -> set[str]:
        """The ids of the claims this review has paired by hand, on either side."""
        return {
            c.id for a in self.answers if a.picked is not None for c in (a.verdict.claim, a.picked)
        }

    def _pass_joined(self) -> None:
        """Move past the one-sided verdicts whose claims this review has paired by hand since
        the queue was made: they are no longer alone, so their question no longer stands."""
        joined = self._picked()
        while (verdict := self.current()) is not None and verdict.guess == ONE_SIDED:
            own = [verdict.claim, *([verdict.other] if verdict.also and verdict.other else [])]
            if not all(c.id in joined for c in own):
                return
            self.position += 1

    def undo(self) -> Answer | None:
        """Take back the last answer of this review; its verdict is asked again next."""
        if not self.answers:
            return None
        last = self.answers.pop()
        if last.decision is not None:
            self.written = [d for d in self.written if d is not last.decision]
        else:
            self.skipped.pop(last.verdict.key, None)
        self.position = last.position
        while len(self._rounds) > 1 and self._rounds[-1] > self.position:
            # Verdicts the undone answers raised are found again, if they still arise.
            del self.queue[self._rounds.pop() :]
        return last

    def refill(self) -> int:
        """At the end of the queue: compare again with every answer and queue what is new.

        Returns how many points the new verdicts hold.
        """
        if self.current() is not None:
            return 0
        self.report = self._build(self.decisions)
        known = {v.key for v in self.queue}
        new = [v for v in self._pending() if v.key not in known]
        if new:
            self._rounds.append(len(self.queue))
            self.queue.extend(new)
        return len({point for verdict in new for point in verdict.points})

    def settled(self) -> Report:
        """The report with every decision so far."""
        self.report = self._build(self.decisions)
        return self.report

    def skip_entries(self) -> list[Phrases]:
        return list(self.skipped.values())

    def _pending(self) -> list[Verdict]:
        """The verdicts still to ask, in the order Check these lists their points: the least
        likely to be right first."""
        done = settled_keys(self.decisions, self.report.sides) | set(self.skipped)
        rank = {
            point.id: k
            for k, point in enumerate(
                p for _, _, group in check_groups(self.report, self.report.points) for p in group
            )
        }
        pending = [v for v in verdicts(self.report, rule=self._rule) if v.key not in done]
        return sorted(pending, key=lambda v: min(rank.get(p, len(rank)) for p in v.points))

    def _phrases(self, verdict: Verdict) -> Phrases | None:
        """A phrase for each claim of the verdict that locates it alone, in side order."""
        return self._named(_claims_of(verdict))

    def _named(self, claims: Sequence[Claim]) -> Phrases | None:
        """A phrase for each of ``claims`` that locates it alone, in side order."""
        readouts = self.report.sides
        order = [r.name for r in readouts]
        named: list[tuple[str, str]] = []
        for claim in sorted(claims, key=lambda c: order.index(c.side)):
            side = next(r for r in readouts if r.name == claim.side)
            phrase = phrase_for(claim, side.claims)
            found, _ = locate_in(readouts, claim.side, phrase)
            if found is None or found.id != claim.id:
                return None
            named.append((claim.side, phrase))
        return tuple(named)


def _claims_of(verdict: Verdict) -> list[Claim]:
    return [verdict.claim, *([verdict.other] if verdict.other else [])]


def _locate_all(phrases: Phrases, readouts: Sequence[Readout]) -> Key | None:
    """The claim ids a skip entry names, or None when one no longer names exactly one."""
    names = {r.name for r in readouts}
    ids = []
    for side, phrase in phrases:
        if side not in names:
            return None
        found, _ = locate_in(readouts, side, phrase)
        if found is None:
            return None
        ids.append(found.id)
    return key_of(*ids)


def summary_lines(report: Report) -> list[str]:
    """The settled report in a few lines: points, sure and to check, and a row per side."""
    shared = sum(1 for p in report.points if len(p.present) > 1)
    sure = sum(1 for p in report.points if p.sure)
    # A reader's verdicts are counted apart from the tool's, as every report counts them.
    decided = decided_count(report.points)
    theirs = f" {decided} decided by a reader," if decided else ""
    lines = [
        f"{len(report.points)} points: {shared} shared, {len(report.points) - shared} on one"
        f" side; {sure - decided} sure,{theirs} {len(report.points) - sure} to check."
    ]
    labels = [clean(report.label(s.name)) for s in report.summary]
    room = max(4, *(len(label) for label in labels))
    lines.append(f"  {'side':<{room}}  claims  paired  only here")
    for label, side in zip(labels, report.summary, strict=True):
        lines.append(f"  {label:<{room}}  {side.claims:>6}  {side.matched:>6}  {side.only:>9}")
    return lines


def counts(answers: Collection[Answer]) -> dict[str, int]:
    """How many answers of each kind."""
    out = {SAME: 0, DIFFERENT: 0, SKIP: 0}
    for answer in answers:
        out[answer.kind] += 1
    return out
