"""Making untrusted readout text safe to show: one line, no control characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from readout_diff.errors import INVISIBLE
from readout_diff.model import Point

_CONTROL = (
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x1f\x7f-\x9f]"
    # Characters that print as nothing: direction marks and bidi overrides reorder whatever
    # is printed after them, zero-width ones make two texts look the same.
    f"|[{INVISIBLE}]"
)


@lru_cache(maxsize=1)
def _control() -> re.Pattern[str]:
    """Compiled on first use: JSON output never needs it."""
    return re.compile(_CONTROL)


def clean(text: str) -> str:
    """Collapse whitespace and drop escape sequences, control and invisible characters.

    The one sanitiser of readout text for the terminal, Markdown and JUnit.

    >>> clean("a\\x1b[31mred\\x1b[0m\\n  b\\x07 \\u202ec k\\u200bremlin")
    'ared b c kremlin'
    """
    text = _control().sub(lambda m: " " if m.group() in "\n\r\t\x0b\x0c" else "", text)
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


# A name or a path may break after a hyphen, a dash or a slash (not after U+2011, the
# non-breaking hyphen).
_NAME_PIECE = re.compile(r"[^-‐–—/]*[-‐–—/]+|[^-‐–—/]+")


def name_pieces(name: str) -> list[list[str]]:
    """A name's words, each cut after its hyphens and slashes: where a line of it may end.

    >>> name_pieces("2023-08-18-camp-david call")
    [['2023-', '08-', '18-', 'camp-', 'david'], ['call']]
    >>> name_pieces("corpus/oslo-talks/expect.yaml:2:")
    [['corpus/', 'oslo-', 'talks/', 'expect.yaml:2:']]
    """
    return [_NAME_PIECE.findall(word) for word in name.split()]


def wrap_name(name: str, width: int, length: Callable[[str], int] = len) -> list[str]:
    """A name (or a line holding paths) on lines of at most ``width``, broken at spaces and
    after hyphens and slashes, never inside a word, so that a path can be read and copied: a
    piece wider than ``width`` gets a line of its own, whole. ``length`` measures a piece
    (in terminal cells, for a terminal).

    >>> wrap_name("2023-08-18-camp-david-trilateral", 16)
    ['2023-08-18-camp-', 'david-trilateral']
    >>> wrap_name("a call-folder-name", 9)
    ['a call-', 'folder-', 'name']
    >>> wrap_name("see corpus/oslo/expect.yaml", 16)
    ['see corpus/oslo/', 'expect.yaml']
    """
    lines: list[str] = []
    line = ""
    for word in name_pieces(name):
        for k, piece in enumerate(word):
            glue = " " if k == 0 and line else ""
            if line and length(line) + len(glue) + length(piece) > width:
                lines.append(line)
                line = piece
            else:
                line += glue + piece
    return [*lines, line]


def wrap_line(line: str, width: int, length: Callable[[str], int] = len) -> list[str]:
    """A line of text on lines of at most ``width``, broken as ``wrap_name`` breaks a name,
    each under the first's indentation; a line that fits is kept as it is.

    >>> wrap_line("  error: corpus/oslo-talks/expect.yaml:2: no claim", 22)
    ['  error: corpus/oslo-', '  talks/expect.yaml:2:', '  no claim']
    """
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    if length(line) <= width or not body.strip():
        return [line]
    return [indent + part for part in wrap_name(body, max(1, width - len(indent)), length)]


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


def pieces(raw: str, marks: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``raw`` cleaned for display and cut into runs, each marked (inside ``marks``) or not.

    Marks index ``raw``; overlapping marks keep the first. Spaces are never marked, and a mark
    never cuts an escape sequence in two (which would leave part of it on show).

    >>> pieces("Halt  strikes\\nfor 30 days.", [(18, 25)])
    [('Halt strikes for ', False), ('30 days', True), ('.', False)]
    """
    sequences = [m.span() for m in _control().finditer(raw) if m.end() - m.start() > 1]
    kept = []
    for start, end in marks:
        for low, high in sequences:
            if low < start < high:
                start = high
            if low < end < high:
                end = low
        kept.append((start, end))
    cuts: list[tuple[int, int, bool]] = []
    cursor = 0
    for start, end in sorted(kept):
        if start < cursor or end <= start:
            continue
        cuts.extend([(cursor, start, False), (start, end, True)])
        cursor = end
    cuts.append((cursor, len(raw), False))
    out: list[tuple[str, bool]] = []

    def add(text: str, marked: bool) -> None:
        if not text:
            return
        if out and out[-1][1] == marked:
            out[-1] = (out[-1][0] + text, marked)
        else:
            out.append((text, marked))

    def ends_in_space() -> bool:
        return not out or out[-1][0].endswith(" ")

    for start, end, marked in cuts:
        chunk = raw[start:end]
        if chunk[:1].isspace() and not ends_in_space():
            add(" ", False)
        add(clean(chunk), marked)
        if chunk[-1:].isspace() and not ends_in_space():
            add(" ", False)
    while out and not out[-1][1] and not out[-1][0].strip():
        out.pop()
    if out and not out[-1][1]:
        out[-1] = (out[-1][0].rstrip(), False)
    return out


