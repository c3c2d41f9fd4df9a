"""English word forms: strip inflections only, and join a word with its own derivations.

A blunt stemmer cuts words to shared roots that mean different things (``position`` and
``positively`` both become ``posit``). Here a word loses only its inflection (plural,
``-ed``, ``-ing``, a final ``e``; British spellings become American), and two forms join
only when one is the other plus a derivational suffix that keeps its meaning
(``negotiate`` + ``ion``, ``secure`` + ``ity``), or both are one base of six letters or
more plus sibling suffixes (``economy`` / ``economic``, ``aggression`` / ``aggressive``).
``south`` and ``southeast``, ``complex`` and ``complete``, ``response`` and
``responsibility`` stay apart.

>>> [inflection_stem(w) for w in ["negotiations", "negotiated", "agreed", "stopping", "policies"]]
['negotiation', 'negotiat', 'agre', 'stop', 'policy']
>>> related("negotiat", "negotiation"), related("posit", "positive"), related("south", "southeast")
(True, False, False)
"""

from __future__ import annotations

from functools import lru_cache

# Suffixes that make a word of the same family and meaning from a base word (after the
# base lost its final e): negotiat-ion, secur-ity, nation-al, agre-ement, help-ful.
_DERIVED = (
    "ion ions ation ition ment ement al ally ial ive ively ity ities ance ence ant ent ic "
    "ical ically ism ist ize ization ary ory ure ness ful fully ative"
).split()
# Derived words lose a final e too (defensive -> defensiv): both spellings count.
DERIVATIONS = frozenset(_DERIVED + [d[:-1] for d in _DERIVED if d.endswith("e")])
# Short suffixes that also end unrelated words (part / partner): a base must be longer.
_SHORT = frozenset({"al", "ic", "ant", "ent", "ive", "iv", "ary", "ory", "ure", "ur", "ist"})
# Both forms one base plus a suffix of one group: economy / economic, independence /
# independent, aggression / aggressive, territory / territorial.
_SIBLINGS = (
    frozenset({"y", "ic", "ical", "ics", "ial", "al"}),
    frozenset({"enc", "ent"}),
    frozenset({"anc", "ant"}),
    frozenset({"ion", "iv"}),
)
# Words whose -ing or -ed is no inflection.
_WHOLE = frozenset(
    "herring evening morning thing string spring ring king wing ceiling sibling nothing "
    "something anything everything during pudding wedding bring sting swing cling fling "
    "sling wring sing shilling awning "
    "need seed speed feed bleed breed creed greed hundred sacred naked wicked kindred".split()
)
_DOUBLE = frozenset("bdfgmnprt")
_VOWELS = frozenset("aeiouy")
# British endings to American ones: (British, American, the ending's dictionary form).
_SPELLINGS = (
    ("isations", "izations", "ise"),
    ("isers", "izers", "ise"),
    ("iser", "izer", "ise"),
    ("isation", "ization", "ise"),
    ("ising", "izing", "ise"),
    ("ised", "ized", "ise"),
    ("ises", "izes", "ise"),
    ("ise", "ize", "ise"),
    ("ysing", "yzing", "yse"),
    ("ysed", "yzed", "yse"),
    ("yse", "yze", "yse"),
    ("ouring", "oring", "our"),
    ("oured", "ored", "our"),
    ("ours", "ors", "our"),
    ("our", "or", "our"),
)
# Words whose British-looking ending is no spelling variant.
_KEEP = frozenset(
    "rise arise wise otherwise likewise promise premise exercise compromise enterprise "
    "surprise expertise precise concise franchise advertise merchandise raise praise noise "
    "poise cruise bruise demise paradise revise supervise televise devise advise despise "
    "disguise improvise excise apprise comprise "
    "our four hour tour your pour flour sour detour contour devour".split()
)
_SPELLED = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "centre": "center",
    "metre": "meter",
    "theatre": "theater",
}


def _american(word: str) -> str:
    if word in _SPELLED:
        return _SPELLED[word]
    for british, american, form in _SPELLINGS:
        if word.endswith(british):
            base = word[: -len(british)]
            if len(base) < 3 or base + form in _KEEP:
                return word
            return base + american
    return word


@lru_cache(maxsize=65536)
def inflection_stem(word: str) -> str:
    """``word`` (lower case) without its inflection: plural, ``-ed``, ``-ing``, final ``e``."""
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    w = _american(word)
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses") or (
        w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(w) > 4
    ):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    stripped = ""
    for ending in () if w in _WHOLE else ("ing", "ed"):
        base = w[: -len(ending)]
        if w.endswith(ending) and len(base) >= 3 and any(c in _VOWELS for c in base):
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] in _DOUBLE:
                base = base[:-1]
            w, stripped = base, ending
            break
    # "-ed" took the final e with it (agree-d, negotiate-d); "-ing" took it (negotiat-ing)
    # except after another e (agree-ing).
    if w.endswith("e") and len(w) > 3 and stripped != "ed":
        w = w[:-1]
    return w


def related(short: str, long: str) -> bool:
    """Whether ``long`` is ``short`` plus a suffix that keeps its meaning (or both siblings)."""
    if len(short) > len(long):
        short, long = long, short
    if long.startswith(short) and len(short) >= 4:
        rest = long[len(short) :]
        return rest in DERIVATIONS and (rest not in _SHORT or len(short) >= 6)
    for cut in (1, 2, 3, 4):
        base = short[:-cut]
        if len(base) >= 6 and long.startswith(base):
            ends = {short[len(base) :], long[len(base) :]}
            if any(ends <= group for group in _SIBLINGS):
                return True
    return False
