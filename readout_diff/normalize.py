"""Turn a claim into the content terms it is compared by: aliases, stems, no boilerplate.

Pure: the bundled tables live in ``lexicon.py``, and a user's extra aliases arrive as a
mapping (``load.py`` reads the file).

>>> [t.term for t in Analyzer().tokens("The U.S. and Kiev discussed sanctions.")]
['usa', 'ukraine', 'sanction']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from readout_diff.errors import InputError
from readout_diff.lexicon import ALIASES, FRAMING, STOPWORDS
from readout_diff.morphology import inflection_stem

# A hyphen inside a compound: ASCII, the hyphen and the non-breaking hyphen.
_HYPHENS = ("-", "\u2010", "\u2011")
_RAW_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_TERM = re.compile(r"[a-z0-9_]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Token:
    """A content term and the span of the words it came from."""

    term: str
    start: int
    end: int


class _Alias(NamedTuple):
    words: tuple[str, ...]
    term: str
    exact_case: bool


def fold(text: str) -> str:
    """Case-fold and straighten quotes and dashes, for matching phrases against claims.

    >>> fold("Kyiv’s  “Plan”")
    'kyiv\\'s "plan"'
    """
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


@lru_cache(maxsize=131072)
def _key(surface: str, exact_case: bool) -> str:
    plain = (
        surface if surface.isascii() else unicodedata.normalize("NFKC", surface).translate(_QUOTES)
    )
    plain = plain.replace(".", "")
    if plain.endswith(("'s", "'")):
        plain = plain[: -2 if plain.endswith("'s") else -1]
    return plain if exact_case else plain.casefold()


def _is_exact_case(variant: str) -> bool:
    return len(variant) <= 8 and variant.isupper() and sum(ch.isalpha() for ch in variant) <= 5


def parse_aliases(data: object, *, path: str) -> dict[str, tuple[str, ...]]:
    """Check an alias mapping read from YAML: ``{canonical: [variant, ...]}``."""
    if not isinstance(data, Mapping):
        raise InputError("aliases must be a mapping of a term to a list of spellings", path=path)
    table: dict[str, tuple[str, ...]] = {}
    for term, variants in data.items():
        key = "_".join(term.split()) if isinstance(term, str) else term
        if not isinstance(key, str) or not _TERM.fullmatch(key.casefold()):
            raise InputError(f"alias key {term!r} must be words of letters, digits or _", path=path)
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(
            isinstance(v, str) and v.strip() for v in variants
        ):
            raise InputError(f"aliases for {term!r} must be a list of non-empty strings", path=path)
        table[key.casefold()] = tuple(variants)
    return table


def merge_aliases(
    *tables: Mapping[str, Sequence[str]],
) -> dict[str, tuple[str, ...]]:
    """One alias table from several (``call.yaml`` and ``--aliases``): variants add up.

    >>> merge_aliases({"kyiv": ("Kiev",)}, {"kyiv": ["Kyyiv"], "prc": ["China"]})
    {'kyiv': ('Kiev', 'Kyyiv'), 'prc': ('China',)}
    """
    merged: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for term, variants in table.items():
            merged[term] = merged.get(term, ()) + tuple(variants)
    return merged


def bundled_aliases() -> dict[str, tuple[str, ...]]:
    """The alias table shipped with the package."""
    return ALIASES


def extended_aliases(
    extra: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """The bundled table with a user's aliases, which always take effect.

    A user's group that shares a spelling (or its key) with a bundled group joins that
    group, under the bundled key, so ``geneva: [Geneva, Strategic Stability Dialogue]``
    makes Geneva one more spelling of the bundled strategic-stability term.

    >>> table = extended_aliases({"geneva": ["Geneva", "Strategic Stability Dialogue"]})
    >>> "Geneva" in table["strategicstability"], "geneva" in table
    (True, False)
    """
    table: dict[str, list[str]] = {k: list(v) for k, v in bundled_aliases().items()}
    if not extra:
        return table
    home = {_fold_spelling(v): k for k, vs in table.items() for v in vs}
    for term, variants in extra.items():
        shared = next(
            (home[_fold_spelling(v)] for v in (term, *variants) if _fold_spelling(v) in home),
            None,
        )
        target = shared or term
        group = table.setdefault(target, [])
        group.extend(v for v in variants if v not in group)
        for v in variants:
            home.setdefault(_fold_spelling(v), target)
    return table


def _fold_spelling(spelling: str) -> str:
    return " ".join(spelling.casefold().replace(".", "").split())


def stem(word: str) -> str:
    """An English word without its inflection (see ``morphology``); other scripts pass through."""
    return inflection_stem(word)


def _has_cjk(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _CJK_RANGES)


def _numbers_with_units(
    text: str, raw: Sequence[tuple[str, int, int]], tokens: Sequence[Token]
) -> Iterable[Token]:
    """One more term for a number and the content word after it ("175 prisoners", "30-day").

    Rare by nature, such a term ties two claims that give the same figure for the same
    thing more strongly than the number or the word alone.
    """
    starts = {t.start: t.term for t in tokens}
    for k, (surface, start, end) in enumerate(raw[:-1]):
        following = raw[k + 1]
        if surface.isdigit() and text[end : following[1]] in (" ", "-") and following[1] in starts:
            yield Token(f"#{surface}+{starts[following[1]]}", start, following[2])


class Analyzer:
    """Maps text to content tokens: alias table first, then stop list, then stemming.

    Build one per alias table and reuse it; it caches what it computes.
    """

    def __init__(self, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        table = extended_aliases(extra)
        self._aliases: dict[str, list[_Alias]] = {}
        for term, variants in table.items():
            for variant in variants:
                exact = _is_exact_case(variant)
                # Most spellings are plain words; only the others need the tokenizer.
                plain = variant.replace(" ", "").isalpha()
                if plain and variant.isascii():
                    # Plain ASCII words are their own keys (folded unless the case counts).
                    keys = tuple((variant if exact else variant.lower()).split())
                else:
                    words = variant.split() if plain else _RAW_TOKEN.findall(variant)
                    keys = tuple([_key(w, exact) for w in words])
                if not keys:
                    continue
                self._aliases.setdefault(keys[0], []).append(_Alias(keys, term, exact))
        for candidates in self._aliases.values():
            candidates.sort(key=lambda a: -len(a.words))
        self._stop = STOPWORDS
        self._cache: dict[str, tuple[Token, ...]] = {}

    def tokens(self, text: str) -> tuple[Token, ...]:
        """Content tokens of ``text`` with spans relative to ``text``."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        raw = [(m.group(), m.start(), m.end()) for m in _RAW_TOKEN.finditer(text)]
        exact = [_key(surface, True) for surface, _, _ in raw]
        folded = [_key(surface, False) for surface, _, _ in raw]
        out: list[Token] = []
        i = 0
        while i < len(raw):
            alias = self._alias_at(exact, folded, i)
            if alias is not None:
                if alias.term not in FRAMING:
                    out.append(Token(alias.term, raw[i][1], raw[i + len(alias.words) - 1][2]))
                i += len(alias.words)
                continue
            compound = self._compound(text, raw, i)
            if compound is not None:
                out.append(compound)
                i += 2
                continue
            surface, start, end = raw[i]
            out.extend(self._plain(surface, start, end))
            i += 1
        out.extend(_numbers_with_units(text, raw, out))
        result = tuple(out)
        if len(self._cache) < 100_000:
            self._cache[text] = result
        return result

    def terms(self, text: str) -> tuple[str, ...]:
        """Just the terms of ``text``."""
        return tuple(token.term for token in self.tokens(text))

    def _alias_at(self, exact: list[str], folded: list[str], i: int) -> _Alias | None:
        """The longest alias starting at word ``i`` (keys given both case-kept and folded)."""
        best: _Alias | None = None
        for key in (exact[i], folded[i]) if exact[i] != folded[i] else (exact[i],):
            for alias in self._aliases.get(key, ()):
                n = len(alias.words)
                if best is not None and n <= len(best.words):
                    break
                keys = exact if alias.exact_case else folded
                if i + n <= len(keys) and tuple(keys[i : i + n]) == alias.words:
                    best = alias
                    break
        return best

    def _compound(self, text: str, raw: Sequence[tuple[str, int, int]], i: int) -> Token | None:
        """Two content words joined by a hyphen, as one term: "long-term" is not "long".

        Only lower-case words: a hyphen between names ("Russia-NATO") or after a prefix of
        the stop list ("anti-missile", "well-known") still leaves the words to match alone.
        """
        if i + 1 >= len(raw):
            return None
        (left, start, end), (right, r_start, r_end) = raw[i], raw[i + 1]
        if text[end:r_start] not in _HYPHENS or not (left + right).isalpha() or not left.islower():
            return None
        if not right.islower() or left in self._stop or right in self._stop:
            return None
        return Token(f"{stem(left)}-{stem(right)}", start, r_end)

    def _plain(self, surface: str, start: int, end: int) -> Iterable[Token]:
        if not surface.isascii() and _has_cjk(surface):
            # No spaces between Chinese words: overlapping character pairs stand in for them.
            if len(surface) == 1:
                yield Token(surface, start, end)
            for k in range(len(surface) - 1):
                yield Token(surface[k : k + 2], start + k, start + k + 2)
            return
        word = _key(surface, False)
        if word in self._stop or (len(word) < 2 and not word.isdigit()):
            return
        term = stem(word)
        if term and term not in self._stop:
            yield Token(term, start, end)
