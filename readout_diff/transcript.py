"""Transcripts and briefings: who speaks, and what around the speech is not a claim.

A briefing holds, besides what its speakers say, speaker lines (``Aide to the President Yury
Ushakov:``), reporters' questions (``Question: ...`` up to the next speaker), greetings and
thanks (``Good evening!``, ``Thank you.``) and separators (``* * *``). ``split`` reads those as
metadata, listed as skipped, and keeps each speaker's name with the claims that follow it.
Speaker lines count only in a text that has at least two of them, or a question: a single
"Some Words:" at the start of a sentence of an ordinary readout stays prose. A reply that means
nothing without its question ("No, they didn't.") is one claim with that question and the
speaker line between them.

The rest is ``segment.segment``'s: metadata stretches are blanked (same length, so every
offset holds) and cut off from the text around them before the prose is split.

>>> claims, skipped, speakers = split("Anna Lind: Good evening! We met twice. "
...                                   "Question: Why? Anna Lind: Because we had to.")
>>> [(text, who) for (text, *_), who in zip(claims, speakers)]
[('We met twice.', 'Anna Lind'), ('Because we had to.', 'Anna Lind')]
>>> [s.reason for s in skipped]
['speaker', 'greeting', 'question', 'speaker']
"""

from __future__ import annotations

import re
from bisect import bisect_right

from readout_diff.model import Record, Skipped
from readout_diff.numbers import compiled
from readout_diff.segment import segment

Found = tuple[str, int, int, int, int]

QUESTION_LABELS = frozenset("question questions q remark вопрос реплика".split())
# Lower-case words a speaker's name or title may hold between capitalised ones.
_CONNECTORS = frozenset(
    "of the to for and on at in de da del della di du van von der den al el bin ibn la le".split()
)
_LONGEST_LABEL = 80
_MOST_WORDS = 8
# Where a speaker line may start: a line's first word, or the word after a sentence's end.
_CANDIDATE = r"(?m)^[ \t]*(?=\S)|(?<=[.!?…\"”’»)*])[ \t]+(?=\S)"
_SEPARATOR = re.compile(r"(?<!\S)\*(?:[ \t]*\*){2,}(?!\S)")
_INITIALLED = re.compile(r"(?:[^\W\d_]\.){1,2}[^\W\d_]{2,}")
_LABEL_WORD = r"[^\W\d_](?:[^\W\d_]|[-'’.])*"
_GREETING = r"""(?:
        good\s+(?:morning|afternoon|evening|day|night)
      | hello | greetings
      | thank\s+you(?:\s+(?:very|so)\s+much|\s+all|\s+everyone)?
      | thanks(?:\s+(?:a\s+lot|very\s+much))? | many\s+thanks
      | (?:dear\s+)?(?:colleagues|friends|ladies\s+and\s+gentlemen)
      | добрый\s+(?:день|вечер) | доброе\s+утро | здравствуйте
      | спасибо(?:\s+большое)? | благодарю(?:\s+вас)? | (?:уважаемые\s+)?коллеги
    )
    (?:\s*,\s*(?:dear\s+)?(?:colleagues|everyone|everybody|friends|all
                            |ladies\s+and\s+gentlemen|коллеги|друзья))*
    \s*[.!…]*"""
# The words a greeting opens with: only a claim that opens with one is matched against it.
_GREETING_OPENERS = frozenset(
    "good hello greetings thank thanks many dear colleagues friends ladies добрый доброе"
    " здравствуйте спасибо благодарю уважаемые коллеги".split()
)
_GREETING_MAX = 60


def _asks(words: tuple[str, ...]) -> bool:
    """Whether a label's words are a reporter's ("Question:", "Q.:", "Вопрос:")."""
    return len(words) == 1 and words[0].lower().rstrip(".") in QUESTION_LABELS


class _Label(Record):
    start: int
    end: int  # just after the colon
    words: tuple[str, ...]

    @property
    def named(self) -> bool:
        """A name with an initial (``V.Putin``) or of more than one word: a person's label."""
        return len(self.words) > 1 or _INITIALLED.fullmatch(self.words[0]) is not None

    @property
    def question(self) -> bool:
        return _asks(self.words)


