"""Pair claims across sides into points, and say why each claim was or was not paired.

Each claim chooses its best-scoring claim on every other side, if that score reaches the
threshold and beats the next different candidate by the margin. Every choice is a link;
claims joined by links form a point. A claim may thus be chosen by several claims of
another side (a compound sentence on one side, two sentences on the other): the point
holds them all. Ties never pick by position, so the result does not depend on order.

>>> from readout_diff.model import Claim
>>> a = (Claim("a:1", "a", 0, "Ransomware was raised.", 0, 22, 1),)
>>> b = (Claim("b:1", "b", 0, "They spoke of ransomware.", 0, 25, 1),
...      Claim("b:2", "b", 1, "Hockey matches.", 26, 41, 1))
>>> [p.present for p in align_claims([a, b], ["a", "b"])]
[('a', 'b'), ('b',)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_SCORER, DEFAULT_THRESHOLD
from readout_diff.model import Candidate, Claim, Link, Point
from readout_diff.normalize import Analyzer
from readout_diff.score import Similarity, score_sides

MUTUAL_FACTOR = 0.6
MUTUAL_RATIO = 1.5
_EXACT = 1.0 - 1e-9


@dataclass(frozen=True, slots=True)
class _Best:
    score: float
    side: int
    index: int
    rival: tuple[int, int, float] | None
    chosen: bool
    mutual: bool = False


def align_claims(
    claims: Sequence[Sequence[Claim]],
    names: Sequence[str],
    *,
    scorer: str = DEFAULT_SCORER,
    threshold: float = DEFAULT_THRESHOLD,
    margin: float = DEFAULT_MARGIN,
    analyzer: Analyzer | None = None,
) -> tuple[Point, ...]:
    """Group the claims of every side into points; one-sided points carry their nearest miss."""
    analyzer = analyzer or Analyzer()
    sim = score_sides([[c.text for c in side] for side in claims], analyzer=analyzer, scorer=scorer)
    parent: dict[tuple[int, int], tuple[int, int]] = {
        (s, i): (s, i) for s, side in enumerate(claims) for i in range(len(side))
    }
    links: dict[tuple[tuple[int, int], tuple[int, int]], float] = {}
    best: dict[tuple[int, int], _Best] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a in range(len(claims)):
        for b in range(len(claims)):
            if a == b:
                continue
            for i in range(len(claims[a])):
                choice = _choose(sim, a, i, b, threshold=threshold, margin=margin)
                if choice is None:
                    continue
                top = choice[0]
                previous = best.get((a, i))
                if previous is None or top.score > previous.score:
                    best[(a, i)] = top
                if not top.chosen:
                    continue
                for j in choice[1]:
                    key = min((a, i), (b, j)), max((a, i), (b, j))
                    links[key] = top.score
                    ra, rb = find((a, i)), find((b, j))
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)

    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in sorted(parent):
        groups.setdefault(find(node), []).append(node)
    links_of: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int], float]]] = {}
    for (x, y), score in sorted(links.items()):
        links_of.setdefault(find(x), []).append((x, y, score))
    ordered = sorted(groups.items(), key=lambda item: item[1][0])
    points: list[Point] = []
    for number, (root, members) in enumerate(ordered, start=1):
        present_idx = sorted({s for s, _ in members})
        present = tuple(names[s] for s in present_idx)
        missing = tuple(n for s, n in enumerate(names) if s not in present_idx)
        member_links = tuple(
            Link(
                claims[x[0]][x[1]].id,
                claims[y[0]][y[1]].id,
                round(score, 4),
                sim.shared_words(x[0], x[1], y[0], y[1]),
            )
            for x, y, score in links_of.get(root, ())
        )
        nearest = None
        if len(members) == 1 and missing:
            nearest = _nearest(sim, claims, members[0], best.get(members[0]), threshold, margin)
        points.append(
            Point(
                id=f"p{number}",
                claims=tuple(claims[s][i] for s, i in members),
                present=present,
                missing=missing,
                score=min((link.score for link in member_links), default=None),
                links=member_links,
                nearest=nearest,
            )
        )
    return tuple(points)


def _choose(
    sim: Similarity, a: int, i: int, b: int, *, threshold: float, margin: float
) -> tuple[_Best, list[int]] | None:
    """The claim(s) of side ``b`` that claim ``i`` of side ``a`` pairs with, if any.

    A choice needs the threshold and the margin. A mutual choice (each claim is the other's
    best) is evidence in itself, so it may instead reach only ``MUTUAL_FACTOR`` of the
    threshold if it beats its runner-up ``MUTUAL_RATIO`` times over. The same content words
    (score 1) always pair, so a readout compared with itself has no one-sided claim.
    """
    row = sim.row(a, i, b)
    if not row:
        return None
    top_j, top = row[0]
    content = sim.content(b, top_j)
    twins: list[int] = []
    rival = None
    for j, v in row:
        if sim.content(b, j) != content:
            rival = (b, j, v)
            break
        if v == top:
            twins.append(j)
    second = rival[2] if rival is not None else 0.0
    mutual = _is_best_of(sim, b, top_j, a, i)
    chosen = (
        top >= _EXACT
        or (top >= threshold and top - second >= margin)
        or (mutual and top >= threshold * MUTUAL_FACTOR and top >= MUTUAL_RATIO * second)
    )
    return _Best(top, b, top_j, rival, chosen, mutual), twins


def _is_best_of(sim: Similarity, b: int, j: int, a: int, i: int) -> bool:
    """Whether claim ``i`` of ``a`` is (one of the equal) best candidates of ``j`` of ``b``."""
    back = sim.row(b, j, a)
    if not back:
        return False
    best = back[0][1]
    content = sim.content(a, i)
    found = False
    for k, v in back:
        if v < best:
            break
        if sim.content(a, k) != content:
            return False
        found = found or k == i
    return found


def _nearest(
    sim: Similarity,
    claims: Sequence[Sequence[Claim]],
    node: tuple[int, int],
    top: _Best | None,
    threshold: float,
    margin: float,
) -> Candidate:
    if top is None:
        return Candidate("", 0.0, "shares no content word with any claim of the other sides")
    partner = claims[top.side][top.index]
    words = sim.shared_words(node[0], node[1], top.side, top.index)
    needed = threshold * MUTUAL_FACTOR if top.mutual else threshold
    kind = "mutual best match" if top.mutual else "best match"
    if top.score < needed:
        reason = f"{kind} scores {top.score:.2f}, below the {needed:.2f} needed"
    elif top.rival is not None:
        rival = claims[top.rival[0]][top.rival[1]]
        rule = f"{MUTUAL_RATIO:g} times" if top.mutual else f"by the margin {margin:.2f}"
        reason = f"{kind} is not ahead of {rival.id} ({top.rival[2]:.2f}) {rule}"
    else:
        reason = "its best match is paired elsewhere"
    return Candidate(partner.id, round(top.score, 4), reason, words)
