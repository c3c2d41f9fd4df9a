"""Build the one Report every renderer reads: points, differences and per-side summary.

>>> from readout_diff.load import readout_from_text
>>> wh = readout_from_text("Both agreed on an energy ceasefire. Iran must never threaten Israel.",
...                        name="white-house")
>>> kr = readout_from_text("Putin ordered a halt to strikes on energy sites. Hockey was discussed.",
...                        name="kremlin")
>>> report = compare([wh, kr])
>>> [(p.present, p.claims[0].text) for p in report.points if p.one_sided][0]
(('white-house',), 'Iran must never threaten Israel.')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from readout_diff.align import align_claims
from readout_diff.confidence import ConfidenceRule, rule_for
from readout_diff.decisions import resolve
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_SCORER, DEFAULT_THRESHOLD
from readout_diff.differences import find_differences
from readout_diff.errors import UsageError
from readout_diff.model import (
    SAID_ELSEWHERE,
    Claim,
    Decision,
    Point,
    Readout,
    Report,
    Settings,
    SideSummary,
    replace,
)
from readout_diff.normalize import Analyzer
from readout_diff.said_elsewhere import Elsewhere
from readout_diff.score import SCORERS, Scorer, Similarity, score_sides
from readout_diff.scripts import across_languages, side_scripts

_ANALYZERS: dict[tuple[tuple[str, tuple[str, ...]], ...], Analyzer] = {}


def analyzer_for(aliases: Mapping[str, Sequence[str]] | None = None) -> Analyzer:
    """One Analyzer per alias table per process: the tables and stems are built once."""
    key = tuple(sorted((k, tuple(v)) for k, v in (aliases or {}).items()))
    if key not in _ANALYZERS:
        _ANALYZERS[key] = Analyzer(dict(key))
    return _ANALYZERS[key]


def compare(
    readouts: Sequence[Readout],
    *,
    scorer: str | Scorer = DEFAULT_SCORER,
    threshold: float = DEFAULT_THRESHOLD,
    margin: float = DEFAULT_MARGIN,
    aliases: Mapping[str, Sequence[str]] | None = None,
    title: str | None = None,
    decisions: Sequence[Decision] = (),
    rule: ConfidenceRule | None = None,
) -> Report:
    """Align the claims of two or more readouts of one call and summarise each side.

    ``decisions`` are what a reader settled (``same`` / ``different`` pairs); a phrase of
    theirs that locates no claim, or several, is an error naming its file and line.
    """
    names = [r.name for r in readouts]
    if len(readouts) < 2:
        raise UsageError("compare needs at least two readouts (sides) of the same call")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(
            f"two sides are named {duplicates[0]!r}; rename one (--name for files given,"
            " call.yaml for a call folder)",
            path=next(r.path for r in reversed(readouts) if r.name == duplicates[0]),
        )
    if isinstance(scorer, str) and scorer not in SCORERS:
        raise UsageError(f"unknown scorer {scorer!r}; choose one of {', '.join(SCORERS)}")
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"threshold must lie between 0 and 1, not {threshold}")
    if not 0.0 <= margin <= 1.0:
        raise UsageError(f"margin must lie between 0 and 1, not {margin}")
    analyzer = analyzer_for(aliases)
    settled = resolve(decisions, readouts)
    points = align_claims(
        [r.claims for r in readouts],
        names,
        scorer=scorer,
        threshold=threshold,
        margin=margin,
        analyzer=analyzer,
        same=settled.same,
        different=settled.different,
        rule=rule or rule_for(scorer if isinstance(scorer, str) else scorer.name),
    )
    elsewhere = Elsewhere({r.name: r.claims for r in readouts}, analyzer)
    points = tuple(_with_differences(p, analyzer, elsewhere) for p in points)
    name = scorer if isinstance(scorer, str) else scorer.name
    points = across_languages(points, side_scripts(readouts))
    settings = Settings(scorer=name, threshold=threshold, margin=margin)
    return Report(
        sides=tuple(readouts),
        points=points,
        summary=summarise(readouts, points),
        settings=settings,
        title=title,
        claims_by_id={c.id: c for r in readouts for c in r.claims},
        decided_in=tuple(dict.fromkeys(d.path for d in decisions if d.path)),
        decisions=len(decisions),
    )


def pair_scorer(
    report: Report,
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    scorer: str | Scorer | None = None,
) -> Callable[[Claim, Claim], tuple[float, tuple[str, ...]]]:
    """Score any two claims of the report as the aligner saw them, to explain misses.

    ``scorer`` is the one the report was built with (by default, the one its settings name).
    The scores are prepared at the first call only: most checked calls explain no miss.
    """
    sides = [r.name for r in report.sides]
    prepared: list[Similarity] = []

    def pair(a: Claim, b: Claim) -> tuple[float, tuple[str, ...]]:
        if not prepared:
            prepared.append(
                score_sides(
                    [[c.text for c in r.claims] for r in report.sides],
                    analyzer=analyzer_for(aliases),
                    scorer=report.settings.scorer if scorer is None else scorer,
                )
            )
        sim = prepared[0]
        x, y = sides.index(a.side), sides.index(b.side)
        value = sim.score_of(x, a.index, y, b.index)
        return value, sim.shared_words(x, a.index, y, b.index)

    return pair


def _with_differences(point: Point, analyzer: Analyzer, elsewhere: Elsewhere) -> Point:
    if len(point.present) < 2:
        return point
    found = find_differences(point, analyzer=analyzer, elsewhere=elsewhere)
    if not found:
        return point
    return replace(
        point,
        differences=tuple(d for d in found if d.code != SAID_ELSEWHERE),
        said_elsewhere=tuple(d for d in found if d.code == SAID_ELSEWHERE),
    )


def summarise(readouts: Sequence[Readout], points: Sequence[Point]) -> tuple[SideSummary, ...]:
    """Per side: claims, claims paired, points only it has, points it lacks that all others have."""
    summary = []
    for readout in readouts:
        name = readout.name
        mine = [p for p in points if name in p.present]
        matched = sum(1 for p in mine if len(p.present) > 1 for c in p.claims if c.side == name)
        only = sum(1 for p in mine if p.only_on(name))
        lacks = sum(1 for p in points if p.missing == (name,))
        summary.append(
            SideSummary(
                name=name,
                claims=len(readout.claims),
                matched=matched,
                only=only,
                points=len(mine),
                lacks=lacks,
            )
        )
    return tuple(summary)
