r"""A readout's text as the blocks a reader sees: headings, paragraphs and list items.

For the HTML report, which shows each readout in source order. A blank line ends a block; a
list item starts one (its marker is not shown), as does a line the splitter skipped whole
(a heading, a title, a dateline, a speaker); a rule shows nothing. A heading is shown without
its ``#`` markers. A block boundary never falls inside a claim, and the claims of a YAML
``claims:`` list are a block each. Pure: a Readout in, offsets out.

>>> from readout_diff.readouts import readout_from_text
>>> r = readout_from_text("# Call\n\nThey met.\nThey spoke.\n\n- Trade.", name="a")
>>> [(b.kind, r.text[b.start : b.end]) for b in text_blocks(r)]
[('heading', 'Call'), ('paragraph', 'They met.\nThey spoke.'), ('item', 'Trade.')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from readout_diff.model import Readout, Skipped

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_HEADING_MARKS = re.compile(r"#{1,6}[ \t]*")
_CLOSING_MARKS = re.compile(r"[ \t]+#+$")
# The list markers the splitter reads (segment.py): a bullet, a number, a letter.
_ITEM = re.compile(r"[ \t]*(?:(?P<bullet>[-*+•‣▪–])|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+(?=\S)")


@dataclass(frozen=True, slots=True)
class TextBlock:
    """``text[start:end]`` is shown as one block: ``heading``, ``paragraph``, ``item`` (a
    bulleted list item) or ``numbered`` (a numbered or lettered one)."""

    kind: str
    start: int
    end: int


def text_blocks(readout: Readout) -> list[TextBlock]:
    """The blocks of ``readout.text`` in order, each trimmed of its markers and spaces."""
    text = readout.text
    spans = sorted((c.start, c.end) for c in readout.claims)
    starts = [a for a, _ in spans]
    whole = _whole_lines(text, readout.skipped)
    each_line = readout.span_base == "yaml-claims"
    blocks: list[TextBlock] = []
    current: TextBlock | None = None  # the paragraph or item being read
    for match in _LINE.finditer(text):
        raw = match.group().rstrip("\r\n")
        begin = match.start() + len(raw) - len(raw.lstrip())
        end = match.start() + len(raw.rstrip())
        k = bisect_right(starts, begin) - 1
        inside = k >= 0 and spans[k][0] < begin < spans[k][1]
        if (
            current is not None
            and raw.strip()
            and (
                inside or not _starts_block(text, match.start(), raw, begin, end, whole, each_line)
            )
        ):
            current = TextBlock(current.kind, current.start, end)
            continue
        if current is not None:
            blocks.append(current)
            current = None
        if not raw.strip():
            continue
        reason = whole.get(begin)
        item = _ITEM.match(text, match.start(), match.start() + len(raw))
        if reason is not None and reason[0] == end:
            if reason[1] == "heading":
                marks = _HEADING_MARKS.match(text, begin)
                start = marks.end() if marks else begin
                shown = _CLOSING_MARKS.sub("", text[start:end])
                blocks.append(TextBlock("heading", start, start + len(shown)))
            elif reason[1] != "rule":
                blocks.append(TextBlock("paragraph", begin, end))
        elif item and not inside:
            current = TextBlock("item" if item.group("bullet") else "numbered", item.end(), end)
        else:
            current = TextBlock("paragraph", begin, end)
    if current is not None:
        blocks.append(current)
    return blocks


def _starts_block(
    text: str,
    line_start: int,
    raw: str,
    begin: int,
    end: int,
    whole: dict[int, tuple[int, str]],
    each_line: bool,
) -> bool:
    """True when a line opens a block of its own: an item, a line skipped whole, a claim of
    a YAML list."""
    reason = whole.get(begin)
    if each_line or (reason is not None and reason[0] == end):
        return True
    return _ITEM.match(text, line_start, line_start + len(raw)) is not None


def _whole_lines(text: str, skipped: tuple[Skipped, ...]) -> dict[int, tuple[int, str]]:
    """Skipped stretches by where they start: their end and reason."""
    return {s.start: (s.end, s.reason) for s in skipped}
