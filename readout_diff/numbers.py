"""The numbers a claim gives ("175 prisoners", "$500 million", "30-day", "December 30"), for
the differences between paired claims, and what the detectors of ``differences`` share.

Pure functions of a claim's text; patterns compile on first use, and only for a claim that
holds what every match needs (a digit, a word).
"""

from __future__ import annotations

import re
from functools import lru_cache

from readout_diff.model import Claim, Record
from readout_diff.normalize import Analyzer
from readout_diff.word_lists import runs

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = (
    r"(?<![\w.])(?:(?:US)?\$|USD\s?|€|£)?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(thousand|million|billion|trillion|bn|mn))?"
    r"(?:[-\s](days?|hours?|weeks?|months?|years?|percent|%|per\s?cent|[a-z]+))?"
)
_DIGIT = re.compile(r"\d")
# A number word and a unit ("two prisoners", "thirty-day"), one space or hyphen between them.
_NUMBER_UNITS = frozenset(
    "day days hour hours week weeks month months year years prisoners soldiers servicemen"
    " people captives".split()
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_BEFORE = _MONTH + r"\s+$"
_MONTH_AFTER = r"\s+" + _MONTH + r"\b"
_LOWER_WORD = re.compile(r"[a-z']+")


@lru_cache(maxsize=64)
def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern, compiled the first time a text needs it."""
    return re.compile(source, flags)


@lru_cache(maxsize=4096)
def lower_words(text: str) -> frozenset[str]:
    """The lower-case words of a text, to skip a detector whose words are all absent."""
    return frozenset(_LOWER_WORD.findall(text.lower()))


class Found(Record):
    """Something a detector saw in one side's text: a value and where it stands."""

    value: str
    shown: str
    start: int
    end: int


def numbers(claim: Claim, analyzer: Analyzer | None) -> list[Found]:
    found = []
    matches = (
        () if _DIGIT.search(claim.text) is None else compiled(_NUMBER, re.I).finditer(claim.text)
    )
    for m in matches:
        digits = m.group(1).replace(",", "")
        scale = (m.group(2) or "").lower()
        factor = _SCALE.get(scale, {"bn": 1e9, "mn": 1e6}.get(scale, 1.0))
        value = float(digits) * factor
        end = m.end(2) if m.group(2) else m.end(1)
        unit = (m.group(3) or "").lower()
        if unit and unit.rstrip("s") in ("day", "hour", "week", "month", "year"):
            end = m.end(3)
        start = m.start()
        key = f"{value:g}"
        if value < 32 and not m.group(2) and end == (m.end(2) if m.group(2) else m.end(1)):
            # A day of the month: "December 30" and "30 December" name the same date.
            # The month ends where the spaces before the number begin: look only there.
            gap = start
            while gap > 0 and claim.text[gap - 1].isspace():
                gap -= 1
            before = compiled(_MONTH_BEFORE).search(claim.text, max(0, gap - 10), start)
            after = compiled(_MONTH_AFTER).match(claim.text, end)
            if before is not None:
                start, key = before.start(), f"{value:g} {before.group()[:3].lower()}"
            elif after is not None:
                end, key = after.end(), f"{value:g} {after.group().strip()[:3].lower()}"
        shown = " ".join(claim.text[start:end].split())
        found.append(Found(key, shown, claim.start + start, claim.start + end))
    if lower_words(claim.text).isdisjoint(_NUMBER_WORDS):
        return found
    words = runs(claim.text)  # a number word, then one space or hyphen, then a unit
    k = 0
    while k + 1 < len(words):
        (number, start, n_end), (unit, u_start, end) = words[k], words[k + 1]
        between = claim.text[n_end:u_start]
        joined = len(between) == 1 and (between == "-" or between.isspace())
        if joined and number in _NUMBER_WORDS and unit in _NUMBER_UNITS:
            shown = " ".join(claim.text[start:end].split())
            key = f"{_NUMBER_WORDS[number]:g}"
            found.append(Found(key, shown, claim.start + start, claim.start + end))
            k += 2
            continue
        k += 1
    return found


def is_date(found: Found) -> bool:
    """A day of a month ("2 apr"), as ``numbers`` keys it."""
    return " " in found.value


_TODAY = frozenset("today tonight".split())


def today_against_a_date(seen: dict[str, list[Found]], sides: dict[str, list[Claim]]) -> bool:
    """Whether some side gives a date and every side that gives none says "today"."""
    dated = {side for side, items in seen.items() if any(is_date(f) for f in items)}
    return bool(dated) and all(
        not lower_words(" ".join(c.text for c in claims)).isdisjoint(_TODAY)
        for side, claims in sides.items()
        if side not in dated
    )
