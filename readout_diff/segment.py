"""Split prose into claims: sentences, then clauses, each with its span in the source.

Pure functions of a string. A paragraph is a run of non-blank lines; headings, rules,
title lines and datelines are metadata. Sentences end at ``.!?…`` (or ``。！？``) unless
the period belongs to an abbreviation, an initial or a number (English or Russian: "т.е.",
"В.В. Путин"); quoted speech, in any quotation marks ("...", «...»), is never cut.

>>> [text for text, *_ in split_prose("Mr. Smith met Gen. Lee at 9 a.m. today. Both spoke.")]
['Mr. Smith met Gen. Lee at 9 a.m. today.', 'Both spoke.']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice

from readout_diff.datelines import is_date, is_dateline_line, opening_dateline
from readout_diff.model import Record, Skipped
from readout_diff.russian import CYRILLIC, NOT_VERBS, russian_boundary

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•‣▪–]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+(?=\S)")
# Final punctuation, then closing quotes, brackets or emphasis, then the end: read off the
# end of a text (a pattern with these characters costs more to compile than the check).
_FINAL_MARKS = frozenset(".!?…。！？:;")
_AFTER_FINAL = "\"'”’»)]」』*_"
_TERMINATOR = re.compile(r"(?:\.{3}|[.!?…]+|[。！？]+)[\"'”’»)\]」』]*")
_CJK_END = frozenset("。！？")
_OPENERS = "\"'“‘«([「『"

# Titles and words that an abbreviating period never ends a sentence after.
_TITLES = frozenset(
    "mr mrs ms dr gen lt col maj sgt capt cmdr adm gov sen rep sec pres amb st jr sr prof "
    "rev hon fr mt ft vs etc. e.g i.e cf approx dept govt inc ltd co corp bros messrs".split()
)
# Abbreviations that end a sentence unless a number follows (Jan. 9, No. 10, Art. 5).
_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos art vol para".split()
)
# After "U.S." or "a.m." a new sentence starts only with one of these words.
_STARTERS = frozenset(
    "the he she it they we i this that these those both in on at as but and however also "
    "meanwhile there our his her their its a an during after before while".split()
)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

# Clause boundaries inside a sentence: a semicolon (or a comma inside a closing quote)
# before a connective, or "and" before a past-tense verb ("... and reaffirmed his support");
# in Russian ", и", ", а" (not "а не", "а именно"), ", но", ", а также", ", включая", ", в том
# числе", and "и" before a past-tense verb ("... и подчеркнул") that is not a noun looking
# like one nor follows another such verb ("срывал и нарушал договорённости": one predicate).
_ENGLISH_CLAUSE = (
    r";[\"”’»]?\s+"
    r"|,[\"”’»]?\s+(?=(?:and|while|but|whereas|as well as|and also|including)\s)"
    r"|(?<=\S)\s+(?=as well as\s)"
    r"|(?<=[a-z)])\s+(?=and\s+(?:[a-z]+ed|made|gave|said|spoke|held|told|took|sent|met|"
    r"paid|laid|set|put|went|saw|felt|kept|led|won|sought|thanked|urged)\s)"
)
# Each Russian boundary holds a Cyrillic letter (or one that matches one, ignoring case) inside
# the sentence: a sentence without one is cut by the English rules alone, which compile in a
# third of the time of both.
_RUSSIAN_CLAUSE = (
    r",[\"”’»]?\s+(?=(?:и|но|а также|а(?!\s+(?:не|именно)\s)|включая|в том числе)\s)"
    r"|(?<=[а-яё)])(?<!л)(?<!л[аи])(?<!лся)(?<!лись)\s+(?=и\s+(?!(?:" + NOT_VERBS + r")\s)"
    r"[а-яё]{4,}(?:ил|ал|ял|ел|ёл|ул|ыл)(?:а|и)?(?:сь|ся)?\s)"
)
_CLAUSE = re.compile(_ENGLISH_CLAUSE, re.IGNORECASE)
_CYRILLIC_CASED = re.compile(r"[\u0400-\u04ff]", re.IGNORECASE)


@lru_cache(maxsize=1)
def _clause_both() -> re.Pattern[str]:
    return re.compile(_ENGLISH_CLAUSE + "|" + _RUSSIAN_CLAUSE, re.IGNORECASE)


_MIN_CLAUSE_WORDS = 4
_TITLE_WORDS = 30
_WORD = re.compile(r"\S+")
_WORD_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")


class Block(Record):
    """A paragraph or list item: the unit sentences never cross."""

    start: int
    end: int
    line: int
    lines: int
    list_item: bool


def split_prose(text: str, *, clauses: bool = True) -> list[tuple[str, int, int, int, int]]:
    """Return ``(text, start, end, line, sentence)`` for each claim of a prose text.

    >>> split_prose("Title line\\n\\nThey met in Geneva; they talked about trade.")[0][:3]
    ('They met in Geneva;', 12, 31)
    """
    claims, _ = segment(text, clauses=clauses)
    return claims


def segment(
    text: str, *, clauses: bool = True, limit: int | None = None
) -> tuple[list[tuple[str, int, int, int, int]], list[Skipped]]:
    """Split ``text`` into claims and the metadata stretches it skipped.

    ``limit``: stop once more than that many claims are found (a text to refuse).
    """
    claims: list[tuple[str, int, int, int, int]] = []
    skipped: list[Skipped] = []
    line_starts = _line_starts(text)
    # A claim said again (a list of one-word items, a sentence repeated) shares one string.
    texts: dict[str, str] = {}
    sentence_no = 0
    for n, block in enumerate(_blocks(text, skipped)):
        body = text[block.start : block.end]
        heading = _heading_lines(text, block, first=n == 0 and not claims)
        if heading:
            for k, (l_start, l_end) in enumerate(heading):
                reason = "title" if n == 0 and not claims else "line without final punctuation"
                if is_dateline_line(text[l_start:l_end]):
                    reason = "dateline"
                skipped.append(Skipped(l_start, l_end, block.line + k, reason))
            continue
        start = block.start
        # A dateline opens the text ("MOSCOW, March 18 -- ..."); later, "EU - Russia" is prose.
        dateline = None if claims or block.list_item else opening_dateline(body)
        if dateline:
            skipped.append(Skipped(start, start + dateline.end(), block.line, "dateline"))
            start += dateline.end()
        for s_start, s_end in _sentences(text, start, block.end):
            parts = _clauses(text, s_start, s_end) if clauses else [(s_start, s_end)]
            for c_start, c_end in parts:
                line = _line_of(line_starts, c_start)
                piece = text[c_start:c_end]
                claims.append((texts.setdefault(piece, piece), c_start, c_end, line, sentence_no))
            sentence_no += 1
            if limit is not None and len(claims) > limit:
                return claims, skipped
    return claims, skipped


def _heading_lines(text: str, block: Block, *, first: bool) -> list[tuple[int, int]]:
    """The lines of a block that is a title or dateline, or none when the block is prose.

    A lone line is one when it does not read as prose. So is the text's opening block when
    it is a title and its date on a line of their own ("Readout of the Call\nJuly 28, 2022",
    "18 марта 2025 года"): two lines without final punctuation, one of them a date.
    """
    if block.list_item or not _is_metadata_line(text, block):
        return []
    if block.lines == 1:
        return [(block.start, block.end)]
    if not first or block.lines != 2:
        return []
    lines = [(m.start(), m.end()) for m in _WORD_LINE.finditer(text, block.start, block.end)]
    if len(lines) != 2 or not any(is_date(text[a:b]) for a, b in lines):
        return []
    return lines


def _is_metadata_line(text: str, block: Block) -> bool:
    """A lone line is a title or dateline when it does not read as prose.

    Prose ends with punctuation, holds a sentence break, or runs longer than a title does; a
    paragraph whose last sentence lost its full stop is still prose.
    """
    body = text[block.start : block.end]
    if _ends_with_final_punctuation(body) or len(body.split()) > _TITLE_WORDS:
        return False
    return len(list(islice(_sentences(text, block.start, block.end), 2))) < 2


def _ends_with_final_punctuation(text: str) -> bool:
    """Whether ``text`` ends with ``.!?…:;`` (or ``。！？``), then closers and white space."""
    bare = text.rstrip().rstrip(_AFTER_FINAL)
    return bare[-1:] in _FINAL_MARKS


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def _blocks(text: str, skipped: list[Skipped]) -> Iterator[Block]:
    """Yield paragraphs and list items; record headings and rules as skipped."""
    current: list[tuple[int, int, int]] = []
    current_item = False

    def flush() -> Iterator[Block]:
        nonlocal current
        if current:
            yield Block(current[0][0], current[-1][1], current[0][2], len(current), current_item)
        current = []

    lines = ((m.start(), m.group()) for m in _LINE.finditer(text))  # one at a time: no list
    previous_text_line: tuple[int, int, int] | None = None
    for number, (offset, raw) in enumerate(lines, start=1):
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        begin = offset + (len(content) - len(content.lstrip()))
        end = offset + len(content.rstrip())
        if not stripped:
            yield from flush()
            previous_text_line = None
            continue
        if _HEADING.match(content):
            yield from flush()
            skipped.append(Skipped(begin, end, number, "heading"))
            previous_text_line = None
            continue
        if _RULE.fullmatch(content):
            if stripped[0] in "=-" and previous_text_line is not None and len(current) == 1:
                # A Setext underline turns the line above it into a heading.
                current = []
                p_begin, p_end, p_line = previous_text_line
                skipped.append(Skipped(p_begin, p_end, p_line, "heading"))
            else:
                yield from flush()
            skipped.append(Skipped(begin, end, number, "rule"))
            previous_text_line = None
            continue
        item = _LIST_ITEM.match(content)
        if item:
            yield from flush()
            current_item = True
            begin = offset + item.end()
        elif not current:
            current_item = False
        current.append((begin, end, number))
        previous_text_line = (begin, end, number)
    yield from flush()


def _quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of paired quotation marks in ``text[start:end]``; unpaired marks are ignored."""
    ranges: list[tuple[int, int]] = []
    straight = _positions(text, '"', start, end)
    if len(straight) % 2 == 0:
        ranges.extend(zip(straight[::2], straight[1::2], strict=True))
    for opener, closer in (("“", "”"), ("«", "»"), ("「", "」")):
        opens = _positions(text, opener, start, end)
        if not opens:
            continue  # a closer alone pairs with nothing
        marks = sorted(
            [(i, True) for i in opens] + [(i, False) for i in _positions(text, closer, start, end)]
        )
        stack: list[int] = []
        for i, is_open in marks:
            if is_open:
                stack.append(i)
            elif stack:
                ranges.append((stack.pop(), i))
    return ranges


