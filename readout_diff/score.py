"""Score claims of one side against claims of another: how likely they make the same point.

Two scorers share one interface, so the aligner never knows which it runs:

- ``weighted`` (default): cosine similarity of IDF-weighted content terms, where terms are
  stems after the alias table and near-identical forms share a class (soft TF-IDF). Only
  claims that share a term class are scored, through an inverted index, so long documents
  cost what their plausible pairs cost, not the full matrix.
- ``fuzzy``: rapidfuzz ``token_set_ratio`` of the content terms, over the full matrix; the
  simple engine, kept as a baseline and for short texts in other languages.

>>> from readout_diff.normalize import Analyzer
>>> s = score_sides([["Ransomware was discussed."], ["Cybercrime was raised.", "Trade."]],
...                 analyzer=Analyzer())
>>> [(j, round(v, 2)) for j, v in s.row(0, 0, 1)]
[(0, 1.0)]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from readout_diff.morphology import related
from readout_diff.normalize import Analyzer, Token, fold

SCORERS = ("weighted", "fuzzy")

_PREFIX = 4
CANDIDATE_FLOOR = 60
ROW_LIMIT = 8
CANDIDATE_SHARE = 0.02


@dataclass
class Similarity:
    """Sparse scores between the claims of every pair of sides, and what tied each pair."""

    texts: Sequence[Sequence[str]]
    tokens: list[list[tuple[Token, ...]]]
    classes: dict[str, str]
    weights: dict[str, float]
    vectors: list[list[dict[str, float]]]
    scorer: str
    _rows: dict[tuple[int, int, int], list[tuple[int, float]]] = field(default_factory=dict)
    _forbidden: set[tuple[int, int, int, int]] = field(default_factory=set)
    _selective_cache: frozenset[str] | None = None
    _fuzzy_cache: dict[tuple[str, str], float] = field(default_factory=dict)

    def row(self, side: int, index: int, other: int) -> list[tuple[int, float]]:
        """Claims of ``other`` scored against claim ``index`` of ``side``, best first."""
        key = (side, index, other)
        if key not in self._rows:
            self._fill(side, other)
        row = self._rows.get(key, [])
        if self._forbidden:
            row = [(j, v) for j, v in row if (side, index, other, j) not in self._forbidden]
        return row

    def forbid(self, pairs: Iterable[tuple[tuple[int, int], tuple[int, int]]]) -> None:
        """Leave these pairs of claims out of every row: a reader decided they differ."""
        for (a, i), (b, j) in pairs:
            self._forbidden.update({(a, i, b, j), (b, j, a, i)})

    def forbidden_pair(self, side: int, index: int, other: int, j: int) -> bool:
        """Whether a reader decided these two claims make different points."""
        return (side, index, other, j) in self._forbidden

    def content(self, side: int, index: int) -> frozenset[str]:
        """The term classes of a claim: two claims with equal content are interchangeable.

        A claim with no content term is known by its folded text instead.
        """
        vector = self.vectors[side][index]
        if not vector:
            return frozenset({"\x00" + fold(self.texts[side][index])})
        return frozenset(vector)

    def shared_words(self, side: int, index: int, other: int, j: int) -> tuple[str, ...]:
        """The words that tie two claims, heaviest first, as they are written."""
        left = self.vectors[side][index]
        right = self.vectors[other][j]
        shared = sorted(
            (c for c in left if c in right), key=lambda c: (-self.weights.get(c, 0.0), c)
        )
        words: list[str] = []
        for cls in shared:
            a = _surface(self, side, index, cls)
            b = _surface(self, other, j, cls)
            words.append(a if a.casefold() == b.casefold() else f"{a} ~ {b}")
        return tuple(words)

    def _fill(self, side: int, other: int) -> None:
        self._fill_direction(side, other)
        self._fill_direction(other, side)

    def _fill_direction(self, a: int, b: int) -> None:
        """Rows of side ``a`` against side ``b``: candidates scored, each row kept short."""
        left, right = self.vectors[a], self.vectors[b]
        candidates = self._candidates(b)
        empty: dict[frozenset[str], list[int]] = defaultdict(list)
        for j, vector in enumerate(right):
            if not vector:
                empty[self.content(b, j)].append(j)
        for i, vector in enumerate(left):
            row: dict[int, float] = {}
            if vector:
                for j in candidates(vector):
                    value = self.score_of(a, i, b, j)
                    if value > 0:
                        row[j] = value
            else:
                # Claims with no content term ("Thank you.") pair only with the same words.
                row = dict.fromkeys(empty.get(self.content(a, i), ()), 1.0)
            self._rows[(a, i, b)] = self._short(_ranked(row), b)

    def _candidates(self, side: int) -> Callable[[dict[str, float]], Iterable[int]]:
        """The claims of ``side`` worth scoring against a vector: those sharing a selective
        term (weighted), or every claim with content (fuzzy)."""
        vectors = self.vectors[side]
        if self.scorer == "fuzzy":
            every = [j for j, vector in enumerate(vectors) if vector]
            return lambda vector: every
        selective = self._selective()
        index: dict[str, list[int]] = defaultdict(list)
        for j, vector in enumerate(vectors):
            for cls in vector:
                if cls in selective:
                    index[cls].append(j)
        return lambda vector: {j for c in vector if c in selective for j in index.get(c, ())}

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

    def score_of(self, side: int, index: int, other: int, j: int) -> float:
        """The score of one pair of claims, whether or not it made the shortlist."""
        left, right = self.vectors[side][index], self.vectors[other][j]
        if not left or not right:
            return 1.0 if self.content(side, index) == self.content(other, j) else 0.0
        if self.scorer == "fuzzy":
            return self._fuzzy(left, right)
        return min(1.0, _dot(left, right))

    def _fuzzy(self, left: dict[str, float], right: dict[str, float]) -> float:
        """rapidfuzz's token_set_ratio of two term sets, as 0-1; each pair computed once."""
        from rapidfuzz import fuzz

        a, b = " ".join(sorted(left)), " ".join(sorted(right))
        key = (a, b) if a <= b else (b, a)
        if key not in self._fuzzy_cache:
            self._fuzzy_cache[key] = fuzz.token_set_ratio(a, b, processor=None) / 100
        return self._fuzzy_cache[key]

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