def wdiff(runs: Sequence[tuple[str, bool]], *, first: bool) -> str:
    """Runs as plain text, the marked ones as ``[-...-]`` (first side) or ``{+...+}`` (others).

    >>> wdiff([("for ", False), ("30 days", True)], first=False)
    'for {+30 days+}'
    """
    left, right = ("[-", "-]") if first else ("{+", "+}")
    return "".join(f"{left}{text}{right}" if marked else text for text, marked in runs)


def trimmed(runs: Sequence[tuple[str, bool]], words: int = 6) -> list[tuple[str, bool]]:
    """Runs with the unmarked context cut to ``words`` words next to each marked run
    (runs with no marked run are left whole).

    >>> runs = [("a b c d e f g h ", False), ("the claim", True), (" i j k l m n o.", False)]
    >>> trimmed(runs, 2)
    [('… g h ', False), ('the claim', True), (' i j …', False)]
    """
    if not any(marked for _, marked in runs):
        return list(runs)
    out: list[tuple[str, bool]] = []
    last = len(runs) - 1
    for k, (text, marked) in enumerate(runs):
        parts = text.split()
        # Cut only where it saves a few words: "…" for one word would save nothing.
        if marked or len(parts) <= (2 * words if 0 < k < last else words) + 4:
            out.append((text, marked))
            continue
        lead = " " if text[:1] == " " else ""
        tail = " " if text[-1:] == " " else ""
        if k == 0:
            piece = "… " + " ".join(parts[-words:]) + tail
        elif k == last:
            piece = lead + " ".join(parts[:words]) + " …"
        else:
            piece = f"{lead}{' '.join(parts[:words])} … {' '.join(parts[-words:])}{tail}"
        out.append((piece, False))
    return out


# A terminal shows this much of one claim: a real claim is far shorter, and a claim of a
# million characters would take the terminal minutes to draw. JSON, Markdown and HTML hold it.
SHOWN_CHARS = 2000


def capped(runs: Sequence[tuple[str, bool]], limit: int = SHOWN_CHARS) -> list[tuple[str, bool]]:
    """Runs cut after ``limit`` characters, saying how many more there were.

    >>> capped([("abc", False), ("def", True)], 4)
    [('abc', False), ('d', True), (' … (2 more characters)', False)]
    """
    total = sum(len(text) for text, _ in runs)
    if total <= limit:
        return list(runs)
    out: list[tuple[str, bool]] = []
    room = limit
    for text, marked in runs:
        if room <= 0:
            break
        out.append((text[:room], marked))
        room -= len(text)
    out.append((f" … ({total - limit} more characters)", False))
    return out