def _positions(text: str, mark: str, start: int, end: int) -> list[int]:
    """Where ``mark`` stands in ``text[start:end]``, in order."""
    found: list[int] = []
    at = text.find(mark, start, end)
    while at >= 0:
        found.append(at)
        at = text.find(mark, at + 1, end)
    return found


class _Ranges:
    """Ranges ``(open, close)`` indexed by where they open, to ask what encloses a position.

    A paragraph can hold thousands of quotations; each question costs a binary search.
    """

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._opens = [a for a, _ in ordered]
        self._reach: list[int] = []
        furthest = -1
        for _, b in ordered:
            furthest = max(furthest, b)
            self._reach.append(furthest)

    def reach(self, position: int) -> int:
        """The furthest close of the ranges opening before ``position`` (-1 if none)."""
        k = bisect_left(self._opens, position)
        return self._reach[k - 1] if k else -1


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield trimmed sentence spans inside ``text[start:end]``."""
    quotes = _Ranges(_quoted_ranges(text, start, end))
    cut = start
    for match in _TERMINATOR.finditer(text, start, end):
        stop = match.end()
        if not _is_boundary(text, match.start(), stop, end, quotes):
            continue
        yield from _trimmed(text, cut, stop)
        cut = stop
    yield from _trimmed(text, cut, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(ch.isalnum() for ch in text[start:end]):
        yield start, end


def _is_boundary(text: str, mark: int, stop: int, end: int, quotes: _Ranges) -> bool:
    if quotes.reach(mark) >= stop:
        # Inside a quotation that goes on after this mark: quoted speech is never cut.
        return False
    if text[mark] in _CJK_END:
        return True
    if stop < end and not text[stop].isspace():
        return False
    following = _next_word(text, stop, end)
    if following is None:
        return True
    if following[:1].islower():
        return False
    if text[mark] != "." or text[mark : mark + 2] == "..":
        return True
    word = _word_before(text, mark)
    lowered = word.lower()
    if lowered in _TITLES or lowered + "." in _TITLES:
        return False
    if lowered in _BEFORE_NUMBER:
        return not following[:1].isdigit()
    if len(word) == 1 and word.isupper():
        return False
    if CYRILLIC.match(word):
        return russian_boundary(word, following, dotted=_DOTTED.fullmatch(word) is not None)
    if _DOTTED.fullmatch(word):
        return following.lower() in _STARTERS
    return True


def _word_before(text: str, mark: int) -> str:
    begin = mark
    while begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in _OPENERS:
        begin -= 1
    return text[begin:mark]


def _next_word(text: str, stop: int, end: int) -> str | None:
    i = stop
    while i < end and (text[i].isspace() or text[i] in _OPENERS):
        i += 1
    if i >= end:
        return None
    j = i
    while j < end and text[j].isalnum():
        j += 1
    return text[i : max(j, i + 1)]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut one sentence at clause boundaries that leave each part a point of its own."""
    shielded = _Ranges(_quoted_ranges(text, start, end) + _parenthesised(text, start, end))
    parts: list[tuple[int, int]] = []
    cut = start
    cuts = _clause_both() if _CYRILLIC_CASED.search(text, start, end) else _CLAUSE
    for match in cuts.finditer(text, start, end):
        # A quotation closing right after the mark (``Dialogue,"``) does not shield it.
        last = match.start() + len(match.group().rstrip()) - 1
        if shielded.reach(match.start()) > last:
            continue
        left_end = match.start() + (1 if text[match.start()] == ";" else 0)
        if last > match.start():
            left_end = last + 1
        if not _has_words(text, cut, left_end, _MIN_CLAUSE_WORDS):
            continue
        if text[match.start()] == "," and not _has_words(
            text, _last_comma(text, cut, match.start()), left_end, 3
        ):
            # "military, economic, and humanitarian aid": a list of words, not of points.
            continue
        if not _has_words(text, match.end(), end, _MIN_CLAUSE_WORDS):
            break
        parts.append((cut, left_end))
        cut = match.end()
    parts.append((cut, end))
    result: list[tuple[int, int]] = []
    for a, b in parts:
        while b > a and text[b - 1] in ", \t\r\n":
            b -= 1
        result.extend(_trimmed(text, a, b))
    return result


def _parenthesised(text: str, start: int, end: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    stack: list[int] = []
    for i in range(start, end):
        if text[i] == "(":
            stack.append(i)
        elif text[i] == ")" and stack:
            ranges.append((stack.pop(), i))
    return ranges


def _last_comma(text: str, start: int, end: int) -> int:
    comma = text.rfind(",", start, end)
    return start if comma < 0 else comma + 1


def _has_words(text: str, start: int, end: int, count: int) -> bool:
    """True when ``text[start:end]`` holds at least ``count`` words, reading no further."""
    return sum(1 for _ in islice(_WORD.finditer(text, start, end), count)) >= count
