"""What splitting Russian prose needs beside the English rules of ``segment``.

Abbreviations a period never ends a sentence after, those after which only some words open
a new sentence, and the nouns that look like past-tense verbs to the clause rule.
"""

from __future__ import annotations

import re

# Abbreviations a period never ends a sentence after ("т.е.", "Дж. Байден"), and
# those after which a sentence starts only with one of ``_STARTERS`` ("в 2016 г. Москва",
# "им. Ломоносова", "см. приложение"; "г." after a year may end one). "и т.д." and "и др."
# end a sentence before a capital, as any word does.
_TITLES = frozenset("т.е т.к т.ч т.н дж ул пл пер просп д-р акад проф тов напр ср".split())
_AMBIGUOUS = frozenset("г гг им см".split())
_STARTERS = frozenset(
    "в во на по при с со к о об от до после для за из но а и однако также кроме тогда "
    "затем между как что когда если хотя он она оно они мы я вы это этот эта эти тот та "
    "те там здесь так все всё оба обе его её их".split()
)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Nouns and forms ending like a past-tense verb, which "и" before them does not split at.
NOT_VERBS = (
    "правила|формула|начала|материал[аыи]?|потенциал[аы]?|сигнал[аы]?|капитал[аы]?|"
    "арсенал[аы]?|генерал[аы]?|персонал[аы]?|журнал[аы]?|интервал[аы]?|идеал[аы]?|финал[аы]?"
)


def russian_boundary(word: str, following: str, *, dotted: bool) -> bool:
    """After a Cyrillic word and a period, before a capital: does a new sentence start?

    ``dotted``: the word is a run of letters and periods, initials ("В.В").
    """
    lowered = word.lower()
    if lowered in _TITLES:
        return False
    if lowered in _AMBIGUOUS:
        return following.lower() in _STARTERS
    if dotted:
        return not word.isupper()
    return True
