"""What a side says in the other claims of its readout, for a difference that would say it
lacks a word or a number.

A difference compares the claims of one point. A side whose claim there gives no scope word
or no number may give it in a neighbouring clause of the same sentence, or in a claim left
one-sided: "no such word" would then tell a reader that its readout never says it, which is
false. ``Elsewhere`` finds, for a side and a detector's values, the other claims of that side
that give them, by the detector's own values (a scope word's class, a number's amount).

>>> from readout_diff.model import Claim
>>> def words(claim, analyzer):
...     return [Found(w, w, claim.start, claim.end) for w in claim.text.split()]
>>> kr = [Claim("kr:1", "kr", 0, "peace", 0, 5, 1), Claim("kr:2", "kr", 1, "lasting", 6, 13, 1)]
>>> where = Elsewhere({"kr": kr}, None)
>>> places = where.find("kr", "scope", words, {"lasting", "full"}, here=kr[:1])
>>> places
{'lasting': [('kr:2', 'lasting')]}
>>> elsewhere_text("scope", places, ["full"])
'not in this claim; says “lasting” in another; no word like “full”'
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from readout_diff.model import Claim
from readout_diff.normalize import Analyzer
from readout_diff.numbers import Found

Detect = Callable[[Claim, Analyzer | None], list[Found]]
# For each value a side gives elsewhere: the claims that give it, with the words as written,
# the claim nearest the point first.
Places = dict[str, list[tuple[str, str]]]
# How the text of a side that gives the values in other claims begins: a difference's
# prose, which the headline may read as it reads "no number".
NOT_HERE = "not in this claim"
# What a side that gives some of the values elsewhere says of the others, which it gives
# nowhere: "no word like “full”" (a scope word of any word of its kind), "no “5”".
_NOWHERE = {"number": "no {}", "scope": "no word like {}"}


class Elsewhere:
    """The claims of each side's readout, read by a detector once per side and kind (on the
    first difference that needs them), so that a readout of many points costs one pass."""

    def __init__(self, claims: Mapping[str, Sequence[Claim]], analyzer: Analyzer | None) -> None:
        self._claims = claims
        self._analyzer = analyzer
        self._read: dict[tuple[str, str], dict[str, list[tuple[int, str, str]]]] = {}

    def find(
        self,
        side: str,
        kind: str,
        detect: Detect,
        values: Collection[str],
        *,
        here: Sequence[Claim],
    ) -> Places:
        """Where ``side`` gives each of ``values`` in a claim other than those ``here`` (its
        claims in the point), the nearest to them first (a clause of the same sentence, the
        next sentence: the likeliest to be about the same thing)."""
        exclude = {claim.id for claim in here}
        near = min(claim.index for claim in here)
        key = (side, kind)
        if key not in self._read:
            read: dict[str, list[tuple[int, str, str]]] = {}
            for claim in self._claims.get(side, ()):
                for found in detect(claim, self._analyzer):
                    read.setdefault(found.value, []).append((claim.index, claim.id, found.shown))
            self._read[key] = read
        places: Places = {}
        for value in sorted(values):
            hits = [h for h in self._read[key].get(value, ()) if h[1] not in exclude]
            hits.sort(key=lambda hit: (abs(hit[0] - near), hit[0]))
            if hits:
                places[value] = [(claim, shown) for _, claim, shown in hits]
        return places


def quoted(words: Sequence[str]) -> str:
    """Words as a reader would quote them: “long-term”, “comprehensive”."""
    return ", ".join(f"“{w}”" for w in dict.fromkeys(words))


def elsewhere_text(kind: str, places: Places, nowhere: Sequence[str]) -> str:
    """What a difference says of a side that gives the words in other claims, not this one:
    for each value, the words of the nearest claim that gives it; then the words of another
    side that it gives ``nowhere``."""
    nearest = [hits[0] for hits in places.values()]
    claims = len({claim for claim, _ in nearest})
    where = "another" if claims == 1 else "others"
    text = f"{NOT_HERE}; says {quoted([shown for _, shown in nearest])} in {where}"
    return text + "; " + _NOWHERE[kind].format(quoted(nowhere)) if nowhere else text
