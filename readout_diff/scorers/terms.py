"""The lexical evidence every scorer starts from: each claim's content terms, weighted by IDF.

Terms are stems after the alias table; a word and its own derivations share a class
(soft TF-IDF). Every scorer keeps these vectors: they say which words tie two claims, and
which claims have the same content words, whatever the score is made of.

A named institution or place that each side names in one claim only ("the NATO-Russia
Council" / "the Russia-NATO Council", "the Black Sea") is strong evidence on its own: two
claims that share one score at least ``ENTITY_SCORE``, however many other words they hold.

>>> from readout_diff.normalize import Analyzer
>>> t = build_terms([["Ransomware was discussed."], ["Cybercrime was raised."]], Analyzer())
>>> t.vectors[0][0] == t.vectors[1][0]
True
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from readout_diff.morphology import related
from readout_diff.normalize import Analyzer, Token, fold

_PREFIX = 4
ENTITY_SCORE = 0.25
# The last word of a named institution, body, agreement or place: what makes a run of
# capitalised words a thing both sides can name, not a person ("Olaf Scholz").
ENTITY_HEADS = frozenset(
    "accord accords agency agreement agreements alliance assembly bank basin canal charter "
    "coast commission committee conference convention corridor council court declaration "
    "dialogue east fleet format forum fund gulf initiative island islands mission office "
    "ocean organisation organization pact partnership peninsula plan plant platform port "
    "programme program region sea station statement strait summit treaty union".split()
)
_WORDS = re.compile(r"[^\W\d_][\w'’.]*|\d[\d.,]*")
_DASHES = re.compile("[-\u2010\u2011]")
_JOIN = re.compile(r"(?:\s*[-\u2010\u2011]\s*|\s+(?:(?:of|for|and)\s+)?(?:the\s+)?)")
_RUN = 8


@dataclass(frozen=True)
class Terms:
    """The claims of every side as weighted term vectors, with what each term was written as."""

    texts: Sequence[Sequence[str]]
    tokens: list[list[tuple[Token, ...]]]
    classes: dict[str, str]
    weights: dict[str, float]
    vectors: list[list[dict[str, float]]]
    entities: list[list[frozenset[frozenset[str]]]] = field(default_factory=list)
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
        value = min(1.0, sum([w * large[c] for c, w in small.items() if c in large]))
        named = self.entities
        if value < ENTITY_SCORE and named and named[side][index] & named[other][j]:
            return ENTITY_SCORE
        return value

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
    # A claim written as another was has the same tokens (the analyzer keeps them by text):
    # it shares that claim's bag and vector rather than holding copies.
    alike: dict[int, set[str]] = {}
    bags: list[list[set[str]]] = []
    for side_tokens in tokens:
        side_bags: list[set[str]] = []
        for claim_tokens in side_tokens:
            found = alike.get(id(claim_tokens))
            if found is None:
                found = alike[id(claim_tokens)] = {classes[t.term] for t in claim_tokens}
            side_bags.append(found)
        bags.append(side_bags)
    total = sum(len(side) for side in bags)
    df: dict[str, int] = defaultdict(int)
    for side in bags:
        for bag in side:
            for cls in bag:
                df[cls] += 1
    weights = {cls: math.log(1 + total / n) for cls, n in df.items()}
    vectors: list[list[dict[str, float]]] = []
    made: dict[int, dict[str, float]] = {}
    for side in bags:
        side_vectors: list[dict[str, float]] = []
        for bag in side:
            vector = made.get(id(bag))
            if vector is None:
                norm = math.sqrt(sum(weights[c] ** 2 for c in bag)) or 1.0
                vector = made[id(bag)] = {c: weights[c] / norm for c in bag}
            side_vectors.append(vector)
        vectors.append(side_vectors)
    return Terms(sides, tokens, classes, weights, vectors, _entities(sides, tokens, classes, bags))


def is_entity(surface: str) -> bool:
    """Whether words name an institution or a place: two capitalised words or more, one of
    them a head noun ("Council", "Sea", "Agreement").

    >>> is_entity("NATO-Russia Council"), is_entity("Black Sea"), is_entity("Olaf Scholz")
    (True, True, False)
    >>> is_entity("security council"), is_entity("Council")
    (False, False)
    """
    words = _WORDS.findall(_DASHES.sub(" ", surface))
    named = [w for w in words if w[0].isupper()]
    return len(named) >= 2 and any(w.casefold() in ENTITY_HEADS for w in named)


def _names(text: str, claim: tuple[Token, ...], classes: dict[str, str]) -> set[frozenset[str]]:
    """The named institutions and places of a claim, each as the set of its term classes
    (so word order inside a name does not matter): runs of capitalised terms joined by
    spaces, hyphens or "of", "for", "and", "the", and every part of a run that is a name
    itself ("the Russia-NATO Council" in "the Russia-NATO Council Brussels meeting")."""
    found: set[frozenset[str]] = set()
    run: list[Token] = []

    def close() -> None:
        for x in range(len(run)):
            for y in range(x + 1, min(len(run), x + _RUN) + 1):
                if is_entity(text[run[x].start : run[y - 1].end]):
                    found.add(frozenset(classes[t.term] for t in run[x:y]))

    for token in claim:
        if not text[token.start : token.start + 1].isupper():
            close()
            run = []
            continue
        if run and not _JOIN.fullmatch(text[run[-1].end : token.start]):
            close()
            run = []
        run.append(token)
    close()
    return found


def _entities(
    sides: Sequence[Sequence[str]],
    tokens: list[list[tuple[Token, ...]]],
    classes: dict[str, str],
    bags: list[list[set[str]]],
) -> list[list[frozenset[frozenset[str]]]]:
    """For each claim, the names it shares with another side that no side holds twice.

    A side holds a name in every claim that has all its terms, however written ("Taiwan"
    alone holds "the Taiwan Strait" when the alias table makes them one term): a name
    that is a topic of the call, not one of its points, is weighed as any word is.
    """
    names = [
        [_names(sides[s][i], claim, classes) for i, claim in enumerate(side)]
        for s, side in enumerate(tokens)
    ]
    found = {n for side in names for claim in side for n in claim}
    if not found:
        return [[frozenset()] * len(side) for side in names]
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s, side in enumerate(bags):
        for i, bag in enumerate(side):
            for cls in bag:
                postings[cls].append((s, i))
    rare = {name for name in found if _held_once(name, postings, bags)}
    return [[frozenset(claim & rare) for claim in side] for side in names]


def _held_once(
    name: frozenset[str], postings: dict[str, list[tuple[int, int]]], bags: list[list[set[str]]]
) -> bool:
    """Whether no side holds ``name`` in two claims and two sides hold it (the walk stops at
    a side's second claim, so a common name costs little)."""
    sides: set[int] = set()
    for s, i in min((postings[c] for c in name), key=len):
        if name <= bags[s][i]:
            if s in sides:
                return False
            sides.add(s)
    return len(sides) >= 2
