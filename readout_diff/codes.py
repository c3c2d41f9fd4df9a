"""Codes a program can rely on, beside the words a person reads: one table per decision.

A link's ``rule`` and a nearest candidate's ``reason`` are prose, free to be reworded; their
codes are part of the JSON contract (the enums of ``data/report.schema.json``) and are
never renamed. A new link rule of the aligner gets its code here, in ``LINK_CODES``.

>>> link_code(BEST), link_code(SENTENCE)
('best', 'sibling-clause')
>>> word_pairs(("ransomware ~ cybercrime", "Iran"))
[{'left': 'ransomware', 'right': 'cybercrime'}, {'left': 'Iran', 'right': 'Iran'}]
"""

from __future__ import annotations

from collections.abc import Iterable

from readout_diff.align import BEST, DECIDED, MUTUAL, SAME_WORDS, SENTENCE

# link rule (as the aligner words it) -> code
LINK_CODES: dict[str, str] = {
    SAME_WORDS: "same-content",
    BEST: "best",
    MUTUAL: "mutual-best",
    SENTENCE: "sibling-clause",
    DECIDED: "decided",
}

# nearest-candidate code -> what it means
NEAREST_CODES: dict[str, str] = {
    "no-shared-word": "no claim of another side shares a content word with it",
    "under-threshold": "the nearest scores under the threshold (or, for a mutual best match,"
    " under its share of the threshold)",
    "within-margin": "the nearest is not ahead of the next candidate by the margin",
    "mutual-too-close": "the two are each other's best match, but the runner-up scores too close",
    "partner-elsewhere": "the nearest belongs far more strongly with another claim of this side",
    "decided-different": "a reader decided the nearest makes another point",
}


def link_code(rule: str) -> str:
    """The code of a link rule; a rule without one is a programming error, caught by tests."""
    return LINK_CODES[rule]


def word_pairs(words: Iterable[str]) -> list[dict[str, str]]:
    """Tie words (``"a ~ b"``, or one word both sides write alike) as left/right pairs."""
    pairs = []
    for word in words:
        left, tilde, right = word.partition(" ~ ")
        pairs.append({"left": left, "right": right if tilde else left})
    return pairs
