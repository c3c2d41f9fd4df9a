"""The lexical evidence every scorer starts from: each claim's content terms, weighted by IDF.

Terms are stems after the alias table; a word and its own derivations share a class
(soft TF-IDF). Every scorer keeps these vectors: they say which words tie two claims, and
which claims have the same content words, whatever the score is made of.

>>> from readout_diff.normalize import Analyzer
>>> t = build_terms([["Ransomware was discussed."], ["Cybercrime was raised."]], Analyzer())
>>> t.vectors[0][0] == t.vectors[1][0]
True
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from readout_diff.morphology import related
from readout_diff.normalize import Analyzer, Token, fold

_PREFIX = 4


@dataclass(frozen=True)
class Terms:
    """The claims of every side as weighted term vectors, with what each term was written as."""

    texts: Sequence[Sequence[str]]
    tokens: list[list[tuple[Token, ...]]]
    classes: dict[str, str]
    weights: dict[str, float]
    vectors: list[list[dict[str, float]]]
    _surfaces: dict[tuple[int, int], dict[str, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def content(self, side: int, index: int) -> frozenset[str]:
        """The term classes of a claim: two claims with equal content are interchangeable.

        A claim with no content term is known by its folded text instead.
        """
        vector = self.vectors[side][index]
        if not vector:
            return frozenset({"\x00" + fold(self.texts[side][index])})
        return frozenset(vector)

    def cosine(self, side: int, index: int, other: int, j: int) -> float:
        """The cosine of two claims' weighted terms, 0 to 1."""
        left, right = self.vectors[side][index], self.vectors[other][j]
        small, large = (left, right) if len(left) <= len(right) else (right, left)
        return min(1.0, sum([w * large[c] for c, w in small.items() if c in large]))

    def shared_words(self, side: int, index: int, other: int, j: int) -> tuple[str, ...]:
        """The words that tie two claims, heaviest first, as they are written."""
        left = self.vectors[side][index]
        right = self.vectors[other][j]
        shared = sorted(
            (c for c in left if c in right), key=lambda c: (-self.weights.get(c, 0.0), c)
        )
        words: list[str] = []
        for cls in shared:
            a = self._surface(side, index, cls)
            b = self._surface(other, j, cls)
            words.append(a if a.casefold() == b.casefold() else f"{a} ~ {b}")
        return tuple(words)

    def _surface(self, side: int, index: int, cls: str) -> str:
        """How a claim first writes a term class (one pass over the claim, then kept)."""
        key = (side, index)
        surfaces = self._surfaces.get(key)
        if surfaces is None:
            text = self.texts[side][index]
            surfaces = {}
            for token in self.tokens[side][index]:
                found = self.classes.get(token.term, token.term)
                if found not in surfaces:
                    surfaces[found] = " ".join(text[token.start : token.end].split())
            self._surfaces[key] = surfaces
        return surfaces.get(cls, cls)


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


def build_terms(sides: Sequence[Sequence[str]], analyzer: Analyzer) -> Terms:
    """The weighted term vectors of the claim texts of every side.

    IDF is taken over all claims being compared: a word in most claims (Ukraine, in a call
    about Ukraine) weighs little; a word in one claim weighs most.
    """
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
    return Terms(sides, tokens, classes, weights, vectors)
