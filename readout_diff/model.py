"""The data every stage passes on: frozen, hashable, free of behaviour that does I/O."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Claim:
    """One statement of one side, with the span ``[start, end)`` of the text it came from.

    ``text`` is exactly ``readout.text[start:end]``; renderers collapse its whitespace.
    """

    id: str
    side: str
    index: int
    text: str
    start: int
    end: int
    line: int
    topic: str | None = None
    sentence: int = 0
    speaker: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A stretch of the source read as metadata (title, heading, dateline), not as a claim."""

    start: int
    end: int
    line: int
    reason: str


@dataclass(frozen=True)
class Dropped:
    """Text of a web page that is not the readout (navigation, footer...), by the part it is."""

    reason: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Readout:
    """One side's readout of a call, split into claims.

    ``span_base`` says which text the claim spans index: ``file`` (the decoded file),
    ``yaml-text`` (the value of a YAML ``text:`` key), ``yaml-claims`` (the YAML
    ``claims:`` strings joined by newlines), ``html-text`` (the text taken from a web page;
    ``dropped`` lists what the page held besides it) or ``markdown-text`` (a Markdown file
    without its inline markup, line for line).
    """

    name: str
    label: str
    path: str
    kind: str
    text: str
    span_base: str
    claims: tuple[Claim, ...]
    skipped: tuple[Skipped, ...] = ()
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    dropped: tuple[Dropped, ...] = ()

    def sentence_of(self, claim: Claim) -> tuple[int, int]:
        """The span of the sentence a claim (a clause, perhaps) belongs to, in ``text``.

        A sentence's clauses cover it from its first claim's start to its last claim's end.
        """
        siblings = [c for c in self.claims if c.sentence == claim.sentence]
        return min(c.start for c in siblings), max(c.end for c in siblings)


@dataclass(frozen=True)
class Link:
    """A pairing decision between two claims of different sides, and what tied them."""

    left: str
    right: str
    score: float
    words: tuple[str, ...]
    rule: str = ""
    runner_up: float | None = None


@dataclass(frozen=True)
class Candidate:
    """The nearest partner a one-sided claim was refused, and why.

    ``code`` names the rule that kept them apart (``codes.NEAREST_CODES``); ``threshold`` is
    the score the pairing needed under that rule; ``rival`` is the next candidate (or the
    claim the partner belongs with), ``runner_up`` its score.
    """

    claim: str
    score: float
    reason: str
    words: tuple[str, ...] = ()
    code: str = ""
    threshold: float | None = None
    runner_up: float | None = None
    rival: str | None = None


@dataclass(frozen=True)
class Difference:
    """Something two paired claims disagree on: a number, a scope word, a stance, an actor."""

    kind: str
    texts: tuple[tuple[str, str], ...]
    spans: tuple[tuple[str, int, int], ...]
    summary: str


@dataclass(frozen=True)
class Point:
    """Claims from one or more sides that say the same thing."""

    id: str
    claims: tuple[Claim, ...]
    present: tuple[str, ...]
    missing: tuple[str, ...]
    score: float | None
    links: tuple[Link, ...] = ()
    nearest: Candidate | None = None
    differences: tuple[Difference, ...] = ()
    confidence: str = "check"
    confidence_reason: str = ""

    @property
    def sure(self) -> bool:
        """True when the verdict on this point needs no checking by a reader."""
        return self.confidence == "sure"

    @property
    def one_sided(self) -> bool:
        """True when only one side has this point (and others exist)."""
        return len(self.present) == 1 and bool(self.missing)

    def only_on(self, side: str) -> bool:
        """True when ``side`` alone has this point."""
        return self.present == (side,) and bool(self.missing)


@dataclass(frozen=True)
class SideSummary:
    """Per-side counts: claims, how many were paired, how many points only this side has."""

    name: str
    claims: int
    matched: int
    only: int
    points: int
    lacks: int


@dataclass(frozen=True)
class Settings:
    """The alignment options a report was built with, so output can say how it was made."""

    scorer: str
    threshold: float
    margin: float


@dataclass(frozen=True)
class Decision:
    """One settled pair: its kind, the (side, phrase) of each claim, and where it is written."""

    kind: str
    phrases: tuple[tuple[str, str], tuple[str, str]]
    path: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Call:
    """A folder holding the readouts of one call, with what ``call.yaml`` says of it."""

    path: str
    readouts: tuple[Readout, ...]
    title: str | None = None
    date: str | None = None
    participants: tuple[str, ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    decisions: tuple[Decision, ...] = ()
    decisions_file: str | None = None


@dataclass(frozen=True)
class Report:
    """The whole comparison: sides, points, per-side summary. Renderers only read it."""

    sides: tuple[Readout, ...]
    points: tuple[Point, ...]
    summary: tuple[SideSummary, ...]
    settings: Settings
    title: str | None = None
    claims_by_id: dict[str, Claim] = field(default_factory=dict, compare=False, hash=False)

    @property
    def lacks_a_point(self) -> bool:
        """True when some side lacks a point: a one-sided claim, or one only some sides share."""
        return any(point.missing for point in self.points)

    def label(self, side: str) -> str:
        """The display label of a side name."""
        for readout in self.sides:
            if readout.name == side:
                return readout.label
        return side
