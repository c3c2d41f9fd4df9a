"""Which script a readout is written in, from the share of its letters: Latin, Cyrillic, CJK.

Words tie claims only within one language: a Russian readout and an English one share
numbers and little else. So two sides whose letters are mostly of different scripts are
compared by meaning alone (the semantic scorer) or, by words, with a warning. Pure
functions of text; a side with no letters has no script.

>>> script_of(["В.В. Путин провёл разговор с Д. Трампом (USA)."])
'cyrillic'
>>> cross_script_pairs({"white-house": "latin", "kremlin": "cyrillic", "kremlin-en": "latin"})
[('white-house', 'kremlin'), ('kremlin', 'kremlin-en')]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from readout_diff.align import DECIDED
from readout_diff.confidence import CHECK
from readout_diff.model import Point, Readout, Report, replace

SCRIPTS = ("latin", "cyrillic", "greek", "arabic", "hebrew", "cjk", "other")
# A side is in a script when at least this share of its letters is; else it is mixed.
MAJORITY = 0.6
_CJK_PREFIXES = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def _letter_script(ch: str) -> str:
    if ch.isascii():
        return "latin"
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    if head in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"):
        return head.lower()
    if head.startswith(_CJK_PREFIXES):
        return "cjk"
    return "other"


def script_of(texts: Iterable[str]) -> str | None:
    """The script most of the letters of ``texts`` are in; "other" when none has a majority.

    None when the texts hold no letter at all.

    >>> script_of(["Putin and Trump"]), script_of(["2025"]), script_of(["Путин и Trump"])
    ('latin', None, 'other')
    """
    counts: dict[str, int] = {}
    for text in texts:
        if text.isascii():  # every letter Latin: counted without naming each
            if letters := sum(map(str.isalpha, text)):
                counts["latin"] = counts.get("latin", 0) + letters
            continue
        for ch in text:
            if ch.isalpha():
                script = _letter_script(ch)
                counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    if not total:
        return None
    script, count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return script if count >= MAJORITY * total else "other"


def side_scripts(readouts: Iterable[Readout]) -> dict[str, str | None]:
    """The script of each side, from the texts of its claims, by side name."""
    return {r.name: script_of(c.text for c in r.claims) for r in readouts}


def meaning_only(report: Report) -> list[tuple[str, str]]:
    """The pairs of sides a report compared by meaning alone: in different scripts, scored
    by the semantic scorer (the words of two languages do not tie their claims).
    """
    if report.settings.scorer != "semantic":
        return []
    return cross_script_pairs(side_scripts(report.sides))


def words_across_scripts(report: Report) -> list[tuple[str, str]]:
    """The pairs of sides a report compared by words though they are in different scripts."""
    if report.settings.scorer == "semantic":
        return []
    return cross_script_pairs(side_scripts(report.sides))


def crosses(left: str | None, right: str | None) -> bool:
    """True when two sides are written in different scripts (both known, neither mixed)."""
    known = {"other", None}
    return left not in known and right not in known and left != right


def cross_script_pairs(scripts: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """Every pair of sides, in order, written in different scripts."""
    names = list(scripts)
    return [
        (a, b)
        for k, a in enumerate(names)
        for b in names[k + 1 :]
        if crosses(scripts[a], scripts[b])
    ]


def across_languages(
    points: Sequence[Point], scripts: Mapping[str, str | None]
) -> tuple[Point, ...]:
    """Points judged across scripts: sure verdicts made ``check``, word differences dropped.

    Meaning alone cannot tell a paraphrase from another claim of the same call as surely as
    shared words can: a one-sided claim missing from a side in another script, and a point
    linked across scripts, want a reader (reason ``across-languages``); a reader's decision
    stays sure. Of the differences of a point linked across scripts only numbers are kept:
    the scope, stance and actor words a difference is read from are English ones.
    """
    side_of = {c.id: c.side for p in points for c in p.claims}
    out: list[Point] = []
    for point in points:
        if len(point.present) > 1 and _crosses(point, scripts, side_of, decided=True):
            numbers = tuple(d for d in point.differences if d.kind == "number")
            noted = tuple(d for d in point.said_elsewhere if d.kind == "number")
            point = replace(point, differences=numbers, said_elsewhere=noted)
        engine = point.sure and point.confidence_reason != "decided"
        if engine and _crosses(point, scripts, side_of, decided=False):
            point = replace(point, confidence=CHECK, confidence_reason="across-languages")
        out.append(point)
    return tuple(out)


def _crosses(
    point: Point, scripts: Mapping[str, str | None], side_of: Mapping[str, str], *, decided: bool
) -> bool:
    """Whether a point's verdict compares sides in different scripts (its links a reader
    decided counted or not)."""
    if len(point.present) == 1:
        own = scripts.get(point.present[0])
        return any(crosses(own, scripts.get(side)) for side in point.missing)
    return any(
        crosses(scripts.get(side_of[link.left]), scripts.get(side_of[link.right]))
        for link in point.links
        if decided or link.rule != DECIDED
    )


def words_warning(report: Report) -> str | None:
    """The one line to warn with when words compared sides in different scripts, or None."""
    pairs = words_across_scripts(report)
    if not pairs:
        return None
    scripts = side_scripts(report.sides)
    names = [r.name for r in report.sides if any(r.name in pair for pair in pairs)]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return (
        f"{listed} are in different scripts ({', '.join(str(scripts[n]) for n in names)}),"
        " and words do not tie claims across languages: try --scorer semantic"
    )
