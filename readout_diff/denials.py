"""Denials: a side saying a thing did not happen that another side states.

"The subject was not raised" against "they raised the subject", "failed to reach agreement"
against "reached agreement", and a briefing's reply that answers no, read with its question
("Question: Did they agree to lift the sanctions? Anna Lind: No, they didn't."). ``denials``
finds the negations of a claim, ``found_denial`` quotes one with the word it denies, and
``compare_denials`` reports the stance difference when the word denied is the other side's.

>>> denials("The subject was not raised.")
[(12, 19)]
>>> no_reply("Question: Did they meet? Anna Lind: No.") is not None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readout_diff.model import Claim, Difference
from readout_diff.morphology import inflection_stem
from readout_diff.normalize import Analyzer
from readout_diff.numbers import Found, compiled
from readout_diff.transcript import QUESTION_LABELS
from readout_diff.word_lists import Words

# How a stance difference writes the side that denies: "says not (was not raised)".
DENIES = "says not"
_WORD_RUN = re.compile(r"\w+")

# A statement said not to have happened: "was not raised", "has not been discussed", "failed
# to reach", "no agreement". A ban or a wish is no such statement ("must not be attacked",
# "agreed not to escalate", "will not allow"), nor are "not only", "not later than", "has
# never been stronger", "no doubt", "whether or not", or a principle in quotes ("nothing
# about Ukraine without Ukraine"), whose words are the same on both sides.
_DENIAL_PATTERN = (
    r"\b(?:(?:was|were|is|are|has|have|had|did|does|do)\s+(?:not|never)|(?:was|were|is|are|has"
    r"|have|had|did|does|do)n't)"
    r"(?!\s+(?:been\s+|yet\s+|once\s+)?(?:only|later|earlier|less|fewer|more|so|as|least|just"
    r"|merely|to|\w+er)\b)(?:\s+(?:been|yet|once))?"
    r"|\b(?:failed|fails|fail|refused|declined)\s+to\b"
    r"|\bno(?=\s+(?:agreement|decision|progress|deal|consensus|understanding|breakthrough)\b)"
)
_NOT_DENIALS = re.compile(r"\bwhether\s+or\s+not\b|\bif\s+not\b", re.IGNORECASE)


def denials(text: str) -> list[tuple[int, int]]:
    """Where a claim says something did not happen (spans of its negations)."""
    if not _DENIAL_HINT.search(text):
        return []
    quoted = [m.span() for m in _NOT_DENIALS.finditer(text)]
    quoted += [m.span() for m in re.finditer(r"[“\"][^”\"]*[”\"]", text)]
    return [
        m.span()
        for m in compiled(_DENIAL_PATTERN, re.IGNORECASE).finditer(text)
        if not any(a <= m.start() < b for a, b in quoted)
    ]


_DENIAL_HINT = re.compile(r"\b(?:not|never|no|failed|fails|fail|refused|declined)\b|n't\b", re.I)


def compare_denials(
    seen: dict[str, list[Found]],
    sides: dict[str, list[Claim]],
    analyzer: Analyzer | None,
    acts: Sequence[Words],
) -> Difference | None:
    """One side says a thing did not happen that another says plainly: "the subject was not
    raised" against "they raised the subject", "failed to reach agreement" against "reached
    agreement". The word denied must be the other side's too (its term, with an analyzer):
    a negation that is part of how a point is put ("must not be used" for "kept out", "no
    alternative") denies nothing the other side says."""
    plain = {
        side: _terms(" ".join(c.text for c in sides[side]), analyzer)
        for side, items in seen.items()
        if not any(f.value in (DENIED, REPLY_DENIED, "against") for f in items)
    }
    if not plain:
        return None
    denied: dict[str, Found] = {}
    for side, items in seen.items():
        for found in items:
            if found.value == REPLY_DENIED:
                claim = next(c for c in sides[side] if c.start <= found.start < c.end)
                asked = _question_terms(claim, acts)
                if any(asked & terms for terms in plain.values()):
                    denied[side] = found
                    break
                continue
            if found.value != DENIED:
                continue
            word = found.shown.split()[-1]
            if word.casefold() in _NEGATION_WORDS or word.casefold().endswith("n't"):
                continue  # a negation denying no word ("is not in the interest")
            own = _terms(word, analyzer)
            if own & _TALK:  # "was not raised" against "they discussed it": one act, denied
                own = own | _TALK
            if any(own & terms for terms in plain.values()):
                denied[side] = found
                break
    if not denied:
        return None
    texts = tuple(
        (side, f"{DENIES} ({denied[side].shown})" if side in denied else "says so")
        for side in seen
        if side in denied or side in plain
    )
    spans = tuple((side, f.start, f.end) for side, f in denied.items())
    return Difference("stance", texts, spans, "; ".join(f"{side}: {text}" for side, text in texts))


def _terms(text: str, analyzer: Analyzer | None) -> set[str]:
    """The words of ``text`` without inflection ("raised", "raise"), and their terms: the
    analyzer's (aliases, concepts) leave out stop words such as "discussed", which a denial
    may deny as well as any."""
    words = {inflection_stem(w.casefold()) for w in _WORD_RUN.findall(text)}
    return words | set(analyzer.terms(text)) if analyzer is not None else words


# A briefing's question with the reply that answers it no, as one claim ("Question: Did
# they agree to lift the sanctions? Anna Lind: No, they didn't."): it denies what it asks.
_NO_REPLY = (
    r"\s*(?:" + "|".join(sorted(QUESTION_LABELS)) + r")\.?\s*:(?P<asked>.*[?？][\"”’»)]*)\s*"
    r"[^\W\d_][^:?？]{0,79}:\s*(?P<reply>(?:no(?!\s+comment)|not|never|нет|не)\b.*)"
)


def no_reply(text: str) -> tuple[int, int, int] | None:
    """(end of the question, start and end of the reply) of a claim that answers no."""
    if ":" not in text:
        return None
    m = compiled(_NO_REPLY, re.IGNORECASE | re.DOTALL).fullmatch(text)
    if m is None:
        return None
    return m.end("asked"), m.start("reply"), m.end("reply")


DENIED = "denied"
REPLY_DENIED = "denied in reply"


def _question_terms(claim: Claim, acts: Sequence[Words]) -> set[str]:
    """What the question a reply answers no asks was done: its verbs of agreeing, deciding
    or discussing ("Did they agree to lift the sanctions?": agree), as inflection stems. The
    other side must say that act happened: a shared noun ("sanctions") is not enough, and a
    question of no such act ("Are there obstacles left?") denies nothing."""
    reply = no_reply(claim.text)
    asked = claim.text[: reply[0]] if reply is not None else ""
    said = {asked[a:b] for words in acts for a, b in words.find(asked)}
    stems = {inflection_stem(w.casefold()) for act in said for w in _WORD_RUN.findall(act)}
    return stems | _TALK if stems & _TALK else stems


_NEGATION_WORDS = frozenset("not never no to been yet once".split())
# Verbs of bringing a subject up in talks, as inflection stems: one says "was not raised"
# of what the other says "they discussed".
_TALK = frozenset("rais discuss mention address touch cover brought debat tabl".split())
# The word a negation denies: the next word that is not a function word ("not be used",
# "was not in the interest": no word denied).
_FUNCTION_WORDS = (
    "be|been|being|to|the|a|an|its|it|his|her|their|our|any|such|this|that|yet|even|also|so"
)
_DENIED_WORD = (
    rf"(?:\s+(?:{_FUNCTION_WORDS})\b){{0,3}}"
    rf"\s+(?!(?:{_FUNCTION_WORDS}|in|of|on|at|for|with|by|from|as)\b)[\w-]+"
)


def found_denial(claim: Claim, start: int, end: int) -> Found:
    """A negation with the word it denies ("not raised"), as a reader would quote it."""
    after = compiled(_DENIED_WORD, re.IGNORECASE).match(claim.text[end:])
    stop = end + (after.end() if after else 0)
    return Found(DENIED, claim.text[start:stop], claim.start + start, claim.start + stop)
