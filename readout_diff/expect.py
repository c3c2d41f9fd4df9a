"""Expectations a person verified about a call (``expect.yaml``), checked against a report.

``only``: the claim holding a phrase must be reported on that side alone. ``shared``: the
claims holding the phrases must land in one point. ``differs``: they must land in one
point that reports a difference of the given kind. A phrase locates the one claim of its
side that contains it (case, spacing and quote style ignored); a phrase that matches no
claim or several is an error in the corpus, reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from readout_diff.errors import InputError
from readout_diff.model import Claim, Point, Readout, Report
from readout_diff.normalize import fold
from readout_diff.safe_yaml import unknown_key

KINDS = ("only", "shared", "differs")
DIFFERENCE_KINDS = ("number", "scope", "stance", "modality", "actor")


@dataclass(frozen=True, slots=True)
class Expectation:
    """One verified statement: its kind, the (side, phrase) pairs it names, where it is written."""

    kind: str
    phrases: tuple[tuple[str, str], ...]
    line: int | None = None
    difference: str | None = None

    @property
    def label(self) -> str:
        """A short readable name, used as the test-case name in JUnit."""
        body = ", ".join(f"{side}: {phrase!r}" for side, phrase in self.phrases)
        extra = f" ({self.difference})" if self.difference else ""
        return f"{self.kind}{extra} {body}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """Whether an expectation held, and if not, what the tool concluded instead."""

    expectation: Expectation
    met: bool
    detail: str = ""
    error: str | None = None


def parse_expectations(
    data: Any,
    *,
    path: str,
    sides: Sequence[str] | None,
    lines: Mapping[tuple[str | int, ...], int] | None = None,
    named_in: str | None = None,
) -> tuple[Expectation, ...]:
    """Validate the data of an ``expect.yaml`` against the sides of its call.

    ``named_in``: the file that names the sides (``call.yaml``), for an unknown side's error.

    >>> parse_expectations({"only": {"a": ["x"]}, "shared": [{"a": "y", "b": "z"}]},
    ...                    path="expect.yaml", sides=["a", "b"])[1].phrases
    (('a', 'y'), ('b', 'z'))
    """
    lines = lines or {}
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise InputError(
            "expect.yaml must be a mapping with 'only', 'shared' or 'differs'", path=path
        )
    for key in data:
        if key not in KINDS:
            raise InputError(
                f"{unknown_key(key)} (allowed: {', '.join(KINDS)})",
                path=path,
                line=lines.get((key,)),
            )

    def side_of(side: Any, *where: str | int) -> str:
        if not isinstance(side, str) or (sides is not None and side not in sides):
            raise InputError(
                unknown_side(side, sides or (), named_in=named_in), path=path, line=lines.get(where)
            )
        return side

    def phrase_of(value: Any, *where: str | int) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InputError(
                "a phrase must be a non-empty string", path=path, line=lines.get(where)
            )
        return value

    found: list[Expectation] = []
    only = data.get("only")
    only = {} if only is None else only  # "only: []" is no mapping of sides: refused below
    if not isinstance(only, dict):
        raise InputError(
            "'only' must map each side to a list of phrases", path=path, line=lines.get(("only",))
        )
    for side, phrases in only.items():
        side_of(side, "only", side)
        if isinstance(phrases, str):
            phrases = [phrases]
        if not isinstance(phrases, list):
            raise InputError(
                f"'only' for {side!r} must be a list of phrases",
                path=path,
                line=lines.get(("only", side)),
            )
        listed: dict[str, int] = {}
        for k, phrase in enumerate(phrases):
            text = phrase_of(phrase, "only", side, k)
            line = lines.get(("only", side, k), lines.get(("only", side)))
            if (first := listed.setdefault(fold(text), k)) != k:
                raise InputError(
                    f"'only' lists {side}: {text!r} twice (item {first + 1} and {k + 1}): one"
                    " phrase is one expectation",
                    path=path,
                    line=line,
                )
            found.append(Expectation("only", ((side, text),), line))
    for kind in ("shared", "differs"):
        entries = data.get(kind) or []
        if not isinstance(entries, list):
            raise InputError(
                f"{kind!r} must be a list of mappings", path=path, line=lines.get((kind,))
            )
        for k, entry in enumerate(entries):
            where = lines.get((kind, k))
            if not isinstance(entry, dict):
                raise InputError(
                    f"each {kind!r} entry must map sides to phrases", path=path, line=where
                )
            difference = None
            if kind == "differs":
                difference = entry.get("kind")
                if difference not in DIFFERENCE_KINDS:
                    raise InputError(
                        f"'differs' needs a 'kind' among {', '.join(DIFFERENCE_KINDS)},"
                        f" not {difference!r}",
                        path=path,
                        line=where,
                    )
            pairs = tuple(
                (side_of(side, kind, k), phrase_of(phrase, kind, k))
                for side, phrase in entry.items()
                if side != "kind" or kind != "differs"
            )
            if len(pairs) < 2:
                raise InputError(
                    f"each {kind!r} entry needs phrases from two or more sides",
                    path=path,
                    line=where,
                )
            found.append(Expectation(kind, pairs, where, difference))
    return tuple(found)


def unknown_side(
    side: Any, sides: Sequence[str], *, named_in: str | None = None, call: str | None = None
) -> str:
    """Why ``side`` is not one of a call's ``sides``, with the closest name if one is close.

    ``named_in``: the file that names the sides; ``call``: the call, when the file that names
    the side is not the call's own (a baseline).

    >>> unknown_side("kremlim", ["white-house", "kremlin"], call="c1")
    "unknown side 'kremlim' of c1; its sides are white-house, kremlin: did you mean 'kremlin'?"
    """
    known = ", ".join(sides)
    where_named = f" (as {named_in} names them)" if named_in else ""
    whose = f"{side!r} of {call}; its" if call else f"{side!r}; this call's"
    message = f"unknown side {whose} sides{where_named} are {known}"
    close = get_close_matches(side, sides, n=1) if isinstance(side, str) else []
    if close and named_in:
        message += f": is {close[0]!r} misspelt in {named_in}, or {side!r} here?"
    elif close:
        message += f": did you mean {close[0]!r}?"
    return message


def contradictions(expectations: Sequence[Expectation], path: str) -> list[InputError]:
    """An error for each expectation that pairs a phrase another lists as one-sided: one of
    the two always fails, whatever the engine does. (Two phrases in one claim may disagree:
    a claim can hold a shared point and a one-sided one.)"""
    alone: dict[tuple[str, str], int | None] = {}
    for expectation in expectations:
        if expectation.kind == "only":
            side, phrase = expectation.phrases[0]
            alone.setdefault((side, fold(phrase)), expectation.line)
    errors = []
    for expectation in expectations:
        if expectation.kind == "only":
            continue
        for side, phrase in expectation.phrases:
            if (side, fold(phrase)) in alone:
                errors.append(
                    InputError(
                        f"pairs {side}: {phrase!r}, which line {alone[(side, fold(phrase))]}"
                        " lists under 'only': one of the two is a mistake",
                        path=path,
                        line=expectation.line,
                    )
                )
    return errors


def locate(report: Report, side: str, phrase: str) -> tuple[Claim | None, str | None]:
    """The one claim of ``side`` containing ``phrase``, or why there is none."""
    return locate_in(report.sides, side, phrase)


def locate_in(
    readouts: Sequence[Readout], side: str, phrase: str
) -> tuple[Claim | None, str | None]:
    """``locate`` over readouts not yet compared (a reader's decisions are placed first)."""
    wanted = fold(phrase)
    readout = next(r for r in readouts if r.name == side)
    hits = [c for c in readout.claims if wanted in fold(c.text)]
    if len(hits) == 1:
        return hits[0], None
    if hits:
        ids = ", ".join(c.id for c in hits[:4]) + (", …" if len(hits) > 4 else "")
        return (
            None,
            f"phrase {phrase!r} matches {len(hits)} claims of {side} ({ids}); make it longer",
        )
    for skipped in readout.skipped:
        if wanted in fold(readout.text[skipped.start : skipped.end]):
            return None, (
                f"phrase {phrase!r} is in text of {side} skipped as metadata"
                f" ({skipped.reason}), not in a claim"
            )
    if wanted in fold(readout.text):
        return None, f"phrase {phrase!r} spans two claims of {side}; shorten it to one clause"
    return None, f"phrase {phrase!r} matches no claim of {side}"


def evaluate(
    report: Report, expectations: Sequence[Expectation], *, pair_score: Any = None
) -> tuple[Outcome, ...]:
    """Check each expectation against the report; ``pair_score(a, b)`` explains failed pairs."""
    point_of = {c.id: p for p in report.points for c in p.claims}
    outcomes: list[Outcome] = []
    for expectation in expectations:
        claims: list[Claim] = []
        error = None
        for side, phrase in expectation.phrases:
            claim, problem = locate(report, side, phrase)
            if claim is None:
                error = problem
                break
            claims.append(claim)
        if error is not None:
            outcomes.append(Outcome(expectation, False, error, error))
            continue
        points = [point_of[c.id] for c in claims]
        if expectation.kind == "only":
            point = points[0]
            met = point.only_on(claims[0].side)
            detail = "" if met else _paired_detail(point, claims[0])
        else:
            met = len({p.id for p in points}) == 1
            detail = "" if met else _apart_detail(claims, points, pair_score)
            if met and expectation.kind == "differs":
                kinds = {d.kind for d in points[0].differences}
                met = expectation.difference in kinds
                if not met:
                    found = ", ".join(sorted(kinds)) or "none"
                    detail = f"paired in {points[0].id}, but differences found: {found}"
        outcomes.append(Outcome(expectation, met, detail))
    return tuple(outcomes)


def _paired_detail(point: Point, claim: Claim) -> str:
    partners = [c for c in point.claims if c.side != claim.side]
    link = next((lk for lk in point.links if claim.id in (lk.left, lk.right)), None)
    text = f"{claim.id} was paired in {point.id} with " + ", ".join(c.id for c in partners)
    if link is not None:
        text += f" (score {link.score:.2f}; tied by: {', '.join(link.words) or '-'})"
    return text


def _apart_detail(claims: Sequence[Claim], points: Sequence[Point], pair_score: Any) -> str:
    parts = []
    for claim, point in zip(claims, points, strict=True):
        where = f"{claim.id} is in {point.id} ({'+'.join(point.present)})"
        if point.nearest is not None and point.nearest.claim:
            where += f", its nearest was {point.nearest.claim} at {point.nearest.score:.2f}"
        parts.append(where)
    text = "; ".join(parts)
    if pair_score is not None and len(claims) >= 2:
        score, words = pair_score(claims[0], claims[1])
        text += f"; the expected pair scores {score:.2f}"
        if words:
            text += f" (shared: {', '.join(words)})"
    return text


@dataclass(frozen=True, slots=True)
class Score:
    """Rates of expectations met: one-sided, shared, and their mean (balanced accuracy).

    ``differs`` expectations are counted on their own and stay out of the balanced accuracy.
    """

    only_met: int = 0
    only_total: int = 0
    shared_met: int = 0
    shared_total: int = 0
    differs_met: int = 0
    differs_total: int = 0

    @property
    def only_rate(self) -> float | None:
        """Share of ``only`` expectations met (None when there are none)."""
        return self.only_met / self.only_total if self.only_total else None

    @property
    def shared_rate(self) -> float | None:
        """Share of ``shared`` expectations met (None when there are none)."""
        return self.shared_met / self.shared_total if self.shared_total else None

    @property
    def differs_rate(self) -> float | None:
        """Share of ``differs`` expectations met (None when there are none)."""
        return self.differs_met / self.differs_total if self.differs_total else None

    @property
    def balanced(self) -> float | None:
        """Mean of the only and shared rates; just the one rate when only one kind exists.

        >>> Score(3, 4, 1, 2).balanced
        0.625
        """
        rates = [r for r in (self.only_rate, self.shared_rate) if r is not None]
        return sum(rates) / len(rates) if rates else None

    @property
    def total(self) -> int:
        """How many expectations were checked."""
        return self.only_total + self.shared_total + self.differs_total

    @property
    def met(self) -> int:
        """How many held."""
        return self.only_met + self.shared_met + self.differs_met

    def __add__(self, other: Score) -> Score:
        return Score(
            self.only_met + other.only_met,
            self.only_total + other.only_total,
            self.shared_met + other.shared_met,
            self.shared_total + other.shared_total,
            self.differs_met + other.differs_met,
            self.differs_total + other.differs_total,
        )


def score(outcomes: Sequence[Outcome]) -> Score:
    """Count the outcomes by kind; none at all when an expectation could not be located, for
    a score on part of a call's expectations would pass for the call's.

    >>> only = Expectation("only", (("a", "x"),))
    >>> score([Outcome(only, True), Outcome(only, False)]).only_rate
    0.5
    >>> score([Outcome(only, True), Outcome(only, False, "", "matches no claim")]).total
    0
    """
    if any(outcome.error for outcome in outcomes):
        return Score()
    counts = {kind: [0, 0] for kind in KINDS}
    for outcome in outcomes:
        counts[outcome.expectation.kind][0] += outcome.met
        counts[outcome.expectation.kind][1] += 1
    return Score(*counts["only"], *counts["shared"], *counts["differs"])
