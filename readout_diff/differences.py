"""What two paired claims disagree on: numbers, scope, stance, commitment, actor.

Pure functions of a point's claims. Each detector reads each side's text of the point,
reduces it to a few facts (the numbers given, the scope words used, whether the side agrees
or refuses, whether it reports a commitment or a mere discussion, who acted), and reports a
Difference only where the sides' facts disagree. Spans point into the source text.

>>> from readout_diff.model import Claim, Point
>>> wh = Claim("wh:1", "wh", 0, "The leaders agreed on an energy ceasefire.", 0, 42, 1)
>>> kr = Claim("kr:1", "kr", 0, "Putin ordered a 30-day halt to energy strikes.", 0, 46, 1)
>>> point = Point("p1", (wh, kr), ("wh", "kr"), (), 0.5)
>>> [d.kind for d in find_differences(point, analyzer=None)]
['number', 'actor']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from readout_diff.denials import (
    REPLY_DENIED,
    compare_denials,
    denials,
    found_denial,
    no_reply,
)
from readout_diff.model import DIFFERS, SAID_ELSEWHERE, Claim, Difference, Point
from readout_diff.morphology import inflection_stem
from readout_diff.normalize import Analyzer
from readout_diff.numbers import (
    Found,
    compiled,
    is_date,
    lower_words,
    numbers,
    today_against_a_date,
)
from readout_diff.said_elsewhere import Elsewhere, Places, elsewhere_text
from readout_diff.word_lists import Words, is_letters, runs

# Words that set how far a statement reaches, by meaning: one side saying "full" where the
# other says nothing, or "temporary", is news; "lasting" against "durable" is not.
_SCOPE_CLASSES = {
    "full": "full complete comprehensive general total entire whole all every universal global",
    "partial": "partial limited",
    "lasting": "permanent lasting durable long-term",
    "temporary": "temporary interim initial short-term",
    "broad": "broad broader wide wider",
    "unconditional": "unconditional",
    "conditional": "conditional",
    "immediate": "immediate immediately",
    "phased": "phased gradual",
}
_SCOPE = {word: cls for cls, words in _SCOPE_CLASSES.items() for word in words.split()}
# Lower case only: "Joint Comprehensive Plan of Action" is a name, not a scope.
_WORD_RUN = re.compile(r"\w+")

# Compiled on first use: only claims with a negation word need it.
_NEGATED_PATTERN = (
    r"\b(?:(?:did|does|do|could|would|will|wo|was|were|is|are|has|have)\s*(?:not|n't)|never|no)\s+"
    r"(?:\w+\s+){0,2}?(?:agree\w*|support\w*|accept\w*|endorse\w*|approve\w*|back\w*|"
    r"reach\w*|consent\w*)\b"
)


def _negated() -> re.Pattern[str]:
    return compiled(_NEGATED_PATTERN, re.IGNORECASE)


# Stance and modality words, found as whole words ignoring case (see ``word_lists``).
_AGAINST = Words(
    ["objects", "objected"],
    prefixes=["oppos", "reject", "refus", "declin", "condemn", "disagree"],
    phrases=[(["against"], ["the", "any", "such", "this", "a"])],
    gap=None,
)
_FOR = Words(
    "agree agreed agrees agreement support supports supported welcome welcomes welcomed"
    " endorse endorses endorsed backs backed accept accepts accepted approve approves approved"
    " favor favors favored favour favours favoured".split()
)
_COMMITTED = Words(
    "agree agreed agrees decide decided decides ordered orders committed commits pledge"
    " pledged pledges signed approved instructed tasked announced confirmed concluded"
    " promised undertook vowed".split()
)
_DISCUSSED = Words(
    "discuss discussed discusses discussion noted notes proposed proposes proposal suggested"
    " suggests suggestion raised raises mention mentioned mentions talk talked talks consider"
    " considered considers explored explores hoped hopes review reviewed reviews idea"
    " possibility could interested readiness willingness".split(),
    phrases=[
        (["exchanged", "exchanges"], ["views"]),
        (["touched", "touches"], ["on", "upon"]),
        (["expressed", "showed", "voiced"], [None, "an", "their", "his", "her"], ["interest"]),
        (["ready", "willing", "open"], ["to"]),
    ],
)
# The acts a question may ask were done, which a reply answering no denies.
_ACTS = (_FOR, _COMMITTED, _DISCUSSED)
_ACTION = (
    r"(?:has\s+|had\s+|have\s+)?(?:proposed|suggested|ordered|offered|requested|initiated|"
    r"asked|instructed|decided|announced|agreed|pledged|demanded|insisted)"
)
# A name's words are bounded (60 characters): unbounded, every capital inside a long word
# would start a scan to its end, quadratic in the word's length.
_ACTOR_BEFORE = (
    r"((?i:the\s+(?:two\s+)?(?:leaders|presidents|sides|parties|heads of state|interlocutors)|"
    r"both\s+(?:leaders|presidents|sides)|they|both)|(?:[A-Z][\w'’.-]{0,60}\s+){0,3}[A-Z][\w'’.-]{0,60})"
    r"(?:,[^,]{1,40},)?\s+" + _ACTION + r"\b"
)
_ACTOR_REQUEST = (
    r"\b(?:at|on)\s+(?:the\s+)?(?:request|initiative|suggestion|proposal|invitation)\s+of\s+"
    r"(?:the\s+)?((?:[A-Z][\w'’.-]*\s*){1,4}(?:side)?)|"
    r"\b((?:[A-Z][\w'’.-]{0,60}\s+){0,2}[A-Z][\w'’.-]{0,60}?)(?:'s|’s)\s+(?:proposal|idea|initiative|"
    r"request|suggestion|order)\b"
)
# What a difference says of a side that gives no number, and of one that denies a thing
# the other states: the headline reads these too.
NO_NUMBER = "no number"
_NONE = {"number": NO_NUMBER, "scope": "no such word"}
# A side whose every value the other side gives too: it lacks none, it just has no other.
_NONE_OTHER = {"number": "no other number", "scope": "no other such word"}
# With three sides or more, one may have no level or name no actor where two others clash:
# its claim says nothing of it, which its readout may well say elsewhere of other things.
_NO_LEVEL = "neither in this claim"
_NO_ACTOR = "none named in this claim"
_LEVEL_WORDS = {
    "for": "for",
    "against": "against",
    "committed": "a commitment",
    "discussed": "a discussion",
}
_JOINT = (
    r"(?:the\s+)?(?:two\s+|both\s+)?(?:leaders|presidents|sides|parties|heads\s+of\s+state|"
    r"interlocutors)|both|they"
)
# Every match of _ACTOR_REQUEST holds one of these words.
_REQUEST_WORDS = ("request", "initiative", "suggestion", "proposal", "invitation", "idea", "order")
_NOT_ACTORS = frozenset("the a an this that it he she in on at as but and also overall".split())


def find_differences(
    point: Point, *, analyzer: Analyzer | None, elsewhere: Elsewhere | None = None
) -> tuple[Difference, ...]:
    """Differences between the sides of one point, in a fixed order of kinds.

    With ``elsewhere`` (every claim of each side's readout), a side that lacks a number or a
    scope word here but gives it in another claim is said to, not to lack it; a difference
    whose every lack is such a one has the code ``SAID_ELSEWHERE``.
    """
    sides: dict[str, list[Claim]] = {}
    for claim in point.claims:
        sides.setdefault(claim.side, []).append(claim)
    if len(sides) < 2:
        return ()
    found: list[Difference] = []
    for kind, detect in _DETECTORS:
        difference = _compare(kind, sides, detect, analyzer, elsewhere)
        if difference is not None:
            found.append(difference)
    return tuple(found)


def _compare(
    kind: str,
    sides: dict[str, list[Claim]],
    detect: Callable[[Claim, Analyzer | None], list[Found]],
    analyzer: Analyzer | None,
    elsewhere: Elsewhere | None = None,
) -> Difference | None:
    seen = {
        side: [f for c in claims for f in detect(c, analyzer)] for side, claims in sides.items()
    }
    if kind == "scope":
        seen = _scope_view(seen, sides)
    if kind == "number" and today_against_a_date(seen, sides):
        # "Today" on one side, "on the evening of April 2" on the other: the day of the call,
        # named two ways, is no difference.
        seen = {side: [f for f in items if not is_date(f)] for side, items in seen.items()}
    if kind == "stance":
        return _compare_levels(kind, seen) or compare_denials(seen, sides, analyzer, _ACTS)
    if kind == "modality":
        return _compare_levels(kind, seen)
    if kind == "actor":
        return _compare_actors(seen)
    values = {side: {f.value for f in items} for side, items in seen.items()}
    every = set.union(*values.values())
    shared = set.intersection(*values.values())
    if every == shared:
        return None
    texts: list[tuple[str, str]] = []
    spans: list[tuple[str, int, int]] = []
    said: list[tuple[str, tuple[str, ...]]] = []
    lacking = False  # some side's readout lacks what another side gives here
    for side, items in seen.items():
        own = [f for f in items if f.value not in shared]
        spans.extend((side, f.start, f.end) for f in own)
        missing = every - values[side]
        if own:
            lacking = lacking or bool(missing)
            texts.append((side, ", ".join(dict.fromkeys(f.shown for f in own))))
            continue
        places = elsewhere.find(side, kind, detect, missing, here=sides[side]) if elsewhere else {}
        if kind == "number" and places:
            places = _same_units(places, seen)
        if not places:
            lacking = True
            texts.append((side, _NONE_OTHER[kind] if items else _NONE[kind]))
            continue
        said.append((side, tuple(dict.fromkeys(c for hits in places.values() for c, _ in hits))))
        nowhere = missing - places.keys()
        lacking = lacking or bool(nowhere)
        shown = [f.shown for found in seen.values() for f in found if f.value in nowhere]
        texts.append((side, elsewhere_text(kind, places, shown)))
    summary = "; ".join(f"{side}: {text}" for side, text in texts)
    code = DIFFERS if lacking or not said else SAID_ELSEWHERE
    return Difference(kind, tuple(texts), tuple(spans), summary, code, tuple(said))


def _same_units(places: Places, seen: dict[str, list[Found]]) -> Places:
    """The numbers given elsewhere with the unit they have here: "30 days" in another claim
    is the "30-day" pause; "30 minutes" is not. A date ("8 jan") is its own unit."""
    units_here: dict[str, set[str]] = {}
    for found in (f for items in seen.values() for f in items):
        units_here.setdefault(found.value, set()).update(_units(found.shown))
    kept: Places = {}
    for value, hits in places.items():
        date = " " in value  # a day of a month ("2 apr"), as numbers keys it
        same = [h for h in hits if date or _units(h[1]) & units_here.get(value, set())]
        if same:
            kept[value] = same
    return kept


def _units(shown: str) -> set[str]:
    return {inflection_stem(w.casefold()) for w in re.findall(r"[^\W\d_]+", shown)}


def _compare_levels(kind: str, seen: dict[str, list[Found]]) -> Difference | None:
    """Stance and modality: each side takes its strongest level; report when they clash."""
    strong, weak = ("against", "for") if kind == "stance" else ("committed", "discussed")
    levels: dict[str, Found | None] = {}
    for side, items in seen.items():
        levels[side] = next((i for i in items if i.value == strong), None) or next(
            (i for i in items if i.value == weak), None
        )
    if {f.value for f in levels.values() if f is not None} != {strong, weak}:
        return None
    texts = tuple(
        (side, f"{_LEVEL_WORDS[f.value]} ({f.shown})" if f is not None else _NO_LEVEL)
        for side, f in levels.items()
    )
    spans = tuple((side, f.start, f.end) for side, f in levels.items() if f is not None)
    return Difference(kind, texts, spans, "; ".join(f"{side}: {text}" for side, text in texts))


def _compare_actors(seen: dict[str, list[Found]]) -> Difference | None:
    actors = {side: {f.value for f in items} for side, items in seen.items()}
    if sum(1 for values in actors.values() if values) < 2:
        return None
    named = [values for values in actors.values() if values]
    if set.intersection(*named):
        return None
    texts = tuple(
        (side, ", ".join(dict.fromkeys(f.shown for f in items)) or _NO_ACTOR)
        for side, items in seen.items()
    )
    spans = tuple((side, f.start, f.end) for side, items in seen.items() for f in items)
    return Difference("actor", texts, spans, "; ".join(f"{side}: {text}" for side, text in texts))


# --- detectors: one claim in, what it says out ----------------------------------------


_ACTION_WORDS = frozenset(
    "proposed suggested ordered offered requested initiated asked instructed decided announced "
    "agreed pledged demanded insisted".split()
)
_NEGATIONS = frozenset("not never no didn't doesn't don't won't wouldn't couldn't isn't".split())


def _scope(claim: Claim, analyzer: Analyzer | None) -> list[Found]:
    text = claim.text
    words = runs(text)
    found = []
    k = 0
    while k < len(words):  # a scope word as written, in lower case ("long-term" is two runs)
        _, start, end = words[k]
        word = text[start:end]
        if word in ("long", "short") and k + 1 < len(words):
            _, after, last = words[k + 1]
            if text[end:after] == "-" and text[after:last] == "term":
                word, end = text[start:last], last
                k += 1
        if word in _SCOPE:
            found.append(Found(_SCOPE[word], word, claim.start + start, claim.start + end))
        k += 1
    k = 0
    while k + 2 < len(words):
        # "energy and infrastructure" names two things where "energy infrastructure" names one.
        (one, start, end), (join, j_start, j_end), (other, o_start, o_end) = words[k : k + 3]
        if (
            join in ("and", "or")
            and len(one) >= 3
            and len(other) >= 3
            and is_letters(one)
            and is_letters(other)
            and text[end:j_start].isspace()
            and text[j_end:o_start].isspace()
        ):
            pair = f"{text[start:end].lower()} {text[o_start:o_end].lower()}"
            found.append(
                Found("&" + pair, text[start:o_end], claim.start + start, claim.start + o_end)
            )
            k += 3
            continue
        k += 1
    return found


def _scope_view(
    seen: dict[str, list[Found]], sides: dict[str, list[Claim]]
) -> dict[str, list[Found]]:
    """Keep scope words, and "X and Y" only where another side writes "X Y" as one thing."""
    joined = {
        side: {f.value[1:] for f in items if f.value[0] == "&"} for side, items in seen.items()
    }
    adjacent = (
        {side: _adjacent_pairs(claims) for side, claims in sides.items()}
        if any(joined.values())
        else {}
    )
    view: dict[str, list[Found]] = {side: [] for side in seen}
    marked: set[tuple[str, str]] = set()  # (other side, pair) whose "X Y" are in the view
    for side, items in seen.items():
        for found in items:
            if found.value[0] != "&":
                view[side].append(found)
                continue
            pair = found.value[1:]
            others = [
                other
                for other in sides
                if other != side and pair not in joined[other] and pair in adjacent[other]
            ]
            if not others:
                continue
            view[side].append(found)
            for other in others:
                if (other, pair) not in marked:
                    marked.add((other, pair))
                    for shown, start, end in adjacent[other][pair]:
                        view[other].append(Found("=" + pair, shown, start, end))
    return view


def _adjacent_pairs(claims: list[Claim]) -> dict[str, list[tuple[str, int, int]]]:
    """Every two words of a claim with only spaces between them ("energy infrastructure"),
    by the pair in lower case: one pass over the claims, however many pairs are looked for.
    """
    pairs: dict[str, list[tuple[str, int, int]]] = {}
    for claim in claims:
        previous: re.Match[str] | None = None
        for word in _WORD_RUN.finditer(claim.text):
            if previous is not None and claim.text[previous.end() : word.start()].isspace():
                key = f"{previous.group().lower()} {word.group().lower()}"
                shown = claim.text[previous.start() : word.end()]
                pairs.setdefault(key, []).append(
                    (shown, claim.start + previous.start(), claim.start + word.end())
                )
            previous = word
    return pairs


def _stance(claim: Claim, analyzer: Analyzer | None) -> list[Found]:
    reply = no_reply(claim.text)
    if reply is not None:
        # What the question asks is not said (its "agree" is no agreement); the reply denies it.
        _, start, end = reply
        shown = claim.text[start:end].rstrip(" .!…")
        return [Found(REPLY_DENIED, shown, claim.start + start, claim.start + start + len(shown))]
    found = []
    text = claim.text.replace("\u2019", "'")  # same length: spans stay true
    has_negation = not lower_words(text).isdisjoint(_NEGATIONS)
    refused = [m.span() for m in _negated().finditer(text)] if has_negation else []
    for spans, value in (
        (refused, "against"),
        (_AGAINST.find(text), "against"),
        (_FOR.find(text), "for"),
    ):
        for start, end in spans:
            found.append(
                Found(value, claim.text[start:end], claim.start + start, claim.start + end)
            )
    negated = [(f.start, f.end) for f in found if f.value == "against"]
    kept = [
        f for f in found if f.value == "against" or not any(a <= f.start < b for a, b in negated)
    ]
    for start, end in denials(text):
        if not any(a <= start < b for a, b in negated):
            kept.append(found_denial(claim, start, end))
    return kept


def _modality(claim: Claim, analyzer: Analyzer | None) -> list[Found]:
    if no_reply(claim.text) is not None:
        return []  # what a question asks and the reply denies is no commitment nor discussion
    found = []
    # "was not raised" is no discussion: it is a denial, which stance reports.
    denied = [found_denial(claim, a, b) for a, b in denials(claim.text.replace("\u2019", "'"))]
    for words, value in ((_COMMITTED, "committed"), (_DISCUSSED, "discussed")):
        for start, end in words.find(claim.text):
            if any(d.start <= claim.start + start < d.end for d in denied):
                continue
            shown = claim.text[start:end]
            found.append(Found(value, shown, claim.start + start, claim.start + end))
    return found


def _actor(claim: Claim, analyzer: Analyzer | None) -> list[Found]:
    found: list[Found] = []
    if lower_words(claim.text).isdisjoint(_ACTION_WORDS):
        return found + _requested_by(claim, analyzer)
    for m in compiled(_ACTOR_BEFORE).finditer(claim.text):
        who = " ".join(m.group(1).split())
        if who.lower() in _NOT_ACTORS:
            continue
        found.append(
            Found(_actor_key(who, analyzer), who, claim.start + m.start(1), claim.start + m.end(1))
        )
    return found + _requested_by(claim, analyzer)


def _requested_by(claim: Claim, analyzer: Analyzer | None) -> list[Found]:
    """Actors named as "at the request of X" or "X's proposal"."""
    found: list[Found] = []
    if not any(word in claim.text for word in _REQUEST_WORDS):
        return found
    for m in compiled(_ACTOR_REQUEST).finditer(claim.text):
        group = 1 if m.group(1) else 2
        who = " ".join(m.group(group).split())
        if who.lower() in _NOT_ACTORS:
            continue
        found.append(
            Found(
                _actor_key(who, analyzer),
                who,
                claim.start + m.start(group),
                claim.start + m.end(group),
            )
        )
    return found


def _actor_key(who: str, analyzer: Analyzer | None) -> str:
    lowered = " ".join(who.lower().split())
    if compiled(_JOINT, re.IGNORECASE).fullmatch(lowered):
        return "both"
    if analyzer is None:
        return lowered.removesuffix(" side")
    terms = [t for t in analyzer.terms(who) if t not in ("presid", "leader")]
    return " ".join(terms) or lowered


_DETECTORS: Sequence[tuple[str, Callable[[Claim, Analyzer | None], list[Found]]]] = (
    ("number", numbers),
    ("scope", _scope),
    ("stance", _stance),
    ("modality", _modality),
    ("actor", _actor),
)
