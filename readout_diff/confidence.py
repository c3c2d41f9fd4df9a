"""How sure the tool is of each verdict: ``sure`` points can be quoted, ``check`` ones read.

A one-sided claim is sure when no claim of another side comes near it; a shared point is
sure when every link that joins it is strong, rests on more than one word and beat its
rival by a clear gap. Everything else is ``check``, with a reason code; ``REASONS`` gives
the plain words a report prints for each code. The bounds were chosen on the annotated
corpora (``bench/accuracy.py`` prints the trade-off between precision and coverage).

>>> rule = ConfidenceRule()
>>> rule.lone(0.02, elsewhere=False)
('sure', 'far-from-any')
>>> rule.lone(0.12, elsewhere=False), rule.lone(0.12, elsewhere=False, taken=0.6)
(('check', 'plausible-partner'), ('sure', 'partner-taken'))
>>> rule.lone(None, elsewhere=False, sentence_paired=True)
('check', 'sentence-paired')
>>> rule.shared([LinkEvidence(0.9, 0.1, 3)])
('sure', 'strong-unique-pair')
>>> rule.shared([LinkEvidence(0.9, 0.1, 3), LinkEvidence(0.3, None, 1, sibling=True)])
('check', 'sibling-clause')
"""

from __future__ import annotations

from collections.abc import Sequence

from readout_diff.model import Point, Record

SURE = "sure"
CHECK = "check"
# The reason of a verdict a reader settled (a decisions file), rather than the tool.
DECIDED = "decided"

# code -> (confidence, plain words shown to a reader)
REASONS: dict[str, tuple[str, str]] = {
    "decided": (SURE, "a reader decided it"),
    "same-content": (SURE, "the two say it in the same content words"),
    "strong-unique-pair": (SURE, "a strong pairing with no close rival"),
    "no-candidate": (SURE, "no claim of the other side shares a content word with it"),
    "far-from-any": (SURE, "nothing on the other side comes close"),
    "partner-taken": (SURE, "its nearest claim makes another point, far more closely"),
    "near-rival": (CHECK, "another claim came almost as close"),
    "weak-link": (CHECK, "the pairing rests on few or common words"),
    "sibling-clause": (CHECK, "joined only because its sentence was paired"),
    "plausible-partner": (CHECK, "a claim of the other side may make the same point"),
    "partner-elsewhere": (CHECK, "its nearest claim was paired with another"),
    "sentence-paired": (
        CHECK,
        "another part of its sentence was paired: the other side may say this part there too",
    ),
    "no-content": (CHECK, "it holds no content word: a reply or a courtesy, not a point"),
    "across-languages": (
        CHECK,
        "the readouts are in different languages, which shared words cannot settle",
    ),
}


class LinkEvidence(Record):
    """What a link of a shared point rests on: its score, its rival's, the words tying it."""

    score: float
    runner_up: float | None
    words: int
    exact: bool = False
    sibling: bool = False
    decided: bool = False
    # The two claims are written alike, word for word: however few their content words, the
    # same sentence on both sides is the same point.
    verbatim: bool = False


