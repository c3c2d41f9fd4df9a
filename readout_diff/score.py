"""Score claims of one side against claims of another: the one interface every scorer meets.

The aligner asks a scorer one question: given the claims of every side, which claims of
another side are candidates for this one, with what score, and which words tie them. A
``Scorer`` answers it by preparing a ``Similarity`` for the claims being compared; the
aligner reads only that, and never knows which scorer made it. Each scorer is a module of
``readout_diff.scorers``:

- ``weighted`` (default): the cosine of IDF-weighted content terms (``scorers/weighted.py``);
- ``fuzzy``: rapidfuzz ``token_set_ratio`` of the content terms (``scorers/fuzzy.py``);
- ``semantic``: the weighted score raised by the cosine of sentence embeddings
  (``scorers/semantic.py``), when the optional model is installed.

A new scorer is a class with a ``name`` and a ``prepare`` method returning a ``Similarity``
(subclassing ``scorers.rows.Rows`` gives all but the pair score), and a line in
``scorer_named``.

>>> from readout_diff.normalize import Analyzer
>>> s = score_sides([["Ransomware was discussed."], ["Cybercrime was raised.", "Trade."]],
...                 analyzer=Analyzer())
>>> [(j, round(v, 2)) for j, v in s.row(0, 0, 1)]
[(0, 1.0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from readout_diff.normalize import Analyzer
from readout_diff.scorers.fuzzy import FuzzyScorer
from readout_diff.scorers.terms import term_classes
from readout_diff.scorers.weighted import WeightedScorer

SCORERS = ("weighted", "fuzzy", "semantic")

__all__ = ["SCORERS", "Scorer", "Similarity", "score_sides", "scorer_named", "term_classes"]


class Similarity(Protocol):
    """Scores between the claims of every pair of sides, and what tied each pair.

    Claims are named by (side, index). A row holds the best candidates only, best first;
    ``score_of`` scores any pair. Two claims of equal ``content`` are interchangeable.
    """

    def row(self, side: int, index: int, other: int) -> list[tuple[int, float]]: ...

    def score_of(self, side: int, index: int, other: int, j: int) -> float: ...

    def content(self, side: int, index: int) -> frozenset[str]: ...

    def shared_words(self, side: int, index: int, other: int, j: int) -> tuple[str, ...]: ...

    def forbid(self, pairs: Iterable[tuple[tuple[int, int], tuple[int, int]]]) -> None: ...

    def forbidden_pair(self, side: int, index: int, other: int, j: int) -> bool: ...


class Scorer(Protocol):
    """Prepares the scores of the claims being compared."""

    @property
    def name(self) -> str: ...

    def prepare(self, sides: Sequence[Sequence[str]], *, analyzer: Analyzer) -> Similarity: ...


def scorer_named(name: str, *, cache_dir: str | None = None) -> Scorer:
    """The scorer called ``name``; ``cache_dir`` keeps the semantic scorer's embeddings.

    The semantic scorer needs its optional model: without it, a UsageError says how to
    install it.
    """
    if name == "weighted":
        return WeightedScorer()
    if name == "fuzzy":
        return FuzzyScorer()
    if name == "semantic":
        from readout_diff.scorers.semantic import SemanticScorer, require_model

        require_model()
        return SemanticScorer(cache_dir=cache_dir)
    raise ValueError(f"unknown scorer {name!r}")


def score_sides(
    sides: Sequence[Sequence[str]], *, analyzer: Analyzer, scorer: str | Scorer = "weighted"
) -> Similarity:
    """Prepare scores between the claim texts of every pair of sides."""
    chosen = scorer_named(scorer) if isinstance(scorer, str) else scorer
    return chosen.prepare(sides, analyzer=analyzer)
