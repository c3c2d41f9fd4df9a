"""Sparse rows of scores, the part every scorer shares: rows kept short, pairs a reader forbade.

A scorer subclasses ``Rows`` and says two things: which claims of a side are worth scoring
against a claim (``candidates``) and what a pair scores (``pair_score``). Claims with no
content term ("Thank you.") pair only with claims of the same words, whatever the scorer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from readout_diff.scorers.terms import Terms

ROW_LIMIT = 8


class Rows:
    """Scores between the claims of every pair of sides, filled one pair of sides at a time."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.texts = terms.texts
        self.vectors = terms.vectors
        self._rows: dict[tuple[int, int, int], list[tuple[int, float]]] = {}
        self._forbidden: set[tuple[int, int, int, int]] = set()

    # What a scorer provides.

    def candidates(self, a: int, b: int) -> Callable[[int], Iterable[int]]:
        """For a claim of side ``a`` (by index), the claims of side ``b`` worth scoring."""
        raise NotImplementedError

    def pair_score(self, a: int, i: int, b: int, j: int) -> float:
        """The score of two claims that both have content terms, 0 to 1."""
        raise NotImplementedError

    # The interface the aligner reads.

    def row(self, side: int, index: int, other: int) -> list[tuple[int, float]]:
        """Claims of ``other`` scored against claim ``index`` of ``side``, best first."""
        key = (side, index, other)
        if key not in self._rows:
            self._fill_direction(side, other)
            self._fill_direction(other, side)
        row = self._rows.get(key, [])
        if self._forbidden:
            row = [(j, v) for j, v in row if (side, index, other, j) not in self._forbidden]
        return row

    def score_of(self, side: int, index: int, other: int, j: int) -> float:
        """The score of one pair of claims, whether or not it made the shortlist."""
        if not self.vectors[side][index] or not self.vectors[other][j]:
            return 1.0 if self.content(side, index) == self.content(other, j) else 0.0
        return self.pair_score(side, index, other, j)

    def content(self, side: int, index: int) -> frozenset[str]:
        """The term classes of a claim: two claims with equal content are interchangeable."""
        return self.terms.content(side, index)

    def shared_words(self, side: int, index: int, other: int, j: int) -> tuple[str, ...]:
        """The words that tie two claims, heaviest first, as they are written."""
        return self.terms.shared_words(side, index, other, j)

    def forbid(self, pairs: Iterable[tuple[tuple[int, int], tuple[int, int]]]) -> None:
        """Leave these pairs of claims out of every row: a reader decided they differ."""
        for (a, i), (b, j) in pairs:
            self._forbidden.update({(a, i, b, j), (b, j, a, i)})

    def forbidden_pair(self, side: int, index: int, other: int, j: int) -> bool:
        """Whether a reader decided these two claims make different points."""
        return (side, index, other, j) in self._forbidden

    def _fill_direction(self, a: int, b: int) -> None:
        """Rows of side ``a`` against side ``b``: candidates scored, each row kept short."""
        empty: dict[frozenset[str], list[int]] = defaultdict(list)
        for j, vector in enumerate(self.vectors[b]):
            if not vector:
                empty[self.content(b, j)].append(j)
        candidates = self.candidates(a, b)
        for i, vector in enumerate(self.vectors[a]):
            row: dict[int, float] = {}
            if vector:
                for j in candidates(i):
                    value = self.pair_score(a, i, b, j)
                    if value > 0:
                        row[j] = value
            else:
                row = dict.fromkeys(empty.get(self.content(a, i), ()), 1.0)
            self._rows[(a, i, b)] = self._short(_ranked(row), b)

    def _short(self, ranked: list[tuple[int, float]], side: int) -> list[tuple[int, float]]:
        """The head of a row: ``ROW_LIMIT`` candidates, and at least one of other content.

        Pairing reads only the best candidates and the first rival; keeping the rest would
        make memory grow with every pair that shares a word.
        """
        if len(ranked) <= ROW_LIMIT:
            return ranked
        top = self.content(side, ranked[0][0])
        for k, (j, _) in enumerate(ranked):
            if k >= ROW_LIMIT and self.content(side, j) != top:
                return ranked[: k + 1]
        return ranked


def _ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    ordered = sorted((-v, j) for j, v in scores.items())
    return [(j, 1.0 if v < -1.0 else -v) for v, j in ordered]