def split(
    text: str, *, clauses: bool = True, limit: int | None = None
) -> tuple[list[Found], list[Skipped], list[str | None]]:
    """Claims, skipped stretches and each claim's speaker (or None) of a readout or transcript."""
    masks = _separators(text)
    labels = _labels(text, masks)
    turns: list[tuple[int, str]] = []
    if labels:
        masks.extend(_label_masks(text, labels, turns))
    if masks:
        found, skipped = segment(_blanked(text, masks), clauses=clauses, limit=limit)
        starts = _line_starts(text)
        found = [(t, a, b, _line(starts, a), s) for t, a, b, _, s in found]
        skipped = [Skipped(k.start, k.end, _line(starts, k.start), k.reason) for k in skipped]
        skipped.extend(Skipped(a, b, _line(starts, a), reason) for a, b, reason in masks)
    else:
        found, skipped = segment(text, clauses=clauses, limit=limit)
    found = _without_greetings(found, skipped)
    skipped.sort(key=lambda k: (k.start, k.end))
    speakers = _speakers(found, turns)
    if any(k.reason == "question" for k in skipped):
        found, skipped, speakers = _replies_with_questions(text, found, skipped, speakers)
    return found, skipped, speakers


def _separators(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "separator") for m in _SEPARATOR.finditer(text)]


def _labels(text: str, masks: list[tuple[int, int, str]]) -> list[_Label]:
    """Speaker lines of a transcript; none when the text does not read as one."""
    if ":" not in text:
        return []
    positions = {m.end() for m in compiled(_CANDIDATE).finditer(text)}
    for _, end, _ in masks:
        at = end
        while at < len(text) and text[at] in " \t":
            at += 1
        positions.add(at)
    found = [label for p in sorted(positions) if (label := _label_at(text, p)) is not None]
    names = {label.words[-1] for label in found if len(label.words) > 1}
    found = [label for label in found if label.named or label.question or label.words[0] in names]
    if len(found) < 2 and not any(label.question for label in found):
        return []
    return found


def _label_at(text: str, start: int) -> _Label | None:
    colon = text.find(":", start, start + _LONGEST_LABEL)
    words = tuple(text[start:colon].split())
    # A question may be a label alone at the end ("Question:"); a speaker says something.
    asked = _asks(words)
    if colon <= start or (colon + 1 >= len(text) and not asked):
        return None
    if colon + 1 < len(text) and not text[colon + 1].isspace():
        return None
    if not 1 <= len(words) <= _MOST_WORDS or "\n" in text[start:colon]:
        return None
    for n, word in enumerate(words):
        if not compiled(_LABEL_WORD).fullmatch(word):
            return None
        capital = word[0].isupper()
        if not capital and (n in (0, len(words) - 1) or word not in _CONNECTORS):
            return None
    if not text[colon + 1 :].strip() and not asked:
        return None
    return _Label(start, colon + 1, words)


def _label_masks(
    text: str, labels: list[_Label], turns: list[tuple[int, str]]
) -> list[tuple[int, int, str]]:
    """A mask per speaker line, a mask per question (to the next speaker line); fills turns."""
    masks: list[tuple[int, int, str]] = []
    known: list[tuple[str, ...]] = []
    for n, label in enumerate(labels):
        if label.question:
            stop = labels[n + 1].start if n + 1 < len(labels) else len(text)
            stop = _question_end(text, label.end, stop)
            while stop > label.start and text[stop - 1].isspace():
                stop -= 1
            masks.append((label.start, stop, "question"))
            turns.append((label.end, ""))
            continue
        masks.append((label.start, label.end, "speaker"))
        name = next((k for k in known if _same_person(k, label.words)), None)
        if name is None:
            known.append(label.words)
            name = label.words
        turns.append((label.end, " ".join(name)))
    return masks


def _question_end(text: str, start: int, stop: int) -> int:
    """Where a reporter's question that starts at ``start`` ends, at ``stop`` at the latest.

    A question never runs past a blank line, nor past its last question mark: text after
    it is a reply whose speaker line was not recognised ("Peskov: Yes."), kept as a claim.
    A question without a question mark is its first sentence.
    """
    blank = compiled(_BLANK_LINE).search(text, start, stop)
    if blank is not None:
        stop = blank.start()
    mark = max(text.rfind("?", start, stop), text.rfind("？", start, stop))
    if mark >= 0:
        end = mark + 1
        while end < stop and text[end] in _CLOSING:
            end += 1
        rest = text[end:stop].lstrip()
        # Cut there only for what reads as a reply: words after the question mark that do
        # not ("I ask because…") are still the reporter's.
        if not rest or compiled(_REPLY_START, _VERBOSE).match(rest):
            return end
        return stop
    sentence = compiled(_SENTENCE_END).search(text, start, stop)
    return sentence.end() if sentence is not None else stop


