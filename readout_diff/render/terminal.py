"""The report for a person at a terminal, drawn with Rich (with ``grid_terminal``).

It leads with a headline and what the tool is sure of, then lists under **Check these** the
verdicts to read before use. Readout text is always wrapped in ``Text`` objects (never parsed
as markup) after control characters are removed, so a readout cannot restyle or hijack the
terminal. Without styles (piped, or ``--color never``) the marks are written into the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.text import Text

from readout_diff.model import Point, Report
from readout_diff.render.grid_terminal import Row, claim_text, grid, plain, presence, styled_runs
from readout_diff.render.text import SHOWN_CHARS, capped, clean, pieces, shorten, tie_words, trimmed
from readout_diff.render.trimmed import TrimmedLines, is_terminal
from readout_diff.render.view import (
    MUTUAL_LEAD,
    READER_JOINED,
    InSentence,
    Selection,
    check_groups,
    counted,
    difference_text,
    headline,
    in_sentences,
    language_note,
    more_hint,
    near_miss,
    nearest_lead,
    nearest_ties,
    no_candidate_words,
    only_in,
    ranked,
    reader_joined,
    rows_of,
    select,
    shared,
    skipped_lines,
    to_check,
)

# The nearest candidate of a claim to check is shown as long as the claim beside it (so the
# row grows no taller), and at least about two lines of a column at 80 columns; --explain
# shows it whole.
_NEAREST_ROOM = 50
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
    styles: bool = True,
) -> Console:
    """A console for stdout or a test buffer.

    ``color`` off keeps bold and reverse video, so the words that differ between two sides
    stay marked (the NO_COLOR convention: no colour, not no style); ``styles`` off prints no
    escape code at all, and the report writes its marks into the text instead. A stream
    that is not a terminal (a pipe, a file) gets no trailing blank on any line.
    """
    return _Console(
        file=file if is_terminal(file) else TrimmedLines(file),  # type: ignore[arg-type]
        width=width,
        no_color=not color,
        color_system="auto" if styles else None,
        force_terminal=force_terminal,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def render_terminal(
    report: Report,
    console: Console,
    *,
    hide_agreed: bool = False,
    side: str | None = None,
    explain: bool = False,
) -> None:
    """Print the report: headline, summary, sure one-sided claims and shared points, then
    the verdicts to check. ``explain`` adds every score, rule and tie; ``hide_agreed`` drops
    shared points on which the sides agree; ``side`` shows only what that side left out.
    """
    selection = select(report, hide_agreed=hide_agreed, side=side)
    styles = {r.name: _SIDE_STYLES[k % len(_SIDE_STYLES)] for k, r in enumerate(report.sides)}
    labels = {r.name: clean(r.label) for r in report.sides}
    title = Text("readout-diff: ", style="bold")
    title.append(clean(report.title or " vs ".join(labels[r.name] for r in report.sides)))
    console.print(title)
    console.print()
    console.print(
        hanging(console, [(Text(s), 0, 0) for s in headline(report, selection)]), soft_wrap=True
    )
    console.print()
    console.print(_summary_table(report, styles, labels, console.width))
    many = len(report.sides) > 2
    if many:
        # Under the table, not as its caption: a caption is centred on the table's width.
        lacks = Text("lacks: points every other side has and this one does not", style="italic")
        console.print(hanging(console, [(lacks, 0, 2)]), soft_wrap=True)
    for note in _notes(report, selection, labels):
        console.print(Text(note, style="italic"))
    points = selection.points
    if many and points and selection.side is None:
        console.print()
        console.print(presence(report, points, styles, console.width), soft_wrap=True)
        caption = "● the side has the point, · it does not; points most sides lack come first"
        console.print(hanging(console, [(Text(caption, style="italic"), 2, 2)]), soft_wrap=True)
    for readout in report.sides:
        if selection.side == readout.name:
            continue
        sure = only_in(points, readout.name, sure=True)
        unsure = only_in(points, readout.name, sure=False)
        console.print()
        heading = Text(f"Only in {labels[readout.name]} ", style=f"bold {styles[readout.name]}")
        heading.append(counted(sure, len(unsure)), style="bold")
        console.print(heading)
        if not sure and not unsure:
            console.print(Text("  none"))
        if sure:
            console.print(
                hanging(console, _one_sided(report, sure, console, explain)), soft_wrap=True
            )
    both = shared(points, sure=True)
    unsure_shared = shared(points, sure=False)
    if both or unsure_shared or selection.side is None:
        console.print()
        heading = Text("In both " if not many else "Shared points ", style="bold")
        heading.append(counted(both, len(unsure_shared)), style="bold")
        console.print(heading)
        if not both and not unsure_shared:
            console.print(Text("  none"))
        if both:
            items = [_shared_rows(p, report, styles, console, explain) for p in both]
            console.print(grid(console, _headers(report, styles, labels), items), soft_wrap=True)
    checks = to_check(report, points)
    if checks:
        console.print()
        heading = Text(f"Check these ({len(checks)})", style="bold")
        heading.append(": the tool is not sure of these verdicts; read both sides before use")
        if ranked(report, checks):
            heading.append(", the least likely to be right first")
        console.print(hanging(console, [(heading, 0, 2)]), soft_wrap=True)
        items = []
        for what, why, group in check_groups(report, points):
            head = Text("? ", style="bold yellow")
            head.append(clean(what), style="bold")
            if why:
                head.append(": " + why)
            shown = rows_of(group)
            whole = len(shown) < len(group)
            for k, point in enumerate(shown):
                rows = _check_rows(point, report, styles, console, explain, whole=whole)
                items.append([Row(span=head), *rows] if k == 0 else rows)
        console.print(grid(console, _headers(report, styles, labels), items), soft_wrap=True)
    skipped = _skipped_lines(report)
    if skipped:
        console.print()
        console.print(hanging(console, skipped), soft_wrap=True)
    console.print()
    if explain:
        settings = report.settings
        footer = (
            f"scorer {settings.scorer}, threshold {settings.threshold:.2f}, margin"
            f" {settings.margin:.2f}; scores run from 0 (nothing in common) to 1 (the same"
            " content words)"
        )
    else:
        footer = "Why each claim was paired or not: --explain. A page to share: --format html."
    if plain(console) and any(p.differences for p in report.points):
        # Without styles the words a difference names are bracketed: say how to read them.
        footer = (
            f"Words that differ are marked [-so-] in the {labels[report.sides[0].name]} readout and"
            f" {{+so+}} in the other{'s' if len(report.sides) > 2 else ''}. {footer}"
        )
    lone = [p for p in selection.points if len(p.present) == 1]
    if plain(console) and any(not item.whole for item in in_sentences(report, lone)):
        footer = f"{footer.rstrip('.')}. A claim shown inside its sentence is marked [[so]]."
    console.print(hanging(console, [(Text(footer, style="italic"), 0, 0)]), soft_wrap=True)


def _notes(report: Report, selection: Selection, labels: dict[str, str]) -> list[str]:
    notes = []
    if selection.side is not None:
        notes.append(f"Showing only what the {labels[selection.side]} readout left out (--side).")
    if selection.hidden_agreed:
        count = selection.hidden_agreed
        notes.append(
            f"{count} shared point{'' if count == 1 else 's'} on which the sides agree"
            f" {'is' if count == 1 else 'are'} hidden (--hide-agreed)."
        )
    language = language_note(report)
    if language is not None:
        notes.append(language)
    return notes


def _headers(report: Report, styles: dict[str, str], labels: dict[str, str]) -> list[Text]:
    return [Text(labels[r.name], style=f"bold {styles[r.name]}") for r in report.sides]


def _skipped_lines(report: Report) -> list[tuple[Text, int, int]]:
    """Lines read as a title, dateline or heading-like line rather than as claims."""
    lines: list[tuple[Text, int, int]] = []
    for readout, skipped, more in skipped_lines(report):
        if skipped is None:
            hint = clean(more_hint(readout))
            lines.append((Text(f"… and {more} more in {clean(readout.name)}: {hint}"), 0, 2))
            continue
        line = Text(f"not a claim: {clean(readout.name)} line {skipped.line} ({skipped.reason}): ")
        # Whole, never shortened: the reader checks that nothing was skipped that should count.
        line.append(clean(readout.text[skipped.start : skipped.end]), style="italic")
        lines.append((line, 0, 2))
    return lines


def _summary_table(
    report: Report, styles: dict[str, str], labels: dict[str, str], width: int
) -> RenderableType:
    """A row per side: claims, paired, only here (and lacks, with three sides or more).

    Drawn as lines of text, as Rich's table would draw it (a rule under the heads, three
    spaces between columns): importing that table costs more than the rest of a report.
    A table too wide for the screen becomes a label and a line of figures per side.
    """
    heads = ["side", "claims", "paired", "only here"]
    if len(report.sides) > 2:
        heads.append("lacks")
    rows = []
    for side in report.summary:
        numbers = [side.claims, side.matched, side.only]
        if len(report.sides) > 2:
            numbers.append(side.lacks)
        rows.append((side.name, [labels[side.name], *map(str, numbers)]))
    widths = [max(len(heads[k]), *(cell_len(r[k]) for _, r in rows)) for k in range(len(heads))]
    total = sum(widths) + 3 * (len(heads) - 1)
    if total > width:
        return _side_lines(heads, rows, styles)
    gap = "   "

    def line(cells: list[str], style: str | None = None, first: str | None = None) -> Text:
        text = Text()
        for k, cell in enumerate(cells):
            pad = " " * (widths[k] - cell_len(cell))
            if k:
                text.append(gap + pad)
            text.append(cell, style=first if k == 0 and first else style)
            if not k:
                text.append(pad)
        return text

    out = [line(heads, style="bold"), Text("─" * total)]
    out.extend(line(cells, first=styles[name]) for name, cells in rows)
    return Text("\n").join(out)


def _side_lines(
    heads: list[str], rows: list[tuple[str, list[str]]], styles: dict[str, str]
) -> RenderableType:
    """The side table for a screen too narrow for its columns: each side's label on a line
    of its own, its figures under it, so that neither a label nor a head is cut."""
    out = []
    for name, cells in rows:
        out.append(Text(cells[0], style=styles[name]))
        pairs = zip(heads[1:], cells[1:], strict=True)
        figures = ", ".join(f"{head} {value}" for head, value in pairs)
        out.append(Text("  " + figures))
    return Text("\n").join(out)


def _one_sided(
    report: Report, points: Sequence[Point], console: Console, explain: bool
) -> list[tuple[Text, int, int]]:
    """Each one-sided claim inside its sentence (the claim marked), then a word on its nearest
    candidate when it came close, or (with ``explain``) the rule that kept them apart.
    """
    by_claim = {p.claims[0].id: p for p in points}
    lines: list[tuple[Text, int, int]] = []
    for item in in_sentences(report, points):
        body = _in_sentence(item, console, explain)
        lines.append((Text("• ").append_text(body), 2, 4))
        for claim in item.claims:
            point = by_claim[claim.id]
            near = point.nearest
            if near is None:
                continue
            if explain:
                why = Text(f"{clean(claim.id)}: nearest ")
                if near.claim:
                    why.append(clean(near.claim), style="bold")
                    why.append(f" {clean(near.reason)}")
                    if near.words:
                        why.append(f"; shared: {clean(', '.join(near.words))}")
                else:
                    why.append(f"none: {clean(near.reason)}")
                lines.append((why, 4, 6))
            elif near_miss(point, report):
                partner = report.claims_by_id.get(near.claim)
                if partner is None:
                    continue
                where = "" if len(report.sides) == 2 else f" in {clean(report.label(partner.side))}"
                lead = f"{nearest_lead(point)}{where}: "
                room = console.width - 6 - len(lead) - 2
                why = Text(lead)
                why.append(f"«{shorten(clean(partner.text), max(20, room))}»", style="italic")
                lines.append((why, 4, 6))
    return lines


def _in_sentence(item: InSentence, console: Console, explain: bool) -> Text:
    """Claims inside their sentence, marked in bold (or ``[[…]]`` without styles), the rest of
    the sentence cut to a few words unless ``explain``."""
    runs = pieces(item.text, item.marks)
    runs = capped(runs if explain else trimmed(runs))
    if plain(console):
        return Text("".join(f"[[{t}]]" if is_marked else t for t, is_marked in runs))
    return styled_runs(runs, console, first=True, style="bold")


def _columns(point: Point, report: Report, console: Console, explain: bool) -> list[Text]:
    """A cell per side: the point's claims on the sides that have them, differences marked."""
    cells = []
    for k, readout in enumerate(report.sides):
        cell = Text()
        for claim in point.claims:
            if claim.side != readout.name:
                continue
            if cell.plain:
                cell.append("\n")
            if explain:
                cell.append(clean(claim.id) + " ", style="bold")
            cell.append_text(claim_text(claim, point, console, first=k == 0))
        cells.append(cell)
    return cells