class ConfidenceRule(Record):
    """The bounds that make a verdict sure; every other verdict is ``check``.

    ``lone_max``: a one-sided claim whose best score with any claim of another side stays
    under it is sure; so is one under ``taken_max`` whose nearest claim is held by a link at
    least twice as strong. ``pair_min``, ``gap_min``, ``min_words``: every link of a sure
    shared point scores at least ``pair_min``, beats its runner-up by ``gap_min`` and shares
    ``min_words`` content terms.
    """

    lone_max: float = 0.08
    pair_min: float = 0.5
    gap_min: float = 0.1
    min_words: int = 2
    taken_max: float = 0.15

    def lone(
        self,
        score: float | None,
        *,
        elsewhere: bool,
        taken: float | None = None,
        hollow: bool = False,
        sentence_paired: bool = False,
    ) -> tuple[str, str]:
        """The verdict on a one-sided claim whose nearest partner scores ``score``.

        ``taken`` is the score of the link that holds that partner in a point of its own: a
        partner held at least twice as strongly, and at least ``pair_min``, is spoken for.
        A ``hollow`` claim has no content word ("I don't know.", "Thank you."): nothing can
        match it, and nothing it says is an omission of the other side.
        ``sentence_paired``: another clause of the claim's sentence is in a shared point. The
        sentence the other side paired it with often makes this part too, in other words
        (one side lists in one sentence what the other spreads over a clause or two), so
        the claim's missing partner may be there: never sure.
        """
        if hollow:
            return CHECK, "no-content"
        if sentence_paired:
            return CHECK, "sentence-paired"
        if score is None or score <= 0.0:
            return SURE, "no-candidate"
        if score < self.lone_max:
            return SURE, "far-from-any"
        if taken is not None and score < self.taken_max and taken >= max(self.pair_min, 2 * score):
            return SURE, "partner-taken"
        return CHECK, "partner-elsewhere" if elsewhere else "plausible-partner"

    def shared(self, links: Sequence[LinkEvidence]) -> tuple[str, str]:
        """The verdict on a point its links join; a reader's decision settles its own link."""
        engine = [link for link in links if not link.decided]
        if not engine:
            return SURE, "decided"
        if any(link.sibling for link in engine):
            return CHECK, "sibling-clause"
        if any(
            (link.score < self.pair_min or link.words < self.min_words) and not link.verbatim
            for link in engine
        ):
            return CHECK, "weak-link"
        if any(
            link.runner_up is not None and link.score - link.runner_up < self.gap_min
            for link in engine
        ):
            return CHECK, "near-rival"
        if len(engine) < len(links):
            return SURE, "decided"
        if all(link.exact for link in engine):
            return SURE, "same-content"
        return SURE, "strong-unique-pair"


DEFAULT_RULE = ConfidenceRule()
# The semantic scorer's scores run higher (every claim gets some embedding similarity), so
# its bounds for a lone claim were chosen on the same corpora, for the same precision.
_RULES = {"semantic": ConfidenceRule(lone_max=0.15, taken_max=0.2)}


def rule_for(scorer: str) -> ConfidenceRule:
    """The confidence bounds calibrated for a scorer's scores.

    >>> rule_for("weighted") is DEFAULT_RULE, rule_for("semantic").lone_max
    (True, 0.15)
    """
    return _RULES.get(scorer, DEFAULT_RULE)


# How often verdicts of each band were right on the annotated calls of bench/corpus, readouts/
# and bench/blind, per scorer (``python bench/accuracy.py`` prints the table, with
# bench/heldout's beside it). A reader settles the least likely first. A scorer missing here
# (fuzzy) was not calibrated: its verdicts have no rate.
RIGHT_RATES: dict[str, dict[str, float]] = {
    "weighted": {
        "sure": 0.89,
        "one-sided": 0.72,
        "shared-weak": 0.48,
        "shared": 0.61,
        "shared-strong": 0.81,
    },
    "semantic": {
        "sure": 0.91,
        "one-sided": 0.81,
        "shared-weak": 0.45,
        "shared": 0.56,
        "shared-strong": 0.75,
    },
}
# A shared point to check falls in a band by its weakest link's score. The semantic scorer's
# scores run higher, so its bounds are its own (each band about a third of its verdicts).
SHARED_BANDS: dict[str, tuple[float, float]] = {"weighted": (0.2, 0.3), "semantic": (0.26, 0.35)}


def band(point: Point, scorer: str = "weighted") -> str | None:
    """The band of verdicts a point's falls in, or None for a reader's decision and a
    comparison across languages, which no annotated rate describes.

    >>> band(Point(id="p1", claims=(), present=("a", "b"), missing=(), score=0.25))
    'shared'
    >>> band(Point(id="p1", claims=(), present=("a", "b"), missing=(), score=0.25), "semantic")
    'shared-weak'
    >>> band(Point(id="p1", claims=(), present=("a",), missing=("b",), score=None))
    'one-sided'
    """
    if point.confidence_reason in ("decided", "across-languages"):
        return None
    if point.sure:
        return "sure"
    if len(point.present) == 1:
        return "one-sided"
    low, high = SHARED_BANDS.get(scorer, SHARED_BANDS["weighted"])
    score = point.score or 0.0
    if score < low:
        return "shared-weak"
    return "shared" if score < high else "shared-strong"


def right_rate(point: Point, scorer: str) -> float | None:
    """The share of verdicts like this point's that were right on annotated calls, or None
    when the scorer's scores were not calibrated (or the verdict is a reader's)."""
    rates = RIGHT_RATES.get(scorer)
    found = band(point, scorer)
    return None if found is None or rates is None else rates[found]
