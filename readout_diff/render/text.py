"""Making untrusted readout text safe to show: one line, no control characters."""

from __future__ import annotations

import re
import unicodedata

from readout_diff.errors import INVISIBLE
from readout_diff.model import Point

_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x1f\x7f-\x9f]"
    # Characters that print as nothing: direction marks and bidi overrides reorder whatever
    # is printed after them, zero-width ones make two texts look the same.
    f"|[{INVISIBLE}]"
)


def clean(text: str) -> str:
    """Collapse whitespace and drop escape sequences, control and invisible characters.

    The one sanitiser of readout text for the terminal, Markdown and JUnit.

    >>> clean("a\\x1b[31mred\\x1b[0m\\n  b\\x07 \\u202ec k\\u200bremlin")
    'ared b c kremlin'
    """
    text = _CONTROL.sub(lambda m: " " if m.group() in "\n\r\t\x0b\x0c" else "", text)
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cs", "Co", "Cn") or ch == " "
    )
    return " ".join(text.split())


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` characters at a word boundary, ending with an ellipsis.

    A word longer than half the room is cut inside, so that something of it remains.

    >>> shorten("meetings of their commerce and industry ministers", 32)
    'meetings of their commerce and…'
    >>> shorten("Korea-US-Japan", 8)
    'Korea-U…'
    >>> shorten("short", 8)
    'short'
    """
    if len(text) <= width:
        return text
    if width < 1:
        return ""
    room = text[: width - 1]
    space = room.rfind(" ")
    if text[width - 1] != " " and space > (width - 1) // 2:
        room = room[:space]
    return room.rstrip(" ,;:") + "…"


def split_name(name: str) -> list[str]:
    """A side's name on two lines, broken after the hyphen or space nearest its middle.

    >>> split_name("white-house"), split_name("kremlin")
    (['white-', 'house'], ['kremlin'])
    """
    cuts = [k + 1 for k, ch in enumerate(name[:-1]) if ch in "- "]
    if not cuts:
        return [name]
    cut = min(cuts, key=lambda k: (abs(len(name) - 2 * k), k))
    return [name[:cut].rstrip(), name[cut:]]


def tie_words(point: Point) -> list[str]:
    """The words that tied a point's links, each once: the forms of one word are joined.

    >>> from readout_diff.model import Link, Point
    >>> links = (Link("a:1", "b:1", 0.5, ("meet ~ meetings", "advisors", "Iran")),
    ...          Link("b:1", "c:1", 0.4, ("meetings ~ meet", "iran", "advisors ~ advisers")))
    >>> tie_words(Point("p1", (), ("a", "b", "c"), (), 0.4, links))
    ['meet ~ meetings', 'advisors ~ advisers', 'Iran']
    """
    groups: list[list[str]] = []
    for link in point.links:
        for word in link.words:
            forms = word.split(" ~ ")
            keys = {f.casefold() for f in forms}
            found = [g for g in groups if keys & {f.casefold() for f in g}]
            group = found[0] if found else []
            if not found:
                groups.append(group)
            for other in found[1:]:
                group.extend(other)
                groups.remove(other)
            for form in forms:
                if form.casefold() not in {f.casefold() for f in group}:
                    group.append(form)
    return [" ~ ".join(group) for group in groups]


def hidden_note(label: str, count: int) -> str:
    """The line that stands for a side's one-sided section when only differences are shown.

    >>> hidden_note("Kremlin", 18)
    'Only in Kremlin: 18 claims, hidden by --only-differences'
    """
    return (
        f"Only in {label}: {count} claim{'' if count == 1 else 's'}, hidden by --only-differences"
    )
