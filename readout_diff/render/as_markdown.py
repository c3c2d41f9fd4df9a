"""The report as Markdown: tables and lists for a newsroom page or a pull-request comment.

Every piece of readout text is escaped, so a readout cannot inject markup into the page.
"""

from __future__ import annotations

import re

from readout_diff.model import Point, Readout, Report
from readout_diff.render.text import clean, hidden_note, shorten, tie_words

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING = re.compile(r"^([#+=>-]|\d+[.)])")


def escape(text: str) -> str:
    """Escape Markdown and HTML in untrusted text for a table cell or a list item.

    >>> print(escape("# a | b <script> `x` *y*"))
    \\# a \\| b &lt;script&gt; \\`x\\` \\*y\\*
    """
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LEADING.sub(r"\\\1", _SPECIAL.sub(r"\\\1", text))


def render_markdown(report: Report, *, only_differences: bool = False) -> str:
    """The whole report as one Markdown document (only differing shared points if asked)."""
    labels = {r.name: r.label for r in report.sides}
    texts = {c.id: c.text for r in report.sides for c in r.claims}
    out: list[str] = []
    title = report.title or " vs ".join(labels[r.name] for r in report.sides)
    out.append(f"# readout-diff: {escape(title)}")
    out.append("")
    many = len(report.sides) > 2
    out.append("| side | source | claims | paired | only here |" + (" lacks |" if many else ""))
    out.append("|---|---|---:|---:|---:|" + ("---:|" if many else ""))
    for side, readout in zip(report.summary, report.sides, strict=True):
        out.append(
            f"| {escape(labels[side.name])} | {escape(readout.path)} | {side.claims} |"
            f" {side.matched} | {side.only} |" + (f" {side.lacks} |" if many else "")
        )
    out.append("")
    if many:
        out.append("_lacks_: points every other side has and this one does not.")
        out.append("")
    for readout in report.sides:
        for skipped in readout.skipped:
            if skipped.reason not in ("heading", "rule"):
                line = escape(readout.text[skipped.start : skipped.end])
                out.append(
                    f"- not a claim: {escape(readout.name)} line {skipped.line}"
                    f" ({escape(skipped.reason)}): {line}"
                )
    if out[-1] != "":
        out.append("")
    shared = [p for p in report.points if len(p.present) > 1]
    if many and not only_differences:
        out.extend(_matrix(report, list(report.points)))
    if only_differences:
        for side in report.summary:
            note = hidden_note(report.label(side.name), side.only)
            out.extend([f"_{escape(note)}_", ""])
    else:
        for readout in report.sides:
            only = [p for p in report.points if p.only_on(readout.name)]
            out.append(f"## Only in {escape(readout.label)} ({len(only)})")
            out.append("")
            for point in only:
                out.extend(_one_sided(point, texts))
            if not only:
                out.append("_none_")
            out.append("")
    heading = "In both" if not many else "Shared points"
    if only_differences:
        differing = [p for p in shared if p.differences]
        out.append(f"## {heading}, with differences ({len(differing)} of {len(shared)})")
        out.append("")
        if not differing:
            out.append(f"_none of the {len(shared)} shared points differ_")
            out.append("")
        shared = differing
    else:
        out.append(f"## {heading} ({len(shared)})")
        out.append("")
    for point in shared:
        out.extend(_shared(point, report))
    return "\n".join(out).rstrip() + "\n"


def _one_sided(point: Point, texts: dict[str, str]) -> list[str]:
    claim = point.claims[0]
    lines = [f"- **{escape(claim.id)}** {escape(claim.text)}"]
    near = point.nearest
    if near is None:
        return lines
    if not near.claim:
        lines.append(f"  - nearest: none: {escape(near.reason)}")
        return lines
    line = f"  - nearest: **{escape(near.claim)}** {escape(near.reason)}"
    if near.words:
        line += f"; shared: {escape(', '.join(near.words))}"
    partner = texts.get(near.claim)
    if partner is not None:
        line += f"; «{escape(shorten(clean(partner), 90))}»"
    lines.append(line)
    return lines


def _shared(point: Point, report: Report) -> list[str]:
    labels = {r.name: r.label for r in report.sides}
    score = f"{point.score:.2f}" if point.score is not None else "-"
    several = len(point.links) > 1
    rules = sorted({link.rule for link in point.links if link.rule})
    how = f", {', '.join(rules)}" if rules and not several else ""
    if point.missing:
        how += f"; lacks {', '.join(labels[name] for name in point.missing)}"
    lines = [f"### {point.id} ({'weakest link' if several else 'score'} {score}{escape(how)})", ""]
    if several:
        for link in point.links:
            rule = f", {link.rule}" if link.rule else ""
            lines.append(f"- {escape(f'{link.left} ~ {link.right}: {link.score:.2f}{rule}')}")
        lines.append("")
    lines.append("| side | claim | text |")
    lines.append("|---|---|---|")
    for claim in point.claims:
        lines.append(
            f"| {escape(labels[claim.side])} | {escape(claim.id)} | {escape(claim.text)} |"
        )
    lines.append("")
    words = tie_words(point)
    if words:
        lines.append(f"Tied by: {escape(', '.join(words))}")
        lines.append("")
    for difference in point.differences:
        lines.append(f"- ≠ **{escape(difference.kind)}**: {escape(difference.summary)}")
    if point.differences:
        lines.append("")
    return lines


def _matrix(report: Report, points: list[Point]) -> list[str]:
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
