r"""Markdown readouts: the text a reader sees, line for line, without the markup around it.

A Markdown readout is split into claims as a text file is, once its markup is gone:
emphasis (``**``, ``__``, ``*``, ``_``, ``~~``) and backticks are dropped, a link becomes its
text, an image, an HTML comment, an HTML tag, a footnote mark and a link's reference
definition disappear, an autolink becomes its address, an entity its character, and the
blockquote markers (``>``) go. Headings keep their ``#`` markers and list items theirs (a
closing ``##`` is dropped), as the text of a web page does, so that the splitter still reads
them as headings and items. Every line break stays where it was, so a claim's ``line`` is the
line of the file; its span indexes the cleaned text (``span_base`` ``markdown-text``).

Hand-written rather than a Markdown library's: a parser builds HTML or a tree without the
positions of the words, and a readout uses a small part of Markdown. Every pattern here is
bounded or stops at a bracket, so the cleaning is linear in the text.

>>> clean_markdown("> They agreed on **12 billion euros**, see [the text](https://a.org/s).")
'They agreed on 12 billion euros, see the text.'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATOR = re.compile(r"(\r\n|\r|\n)")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"(?:[ \t]{0,3}>[ \t]?)+")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?=[ \t]|$)")
_LIST = re.compile(r"[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+(?=\S)")
_DEFINITION = re.compile(r"[ \t]{0,3}\[([^\[\]\r\n]{1,300})\]:[ \t]*\S")
_FOOTNOTE = re.compile(r"[ \t]{0,3}\[\^[^\[\]\s]{1,100}\]:[ \t]*")
# A link's destination and optional title, after the text: (url "title"), <url>, or [ref].
_TARGET = (
    r"(?:\((?:[ \t]*<[^<>\r\n]{0,2000}>|[ \t]*[^()\s]{0,2000})"
    r"(?:[ \t]+(?:\"[^\"\r\n]{0,300}\"|'[^'\r\n]{0,300}'|\([^()\r\n]{0,300}\)))?[ \t]*\)"
    r"|\[([^\[\]]{0,300})\])"
)
# Each alternative stops at a bracket, a newline or a bound: one pass over a line is linear.
# Each also starts with one of _INLINE_MARKS (an image's "![" holds a bracket): a paragraph
# without them has no inline markup, and a readout without any never compiles the pattern.
_INLINE_MARKS = "\\[<&"
_INLINE = (
    r"(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<hardbreak>\\(?=\r|\n))"
    r"|(?P<image>!\[[^\[\]\r\n]{0,300}\]" + _TARGET + r")"
    r"|(?P<footnote>\[\^[^\[\]\s]{1,100}\])"
    r"|\[(?P<text>[^\[\]]{0,300})\](?P<target>" + _TARGET + r")?"
    r"|<(?P<auto>(?:https?|ftp|mailto):[^<>\s]{1,2000}|[^<>\s@]{1,200}@[^<>\s@]{1,200})>"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]{0,30}(?:[ \t/][^<>\r\n]{0,500})?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)


@lru_cache(maxsize=1)
def _inline_pattern() -> re.Pattern[str]:
    return re.compile(_INLINE)


_RUN = re.compile(r"\x00.|`+|\*+|_+|~~")
_ESCAPE = "\x00"  # a NUL never reaches here (files holding one are refused): marks a literal


def clean_markdown(text: str) -> str:
    r"""``text`` without its Markdown markup, with every line break where it was.

    >>> clean_markdown("# Call\n*14 October 2026*\n\n- **One** item")
    '# Call\n14 October 2026\n\n- One item'
    """
    text = _without_comments(text)
    parts = _SEPARATOR.split(text)
    lines, breaks = parts[0::2], [*parts[1::2], ""]
    references = _references(lines)
    out: list[str] = []
    block: list[str] = []  # the inline text of the paragraph or item being read, with breaks
    fence: str | None = None  # the fence of the code block being read

    def flush() -> None:
        if block:
            out.append(_inline("".join(block), references))
            block.clear()

    for line, end in zip(lines, breaks, strict=True):
        if fence is not None:
            closing = _FENCE.match(line)
            if closing and closing.group(1).startswith(fence) and not line[closing.end() :].strip():
                fence = None
                out.append(end)
            else:
                out.append(line + end)  # code is kept as written
            continue
        opened = _FENCE.match(line)
        if opened and (opened.group(1)[0] == "~" or "`" not in line[opened.end() :]):
            flush()
            fence = opened.group(1)
            out.append(end)
            continue
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end() :]
        if not line.strip():
            flush()
            out.append(end)
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            words = _closed_heading(line[heading.end() :])
            words = _inline(words, references)
            out.append(line[: heading.end()] + (" " + words if words else "") + end)
            continue
        definition = _DEFINITION.match(line)
        if definition and _label(definition.group(1)) in references:
            flush()
            out.append(end)
            continue
        footnote = _FOOTNOTE.match(line)
        if footnote:
            flush()
            line = line[footnote.end() :]
        item = _LIST.match(line)
        if item:
            flush()
            out.append(line[: item.end()])
            line = line[item.end() :]
        block.append(line + end)
    flush()
    return "".join(out)


def _without_comments(text: str) -> str:
    """HTML comments dropped, the line breaks inside them kept; an unclosed one stays."""
    pieces: list[str] = []
    at = 0
    while True:
        start = text.find("<!--", at)
        if start < 0:
            break
        stop = text.find("-->", start + 4)
        if stop < 0:
            break
        pieces.append(text[at:start])
        pieces.extend(_NEWLINES.findall(text, start, stop))
        at = stop + 3
    pieces.append(text[at:])
    return "".join(pieces)


def _references(lines: list[str]) -> frozenset[str]:
    """The labels of the link reference definitions (``[label]: address``) of the text."""
    found = set()
    for line in lines:
        quote = _QUOTE.match(line)
        definition = _DEFINITION.match(line, quote.end() if quote else 0)
        if definition and not definition.group(1).startswith("^"):
            found.add(_label(definition.group(1)))
    return frozenset(found)


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _closed_heading(words: str) -> str:
    """A heading's words without its closing ``#`` run (``## Title ##``)."""
    body = words.rstrip()
    bare = body.rstrip("#")
    if bare != body and (not bare or bare[-1] in " \t"):
        return bare.strip()
    return body.strip()