def _dot(left: dict[str, float], right: dict[str, float]) -> float:
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    return sum(w * large[c] for c, w in small.items() if c in large)


def _ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    ordered = sorted((-v, j) for j, v in scores.items())
    return [(j, 1.0 if v < -1.0 else -v) for v, j in ordered]


def _surface(sim: Similarity, side: int, index: int, cls: str) -> str:
    text = sim.texts[side][index]
    for token in sim.tokens[side][index]:
        if sim.classes.get(token.term, token.term) == cls:
            return " ".join(text[token.start : token.end].split())
    return cls


def term_classes(terms: set[str]) -> dict[str, str]:
    """Group a word with its own derivations (negotiat/negotiation) under one term.

    >>> classes = term_classes({"negotiat", "negotiation", "nation", "part", "partner"})
    >>> classes["negotiation"], classes["partner"], classes["nation"]
    ('negotiat', 'partner', 'nation')
    """
    parent = {t: t for t in terms}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    buckets: dict[str, list[str]] = defaultdict(list)
    for term in terms:
        if len(term) >= _PREFIX and term.isalpha():
            buckets[term[:_PREFIX]].append(term)
    for bucket in buckets.values():
        bucket.sort()
        for x, u in enumerate(bucket):
            for v in bucket[x + 1 :]:
                if related(u, v):
                    a, b = find(u), find(v)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    return {t: find(t) for t in terms}


def score_sides(
    sides: Sequence[Sequence[str]], *, analyzer: Analyzer, scorer: str = "weighted"
) -> Similarity:
    """Prepare scores between the claim texts of every pair of sides.

    IDF is taken over all claims being compared: a word in most claims (Ukraine, in a call
    about Ukraine) weighs little; a word in one claim weighs most.
    """
    if scorer not in SCORERS:
        raise ValueError(f"unknown scorer {scorer!r}")
    tokens = [[analyzer.tokens(text) for text in texts] for texts in sides]
    vocabulary = {t.term for side in tokens for claim in side for t in claim}
    classes = term_classes(vocabulary)
    bags = [[{classes[t.term] for t in claim} for claim in side] for side in tokens]
    total = sum(len(side) for side in bags)
    df: dict[str, int] = defaultdict(int)
    for side in bags:
        for bag in side:
            for cls in bag:
                df[cls] += 1
    weights = {cls: math.log(1 + total / n) for cls, n in df.items()}
    vectors: list[list[dict[str, float]]] = []
    for side in bags:
        side_vectors: list[dict[str, float]] = []
        for bag in side:
            norm = math.sqrt(sum(weights[c] ** 2 for c in bag)) or 1.0
            side_vectors.append({c: weights[c] / norm for c in bag})
        vectors.append(side_vectors)
    return Similarity(sides, tokens, classes, weights, vectors, scorer)
