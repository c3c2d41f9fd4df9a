"""The data every stage passes on: frozen, hashable, free of behaviour that does I/O.

Each record is a class of annotated fields, as a frozen dataclass is, built by ``Record``
rather than by ``dataclasses``: a program that starts for one comparison would otherwise
spend a good part of its start generating the records' methods. Records compare and hash
by their fields, refuse assignment, pickle, and ``replace`` copies one with some fields
changed, as ``dataclasses.replace`` does.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, field
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform

_set = object.__setattr__
_R = TypeVar("_R", bound="Record")


class _RecordType(type):
    """Makes each record class's fields its ``__slots__``: a record then holds its values in
    the object itself, with no dictionary, as a slotted dataclass does (a long readout makes
    hundreds of thousands of claims and links)."""

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> _RecordType:
        if not any(isinstance(base, _RecordType) for base in bases):
            return super().__new__(mcls, name, bases, namespace, **kwargs)
        fields = tuple(namespace.get("__annotations__", {}))
        defaults: dict[str, Any] = {}
        factories: dict[str, Any] = {}
        compared = []
        for field_name in fields:
            value = namespace.pop(field_name, MISSING)
            if isinstance(value, Field):
                if value.default_factory is not MISSING:
                    factories[field_name] = value.default_factory
                if value.default is not MISSING:
                    defaults[field_name] = value.default
                if value.compare:
                    compared.append(field_name)
                continue
            if value is not MISSING:
                defaults[field_name] = value
            compared.append(field_name)
        namespace["__slots__"] = fields
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls._fields, cls._defaults, cls._factories = fields, defaults, factories  # type: ignore[attr-defined]
        cls._key = attrgetter(*compared)  # type: ignore[attr-defined]
        return cls


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record(metaclass=_RecordType):
    """A frozen record of the fields its subclass annotates, in order; a field's value in
    the class body is its default, or ``field(default_factory=..., compare=False)``.

    Equality and hashing are those of the tuple of compared fields, between records of the
    same class, as for a frozen dataclass.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[dict[str, Any]] = {}
    _key: ClassVar[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments")
        for name, value in zip(fields, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got two values for {name!r}")
            _set(self, name, value)
        for name in fields[len(args) :]:
            if name in kwargs:
                _set(self, name, kwargs.pop(name))
            elif name in self._defaults:
                _set(self, name, self._defaults[name])
            elif name in self._factories:
                _set(self, name, self._factories[name]())
            else:
                raise TypeError(f"{type(self).__name__}() is missing {name!r}")
        if kwargs:
            raise TypeError(f"{type(self).__name__}() has no field {next(iter(kwargs))!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._key(self) == self._key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        # Slots are restored by assignment, which a frozen record refuses: rebuild instead.
        return type(self), tuple(getattr(self, name) for name in self._fields)


def replace(record: _R, /, **changes: Any) -> _R:
    """A copy of ``record`` with the fields named in ``changes`` changed."""
    values = {name: getattr(record, name) for name in record._fields}
    values.update(changes)
    return type(record)(**values)


class Claim(Record):
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


class Skipped(Record):
    """A stretch of the source read as metadata (title, heading, dateline), not as a claim."""

    start: int
    end: int
    line: int
    reason: str


class Dropped(Record):
    """Text of a web page that is not the readout (navigation, footer...), by the part it is."""

    reason: str
    texts: tuple[str, ...]


class Readout(Record):
    """One side's readout of a call, split into claims.

    ``span_base`` says which text the claim spans index: ``file`` (the decoded file),
    ``yaml-text`` (the value of a YAML ``text:`` key), ``yaml-claims`` (the YAML
    ``claims:`` strings joined by newlines), ``html-text`` (the text taken from a web page;
    ``dropped`` lists what the page held besides it) or ``markdown-text`` (a Markdown file,
    or a YAML ``text:`` value holding Markdown, without its inline markup, line for line).
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


class Link(Record):
    """A pairing decision between two claims of different sides, and what tied them."""

    left: str
    right: str
    score: float
    words: tuple[str, ...]
    rule: str = ""
    runner_up: float | None = None


class Candidate(Record):
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


# A difference's code: the readouts differ, or the claims differ only because a side gives
# the word or number in another claim of its readout, which ``Difference.elsewhere`` names.
DIFFERS = "differs"
SAID_ELSEWHERE = "said-elsewhere"


class Difference(Record):
    """Something two paired claims disagree on: a number, a scope word, a stance, an actor.

    ``elsewhere`` names, by side, the other claims of a side's readout that give what its
    claim here lacks; ``code`` is ``SAID_ELSEWHERE`` when every lack is such a one.
    """

    kind: str
    texts: tuple[tuple[str, str], ...]
    spans: tuple[tuple[str, int, int], ...]
    summary: str
    code: str = DIFFERS
    elsewhere: tuple[tuple[str, tuple[str, ...]], ...] = ()


class Point(Record):
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
    # Claims that differ only in a word or number their sides give in other claims: shown
    # beside the point, never counted as a way the readouts differ.
    said_elsewhere: tuple[Difference, ...] = ()

    @property
    def sure(self) -> bool:
        """True when the verdict on this point needs no checking by a reader."""
        return self.confidence == "sure"

    @property
    def noted(self) -> tuple[Difference, ...]:
        """Every difference a report shows beside the point: its own, then those said elsewhere."""
        return self.differences + self.said_elsewhere

    @property
    def one_sided(self) -> bool:
        """True when only one side has this point (and others exist)."""
        return len(self.present) == 1 and bool(self.missing)

    def only_on(self, side: str) -> bool:
        """True when ``side`` alone has this point."""
        return self.present == (side,) and bool(self.missing)


class SideSummary(Record):
    """Per-side counts: claims, how many were paired, how many points only this side has."""

    name: str
    claims: int
    matched: int
    only: int
    points: int
    lacks: int


class Settings(Record):
    """The alignment options a report was built with, so output can say how it was made."""

    scorer: str
    threshold: float
    margin: float


class Decision(Record):
    """One settled pair: its kind, the (side, phrase) of each claim, and where it is written."""

    kind: str
    phrases: tuple[tuple[str, str], tuple[str, str]]
    path: str | None = None
    line: int | None = None


class Call(Record):
    """A folder holding the readouts of one call, with what ``call.yaml`` says of it."""

    path: str
    readouts: tuple[Readout, ...]
    title: str | None = None
    date: str | None = None
    participants: tuple[str, ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    decisions: tuple[Decision, ...] = ()
    decisions_file: str | None = None


class Report(Record):
    """The whole comparison: sides, points, per-side summary. Renderers only read it."""

    sides: tuple[Readout, ...]
    points: tuple[Point, ...]
    summary: tuple[SideSummary, ...]
    settings: Settings
    title: str | None = None
    claims_by_id: dict[str, Claim] = field(default_factory=dict, compare=False, hash=False)
    # The files a reader's decisions came from, in the order first named, and how many.
    decided_in: tuple[str, ...] = ()
    decisions: int = 0

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
