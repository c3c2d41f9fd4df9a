"""Boxes of claims side by side for the terminal report: one column per side, with rows that
span the box for what concerns the whole point (a difference, why a verdict is uncertain);
and the presence table of a report of three or more sides.

Readout text reaches Rich only as ``Text`` built from cleaned runs, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from readout_diff.model import Claim, Point, Report
from readout_diff.render.text import capped, clean, pieces, shorten, split_name, wdiff
from readout_diff.render.view import difference_marks

MARKED = "bold reverse"


@dataclass(frozen=True)
class Row:
    """One row of a box: a cell per column, or one text across the whole box."""

    cells: tuple[Text, ...] = ()
    span: Text | None = None


def plain(console: Console) -> bool:
    """True when the console prints no styles at all, so marks must be written in the text."""
    return console.color_system is None


def claim_text(claim: Claim, point: Point, console: Console, *, first: bool) -> Text:
    """A claim with the words a difference names marked: reverse video, or ``[-..-]``/``{+..+}``
    when the output has no styles (``first`` says which: the first side shown, or another).
    """
    return marked(claim.text, difference_marks(claim, point), console, first=first)


def marked(
    raw: str, marks: Sequence[tuple[int, int]], console: Console, *, first: bool, style: str = ""
) -> Text:
    """``raw`` cleaned, the ``marks`` in ``style`` (reverse video by default) or in brackets;
    at most ``SHOWN_CHARS`` of it."""
    return styled_runs(capped(pieces(raw, marks)), console, first=first, style=style)


def styled_runs(
    runs: Sequence[tuple[str, bool]], console: Console, *, first: bool, style: str = ""
) -> Text:
    """Runs of text as a ``Text``, the marked ones in ``style`` or, without styles, in brackets."""
    if plain(console):
        return Text(wdiff(runs, first=first))
    text = Text()
    for body, is_marked in runs:
        text.append(body, style=(style or MARKED) if is_marked else "")
    return text


def grid(console: Console, headers: Sequence[Text], items: Sequence[Sequence[Row]]) -> Text:
    """Columns side by side in a rounded box, items parted by rules: far cheaper than a Table.

    Each column is wrapped once to its width; a spanning row is wrapped to the whole box.
    """
    n = len(headers)
    inner = max(8, (console.width - 3 * n - 1) // n)
    across = n * inner + 3 * (n - 1)

    def rule(left: str, join: str, right: str) -> Text:
        return Text(left + join.join("─" * (inner + 2) for _ in range(n)) + right + "\n", "dim")

    def junction(above: bool, below: bool) -> str:
        return {(True, True): "┼", (True, False): "┴", (False, True): "┬"}.get((above, below), "─")

    def cell_rows(cells: Sequence[Text]) -> Text:
        columns = [_wrapped(console, cell, inner) for cell in cells]
        out = Text()
        for k in range(max(len(c) for c in columns)):
            out.append("│", style="dim")
            for column in columns:
                piece = column[k].copy() if k < len(column) else Text("")
                piece.rstrip()
                piece.truncate(inner, overflow="ellipsis", pad=True)
                out.append(" ")
                out.append_text(piece)
                out.append(" │", style="dim")
            out.append("\n")
        return out

    def span_rows(text: Text) -> Text:
        out = Text()
        for line in _wrapped(console, text, across):
            line.rstrip()
            line.truncate(across, overflow="ellipsis", pad=True)
            out.append("│ ", style="dim")
            out.append_text(line)
            out.append(" │\n", style="dim")
        return out

    # Not ``out = rule(...)``: a Text made with a style lends it to all that is appended.
    out = Text()
    out.append_text(rule("╭", "┬", "╮"))
    out.append_text(cell_rows(headers))
    above = True
    for item in items:
        if not item:
            continue
        below = item[0].span is None
        out.append_text(rule("├", junction(above, below), "┤"))
        for row in item:
            out.append_text(span_rows(row.span) if row.span is not None else cell_rows(row.cells))
        above = item[-1].span is None
    if above:
        out.append_text(rule("╰", "┴", "╯"))
    else:
        out.append(Text("╰" + "─" * (across + 2) + "╯\n", "dim"))
    out.rstrip()
    return out


def _wrapped(console: Console, text: Text, width: int) -> list[Text]:
    lines: list[Text] = []
    for paragraph in text.split("\n"):
        lines.extend(paragraph.wrap(console, width))
    return lines or [Text("")]


_CLAIM_ROOM = 16  # the columns a presence row keeps for its claim, when the screen allows


def fit_cells(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` columns of a terminal (a wide character takes two),
    ending with an ellipsis when cut.

    >>> fit_cells("white-house", 12), fit_cells("中华人民共和国外交部", 7)
    ('white-house', '中华人…')
    """
    if cell_len(text) <= cells:
        return text
    if cells < 1:
        return ""
    if all(cell_len(ch) == 1 for ch in text):
        return shorten(text, cells)
    out = ""
    for ch in text:
        if cell_len(out + ch) > cells - 1:
            break
        out += ch
    return out + "…"


