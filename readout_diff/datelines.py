"""Datelines and dates that open a readout: "MOSCOW, March 18, 2025 —", "МОСКВА, 12 февраля –".

``segment`` skips them as metadata. Each pattern is compiled on first use, and only for a
text that could open with one: most readouts open otherwise.

>>> opening_dateline("WASHINGTON — The president spoke.").group()
'WASHINGTON — '
>>> is_dateline_line("Москва, 12 февраля 2022 года"), is_date("18 марта 2025 года")
(True, True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from readout_diff.dates import MONTH, RUSSIAN_MONTH, WEEKDAY

# Every run of spaces here is matched by one quantifier: two adjacent ones ("[ \t]*[ \t]*")
# try every way of sharing a run between them, which is quadratic in its length. The date
# after the place is month-first ("March 18, 2025") or day-first ("18 March 2025", "18 Mar.
# 2025"), after a day's name or not; the two start differently (a capital, a digit), so only
# one is ever tried.
_PLACE_DATE = (
    r"[A-Z][A-Z.'’ -]{2,40}(?:,[ \t]*(?:" + WEEKDAY + r",?[ \t]+)?"
    r"(?:[A-Z][A-Za-z.]*(?:[ \t]+\d{1,2})?(?:,[ \t]*\d{4})?"
    r"|\d{1,2}[ \t]+" + MONTH + r"(?:,?[ \t]+\d{4})?))?"
    r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?"
)
_PLACE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ.'’ -")  # [A-Z.'’ -] after the first
_DATELINE = _PLACE_DATE + r"[—–-]{1,2}[ \t]+(?=\S)"
_DATELINE_LINE = _PLACE_DATE + r"|(?:\d{1,2}[ \t]+)?[A-Z][a-z]+\.?(?:[ \t]+\d{1,2})?,?[ \t]+\d{4}"
# A Russian dateline: the place in capitals, a date after it or not, then a dash
# ("МОСКВА, 12 февраля – ..."); or the place by its name and a date, at the line's end or
# before the text after a full stop ("Москва, 12 февраля 2022 года.").
_RUSSIAN_DAY = r"\d{1,2}[ \t]+" + RUSSIAN_MONTH + r"(?:[ \t]+\d{4}(?:[ \t]+(?:года?|г\.))?)?"
_RUSSIAN_CAPITALS = r"[А-ЯЁ][А-ЯЁ.'’ -]{2,40}"
_RUSSIAN_NAME = r"[А-ЯЁ][а-яё]{1,30}(?:[ -][А-ЯЁ][а-яё]{1,30}){0,3}"
_RUSSIAN_DATELINE = (
    r"(?:" + _RUSSIAN_CAPITALS + r"(?:,[ \t]*" + _RUSSIAN_DAY + r")?"
    r"|" + _RUSSIAN_NAME + r",[ \t]*" + _RUSSIAN_DAY + r")"
    r"[ \t]*[—–-]{1,2}(?:[ \t]+(?=\S)|[ \t]*(?=[\r\n]|$))"
    r"|(?:"
    + _RUSSIAN_CAPITALS
    + r"|"
    + _RUSSIAN_NAME
    + r"),[ \t]*"
    + _RUSSIAN_DAY
    + r"(?:\.?[ \t]*(?=[\r\n]|$)|\.[ \t]+(?=\S))"
)
# A date alone: "July 28, 2022", "28 July 2022", "18 марта 2025 года".
_DATE = (
    r"(?:\d{1,2}[ \t]+)?[A-Z][a-z]+\.?(?:[ \t]+\d{1,2})?,?[ \t]+\d{4}"
    r"|\d{1,2}[ \t]+[а-яё]+[ \t]+\d{4}(?:[ \t]+(?:года?|г\.))?"
)


@lru_cache(maxsize=8)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def opening_dateline(body: str) -> re.Match[str] | None:
    """The dateline ``body`` opens with, English or Russian, if any.

    Only a text opening as a place does (three capitals, "ST. ", "D.C", or a Cyrillic
    capital) compiles a dateline's pattern; most open otherwise.
    """
    first = body[:1]
    if "A" <= first <= "Z":
        if len(body) >= 3 and all(c in _PLACE_CHARACTERS for c in body[1:3]):
            return _pattern(_DATELINE).match(body)
    elif "А" <= first <= "Я" or first == "Ё":
        return _pattern(_RUSSIAN_DATELINE).match(body)
    return None


def is_dateline_line(line: str) -> bool:
    """A line of its own that is a dateline or a date: "MOSCOW, March 18", "July 28, 2022",
    "Москва, 12 февраля 2022 года".
    """
    if _pattern(_DATELINE_LINE).fullmatch(line) or _pattern(_DATE).fullmatch(line):
        return True
    russian = None if line[:1].isascii() else opening_dateline(line)
    return russian is not None and russian.end() == len(line)


def is_date(line: str) -> bool:
    """A date alone: "July 28, 2022", "28 July 2022", "18 марта 2025 года"."""
    return _pattern(_DATE).fullmatch(line) is not None
