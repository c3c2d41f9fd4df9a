"""Find what two paired claims disagree on: numbers, scope, stance, commitment, actor."""

from __future__ import annotations

import re

from readout_diff.model import Difference, Point
from readout_diff.normalize import Analyzer

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def find_differences(point: Point, *, analyzer: Analyzer) -> tuple[Difference, ...]:
    """Differences between the sides of one point, each with per-side text and spans."""
    by_side: dict[str, list[tuple[str, int, int]]] = {}
    for claim in point.claims:
        found = by_side.setdefault(claim.side, [])
        for m in _NUMBER.finditer(claim.text):
            found.append((m.group(), claim.start + m.start(), claim.start + m.end()))
    values = {side: {v for v, _, _ in found} for side, found in by_side.items()}
    if len({frozenset(v) for v in values.values()}) <= 1:
        return ()
    texts = tuple((side, ", ".join(sorted(v)) or "(none)") for side, v in values.items())
    spans = tuple((side, s, e) for side, found in by_side.items() for _, s, e in found)
    summary = "; ".join(f"{side}: {text}" for side, text in texts)
    return (Difference("number", texts, spans, summary),)