def presence(report: Report, points: Sequence[Point], styles: dict[str, str], width: int) -> Text:
    """One row per point, a column per side, the claim in the width left; rarest points first."""
    position = {p.id: k for k, p in enumerate(report.points)}
    ordered = sorted(points, key=lambda p: (-len(p.missing), position[p.id]))
    names = [clean(r.name) for r in report.sides]
    first = max(5, *(len(p.id) for p in ordered))

    def room_left(heads: list[list[str]]) -> int:
        return width - first - 4 - sum(max(cell_len(p) for p in head) + 2 for head in heads)

    # A side's head takes at most 12 columns, fewer when the screen is narrow, so that
    # the row keeps room for some of its claim and never runs past the width.
    cap = min(12, (width - first - 4 - _CLAIM_ROOM) // max(1, len(names)) - 2)
    numbered = cap < 3  # too many sides for their names: numbers, named under the table
    heads = [[str(k + 1) if numbered else fit_cells(name, cap)] for k, name in enumerate(names)]
    if not numbered and room_left(heads) < 60:
        # The claim is what a row is read for: side names go on two lines to give it more room.
        heads = [[fit_cells(part, cap) for part in split_name(name)] for name in names]
    widths = [max(cell_len(part) for part in head) for head in heads]
    room = max(1, room_left(heads))
    tall = max(len(head) for head in heads)
    out = Text("Presence", style="bold")
    for k in range(tall):
        line = Text("\n  " + ("point" if k == tall - 1 else "").ljust(first))
        for head, w, readout in zip(heads, widths, report.sides, strict=True):
            part = head[k - tall + len(head)] if k >= tall - len(head) else ""
            line.append("  ")
            pad = w - cell_len(part)
            line.append(
                " " * (pad // 2) + part + " " * (pad - pad // 2), style=styles[readout.name]
            )
        line.append("  claim" if k == tall - 1 else "")
        line.rstrip()
        out.append_text(line)
    out.append("\n  " + "─" * (width - 2), style="dim")
    for point in ordered:
        out.append(f"\n  {point.id:<{first}}")
        for w, readout in zip(widths, report.sides, strict=True):
            here = readout.name in point.present
            out.append("  " + " " * ((w - 1) // 2))
            out.append("●" if here else "·", style=styles[readout.name] if here else "dim")
            out.append(" " * (w // 2))
        claim = Text(shorten(clean(point.claims[0].text), room))
        claim.truncate(room, overflow="ellipsis")
        out.append("  ")
        out.append_text(claim)
    if numbered:
        for k, (name, readout) in enumerate(zip(names, report.sides, strict=True), 1):
            out.append(f"\n  {k}  ", style=styles[readout.name])
            out.append(fit_cells(name, max(1, width - 6 - len(str(k)))))
    return out
