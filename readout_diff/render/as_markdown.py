"""The report as Markdown: tables and lists for a newsroom page or a pull-request comment.

The same report as the terminal's: a headline, what the tool is sure of, then **Check these**.
Every piece of readout text is escaped, so a readout cannot inject markup into the page; the
words that differ between two sides, and a claim inside its sentence, are in bold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readout_diff.model import Claim, Point, Readout, Report
from readout_diff.render.text import (
    SHOWN_CHARS,
    capped,
    clean,
    pieces,
    shorten,
    tie_words,
    trimmed,
)
from readout_diff.render.view import (
    MUTUAL_LEAD,
    READER_JOINED,
    check_groups,
    counted,
    difference_marks,
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
)

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING = re.compile(r"^([#+=>-]|\d+[.)])")
_NEAREST_ROOM = 90


def escape(text: str) -> str:
    """Escape Markdown and HTML in untrusted text for a table cell or a list item.

    >>> print(escape("# a | b <script> `x` *y*"))
    \\# a \\| b &lt;script&gt; \\`x\\` \\*y\\*
    """
    return _LEADING.sub(r"\\\1", _inline(clean(text)))


def _inline(text: str) -> str:
    """Escape text already cleaned, inside a line: spaces kept, no leading-marker rule."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _bold_runs(runs: Sequence[tuple[str, bool]]) -> str:
    """Runs as escaped Markdown, the marked ones in bold, cut as the terminal cuts them
    (``SHOWN_CHARS``: a claim of 100,000 characters is no table cell)."""
    out = "".join(
        f"**{_inline(text)}**" if marked else _inline(text) for text, marked in capped(runs)
    )
    return _LEADING.sub(r"\\\1", out)


def render_markdown(
    report: Report, *, hide_agreed: bool = False, side: str | None = None, explain: bool = False
) -> str:
    """The whole report as one Markdown document; the options are the terminal report's."""
    selection = select(report, hide_agreed=hide_agreed, side=side)
    points = selection.points
    labels = {r.name: r.label for r in report.sides}
    many = len(report.sides) > 2
    out: list[str] = []
    title = report.title or " vs ".join(labels[r.name] for r in report.sides)
    out.extend([f"# readout-diff: {escape(title)}", ""])
    for sentence in headline(report, selection):
        out.extend([escape(sentence), ""])
    out.append("| side | source | claims | paired | only here |" + (" lacks |" if many else ""))
    out.append("|---|---|---:|---:|---:|" + ("---:|" if many else ""))
    for summary, readout in zip(report.summary, report.sides, strict=True):
        out.append(
            f"| {escape(labels[summary.name])} | {escape(readout.path)} | {summary.claims} |"
            f" {summary.matched} | {summary.only} |" + (f" {summary.lacks} |" if many else "")
        )
    out.append("")
    if many:
        out.extend(["_lacks_: points every other side has and this one does not.", ""])
    if selection.side is not None:
        label = escape(labels[selection.side])
        out.extend([f"_Showing only what the {label} readout left out (--side)._", ""])
    if selection.hidden_agreed:
        n = selection.hidden_agreed
        out.extend(
            [
                f"_{n} shared point{'' if n == 1 else 's'} on which the sides agree"
                f" {'is' if n == 1 else 'are'} hidden (--hide-agreed)._",
                "",
            ]
        )
    language = language_note(report)
    if language is not None:
        out.extend([f"_{escape(language)}_", ""])
    if many and points and selection.side is None:
        out.extend(_matrix(report, points))
    for readout in report.sides:
        if readout.name == selection.side:
            continue
        sure = only_in(points, readout.name, sure=True)
        unsure = only_in(points, readout.name, sure=False)
        out.extend([f"## Only in {escape(readout.label)} {counted(sure, len(unsure))}", ""])
        if not sure and not unsure:
            out.extend(["_none_", ""])
        if sure:
            out.extend(_one_sided(report, sure, explain))
            out.append("")
    sure_shared, unsure_shared = shared(points, sure=True), shared(points, sure=False)
    if sure_shared or unsure_shared or selection.side is None:
        heading = "In both" if not many else "Shared points"
        out.extend([f"## {heading} {counted(sure_shared, len(unsure_shared))}", ""])
        if not sure_shared and not unsure_shared:
            out.extend(["_none_", ""])
        if sure_shared:
            out.extend(_table(report, sure_shared, explain))
    groups = check_groups(report, points)
    if groups:
        total = sum(len(group) for _, _, group in groups)
        out.extend(
            [
                f"## Check these ({total})",
                "",
                "The tool is not sure of these verdicts: read both sides before use"
                + (", the least likely to be right first." if ranked(report, points) else "."),
                "",
            ]
        )
        for what, why, group in groups:
            heading = what[:1].upper() + what[1:] + (f": {why}" if why else "")
            out.extend([f"### {escape(heading)}", ""])
            rows = rows_of(group)
            out.extend(_table(report, rows, explain, whole=len(rows) < len(group)))
    skipped = _skipped(report)
    if skipped:
        out.extend(["## Not read as claims", "", *skipped, ""])
    if explain:
        settings = report.settings
        out.append(
            f"_scorer {settings.scorer}, threshold {settings.threshold:.2f}, margin"
            f" {settings.margin:.2f}; scores run from 0 (nothing in common) to 1 (the same"
            " content words)_"
        )
    return "\n".join(out).rstrip() + "\n"


def _skipped(report: Report) -> list[str]:
    lines = []
    for readout, skipped, more in skipped_lines(report):
        if skipped is None:
            lines.append(
                f"- … and {more} more in {escape(readout.name)}; {escape(more_hint(readout))}"
            )
            continue
        text = escape(readout.text[skipped.start : skipped.end])
        lines.append(
            f"- {escape(readout.name)} line {skipped.line} ({escape(skipped.reason)}): {text}"
        )
    return lines


