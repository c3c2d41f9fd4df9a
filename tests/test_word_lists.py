"""The word lists of ``differences`` find exactly what the regular expressions they replace
found: the same spans, in the same order, on any text."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

import readout_diff.differences as diff
import readout_diff.numbers as num
from readout_diff.model import Claim
from readout_diff.word_lists import Words, runs

# The patterns before they were word lists: the reference the lists must agree with.
_REFERENCE = {
    "against": re.compile(
        r"\b(?:oppos\w*|reject\w*|refus\w*|declin\w*|condemn\w*|disagree\w*|object(?:s|ed)\b|"
        r"against\s+(?:the|any|such|this|a)\b)",
        re.IGNORECASE,
    ),
    "for": re.compile(
        r"\b(?:agree[ds]?|agreement|support(?:s|ed)?|welcom(?:e|es|ed)|endors(?:e|es|ed)|"
        r"back(?:s|ed)|accept(?:s|ed)?|approv(?:e|es|ed)|favou?r(?:s|ed)?)\b",
        re.IGNORECASE,
    ),
    "committed": re.compile(
        r"\b(?:agree[ds]?|decided?|decides|ordered|orders|committed|commits|pledged?|pledges|"
        r"signed|approved|instructed|tasked|announced|confirmed|concluded|"
        r"promised|undertook|vowed)\b",
        re.IGNORECASE,
    ),
    "discussed": re.compile(
        r"\b(?:discuss(?:ed|es)?|discussion|not(?:ed|es)|propos(?:ed|es|al)|suggest(?:ed|s|ion)|"
        r"rais(?:ed|es)|mention(?:ed|s)?|talk(?:ed|s)?|consider(?:ed|s)?|explor(?:ed|es)|"
        r"exchang(?:ed|es) views|touch(?:ed|es) (?:on|upon)|hop(?:ed|es)|review(?:ed|s)?|"
        r"idea|possibility|could|(?:expressed|showed|voiced) (?:an |their |his |her )?interest|"
        r"interested|readiness|willingness|(?:ready|willing|open) to)\b",
        re.IGNORECASE,
    ),
}
_LISTS: dict[str, Words] = {
    "against": diff._AGAINST,
    "for": diff._FOR,
    "committed": diff._COMMITTED,
    "discussed": diff._DISCUSSED,
}
_SCOPE_WORD = re.compile(r"\b(" + "|".join(sorted(diff._SCOPE, key=len, reverse=True)) + r")\b")
_PAIR = re.compile(r"\b([a-z]{3,})\s+(?:and|or)\s+([a-z]{3,})\b", re.IGNORECASE)
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(num._NUMBER_WORDS, key=len, reverse=True)) + r")[-\s](days?|hours?|"
    r"weeks?|months?|years?|prisoners|soldiers|servicemen|people|captives)\b",
    re.IGNORECASE,
)

# Pieces of text: what each reference pattern matches (drawn from the pattern itself, so a
# word dropped from a list is drawn too), the words the lists hold, their neighbours, and
# the characters that test the edges: case, the four non-ASCII letters re matches to ASCII
# ones, word characters (digits, "_", "é"), apostrophes, dashes and kinds of space.
_WORDS = sorted(
    {w for words in _LISTS.values() for w in words.words | words.heads}
    | set(diff._SCOPE)
    | set(num._NUMBER_WORDS)
    | set(num._NUMBER_UNITS)
    | {"energy", "infrastructure", "and", "or", "long", "short", "term", "agreements", "talks"}
)
_MATCHES = st.one_of(
    *(
        st.from_regex(pattern.pattern.removeprefix(r"\b"), fullmatch=True)
        for pattern in (*_REFERENCE.values(), _SCOPE_WORD, _WORD_NUMBER)
    )
)
_WORD_PIECES = st.one_of(
    _MATCHES,
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.title),
    st.sampled_from(["\u0130", "\u0131", "\u017f", "\u212a", "S", "K", "I", "2", "é", "_"]),
)
_BETWEEN = st.sampled_from(
    ["", " ", " ", " ", "  ", "-", "—", ", ", "'s ", "’", "_", "\u00a0", "\n", "\t", "."]
)
_TEXTS = st.lists(st.tuples(_WORD_PIECES, _BETWEEN).map("".join), max_size=10).map("".join)


def _claim(text: str) -> Claim:
    return Claim("a:1", "a", 0, text, 0, len(text), 1)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_each_word_list_finds_what_its_pattern_found(text: str) -> None:
    for kind, pattern in _REFERENCE.items():
        assert _LISTS[kind].find(text) == [m.span() for m in pattern.finditer(text)], kind


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
@example("a long-term, short—term, long-terms, Long-term, long -term and short-term_x truce")
@example("energy and infrastructure or ports and\u00a0roads, AND Oil  or  gas, ab and cd")
def test_scope_words_and_pairs_are_found_as_their_patterns_found_them(text: str) -> None:
    expected = [
        (diff._SCOPE[m.group(1)], m.group(1), m.start(1), m.end(1))
        for m in _SCOPE_WORD.finditer(text)
    ]
    expected += [
        (f"&{m.group(1).lower()} {m.group(2).lower()}", m.group(), m.start(), m.end())
        for m in _PAIR.finditer(text)
    ]
    found = [(f.value, f.shown, f.start, f.end) for f in diff._scope(_claim(text), None)]
    assert found == expected


@settings(max_examples=1500, deadline=None)
@given(_TEXTS.map(lambda text: text.replace("2", "")))
def test_number_words_are_found_as_their_pattern_found_them(text: str) -> None:
    found = [(f.value, f.shown, f.start, f.end) for f in num.numbers(_claim(text), None)]
    if num.lower_words(text).isdisjoint(num._NUMBER_WORDS):
        assert found == []  # the pattern never ran
        return
    try:
        expected = [
            (f"{num._NUMBER_WORDS[m.group(1).lower()]:g}", " ".join(m.group().split()), *m.span())
            for m in _WORD_NUMBER.finditer(text)
        ]
    except KeyError:  # "ſix days": the pattern matched a word it could not look up
        return
    assert found == expected


def test_the_letters_folded_are_every_other_letter_re_reads_as_ascii() -> None:
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    others = [chr(c) for c in range(0x80, sys.maxunicode + 1) if ascii_letter.fullmatch(chr(c))]
    assert [runs(ch)[0][0] for ch in others] == [ch.lower() for ch in "iisk"]
    assert others == ["\u0130", "\u0131", "\u017f", "\u212a"]