def _literal(text: str) -> str:
    """Text that emphasis must not read: each character marked as written."""
    return "".join(_ESCAPE + ch for ch in text)


def _inline(text: str, references: frozenset[str]) -> str:
    """A paragraph's inline markup removed: links, images, tags, then emphasis."""

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup
        if kind == "escape":
            return _literal(match.group()[1])
        if kind in ("hardbreak", "image", "footnote", "tag"):
            return ""
        if kind == "auto":
            return _literal(match.group("auto"))
        if kind == "entity":
            from html import unescape  # its table of entities is large; few readouts hold one

            return _literal(unescape(match.group()))
        words = match.group("text")
        target = match.group("target")
        if target is None and _label(words) not in references:
            return "[" + words + "]"  # brackets that are no link
        return words

    if any(mark in text for mark in _INLINE_MARKS):
        text = _inline_pattern().sub(replace, text)
    return _emphasis(text).replace(_ESCAPE, "")


def _emphasis(text: str) -> str:
    """Emphasis and strike-through markers dropped where they pair up; backticks dropped.

    A run of ``*`` or ``_`` opens where it is followed by a word and closes where it follows
    one (as CommonMark says), so ``5 * 3`` and ``snake_case`` keep theirs, as does ``2*3``; a
    run without a partner stays as written.
    """
    runs = list(_RUN.finditer(text))
    kept = [len(m.group()) for m in runs]
    stack: list[int] = []  # openers, by their index in runs
    waiting = {"*": 0, "_": 0, "~": 0}  # how many openers of each kind the stack holds
    for k, match in enumerate(runs):
        mark = match.group()[0]
        if mark == _ESCAPE:
            continue
        if mark == "`":
            kept[k] = 0
            continue
        before = _char_before(text, match.start())
        after = _char_after(text, match.end())
        left = not after.isspace() and (
            not _punctuation(after) or before.isspace() or _punctuation(before)
        )
        right = not before.isspace() and (
            not _punctuation(before) or after.isspace() or _punctuation(after)
        )
        opens, closes = left, right
        if mark == "_" or (before.isdigit() and after.isdigit()):
            # Inside a word "_" is a letter (snake_case), and "*" between digits a product.
            opens = left and (not right or _punctuation(before))
            closes = right and (not left or _punctuation(after))
        while closes and kept[k] and waiting[mark]:
            # The nearest opener of the same mark: the ones above it are left unmatched.
            while runs[stack[-1]].group()[0] != mark:
                waiting[runs[stack.pop()].group()[0]] -= 1
            opener = stack[-1]
            used = min(kept[opener], kept[k])
            kept[opener] -= used
            kept[k] -= used
            if not kept[opener]:
                stack.pop()
                waiting[mark] -= 1
        if opens and kept[k]:
            stack.append(k)
            waiting[mark] += 1
    pieces: list[str] = []
    at = 0
    for match, keep in zip(runs, kept, strict=True):
        pieces.append(text[at : match.start()])
        mark = match.group()[0]
        pieces.append(match.group() if mark == _ESCAPE else mark * keep)
        at = match.end()
    pieces.append(text[at:])
    return "".join(pieces)


def _char_before(text: str, at: int) -> str:
    return text[at - 1] if at else " "


def _char_after(text: str, at: int) -> str:
    if at >= len(text):
        return " "
    if text[at] == _ESCAPE:
        return text[at + 1] if at + 1 < len(text) else " "
    return text[at]


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"
