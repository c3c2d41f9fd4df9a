"""The default scorer: the cosine of two claims' IDF-weighted content terms.

Only claims that share a *selective* term are scored, through an inverted index, so long
documents cost what their plausible pairs cost, not the full matrix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from readout_diff.normalize import Analyzer
from readout_diff.scorers.rows import Rows
from readout_diff.scorers.terms import Terms, build_terms

CANDIDATE_FLOOR = 60
CANDIDATE_SHARE = 0.02


class WeightedRows(Rows):
    """Weighted-term cosines between claims that share a selective term."""

    def __init__(self, terms: Terms) -> None:
        super().__init__(terms)
        self._selective_cache: frozenset[str] | None = None

    def pair_score(self, a: int, i: int, b: int, j: int) -> float:
        return self.terms.cosine(a, i, b, j)

    def candidates(self, a: int, b: int) -> Callable[[int], Iterable[int]]:
        selective = self._selective()
        index: dict[str, list[int]] = defaultdict(list)
        for j, vector in enumerate(self.vectors[b]):
            for cls in vector:
                if cls in selective:
                    index[cls].append(j)
        left = self.vectors[a]
        return lambda i: {j for c in left[i] if c in selective for j in index.get(c, ())}

    def _selective(self) -> frozenset[str]:
        """Term classes rare enough to propose candidate pairs.

        A class found in more than ``CANDIDATE_SHARE`` of all claims (and more than
        ``CANDIDATE_FLOOR`` of them) still counts in every score, but does not by itself make
        two claims candidates: in a long document, scoring every pair that shares a common
        word would cost the full matrix. Readouts of a call never reach the floor.
        """
        if self._selective_cache is None:
            total = sum(len(side) for side in self.vectors)
            cap = max(CANDIDATE_FLOOR, int(CANDIDATE_SHARE * total))
            counts: dict[str, int] = defaultdict(int)
            for side in self.vectors:
                for vector in side:
                    for cls in vector:
                        counts[cls] += 1
            self._selective_cache = frozenset(c for c, n in counts.items() if n <= cap)
        return self._selective_cache


@dataclass(frozen=True)
class WeightedScorer:
    """IDF-weighted terms (soft TF-IDF), scored through an inverted index."""

    name: str = "weighted"

    def prepare(self, sides: Sequence[Sequence[str]], *, analyzer: Analyzer) -> WeightedRows:
        """Scores between the claim texts of every pair of sides."""
        return WeightedRows(build_terms(sides, analyzer))
