"""A simple scorer kept as a baseline: rapidfuzz ``token_set_ratio`` of the content terms.

Every pair of claims with content is scored (the full matrix).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from readout_diff.model import Record
from readout_diff.normalize import Analyzer
from readout_diff.scorers.rows import Rows
from readout_diff.scorers.terms import Terms, build_terms


class FuzzyRows(Rows):
    """token_set_ratio of the sorted term classes of two claims, as 0-1."""

    def __init__(self, terms: Terms) -> None:
        super().__init__(terms)
        self._cache: dict[tuple[str, str], float] = {}

    def candidates(self, a: int, b: int) -> Callable[[int], Iterable[int]]:
        every = [j for j, vector in enumerate(self.vectors[b]) if vector]
        return lambda i: every

    def pair_score(self, a: int, i: int, b: int, j: int) -> float:
        from rapidfuzz import fuzz

        left = " ".join(sorted(self.vectors[a][i]))
        right = " ".join(sorted(self.vectors[b][j]))
        key = (left, right) if left <= right else (right, left)
        if key not in self._cache:
            self._cache[key] = fuzz.token_set_ratio(left, right, processor=None) / 100
        return self._cache[key]


class FuzzyScorer(Record):
    """rapidfuzz token_set_ratio over the full matrix."""

    name: str = "fuzzy"

    def prepare(self, sides: Sequence[Sequence[str]], *, analyzer: Analyzer) -> FuzzyRows:
        """Scores between the claim texts of every pair of sides."""
        return FuzzyRows(build_terms(sides, analyzer))
