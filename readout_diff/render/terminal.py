"""The report for a person at a terminal, drawn with Rich: the only module that imports it.

Readout text is always wrapped in ``Text`` objects (never parsed as markup) after control
characters are removed, so a readout cannot restyle or hijack the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readout_diff.model import Claim, Link, Point, Report
from readout_diff.render.text import clean, hidden_note, shorten, split_name, tie_words

_SIDE_STYLES = ("cyan", "magenta", "green", "yellow", "blue", "red")


class _Console(Console):
    """Rich's console, but a closed pipe is raised to the caller, which sets the exit status."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_console(
    file: object,
    *,
    color: bool = True,
    width: int | None = None,
    force_terminal: bool | None = None,
) -> Console:
    """A console for stdout or a test buffer; colour off when asked or not a terminal.

    Without colour, a terminal still shows bold and reverse video, so the words that differ
    between two sides stay marked (as the NO_COLOR convention asks: no colour, not no style).
    """
    return _Console(
        file=file,  # type: ignore[arg-type]
        width=width,
        no_color=not color,
        color_system="auto",
        force_terminal=force_terminal,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def render_terminal(report: Report, console: Console, *, only_differences: bool = False) -> None:
    """Print the report: summary, one section per side's one-sided claims, then shared points.

    With ``only_differences``, only the shared points whose claims differ are shown.
    """
    styles = {r.name: _SIDE_STYLES[k % len(_SIDE_STYLES)] for k, r in enumerate(report.sides)}
    labels = {r.name: clean(r.label) for r in report.sides}
    title = Text("readout-diff ", style="bold")
    title.append(clean(report.title or " vs ".join(labels[r.name] for r in report.sides)))
    console.print(title)
    console.print(_summary_table(report, styles, labels))
    if len(report.sides) > 2:
        # Under the table, not as its caption: a caption is centred on the table's width.
        lacks = Text("lacks: points every other side has and this one does not", style="dim")
        console.print(hanging(console, [(lacks, 0, 2)]), soft_wrap=True)
    skipped = _skipped_lines(report)
    if skipped:
        console.print(hanging(console, skipped), soft_wrap=True)
    shared = [p for p in report.points if len(p.present) > 1]
    if len(report.sides) > 2 and not only_differences:
        console.print()
        console.print(_matrix(report, list(report.points), styles, console.width), soft_wrap=True)
        caption = "● the side has the point, · it does not; points most sides lack come first"
        console.print(hanging(console, [(Text(caption, style="dim"), 2, 2)]), soft_wrap=True)
    if only_differences:
        console.print()
        for side in report.summary:
            console.print(Text(hidden_note(labels[side.name], side.only), style="dim"))
    else:
        for readout in report.sides:
            only = [p for p in report.points if p.only_on(readout.name)]
            console.print()
            heading = Text(f"Only in {labels[readout.name]} ", style=f"bold {styles[readout.name]}")
            heading.append(f"({len(only)})", style="bold")
            console.print(heading)
            if not only:
                console.print(Text("  none", style="dim"))
            else:
                # One Text for the whole section: printing it once is several times faster
                # than a renderable per claim.
                lines = [line for point in only for line in _one_sided(point, report, styles)]
                console.print(hanging(console, lines), soft_wrap=True)
    console.print()
    title_shared = "In both" if len(report.sides) == 2 else "Shared points"
    if only_differences:
        differing = [p for p in shared if p.differences]
        console.print(
            Text(
                f"{title_shared}, with differences ({len(differing)} of {len(shared)})",
                style="bold",
            )
        )
        if not differing:
            console.print(Text(f"  none of the {len(shared)} shared points differ", style="dim"))
        shared = differing
    else:
        console.print(Text(f"{title_shared} ({len(shared)})", style="bold"))
        if not shared:
            console.print(Text("  none", style="dim"))
    for point in shared:
        console.print(_shared(point, report, styles, labels, console), soft_wrap=True)
    settings = report.settings
    console.print()
    console.print(
        hanging(
            console,
            [
                (
                    Text(
                        f"scorer {settings.scorer}, threshold {settings.threshold:.2f}, "
                        f"margin {settings.margin:.2f}; scores run from 0 (nothing in common)"
                        " to 1 (the same content words)",
                        style="dim",
                    ),
                    0,
                    0,
                )
            ],
        )
    )


def _skipped_lines(report: Report) -> list[tuple[Text, int, int]]:
    """Lines read as a title, dateline or heading-like line rather than as claims."""
    lines: list[tuple[Text, int, int]] = []
    for readout in report.sides:
        for skipped in readout.skipped:
            if skipped.reason in ("heading", "rule"):
                continue
            line = Text(
                f"not a claim: {clean(readout.name)} line {skipped.line} ({skipped.reason}): "
            )
            # Whole, never shortened: the reader checks that nothing was skipped that should count.
            line.append(clean(readout.text[skipped.start : skipped.end]), style="italic")
            line.stylize("dim")
            lines.append((line, 0, 2))
    return lines


def _summary_table(report: Report, styles: dict[str, str], labels: dict[str, str]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("side")
    table.add_column("claims", justify="right")
    table.add_column("paired", justify="right")
    table.add_column("only here", justify="right")
    if len(report.sides) > 2:
        table.add_column("lacks", justify="right")
    for side in report.summary:
        row = [
            Text(labels[side.name], style=styles[side.name]),
            Text(str(side.claims)),
            Text(str(side.matched)),
            Text(str(side.only)),
        ]
        if len(report.sides) > 2:
            row.append(Text(str(side.lacks)))
        table.add_row(*row)
    return table


def _one_sided(point: Point, report: Report, styles: dict[str, str]) -> list[tuple[Text, int, int]]:
    """The claim, then why it has no partner: each a text, its first and its wrapped indent."""
    claim = point.claims[0]
    body = Text(claim.id, style=f"bold {styles[claim.side]}")
    body.append("  ")
    body.append(_highlighted(claim, point))
    parts = [(body, 2, 2)]
    near = point.nearest
    if near is not None:
        # Why a claim stands alone is what the reader checks: full strength, not dim.
        why = Text("nearest ")
        if near.claim:
            partner = report.claims_by_id.get(near.claim)
            why.append(clean(near.claim), style="bold")
            why.append(f" {clean(near.reason)}")
            if near.words:
                why.append(f"; shared: {clean(', '.join(near.words))}")
            if partner is not None:
                why.append(f"; «{shorten(clean(partner.text), 70)}»", style="italic")
        else:
            why.append(f"none: {clean(near.reason)}")
        parts.append((why, 4, 4))
    return parts


def hanging(console: Console, parts: list[tuple[Text, int, int]]) -> Text:
    """Wrap texts to the console width, each at its own first-line and later-line indent."""
    out = Text()
    for text, first, rest in parts:
        for k, line in enumerate(text.wrap(console, max(20, console.width - max(first, rest)))):
            line.rstrip()
            out.append(" " * (first if k == 0 else rest))
            out.append_text(line)
            out.append("\n")
    out.rstrip()
    return out


def _shared(
    point: Point, report: Report, styles: dict[str, str], labels: dict[str, str], console: Console
) -> Text:
    """One shared point: a head line, its links if several, its claims in a box, differences."""
    head = Text(f"{point.id}", style="bold")
    several = len(point.links) > 1
    if point.score is not None:
        head.append(f"  {'weakest link' if several else 'score'} {point.score:.2f}")
    rules = sorted({link.rule for link in point.links if link.rule})
    if rules and not several:
        head.append(f" ({', '.join(rules)})", style="dim")
    if point.missing:
        head.append("  · lacks ")
        for k, name in enumerate(point.missing):
            if k:
                head.append(", ")
            head.append(clean(name), style=styles[name])
    words = tie_words(point)[:8]
    if words:
        head.append("  tied by: ", style="dim")
        head.append(clean(", ".join(words)), style="dim")
    sides = [r.name for r in report.sides if r.name in point.present]
    by_side: dict[str, list[Claim]] = {name: [] for name in sides}
    for claim in point.claims:
        by_side[claim.side].append(claim)
    cells: list[Text] = []
    for name in sides:
        cell = Text()
        for k, claim in enumerate(by_side[name]):
            if k:
                cell.append("\n")
            cell.append(claim.id + " ", style="dim")
            cell.append(_highlighted(claim, point))
        cells.append(cell)
    headers = [Text(labels[name], style=f"bold {styles[name]}") for name in sides]
    lines: list[tuple[Text, int, int]] = [(head, 0, 4)]
    if several:
        pairs = [_link_pair(link, report, styles) for link in point.links]
        room = max(len(pair) for pair in pairs)
        for pair, link in zip(pairs, point.links, strict=True):
            pair.pad_right(room - len(pair))
            pair.append(f"  {link.score:.2f}")
            if link.rule:
                pair.append(f" {link.rule}", style="dim")
            lines.append((pair, 2, 6))
    heads = len(lines)
    for difference in point.differences:
        line = Text("≠ ", style="bold yellow")
        line.append(difference.kind, style="bold")
        line.append(": " + clean(difference.summary))
        lines.append((line, 2, 4))
    out = Text("\n")
    out.append_text(hanging(console, lines[:heads]))
    out.append("\n")
    out.append_text(_boxed(console, headers, cells))
    if len(lines) > heads:
        out.append("\n")
        out.append_text(hanging(console, lines[heads:]))
    return out


def _link_pair(link: Link, report: Report, styles: dict[str, str]) -> Text:
    """The two claims a link joins, each in its side's colour."""
    pair = Text()
    for k, claim_id in enumerate((link.left, link.right)):
        if k:
            pair.append(" ~ ")
        claim = report.claims_by_id.get(claim_id)
        pair.append(clean(claim_id), style=styles[claim.side] if claim is not None else "")
    return pair


def _boxed(console: Console, headers: list[Text], cells: list[Text]) -> Text:
    """Columns side by side in a rounded box, wrapped once each: far cheaper than a Table."""
    n = len(cells)
    inner = max(8, (console.width - 3 * n - 1) // n)

    def wrapped(text: Text) -> list[Text]:
        lines: list[Text] = []
        for paragraph in text.split("\n"):
            lines.extend(paragraph.wrap(console, inner))
        return lines

    def rows(columns: list[list[Text]]) -> Text:
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

    out = Text("╭" + "┬".join("─" * (inner + 2) for _ in range(n)) + "╮\n", style="dim")
    out.append_text(rows([wrapped(h) for h in headers]))
    out.append("├" + "┼".join("─" * (inner + 2) for _ in range(n)) + "┤\n", style="dim")
    out.append_text(rows([wrapped(c) for c in cells]))
    out.append("╰" + "┴".join("─" * (inner + 2) for _ in range(n)) + "╯", style="dim")
    return out


def _highlighted(claim: Claim, point: Point) -> Text:
    """The claim's text, with the words a difference names shown in reverse video."""
    marks: list[tuple[int, int]] = []
    for difference in point.differences:
        for side, start, end in difference.spans:
            if side == claim.side and claim.start <= start and end <= claim.end:
                marks.append((start - claim.start, end - claim.start))
    if not marks or clean(claim.text) != " ".join(claim.text.split()):
        # Highlights index the raw text; a claim with control characters is shown cleaned, whole.
        return Text(clean(claim.text))
    pieces: list[tuple[str, str]] = []
    cursor = 0
    for start, end in sorted(marks):
        if start < cursor:
            continue
        pieces.append((claim.text[cursor:start], ""))
        pieces.append((claim.text[start:end], "bold reverse"))
        cursor = end
    pieces.append((claim.text[cursor:], ""))
    text = Text()
    for raw, style in pieces:
        body = clean(raw)
        if raw[:1].isspace() and text.plain and not text.plain.endswith(" "):
            text.append(" ")
        if body:
            text.append(body, style=style)
        if raw[-1:].isspace() and text.plain and not text.plain.endswith(" "):
            text.append(" ")
    text.rstrip()
    return text


def _matrix(report: Report, points: Sequence[Point], styles: dict[str, str], width: int) -> Text:
    """One row per point, a column per side, the claim in the width left; rarest points first."""
    position = {p.id: k for k, p in enumerate(report.points)}
    ordered = sorted(points, key=lambda p: (-len(p.missing), position[p.id]))
    names = [clean(r.name) for r in report.sides]
    first = max(5, *(len(p.id) for p in ordered))

    def room_left(heads: list[list[str]]) -> int:
        return width - first - 4 - sum(max(len(part) for part in head) + 2 for head in heads)

    heads = [[shorten(name, 12)] for name in names]
    if room_left(heads) < 60:
        # The claim is what a row is read for: side names go on two lines to give it more room.
        heads = [[shorten(part, 12) for part in split_name(name)] for name in names]
    widths = [max(len(part) for part in head) for head in heads]
    room = max(1, room_left(heads))
    tall = max(len(head) for head in heads)
    out = Text("Presence", style="bold")
    for k in range(tall):
        line = Text("\n  " + ("point" if k == tall - 1 else "").ljust(first))
        for head, w, readout in zip(heads, widths, report.sides, strict=True):
            part = head[k - tall + len(head)] if k >= tall - len(head) else ""
            line.append("  ")
            line.append(part.center(w), style=styles[readout.name])
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
    return out
