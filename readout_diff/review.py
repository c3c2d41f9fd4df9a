"""Settling the verdicts a reader should check, one at a time: the queue, the answers, undo.

A *verdict* is one pair of claims the tool is unsure of: a link of a ``check`` point (the
tool paired them), or a one-sided ``check`` claim and its nearest candidate (the tool kept
them apart). A reader answers each ``same``, ``different`` or ``skip``; ``same`` and
``different`` become decisions (see ``decisions.py``), skips are kept in a small file beside
the decisions file so that a later review does not ask them again. Pure: the command line
reads and writes the files and the keys.

>>> from readout_diff.load import readout_from_text
>>> from readout_diff.report import compare
>>> a = readout_from_text("Both sides raised ransomware and energy.", name="a")
>>> b = readout_from_text("They spoke of energy prices.", name="b")
>>> session = Review(lambda decided: compare([a, b], decisions=decided))
>>> session.current().guess, session.progress()
('paired', (1, 1))
>>> session.answer(DIFFERENT).decision.phrases
(('a', 'ransomware and energy'), ('b', 'spoke of energy'))
>>> session.current() is None, session.refill()
(True, 0)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readout_diff.align import evidence
from readout_diff.confidence import DEFAULT_RULE, REASONS, SURE, ConfidenceRule
from readout_diff.decisions import phrase_for, resolve
from readout_diff.errors import InputError
from readout_diff.expect import locate_in
from readout_diff.model import Claim, Decision, Point, Readout, Report

SAME = "same"
DIFFERENT = "different"
SKIP = "skip"

PAIRED = "paired"
ONE_SIDED = "one-sided"

Key = tuple[str, ...]
Phrases = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One uncertain verdict: the claim, its partner or nearest candidate, and the guess.

    ``guess`` is ``paired`` (a link of a shared point) or ``one-sided`` (``other`` is the
    nearest candidate, or None when no claim of another side comes near).
    """

    point: str
    guess: str
    reason: str
    claim: Claim
    other: Claim | None
    score: float | None
    words: tuple[str, ...] = ()
    rule: str = ""
    detail: str = ""
    company: tuple[str, ...] = ()

    @property
    def key(self) -> Key:
        """The verdict's claims, sorted: how a verdict is known across runs."""
        return key_of(self.claim.id, *([self.other.id] if self.other else []))

    @property
    def why(self) -> str:
        """The plain words for why the tool is unsure."""
        return REASONS.get(self.reason, ("", self.reason))[1]

    @property
    def can_pair(self) -> bool:
        """False for a one-sided claim with no candidate: there is nothing to decide."""
        return self.other is not None


@dataclass(frozen=True, slots=True)
class Answer:
    """What a reader said of a verdict, the decision it made (None for a skip), and a note."""

    verdict: Verdict
    kind: str
    decision: Decision | None
    position: int
    note: str = ""


def key_of(*ids: str) -> Key:
    return tuple(sorted(ids))


def verdicts(report: Report, *, rule: ConfidenceRule = DEFAULT_RULE) -> tuple[Verdict, ...]:
    """Every verdict of the report a reader should check, in the report's order."""
    found: list[Verdict] = []
    for point in report.points:
        # Two one-sided claims that are each other's nearest are one verdict, asked once.
        if point.sure:
            continue
        if len(point.present) > 1:
            found.extend(_link_verdicts(point, report, rule))
        elif point.missing:
            near = point.nearest
            other = report.claims_by_id.get(near.claim) if near and near.claim else None
            found.append(
                Verdict(
                    point=point.id,
                    guess=ONE_SIDED,
                    reason=point.confidence_reason,
                    claim=point.claims[0],
                    other=other,
                    score=near.score if near and other else None,
                    words=near.words if near else (),
                    detail=near.reason if near else "",
                )
            )
    unique: dict[Key, Verdict] = {}
    for verdict in found:
        unique.setdefault(verdict.key, verdict)
    return tuple(unique.values())


def _link_verdicts(point: Point, report: Report, rule: ConfidenceRule) -> list[Verdict]:
    """Each link of a shared point that is itself uncertain is a verdict of its own."""
    out: list[Verdict] = []
    for link in point.links:
        confidence, code = rule.shared([evidence(link)])
        if confidence == SURE:
            continue
        left, right = report.claims_by_id[link.left], report.claims_by_id[link.right]
        company = tuple(c.id for c in point.claims if c.id not in (link.left, link.right))
        out.append(
            Verdict(
                point=point.id,
                guess=PAIRED,
                reason=code,
                claim=left,
                other=right,
                score=link.score,
                words=link.words,
                rule=link.rule,
                company=company,
            )
        )
    return out


