"""Sparse rows of scores, the part every scorer shares: rows kept short, pairs a reader forbade.

A scorer subclasses ``Rows`` and says two things: which claims of a side are worth scoring
against a claim (``candidates``, or ``scored`` for a scorer that finds the candidates on
every side at once) and what a pair scores (``pair_score``). Claims with no content term
("Thank you.") pair only with claims of the same words, whatever the scorer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from readout_diff.scorers.terms import Terms

ROW_LIMIT = 8


class Rows:
    """Scores between the claims of every pair of sides, filled one side at a time."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.texts = terms.texts
        self.vectors = terms.vectors
        # By (side, other side): each claim's row, by its index (None: no candidate).
        self._rows: dict[tuple[int, int], list[list[tuple[int, float]] | None]] = {}
        self._filled: set[int] = set()
        self._empty: list[dict[frozenset[str], list[int]]] | None = None
        self._contents: list[list[frozenset[str] | None]] = [[None] * len(v) for v in self.vectors]
        self._forbidden: set[tuple[int, int, int, int]] = set()
        self._alike: dict[frozenset[str], frozenset[str]] = {}

    # What a scorer provides.

    def candidates(self, a: int, b: int) -> Callable[[int], Iterable[int]]:
        """For a claim of side ``a`` (by index), the claims of side ``b`` worth scoring."""
        raise NotImplementedError

    def pair_score(self, a: int, i: int, b: int, j: int) -> float:
        """The score of two claims that both have content terms, 0 to 1."""
        raise NotImplementedError

    def scored(self, a: int) -> Callable[[int], dict[int, dict[int, float]]]:
        """For a claim of side ``a`` with content terms: its positive scores, by other side.

        A row keeps only its head (``head``), so a scorer may leave out candidates that
        cannot reach it. By default every claim ``candidates`` names is scored.
        """
        others = [b for b in range(len(self.vectors)) if b != a]
        finders = {b: self.candidates(a, b) for b in others}

        def score(i: int) -> dict[int, dict[int, float]]:
            found: dict[int, dict[int, float]] = {}
            for b in others:
                row: dict[int, float] = {}
                for j in finders[b](i):
                    value = self.pair_score(a, i, b, j)
                    if value > 0:
                        row[j] = value
                found[b] = row
            return found

        return score

    # The interface the aligner reads.

    def row(self, side: int, index: int, other: int) -> list[tuple[int, float]]:
        """Claims of ``other`` scored against claim ``index`` of ``side``, best first."""
        if side not in self._filled:
            self._fill_side(side)
        rows = self._rows.get((side, other))
        row = (rows[index] if rows is not None else None) or []
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
        found = self._contents[side][index]
        if found is None:
            made = self.terms.content(side, index)
            # Claims of the same words share one set: a side may repeat a claim many times.
            found = self._contents[side][index] = self._alike.setdefault(made, made)
        return found

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

    def head(self, ranked: list[tuple[int, float]], side: int) -> list[tuple[int, float]]:
        """The part of a row pairing reads: ``ROW_LIMIT`` candidates, then the first of other
        content than the best (its rival), if any.

        Keeping the rest would make memory grow with every pair that shares a word; keeping
        every claim of the best one's content would make a side that repeats a claim cost the
        square of its repeats.
        """
        if len(ranked) <= ROW_LIMIT:
            return ranked
        top = self.content(side, ranked[0][0])
        for j, value in ranked[ROW_LIMIT:]:
            if self.content(side, j) != top:
                return [*ranked[:ROW_LIMIT], (j, value)]
        return ranked[:ROW_LIMIT]

    def _fill_side(self, a: int) -> None:
        """Rows of every claim of side ``a`` against every other side, each kept to its head."""
        self._filled.add(a)
        sides = range(len(self.vectors))
        empty = self._empty_claims()
        scored = self.scored(a)
        size = len(self.vectors[a])
        rows: dict[int, list[list[tuple[int, float]] | None]] = {}
        for b in sides:
            if b != a:
                rows[b] = self._rows[(a, b)] = [None] * size
        # Claims of no content term and equal words have the same row: one list for them.
        alike: dict[tuple[int, frozenset[str]], list[tuple[int, float]]] = {}
        for i, vector in enumerate(self.vectors[a]):
            if vector:
                for b, found in scored(i).items():
                    if len(found) > 1:
                        rows[b][i] = self.head(_ranked(found), b)
                    elif found:
                        rows[b][i] = [(j, min(1.0, v)) for j, v in found.items()]
                continue
            content = self.content(a, i)
            for b in sides:
                same = empty[b].get(content) if b != a else None
                if same:
                    row = alike.get((b, content))
                    if row is None:
                        row = alike[(b, content)] = [(j, 1.0) for j in same[:ROW_LIMIT]]
                    rows[b][i] = row

    def _empty_claims(self) -> list[dict[frozenset[str], list[int]]]:
        """The claims of each side with no content term, by their folded text."""
        if self._empty is not None:
            return self._empty
        empty: list[dict[frozenset[str], list[int]]] = []
        for b, side in enumerate(self.vectors):
            found: dict[frozenset[str], list[int]] = {}
            for j, vector in enumerate(side):
                if not vector:
                    found.setdefault(self.content(b, j), []).append(j)
            empty.append(found)
        self._empty = empty
        return empty


def _ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    ordered = sorted((-v, j) for j, v in scores.items())
    return [(j, 1.0 if v < -1.0 else -v) for v, j in ordered]