def _one_sided(report: Report, points: Sequence[Point], explain: bool) -> list[str]:
    """Each one-sided claim inside its sentence, the claim in bold; a word on a near miss."""
    by_claim = {p.claims[0].id: p for p in points}
    lines = []
    for item in in_sentences(report, points):
        runs = pieces(item.text, item.marks)
        lines.append(f"- {_bold_runs(runs if explain else trimmed(runs))}")
        for claim in item.claims:
            near = by_claim[claim.id].nearest
            if near is None:
                continue
            if explain:
                found = f"{near.claim} {near.reason}" if near.claim else f"none: {near.reason}"
                why = f"{claim.id}: nearest {found}"
                if near.words:
                    why += f"; shared: {', '.join(near.words)}"
                lines.append(f"  - {escape(why)}")
            elif near_miss(by_claim[claim.id], report):
                partner = report.claims_by_id.get(near.claim)
                if partner is not None:
                    text = shorten(clean(partner.text), _NEAREST_ROOM)
                    many = len(report.sides) > 2
                    where = f" in {escape(report.label(partner.side))}" if many else ""
                    lead = nearest_lead(by_claim[claim.id])
                    lines.append(f"  - _{lead}{where}:_ «{escape(text)}»")
    return lines


def _cell(claim: Claim, point: Point, explain: bool) -> str:
    text = _bold_runs(pieces(claim.text, difference_marks(claim, point)))
    return f"{escape(claim.id)} {text}" if explain else text


def _table(
    report: Report, points: Sequence[Point], explain: bool, *, whole: bool = False
) -> list[str]:
    """Points side by side, a column per side; a one-sided claim beside its nearest candidate
    (with ``whole``, a one-sided claim of its own, shown whole)."""
    differ = any(p.noted for p in points)
    head = ["point"] if explain else []
    head += [escape(r.label) for r in report.sides]
    head += ["differences"] if differ else []
    head += ["how it was decided"] if explain else []
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for point in points:
        row = [point.id] if explain else []
        near = point.nearest
        partner = report.claims_by_id.get(near.claim) if near and near.claim else None
        for readout in report.sides:
            cells = [_cell(c, point, explain) for c in point.claims if c.side == readout.name]
            if not cells and partner is not None and partner.side == readout.name:
                text = clean(partner.text)
                text = shorten(text, SHOWN_CHARS if explain or whole else _NEAREST_ROOM)
                lead = f"_{MUTUAL_LEAD}:_ " if whole else "_nearest:_ "
                cells = [f"{lead}{escape(partner.id) + ' ' if explain else ''}{_inline(text)}"]
                if not explain and (ties := nearest_ties(point)):
                    cells[0] += f" _({escape(ties)})_"
            elif not cells and len(point.present) > 1:
                cells = ["_not in this readout_"]
            elif not cells and near is not None and partner is None:
                cells = [f"_{no_candidate_words(report)}_"]
            # Two clauses of one side in a cell: a slash, as a table cell holds no line break.
            row.append(" / ".join(cells) or " ")
        if not explain and reader_joined(point):
            row[-1] += f" _({READER_JOINED})_"
        if differ:
            row.append(
                "; ".join(
                    f"≠ **{escape(d.kind)}**: {escape(difference_text(report, d))}"
                    for d in point.noted
                )
                or " "
            )
        if explain:
            row.append(escape(_how(point)))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    return lines


def _how(point: Point) -> str:
    if len(point.present) == 1:
        near = point.nearest
        if near is None:
            return ""
        return f"nearest {near.claim} {near.reason}" if near.claim else near.reason
    parts = [f"{k.left} ~ {k.right}: {k.score:.2f}, {k.rule}" for k in point.links]
    words = tie_words(point)
    if words:
        parts.append("tied by: " + ", ".join(words))
    return "; ".join(parts)


def _matrix(report: Report, points: Sequence[Point]) -> list[str]:
    names = [r.name for r in report.sides]
    position = {p.id: k for k, p in enumerate(report.points)}
    ordered = sorted(points, key=lambda p: (-len(p.missing), position[p.id]))
    lines = ["## Presence", "", "● the side has the point; points most sides lack come first.", ""]
    lines.append("| point | " + " | ".join(escape(r.label) for r in report.sides) + " | claim |")
    lines.append("|---|" + "---|" * len(names) + "---|")
    for point in ordered:
        marks = " | ".join("●" if n in point.present else " " for n in names)
        claim = escape(shorten(clean(point.claims[0].text), 80))
        lines.append(f"| {point.id} | {marks} | {claim} |")
    lines.append("")
    return lines


def render_claims(readout: Readout) -> str:
    """How one readout was split, as a Markdown table."""
    lines = [f"# Claims of {escape(readout.label)} ({escape(readout.path)})", ""]
    lines.append("| id | line | span | text |")
    lines.append("|---|---:|---|---|")
    for claim in readout.claims:
        span = f"{claim.start}-{claim.end}"
        lines.append(f"| {escape(claim.id)} | {claim.line} | {span} | {escape(claim.text)} |")
    if readout.skipped:
        lines.extend(["", "Skipped as metadata:", ""])
        for skipped in readout.skipped:
            text = escape(readout.text[skipped.start : skipped.end])
            lines.append(f"- line {skipped.line} ({escape(skipped.reason)}): {text}")
    if readout.dropped:
        lines.extend(["", "Dropped from the page:", ""])
        for dropped in readout.dropped:
            text = escape(" · ".join(dropped.texts))
            lines.append(f"- {escape(dropped.reason)}: {text}")
    return "\n".join(lines) + "\n"