_BLANK_LINE = r"\r?\n[ \t]*\r?\n"
# How a reply begins when its speaker line was not recognised: a name and a colon, or yes/no.
_REPLY_START = r"[^\W\d_][\w.'’ -]{0,60}:\s | (?:yes|no|not|нет|да)\b"
_SENTENCE_END = r"[.!…]+[\"”’»)]*(?=\s)"
_CLOSING = '"”’»)'


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """``Yury Ushakov`` is ``Aide to the President Yury Ushakov``: one ends with the other."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[len(long) - len(short) :] == short


def _blanked(text: str, masks: list[tuple[int, int, str]]) -> str:
    """``text`` with each mask blanked and cut off from its neighbours, at the same offsets."""
    chars = list(text)
    for start, end, _ in masks:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
        if end - start >= 2:
            chars[start] = chars[start + 1] = "\n"
    return "".join(chars)


_VERBOSE = re.IGNORECASE | re.VERBOSE


def _greeting(body: str) -> bool:
    """A greeting or a thanks alone ("Good evening!", "Thank you very much.")."""
    first = body.split(None, 1)[0].lower().strip(",.!…") if body.strip() else ""
    return first in _GREETING_OPENERS and bool(
        compiled(_GREETING, _VERBOSE).fullmatch(body.strip())
    )


def _without_greetings(found: list[Found], skipped: list[Skipped]) -> list[Found]:
    """Drop claims that are a greeting or a thanks alone; renumber the sentences that remain."""
    kept: list[Found] = []
    numbers: dict[int, int] = {}
    for claim in found:
        body, start, end, line, sentence = claim
        if len(body) <= _GREETING_MAX and _greeting(body):
            skipped.append(Skipped(start, end, line, "greeting"))
            continue
        number = numbers.setdefault(sentence, len(numbers))
        kept.append((body, start, end, line, number))
    return kept


def _replies_with_questions(
    text: str, found: list[Found], skipped: list[Skipped], speakers: list[str | None]
) -> tuple[list[Found], list[Skipped], list[str | None]]:
    """A reply that says nothing without its question ("No, they didn't.") as one claim with
    the question and the speaker line before it; the two are then no longer skipped."""
    starts = {claim[1]: n for n, claim in enumerate(found)}
    merged: dict[int, Found] = {}
    dropped: set[int] = set()
    for k, question in enumerate(skipped[:-1]):
        label = skipped[k + 1]
        if question.reason != "question" or label.reason != "speaker":
            continue
        if text[question.end : label.start].strip():
            continue
        if not text[question.start : question.end].split(":", 1)[-1].strip():
            continue  # a question label with no question: the reply answers nothing said
        at = label.end
        while at < len(text) and text[at].isspace():
            at += 1
        n = starts.get(at)
        if n is None or not compiled(_BARE_REPLY, _VERBOSE).fullmatch(found[n][0].strip()):
            continue
        _, _, end, _, sentence = found[n]
        merged[n] = (text[question.start : end], question.start, end, question.line, sentence)
        dropped.update((k, k + 1))
    if not merged:
        return found, skipped, speakers
    found = [merged.get(n, claim) for n, claim in enumerate(found)]
    return found, [k for n, k in enumerate(skipped) if n not in dropped], speakers


# A reply of a few words that opens with yes, no or the like, and so means nothing alone.
_BARE_REPLY = r"""(?:yes|no|nope|not\s+(?:yet|really|at\s+all|this\s+time)|of\s+course|certainly
      | correct|right|exactly|absolutely|indeed|naturally|sure|i\s+(?:don't|do\s+not)\s+know
      | no\s+comment|да|нет|конечно|разумеется|естественно|не\s+знаю|пока\s+нет)
      (?:\s*[,.!…—–-](?:\s*[^\W\d_][\w'’]*[,.]?){0,6})?[\s.!?…]*"""


def _speakers(found: list[Found], turns: list[tuple[int, str]]) -> list[str | None]:
    if not turns:
        return [None] * len(found)
    starts = [start for start, _ in turns]
    speakers: list[str | None] = []
    for _, start, *_ in found:
        k = bisect_right(starts, start)
        speakers.append(turns[k - 1][1] or None if k else None)
    return speakers


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())
    return starts


def _line(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)
