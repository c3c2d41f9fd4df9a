"""Dates as readouts write them out: a day, a month and a year, never a year alone.

``MONTH`` is the pattern of an English month name or its abbreviation (``October``, ``Oct.``,
``Sept.``), ``WEEKDAY`` of a day's name and ``RUSSIAN_MONTH`` of a Russian month in a date
(``февраля``), for the datelines ``segment.py`` reads;
``stated_date`` finds the first full date in a piece of text, for a web page that states its
date in words rather than in its markup.

>>> stated_date("Published 14 October 2026, 10:15"), stated_date("Copyright 2026")
('2026-10-14', None)
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

_ENGLISH = (
    "january february march april may june july august september october november december"
).split()
_RUSSIAN = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()
_NUMBER = {name: n for n, name in enumerate(_ENGLISH, start=1)}
_NUMBER.update({name[:3]: n for name, n in list(_NUMBER.items())})
_NUMBER["sept"] = 9
_NUMBER.update({name: n for n, name in enumerate(_RUSSIAN, start=1)})
# A month's name, or its first three letters (four for Sept) with or without a full stop.
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A Russian month's name as a date writes it ("12 февраля").
RUSSIAN_MONTH = "(?:" + "|".join(_RUSSIAN) + ")"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
# Compiled on first use: only a web page that states its date in words needs it.
_STATED = (
    r"(?<![\w.])(?:"
    + _DAY.format("d1")
    + r"[ \t\xa0]+(?P<m1>"
    + MONTH
    + r"|"
    + "|".join(_RUSSIAN)
    + r"),?[ \t\xa0]+(?P<y1>\d{4})"
    + r"|(?P<m2>"
    + MONTH
    + r")[ \t\xa0]+"
    + _DAY.format("d2")
    + r",?[ \t\xa0]+(?P<y2>\d{4})"
    + r"|(?P<y3>\d{4})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)"
    + r"|(?P<d4>[0-3]?\d)\.(?P<m4>[01]?\d)\.(?P<y4>\d{4})"
    + r")(?![\w])"
)


@lru_cache(maxsize=1)
def _stated() -> re.Pattern[str]:
    return re.compile(_STATED, re.IGNORECASE)


def stated_date(text: str) -> str | None:
    """The first date with its day and month written in ``text``, as ``YYYY-MM-DD``; or None.

    >>> stated_date("Date: 02.04.2025"), stated_date("3 апреля 2025 года")
    ('2025-04-02', '2025-04-03')
    """
    for match in _stated().finditer(text):
        found = _iso(match)
        if found is not None:
            return found
    return None


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    for k in "1234":
        if groups[f"y{k}"] is None:
            continue
        month = groups[f"m{k}"].lower().rstrip(".")
        number = int(month) if month.isdigit() else _NUMBER.get(month)
        year, day = int(groups[f"y{k}"]), int(groups[f"d{k}"])
        try:
            return datetime.date(year, number or 0, day).isoformat()
        except ValueError:
            return None
    return None