def _shared_rows(
    point: Point, report: Report, styles: dict[str, str], console: Console, explain: bool
) -> list[Row]:
    rows = []
    if explain:
        rows.extend(_explained_links(point, report, styles))
    cells = _columns(point, report, console, explain)
    for cell, readout in zip(cells, report.sides, strict=True):
        if readout.name in point.missing:
            cell.append("not in this readout", style="italic")
    rows.append(Row(cells=tuple(cells)))
    if not explain and reader_joined(point):
        rows.append(Row(span=Text("✓ " + READER_JOINED, style="italic")))
    for difference in point.noted:
        line = Text("≠ ", style="bold yellow")
        line.append(difference.kind, style="bold")
        line.append(": " + clean(difference_text(report, difference)))
        rows.append(Row(span=line))
    return rows


def _explained_links(point: Point, report: Report, styles: dict[str, str]) -> list[Row]:
    head = Text(point.id, style="bold")
    several = len(point.links) > 1
    if point.score is not None:
        head.append(f"  {'weakest link' if several else 'score'} {point.score:.2f}")
    rules = sorted({link.rule for link in point.links if link.rule})
    if rules and not several:
        head.append(f" ({', '.join(rules)})")
    if point.missing:
        head.append("  · lacks " + ", ".join(clean(n) for n in point.missing))
    words = tie_words(point)[:8]
    if words:
        head.append("  tied by: " + clean(", ".join(words)))
    rows = [Row(span=head)]
    if several:
        for link in point.links:
            pair = Text()
            for k, claim_id in enumerate((link.left, link.right)):
                claim = report.claims_by_id.get(claim_id)
                pair.append(" ~ " if k else "  ")
                pair.append(clean(claim_id), style=styles[claim.side] if claim else "")
            pair.append(f"  {link.score:.2f} {link.rule}")
            rows.append(Row(span=pair))
    return rows


