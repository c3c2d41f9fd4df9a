"""Build a Readout from prose or from a YAML readout: split, name, check the schema.

Pure: text in, Readout out; ``load.py`` reads the files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from readout_diff.errors import INVISIBLE, InputError
from readout_diff.model import Claim, Readout, replace
from readout_diff.safe_yaml import (
    checked_mapping,
    checked_string,
    child,
    kind_name,
    line_of,
    node_lines,
    parse_yaml,
)
from readout_diff.transcript import split

_NAME = f"[^\\s:/\\\\\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]+"
# Control and invisible characters: never part of a name or an id that is printed, where
# k\u200bremlin would look exactly like kremlin.
_UNPRINTABLE = f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]"
# No readout holds more claims than this (at the default size limit; it rises with
# --max-size). Each claim costs a few kilobytes through scoring, aligning and the report,
# whatever its length: "A b. " a million times is 5 MB of text but a million claims.
MAX_CLAIMS = 50_000
_READOUT_KEYS = ("side", "title", "date", "url", "source", "text", "claims")
# Markdown's marks: text holding none of them has no markup to remove (see markdown.py).
_MARKDOWN_MARKS = "\\[<&`*_~>#"
_MARKS_AS_SPACES = str.maketrans(dict.fromkeys("*_~`[]", " "))
_CLAIM_KEYS = ("text", "id", "topic")


def readout_from_text(
    text: str,
    *,
    name: str,
    path: str = "-",
    kind: str = "text",
    label: str | None = None,
    clauses: bool = True,
    span_base: str = "file",
    max_claims: int = MAX_CLAIMS,
    **meta: str | None,
) -> Readout:
    """Split prose into a Readout; spans index ``text`` itself.

    >>> r = readout_from_text("Readout\\n\\nThe leaders met. They agreed.", name="kremlin")
    >>> [(c.id, c.text, c.start) for c in r.claims]
    [('kremlin:1', 'The leaders met.', 9), ('kremlin:2', 'They agreed.', 26)]
    """
    check_name(name, path)
    found, skipped, speakers = split(text, clauses=clauses, limit=max_claims)
    if len(found) > max_claims:
        raise too_many_claims(max_claims, path)
    if not found:
        raise InputError(
            "holds no claim: no sentence was found (title lines, headings and datelines"
            " are not claims)",
            path=path,
        )
    claims = tuple(
        Claim(f"{name}:{n}", name, n - 1, body, start, end, line, sentence=sentence, speaker=who)
        for n, ((body, start, end, line, sentence), who) in enumerate(
            zip(found, speakers, strict=True), start=1
        )
    )
    return Readout(
        name=name,
        label=label or name,
        path=path,
        kind=kind,
        text=text,
        span_base=span_base,
        claims=claims,
        skipped=tuple(skipped),
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
    )


def readout_from_markdown(text: str, **options: Any) -> Readout:
    """Split a Markdown readout once its markup is removed; spans index the cleaned text.

    The cleaned text keeps every line break, so a claim's ``line`` is the file's line.

    >>> r = readout_from_markdown("# Call\\n\\nThey agreed on **12 billion euros**.", name="a")
    >>> [(c.text, c.start, c.line) for c in r.claims], r.span_base
    ([('They agreed on 12 billion euros.', 8, 3)], 'markdown-text')
    """
    options.setdefault("kind", "markdown")
    from readout_diff.markdown import clean_markdown  # a text readout never needs it

    return readout_from_text(clean_markdown(text), span_base="markdown-text", **options)


def without_markdown(text: str) -> str:
    """``text`` without its Markdown markup, line for line, as a ``.md`` file is read.

    >>> without_markdown("They agreed on **12 billion euros**."), without_markdown("Plain.")
    ('They agreed on 12 billion euros.', 'Plain.')
    """
    if not any(mark in text for mark in _MARKDOWN_MARKS):
        return text
    from readout_diff.markdown import clean_markdown

    return clean_markdown(text)


def too_many_claims(limit: int, path: str, line: int | None = None) -> InputError:
    return InputError(
        f"holds more than {limit:,} claims, more than any readout"
        " (a larger --max-size raises the limit in proportion)",
        path=path,
        line=line,
    )


def check_name(name: str, path: str, *, line: int | None = None) -> None:
    """Refuse a side name that could not be printed or used as a key."""
    if not _printable_name(name):
        raise InputError(
            f"side name {name!r} must be one word without spaces, control or invisible"
            " characters, ':' or slashes (use a label for display)",
            path=path,
            line=line,
        )


def _printable_name(name: str) -> bool:
    """A name of printable characters without spaces, ':' or slashes (see _NAME).

    The patterns name invisible characters beyond ASCII, and cost more to compile than an
    ASCII name (every bundled and most given ones) costs to check without them.
    """
    if name.isascii():
        return name != "" and name.isprintable() and not any(ch in name for ch in " :/\\")
    return _pattern(_NAME).fullmatch(name) is not None


def _unprintable(text: str) -> bool:
    """Whether ``text`` holds a control or invisible character (see _UNPRINTABLE)."""
    if text.isascii():
        return not text.isprintable()
    return _pattern(_UNPRINTABLE).search(text) is not None


@lru_cache(maxsize=2)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def renamed(readout: Readout, name: str | None = None, *, label: str | None = None) -> Readout:
    """The same readout under another side name and/or display label."""
    if name is None or name == readout.name:
        return replace(readout, label=label or readout.label)
    check_name(name, readout.path)
    claims = tuple(
        replace(c, id=name + c.id[len(readout.name) :], side=name) for c in readout.claims
    )
    return replace(readout, name=name, label=label or name, claims=claims)


def readout_from_yaml(
    text: str,
    *,
    path: str,
    name: str | None = None,
    label: str | None = None,
    clauses: bool = True,
    max_claims: int = MAX_CLAIMS,
) -> Readout:
    """Read a YAML readout: ``side`` plus ``text`` (prose) or ``claims`` (a list)."""
    value, node = parse_yaml(text, path=path)
    data = checked_mapping(value, node, path, "a YAML readout", _READOUT_KEYS)
    side = checked_string(data.get("side"), node, path, "side", "side")
    if not side:
        raise InputError("a YAML readout needs a 'side' key naming the side", path=path)
    meta = {
        "title": checked_string(data.get("title"), node, path, "title", "title"),
        "date": checked_string(data.get("date"), node, path, "date", "date", date=True),
        "url": checked_string(data.get("url"), node, path, "url", "url"),
        "publisher": checked_string(data.get("source"), node, path, "source", "source"),
    }
    has_text, has_claims = "text" in data, "claims" in data
    if has_text == has_claims:
        raise InputError(
            "a YAML readout needs exactly one of 'text' or 'claims'",
            path=path,
            line=node_lines(node).get(("claims",)) if has_claims else line_of(node),
        )
    side = name or side
    check_name(side, path, line=None if name else line_of(node, "side"))
    if has_text:
        body = data["text"]
        if not isinstance(body, str):
            raise InputError(
                f"'text' must be a string, not {kind_name(type(body).__name__)}",
                path=path,
                line=line_of(node, "text"),
            )
        if not body.strip():
            raise InputError("'text' is empty", path=path, line=line_of(node, "text"))
        offset = (line_of(node, "text") or 1) - 1
        scalar = child(node, "text")
        literal = getattr(scalar, "style", None) == "|"
        if literal:
            offset += 1  # a literal block's lines are the source's, from the next line on
        # Prose holding Markdown is read as a .md file is; its spans index the cleaned text.
        prose = without_markdown(body)
        try:
            readout = readout_from_text(
                prose,
                name=side,
                path=path,
                kind="yaml",
                label=label,
                clauses=clauses,
                span_base="yaml-text" if prose == body else "markdown-text",
                max_claims=max_claims,
                **meta,
            )
        except InputError as exc:
            raise InputError(exc.message, path=path, line=offset + 1) from None
        # The claims and the stretches skipped as metadata (which never overlap), in the
        # text's order, are given the lines of the file, not of the text.
        spans = sorted(
            [(c.start, c.end, c.line) for c in readout.claims]
            + [(s.start, s.end, s.line) for s in readout.skipped]
        )
        if literal:
            lines = [line + offset for _, _, line in spans]
        else:
            # Claims are found by their words; Markdown's emphasis and brackets stand between
            # a source's words (**Both** leaders), so they are read as spaces.
            source = text if prose == body else text.translate(_MARKS_AS_SPACES)
            texts = [readout.text[start:end] for start, end, _ in spans]
            lines = _folded_lines(source, scalar, texts, fallback=offset + 1)
        line_at = {(start, end): n for (start, end, _), n in zip(spans, lines, strict=True)}
        return replace(
            readout,
            claims=tuple(replace(c, line=line_at[c.start, c.end]) for c in readout.claims),
            skipped=tuple(replace(s, line=line_at[s.start, s.end]) for s in readout.skipped),
        )
    if isinstance(data["claims"], list) and len(data["claims"]) > max_claims:
        raise too_many_claims(max_claims, path, line_of(node, "claims"))
    return _claims_readout(data["claims"], node, path, side, label, meta)


def _folded_lines(source: str, scalar: Any, texts: Sequence[str], *, fallback: int) -> list[int]:
    r"""Source lines of pieces of a folded or flow scalar (claims, skipped lines), whose line
    breaks YAML joined.

    Each piece's first words are found in the source in order, across any line break.

    >>> from readout_diff.safe_yaml import parse_yaml, child
    >>> src = "side: a\ntext: >\n  One thing\n  was said.\n\n  Another\n  thing.\n"
    >>> _, node = parse_yaml(src, path="x.yaml")
    >>> _folded_lines(src, child(node, "text"), ["One thing was said.", "Another thing."],
    ...               fallback=2)
    [3, 6]
    """
    mark = getattr(scalar, "start_mark", None)
    position = getattr(mark, "index", None)
    if position is None:
        return [fallback] * len(texts)
    line = source.count("\n", 0, position) + 1
    end = getattr(getattr(scalar, "end_mark", None), "index", None) or len(source)
    lines: list[int] = []
    reach = misses = 0
    for piece in texts:
        if misses > 8:  # the text is not the source's words (escapes): stop looking
            lines.append(lines[-1])
            continue
        words = piece.split()[:4]
        # A piece starts soon after the one before; a bounded search keeps a long text linear.
        reach += 8 * len(piece) + 4096
        found = _find_words(source, words, position, min(end, position + reach))
        if found < 0:
            lines.append(lines[-1] if lines else fallback)
            misses += 1
            continue
        reach = misses = 0
        lines.append(line + source.count("\n", position, found))
        line, position = lines[-1], found
    return lines


def _find_words(source: str, words: list[str], start: int, stop: int) -> int:
    """Where ``words`` appear in ``source[start:stop]``, separated by any whitespace; or -1."""
    if not words:
        return -1
    at = source.find(words[0], start, stop)
    while at >= 0:
        i = at + len(words[0])
        for word in words[1:]:
            gap = i
            while i < stop and source[i].isspace():
                i += 1
            if i == gap or not source.startswith(word, i):
                break
            i += len(word)
        else:
            return at
        at = source.find(words[0], at + 1, stop)
    return -1


def _claims_readout(
    items: Any, node: Any, path: str, side: str, label: str | None, meta: Mapping[str, str | None]
) -> Readout:
    check_name(side, path)
    if not isinstance(items, list):
        raise InputError(
            f"'claims' must be a list, not {kind_name(type(items).__name__)}",
            path=path,
            line=line_of(node, "claims"),
        )
    if not items:
        raise InputError("'claims' is an empty list", path=path, line=line_of(node, "claims"))
    claims: list[Claim] = []
    texts: list[str] = []
    seen: set[str] = set()
    offset = 0
    for n, item in enumerate(items, start=1):
        where = line_of(node, "claims", n - 1)
        topic = None
        given: str | None = None
        if isinstance(item, dict):
            item_node = child(node, "claims", n - 1)
            entry = checked_mapping(item, item_node, path, f"claim {n}", _CLAIM_KEYS)
            body = entry.get("text")
            given = checked_string(entry.get("id"), node, path, "id", "claims", n - 1, "id")
            topic = checked_string(
                entry.get("topic"), node, path, "topic", "claims", n - 1, "topic"
            )
        else:
            body = item
        if not isinstance(body, str):
            raise InputError(
                f"claim {n} must be a string or a mapping with 'text', not"
                f" {kind_name(type(body).__name__ if body is not None else 'nothing')}",
                path=path,
                line=where,
            )
        if not body.strip():
            raise InputError(f"claim {n} is empty", path=path, line=where)
        if given is not None and (not given.strip() or _unprintable(given)):
            raise InputError(
                f"claim {n}: id {given!r} must be non-empty and hold no control characters",
                path=path,
                line=line_of(node, "claims", n - 1, "id"),
            )
        claim_id = f"{side}:{given if given is not None else n}"
        if claim_id in seen:
            raise InputError(f"claim id {claim_id!r} is used twice", path=path, line=where)
        seen.add(claim_id)
        start = offset + len(body) - len(body.lstrip())
        end = offset + len(body.rstrip())
        claims.append(
            Claim(claim_id, side, n - 1, body.strip(), start, end, where or 1, topic, n - 1)
        )
        texts.append(body)
        offset += len(body) + 1
    return Readout(
        name=side,
        label=label or side,
        path=path,
        kind="yaml",
        text="\n".join(texts),
        span_base="yaml-claims",
        claims=tuple(claims),
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
    )
