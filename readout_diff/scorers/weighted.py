"""The default scorer: the cosine of two claims' IDF-weighted content terms.

Only claims that share a *selective* term are scored, through one inverted index over every
side, and a claim with many such candidates scores only the most promising ones, so long
documents cost what their plausible pairs cost, not the full matrix.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from readout_diff.model import Record
from readout_diff.normalize import Analyzer
from readout_diff.scorers.rows import ROW_LIMIT, Rows
from readout_diff.scorers.terms import Terms, build_terms

CANDIDATE_FLOOR = 60
CANDIDATE_FULL = 1000
CANDIDATE_WALK = 24
CANDIDATE_BUDGET = ROW_LIMIT + 4
_SLACK = 1e-9

# The index: for each selective class, the claims of each side holding it, with their weight
# for it; for every class, the largest weight a claim gives it; and how many claims hold it.
_Index = tuple[
    dict[str, list[tuple[int, list[int], list[float]]]], dict[str, float], dict[str, int]
]


class WeightedRows(Rows):
    """Weighted-term cosines between claims that share a selective term."""

    def __init__(self, terms: Terms) -> None:
        super().__init__(terms)
        self._index_cache: _Index | None = None
        self._common_cache: dict[frozenset[str], list[tuple[int, int]]] | None = None

    def pair_score(self, a: int, i: int, b: int, j: int) -> float:
        return self.terms.cosine(a, i, b, j)

    def scored(self, a: int) -> Callable[[int], dict[int, dict[int, float]]]:
        """A claim's candidates on every side at once, from one walk of the index.

        A comparison of at most ``CANDIDATE_FULL`` claims (any call's readouts) scores every
        claim that shares a selective class with the claim. A longer one bounds each claim's
        work, so that it grows with the claims and not with their square: the claim walks its
        classes rarest first, up to ``CANDIDATE_WALK`` claims of each other side (its
        rarest class always), and scores its candidates best *lead* first (what the walked classes
        give the score), until no unscored one could enter the row's head (its lead plus the
        most the other classes could add, ``rest``) or ``CANDIDATE_BUDGET`` are scored.
        """
        postings, reach, counts = self._index()
        own = self.vectors[a]
        limited = sum(len(side) for side in self.vectors) > CANDIDATE_FULL
        walk = CANDIDATE_WALK * (len(self.vectors) - 1)

        def every(i: int) -> dict[int, dict[int, float]]:
            found: dict[int, set[int]] = {}
            for cls in own[i]:
                for b, claims, _ in postings.get(cls, ()):
                    if b != a:
                        found.setdefault(b, set()).update(claims)
            if not found:
                return alike(i)
            return {b: self._every(a, i, b, js) for b, js in found.items()}

        def alike(i: int) -> dict[int, dict[int, float]]:
            """A claim of common classes only is a candidate of claims of the same classes."""
            found: dict[int, list[int]] = {}
            for b, j in self._common().get(frozenset(own[i]), ()):
                if b != a and len(js := found.setdefault(b, [])) < CANDIDATE_BUDGET:
                    js.append(j)
            return {b: self._every(a, i, b, js) for b, js in found.items()}

        def best(i: int) -> dict[int, dict[int, float]]:
            vector = own[i]
            if not any(cls in postings for cls in vector):
                return alike(i)
            leads: dict[int, dict[int, float]] = {}
            rest = 0.0
            walked = 0
            for cls in sorted(vector, key=lambda c: (counts[c], c)):
                weight = vector[cls]
                posting = postings.get(cls, ())
                size = sum(len(claims) for b, claims, _ in posting if b != a)
                if not posting or (walked and walked + size > walk):
                    rest += weight * reach[cls]
                    continue
                walked += size
                for b, claims, weights in posting:
                    if b == a:
                        continue
                    lead = leads.setdefault(b, {})
                    for j, w in zip(claims, weights, strict=True):
                        lead[j] = lead.get(j, 0.0) + weight * w
            return {b: self._best(a, i, b, lead, rest) for b, lead in leads.items()}

        return best if limited else every

    def _every(self, a: int, i: int, b: int, claims: Iterable[int]) -> dict[int, float]:
        found = {}
        for j in claims:
            value = self.pair_score(a, i, b, j)
            if value > 0:
                found[j] = value
        return found

    def _best(
        self, a: int, i: int, b: int, lead: dict[int, float], rest: float
    ) -> dict[int, float]:
        """The scores of the candidates (by their lead) that can reach the row's head."""
        if len(lead) <= ROW_LIMIT + 1:
            return self._every(a, i, b, lead)
        found = sorted((-value, j) for j, value in lead.items())
        row: dict[int, float] = {}
        ranked: list[tuple[float, int]] = []
        others = self.vectors[b]
        for k, (negative, j) in enumerate(found):
            if k > ROW_LIMIT:
                if k >= CANDIDATE_BUDGET:
                    break
                # No unscored candidate scores more than its lead plus ``rest``.
                bound = rest - negative + _SLACK
                settled = bisect_left(ranked, (-bound, -1))
                if settled > ROW_LIMIT:
                    top = others[ranked[0][1]].keys()
                    if any(others[x].keys() != top for _, x in ranked[ROW_LIMIT:settled]):
                        break
            value = self.pair_score(a, i, b, j)
            if value > 0:
                row[j] = value
                insort(ranked, (-value, j))
        return row

    def _common(self) -> dict[frozenset[str], list[tuple[int, int]]]:
        """The claims whose every class is too common to index, by their classes: two such
        claims with the same classes (a sentence both readouts repeat) are still candidates.
        """
        if self._common_cache is None:
            postings = self._index()[0]
            found: dict[frozenset[str], list[tuple[int, int]]] = {}
            for b, side in enumerate(self.vectors):
                for j, vector in enumerate(side):
                    if vector and not any(cls in postings for cls in vector):
                        found.setdefault(frozenset(vector), []).append((b, j))
            self._common_cache = found
        return self._common_cache

    def _index(self) -> _Index:
        """One inverted index over the claims of every side.

        A class found in more than ``CANDIDATE_FLOOR`` claims still counts in every score,
        but does not by itself make two claims candidates: scoring every pair that shares a
        common word would cost the full matrix. Readouts of a call never reach the floor.
        """
        if self._index_cache is None:
            counts: dict[str, int] = defaultdict(int)
            for side in self.vectors:
                for vector in side:
                    for cls in vector:
                        counts[cls] += 1
            postings: dict[str, list[tuple[int, list[int], list[float]]]] = {}
            reach: dict[str, float] = {}
            limited = sum(len(side) for side in self.vectors) > CANDIDATE_FULL
            for b, side in enumerate(self.vectors):
                for j, vector in enumerate(side):
                    for cls, weight in vector.items():
                        if limited and weight > reach.get(cls, 0.0):
                            reach[cls] = weight
                        if counts[cls] > CANDIDATE_FLOOR:
                            continue
                        posting = postings.setdefault(cls, [])
                        if not posting or posting[-1][0] != b:
                            posting.append((b, [], []))
                        posting[-1][1].append(j)
                        posting[-1][2].append(weight)
            self._index_cache = (postings, reach, counts)
        return self._index_cache


class WeightedScorer(Record):
    """IDF-weighted terms (soft TF-IDF), scored through an inverted index."""

    name: str = "weighted"

    def prepare(self, sides: Sequence[Sequence[str]], *, analyzer: Analyzer) -> WeightedRows:
        """Scores between the claim texts of every pair of sides."""
        return WeightedRows(build_terms(sides, analyzer))