def _check_rows(
    point: Point,
    report: Report,
    styles: dict[str, str],
    console: Console,
    explain: bool,
    *,
    whole: bool = False,
) -> list[Row]:
    """An uncertain verdict: what was decided and why it is uncertain, then the claim beside
    its nearest candidate (a one-sided claim) or beside its partners (a shared point). With
    ``whole`` the nearest is a one-sided claim of its own, shown whole.
    """
    rows: list[Row] = []
    if len(point.present) > 1:
        return rows + _shared_rows(point, report, styles, console, explain)
    cells = _columns(point, report, console, explain)
    item = in_sentences(report, [point])[0]
    if not explain and not item.whole:
        # A clause is shown inside its sentence, as under Only in: never alone.
        where = next(k for k, r in enumerate(report.sides) if r.name == item.side)
        cells[where] = _in_sentence(item, console, explain)
    near = point.nearest
    partner = report.claims_by_id.get(near.claim) if near is not None and near.claim else None
    for cell, readout in zip(cells, report.sides, strict=True):
        if cell.plain:
            continue
        if partner is not None and partner.side == readout.name:
            cell.append(f"{MUTUAL_LEAD}: " if whole else "nearest: ", style="italic")
            if explain:
                cell.append(clean(partner.id) + " ", style="bold")
            text = clean(partner.text)
            room = max(_NEAREST_ROOM, len(point.claims[0].text))
            cell.append(shorten(text, SHOWN_CHARS if explain or whole else min(room, SHOWN_CHARS)))
            if not explain and (ties := nearest_ties(point)):
                cell.append(f"\n({ties})", style="italic")
        elif partner is None:
            cell.append(no_candidate_words(report), style="italic")
    rows.append(Row(cells=tuple(cells)))
    if explain and near is not None and near.claim:
        why = f"{point.id}: nearest {near.claim} {near.reason}"
        if near.words:
            why += f"; shared: {', '.join(near.words)}"
        rows.append(Row(span=Text(clean(why))))
    return rows


def hanging(console: Console, parts: list[tuple[Text, int, int]]) -> Text:
    """Wrap texts to the console width, each at its own first-line and later-line indent."""
    out = Text()
    for text, first, rest in parts:
        room = max(20, console.width - max(first, rest))
        if "\n" not in text.plain and text.cell_len <= room:
            # Most lines fit as they are; wrapping each costs more than all the rest.
            out.append(" " * first)
            out.append_text(text)
            out.append("\n")
            continue
        for k, line in enumerate(text.wrap(console, room)):
            line.rstrip()
            out.append(" " * (first if k == 0 else rest))
            out.append_text(line)
            out.append("\n")
    out.rstrip()
    return out