def settled_keys(decisions: Sequence[Decision], readouts: Sequence[Readout]) -> set[Key]:
    """The claim pairs that decisions already settle."""
    resolved = resolve(decisions, readouts)
    return {key_of(*pair) for pair in (*resolved.same, *resolved.different)}


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

    def progress(self) -> tuple[int, int]:
        """(the number of the current verdict, how many there are), as ``(3/17)``."""
        return self.position + 1, len(self.queue)

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
        return done

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
        """At the end of the queue: compare again with every answer and queue what is new."""
        if self.current() is not None:
            return 0
        self.report = self._build(self.decisions)
        known = {v.key for v in self.queue}
        new = [v for v in self._pending() if v.key not in known]
        if new:
            self._rounds.append(len(self.queue))
            self.queue.extend(new)
        return len(new)

    def settled(self) -> Report:
        """The report with every decision so far."""
        self.report = self._build(self.decisions)
        return self.report

    def skip_entries(self) -> list[Phrases]:
        return list(self.skipped.values())

    def _pending(self) -> list[Verdict]:
        done = settled_keys(self.decisions, self.report.sides) | set(self.skipped)
        return [v for v in verdicts(self.report, rule=self._rule) if v.key not in done]

    def _phrases(self, verdict: Verdict) -> Phrases | None:
        """A phrase for each claim of the verdict that locates it alone, in side order."""
        readouts = self.report.sides
        order = [r.name for r in readouts]
        named: list[tuple[str, str]] = []
        for claim in sorted(_claims_of(verdict), key=lambda c: order.index(c.side)):
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


def sentence_of(claim: Claim, readout: Readout) -> tuple[str, str, str]:
    """The claim inside its sentence: (text before it, the claim, text after it).

    A sentence split into clauses runs from its first clause to its last on that side.

    >>> from readout_diff.load import readout_from_text
    >>> r = readout_from_text("The talks went well; aid to Kyiv will grow. Trade came up.",
    ...                       name="a")
    >>> sentence_of(r.claims[1], r)
    ('The talks went well; ', 'aid to Kyiv will grow.', '')
    """
    mates = [c for c in readout.claims if c.sentence == claim.sentence]
    start = min(c.start for c in mates)
    end = max(c.end for c in mates)
    text = readout.text
    return text[start : claim.start], text[claim.start : claim.end], text[claim.end : end]


def skip_file_for(decisions_file: str) -> str:
    """Where a review keeps its skips: a hidden file beside the decisions file.

    >>> skip_file_for("calls/geneva/decisions.yaml")
    'calls/geneva/.decisions.yaml.skipped'
    """
    folder, name = os.path.split(decisions_file)
    return os.path.join(folder, f".{name}.skipped")


SKIP_HEADER = (
    "# Verdicts skipped in 'readout-diff review', not asked again; delete this file to be\n"
    "# asked them again.\n"
)


def skips_to_yaml(entries: Sequence[Phrases]) -> str:
    """The skip file's text: one line per skipped verdict, a phrase per claim.

    >>> print(skips_to_yaml([(("a", "energy"), ("b", "power"))]), end="")
    # Verdicts skipped in 'readout-diff review', not asked again; delete this file to be
    # asked them again.
    skipped:
      - {a: "energy", b: "power"}
    """
    lines = [SKIP_HEADER + "skipped:" + ("" if entries else " []")]
    for phrases in entries:
        body = ", ".join(f"{side}: {json.dumps(p, ensure_ascii=False)}" for side, p in phrases)
        lines.append(f"  - {{{body}}}")
    return "\n".join(lines) + "\n"


def parse_skips(
    data: Any, *, path: str, lines: Mapping[tuple[str | int, ...], int] | None = None
) -> list[Phrases]:
    """Read a skip file's data back: ``skipped``, a list of one or two side-phrase pairs."""
    lines = lines or {}
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"skipped"}:
        raise InputError("a review's skip file holds one key, 'skipped'", path=path)
    entries = data.get("skipped") or []
    if not isinstance(entries, list):
        raise InputError("'skipped' must be a list", path=path, line=lines.get(("skipped",)))
    found: list[Phrases] = []
    for k, entry in enumerate(entries):
        if (
            not isinstance(entry, dict)
            or not 1 <= len(entry) <= 2
            or not all(isinstance(s, str) and isinstance(p, str) for s, p in entry.items())
        ):
            raise InputError(
                "each skipped entry maps one or two sides to a phrase each",
                path=path,
                line=lines.get(("skipped", k), lines.get(("skipped",))),
            )
        found.append(tuple(entry.items()))
    return found


def summary_lines(report: Report) -> list[str]:
    """The settled report in a few lines: points, sure and to check, and a row per side."""
    shared = sum(1 for p in report.points if len(p.present) > 1)
    sure = sum(1 for p in report.points if p.sure)
    lines = [
        f"{len(report.points)} points: {shared} shared, {len(report.points) - shared} on one"
        f" side; {sure} sure, {len(report.points) - sure} to check."
    ]
    labels = [report.label(s.name) for s in report.summary]
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
