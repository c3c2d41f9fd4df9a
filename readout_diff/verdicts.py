"""The verdicts a reader should check: each uncertain link of a shared point, and each
uncertain one-sided claim with its nearest candidate. Pure: a report in, verdicts out.

>>> from readout_diff.load import readout_from_text
>>> from readout_diff.report import compare
>>> a = readout_from_text("Both sides raised ransomware and energy.", name="a")
>>> b = readout_from_text("They spoke of energy prices.", name="b")
>>> [(v.guess, v.key) for v in verdicts(compare([a, b]))]
[('paired', ('a:1', 'b:1'))]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from readout_diff.align import evidence
from readout_diff.confidence import DEFAULT_RULE, REASONS, SURE, ConfidenceRule
from readout_diff.decisions import resolve
from readout_diff.model import Claim, Decision, Point, Readout, Report

PAIRED = "paired"
ONE_SIDED = "one-sided"

Key = tuple[str, ...]


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
    # The point of the other claim, when it is one-sided too and this claim is its nearest:
    # one verdict settles both points.
    also: tuple[str, ...] = ()

    @property
    def key(self) -> Key:
        """The verdict's claims, sorted: how a verdict is known across runs."""
        return key_of(self.claim.id, *([self.other.id] if self.other else []))

    @property
    def why(self) -> str:
        """The plain words for why the tool is unsure."""
        return REASONS.get(self.reason, ("", self.reason))[1]

    @property
    def points(self) -> tuple[str, ...]:
        """The points this verdict settles, as ``compare`` counts them under Check these."""
        return (self.point, *self.also)

    @property
    def can_pair(self) -> bool:
        """False for a one-sided claim with no candidate: there is nothing to decide."""
        return self.other is not None


def key_of(*ids: str) -> Key:
    return tuple(sorted(ids))


def verdicts(report: Report, *, rule: ConfidenceRule = DEFAULT_RULE) -> tuple[Verdict, ...]:
    """Every verdict of the report a reader should check, in the report's order."""
    found: list[Verdict] = []
    # Two one-sided claims that are each other's nearest are one verdict, asked once.
    pairs = mutual_nearest([p for p in report.points if not p.sure])
    seconds = set(pairs.values())
    for point in report.points:
        if point.sure or point.id in seconds:
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
                    also=(pairs[point.id],) if point.id in pairs else (),
                )
            )
    return tuple(found)


def mutual_nearest(points: Sequence[Point]) -> dict[str, str]:
    """Among ``points``, the one-sided ones whose claim is the nearest of another's, that
    other's claim being theirs: the first point of each such pair -> the second.
    """
    by_claim = {p.claims[0].id: p for p in points if len(p.present) == 1}
    pairs: dict[str, str] = {}
    for point in by_claim.values():
        near = point.nearest
        other = by_claim.get(near.claim) if near is not None and near.claim else None
        back = other.nearest if other is not None else None
        if (
            other is not None
            and back is not None
            and back.claim == point.claims[0].id
            and other.id not in pairs
        ):
            pairs[point.id] = other.id
    return pairs


def _link_verdicts(point: Point, report: Report, rule: ConfidenceRule) -> list[Verdict]:
    """Each link of a shared point that is itself uncertain is a verdict of its own."""
    out: list[Verdict] = []
    for link in point.links:
        confidence, code = rule.shared([evidence(link, lambda c: report.claims_by_id[c].text)])
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
