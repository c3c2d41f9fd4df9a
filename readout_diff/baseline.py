"""The known failures of a corpus: a baseline CI holds the corpus to, as mypy's and ruff's.

A baseline maps each call to the expectations of its ``expect.yaml`` that failed when the
baseline was written, in the same shape as ``expect.yaml``::

    failing:
      2021-12-07-biden-putin-video:
        only:
          white-house: [Strategic Stability Dialogue]
        shared:
          - {white-house: Russian forces massing, kremlin: Russian troop movements}

An expectation is known by its call, its kind (and kind of difference) and its phrases,
whatever their order or line; editing a phrase makes it another expectation. A check against
a baseline fails on any failure it does not list, and names the ones it lists that now pass,
so that the baseline only ever shrinks.

>>> known = parse_baseline({"failing": {"c1": {"only": {"a": ["x"]}}}}, path="b.yaml")
>>> (known.holds("c1", Expectation("only", (("a", "x"),))),
...  known.holds("c2", Expectation("only", (("a", "x"),))))
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from readout_diff.errors import InputError
from readout_diff.expect import Expectation, parse_expectations, unknown_side

Identity = tuple[str, str, str | None, tuple[tuple[str, str], ...]]

HEADER = """\
# readout-diff check baseline: the expectations of each call that failed when it was
# written (readout-diff check CORPUS --write-baseline FILE). A check with --baseline FILE
# fails on any failure not listed here; remove the entries it reports as passing.
"""


def identity(call: str, expectation: Expectation) -> Identity:
    """What makes two expectations the same one: call, kinds and phrases, in any order."""
    return (call, expectation.kind, expectation.difference, tuple(sorted(expectation.phrases)))


@dataclass(frozen=True, slots=True)
class Baseline:
    """The expectations a baseline file lists as failing, by call, in the file's order."""

    path: str
    entries: tuple[tuple[str, Expectation], ...] = ()
    # Written by this run (--write-baseline) rather than read.
    written: bool = False
    _known: frozenset[Identity] = field(default=frozenset(), compare=False, repr=False)
    _of_call: dict[str, tuple[Expectation, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_known", frozenset(identity(c, e) for c, e in self.entries))
        of_call: dict[str, list[Expectation]] = {}
        for call, expectation in self.entries:
            of_call.setdefault(call, []).append(expectation)
        object.__setattr__(self, "_of_call", {c: tuple(e) for c, e in of_call.items()})

    def holds(self, call: str, expectation: Expectation) -> bool:
        """Whether the baseline lists this expectation of this call."""
        return identity(call, expectation) in self._known

    def of_call(self, call: str) -> tuple[Expectation, ...]:
        """The entries of one call, in the file's order."""
        return self._of_call.get(call, ())


def side_errors(baseline: Baseline, call: str, sides: Sequence[str]) -> tuple[str, ...]:
    """An error, at its line in the baseline, for each entry of ``call`` that names a side
    the call does not have: it could never match a failure, so it would only ever be listed
    as passing.

    >>> known = parse_baseline({"failing": {"c1": {"only": {"kremlim": ["x"]}}}}, path="b.yaml")
    >>> side_errors(known, "c1", ["a", "kremlin"])
    ("b.yaml: unknown side 'kremlim' of c1; its sides are a, kremlin: did you mean 'kremlin'?",)
    """
    errors = []
    for expectation in baseline.of_call(call):
        for side, _ in expectation.phrases:
            if side not in sides:
                message = unknown_side(side, sides, call=call)
                errors.append(str(InputError(message, path=baseline.path, line=expectation.line)))
    return tuple(errors)


def parse_baseline(
    data: Any, *, path: str, lines: Mapping[tuple[str | int, ...], int] | None = None
) -> Baseline:
    """Validate a baseline file's data; each call's entries read as an ``expect.yaml``."""
    lines = lines or {}
    if data is None:
        return Baseline(path)
    if not isinstance(data, dict) or set(data) - {"failing"}:
        extra = sorted(map(str, set(data) - {"failing"})) if isinstance(data, dict) else []
        raise InputError(
            "a baseline is a mapping with one key, 'failing', of call names to expectations",
            path=path,
            line=lines.get((extra[0],)) if extra else 1,
        )
    failing = data.get("failing") or {}
    if not isinstance(failing, dict):
        raise InputError(
            "'failing' must map call names to expectations", path=path, line=lines.get(("failing",))
        )
    entries: list[tuple[str, Expectation]] = []
    for name, block in failing.items():
        prefix = ("failing", name)
        call = str(name)  # a folder named 2024 reads as a number unless quoted
        found = parse_expectations(
            block,
            path=path,
            sides=None,
            lines={k[2:]: v for k, v in lines.items() if k[:2] == prefix},
        )
        entries.extend((call, expectation) for expectation in found)
    return Baseline(path, tuple(entries))


def baseline_text(failing: Sequence[tuple[str, Expectation]]) -> str:
    """A baseline file listing these (call, expectation) failures, calls in the order given."""
    import yaml

    calls: dict[str, dict[str, Any]] = {}
    for call, expectation in failing:
        block = calls.setdefault(call, {})
        if expectation.kind == "only":
            ((side, phrase),) = expectation.phrases
            block.setdefault("only", {}).setdefault(side, []).append(phrase)
        else:
            entry: dict[str, str] = dict(expectation.phrases)
            if expectation.difference:
                entry["kind"] = expectation.difference
            block.setdefault(expectation.kind, []).append(entry)
    body = yaml.safe_dump({"failing": calls}, sort_keys=False, allow_unicode=True, width=1_000_000)
    return HEADER + body


def read_baseline(path: str, *, max_bytes: int) -> Baseline:
    """Read a baseline file with the corpus's safe YAML loader."""
    from readout_diff.load import load_yaml_file, node_lines

    data, node = load_yaml_file(path, max_bytes=max_bytes)
    return parse_baseline(data, path=path, lines=node_lines(node))
