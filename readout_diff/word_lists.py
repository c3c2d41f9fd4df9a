r"""Find listed words and short phrases in a text, as a case-insensitive ``\b(?:...)\b`` would.

The detectors of ``differences`` look for a few dozen words in each claim ("agreed",
"discussed", "rejected", "energy and infrastructure"). Written as regular expressions that
ignore case, those lists cost a comparison more to compile than to run; read off the text's
words (each run of ``\w`` characters) they cost nothing to set up and find the same spans.

A word of a list matches a run of the text that equals it ignoring case as the ``re`` module
ignores it: ASCII letters in either case, and the four other characters that ``re`` matches
to an ASCII letter (``İ`` and ``ı`` to i, ``ſ`` to s, the Kelvin sign to k).

>>> AGREED = Words(["agreed"], phrases=[(["ready", "willing"], ["to"])])
>>> text = "They AGREED, and were ready to talk; readyto"
>>> [text[a:b] for a, b in AGREED.find(text)]
['AGREED', 'ready to']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

_RUN = re.compile(r"\w+")
# The characters other than ASCII letters that ``re`` matches to an ASCII letter when it
# ignores case (tests/test_word_lists.py checks the table against ``re`` on every character).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

Run = tuple[str, int, int]  # a word folded to lower case, its start and end


@lru_cache(maxsize=4096)
def runs(text: str) -> tuple[Run, ...]:
    """Each run of word characters of ``text``, folded to lower case, with its span.

    >>> runs("Xi's  visit")
    (('xi', 0, 2), ('s', 3, 4), ('visit', 6, 11))
    """
    found = []
    for m in _RUN.finditer(text):
        word = m.group()
        # Folding keeps the length: only İ grows under lower(), and it is folded first.
        folded = word.lower() if word.isascii() else word.translate(_FOLD).lower()
        found.append((folded, m.start(), m.end()))
    return tuple(found)


def is_letters(folded: str) -> bool:
    """Whether a folded run is made of ASCII letters only, as ``[a-z]+`` ignoring case reads it."""
    return folded.isascii() and folded.isalpha()


class Words:
    r"""Whole words, words by their start, and phrases of words, to find in a text.

    ``phrases``: each a sequence of steps, a step being the words that may stand there; a
    step holding None may be left out. Between the words of a phrase stands exactly
    ``gap`` (one space, as a pattern's literal space), or any white space when ``gap`` is
    None (``\s+``). No phrase starts with a word the lists hold, so a phrase and a word
    never compete for a place.
    """

    def __init__(
        self,
        words: Iterable[str] = (),
        *,
        prefixes: Sequence[str] = (),
        phrases: Iterable[Sequence[Sequence[str | None]]] = (),
        gap: str | None = " ",
    ) -> None:
        self.words = frozenset(words)
        self.prefixes = tuple(prefixes)
        self.phrases = tuple(tuple(tuple(step) for step in phrase) for phrase in phrases)
        self.heads = frozenset(w for phrase in self.phrases for w in phrase[0] if w is not None)
        self.gap = gap
        clash = {h for h in self.heads if h in self.words or h.startswith(self.prefixes)}
        if clash or any(None in phrase[0] for phrase in self.phrases):
            raise ValueError(f"a phrase must start with a word of its own: {sorted(clash)}")

    def find(self, text: str) -> list[tuple[int, int]]:
        """The spans found, from left to right, none overlapping another."""
        found: list[tuple[int, int]] = []
        words = runs(text)
        i = 0
        while i < len(words):
            word, start, end = words[i]
            if word in self.heads:
                last = self._phrase(text, words, i)
                if last is not None:
                    found.append((start, words[last][2]))
                    i = last + 1
                    continue
            if word in self.words or (self.prefixes and word.startswith(self.prefixes)):
                found.append((start, end))
            i += 1
        return found

    def _phrase(self, text: str, words: Sequence[Run], i: int) -> int | None:
        """The index of the last word of the first phrase found from word ``i``, if any."""
        for phrase in self.phrases:
            if words[i][0] in phrase[0]:
                last = self._rest(text, words, i, phrase, 1)
                if last is not None:
                    return last
        return None

    def _rest(
        self,
        text: str,
        words: Sequence[Run],
        i: int,
        phrase: Sequence[Sequence[str | None]],
        k: int,
    ) -> int | None:
        """Match the steps ``phrase[k:]`` after word ``i``; a step that may be left out is
        first tried in (as a regex's greedy ``?``), then left out."""
        if k == len(phrase):
            return i
        step = phrase[k]
        if i + 1 < len(words) and words[i + 1][0] in step and self._joined(text, words, i):
            last = self._rest(text, words, i + 1, phrase, k + 1)
            if last is not None:
                return last
        if None in step:
            return self._rest(text, words, i, phrase, k + 1)
        return None

    def _joined(self, text: str, words: Sequence[Run], i: int) -> bool:
        between = text[words[i][2] : words[i + 1][1]]
        return between == self.gap if self.gap is not None else between.isspace()
