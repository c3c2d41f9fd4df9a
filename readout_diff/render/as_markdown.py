"""The report as Markdown: tables and lists for a newsroom page or a pull-request comment.

Every piece of readout text is escaped, so a readout cannot inject markup into the page.
"""

from __future__ import annotations

import re

from readout_diff.model import Point, Readout, Report
from readout_diff.render.text import clean

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
    """The whole report as one Markdown document."""
    labels = {r.name: r.label for r in report.sides}
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
    points = (
        [p for p in report.points if p.differences] if only_differences else list(report.points)
    )
    if len(report.sides) > 2:
        out.extend(_matrix(report, points))
    if not only_differences:
        for readout in report.sides:
            only = [p for p in points if p.present == (readout.name,) and p.missing]
            out.append(f"## Only in {escape(readout.label)} ({len(only)})")
            out.append("")
            for point in only:
                claim = point.claims[0]
                out.append(f"- **{escape(claim.id)}** {escape(claim.text)}")
                if point.nearest is not None:
                    near = point.nearest
                    target = f"{escape(near.claim)} " if near.claim else ""
                    out.append(f"  - nearest: {target}({near.score:.2f}): {escape(near.reason)}")
            if not only:
                out.append("_none_")
            out.append("")
    shared = [p for p in points if len(p.present) > 1]
    heading = "In both" if len(report.sides) == 2 else "Shared points"
    out.append(f"## {heading} ({len(shared)})")
    out.append("")
    for point in shared:
        out.extend(_shared(point, report))
    return "\n".join(out).rstrip() + "\n"


def _shared(point: Point, report: Report) -> list[str]:
    labels = {r.name: r.label for r in report.sides}
    score = f"{point.score:.2f}" if point.score is not None else "-"
    lines = [f"### {point.id} (score {score})", ""]
    lines.append("| side | claim |")
    lines.append("|---|---|")
    for claim in point.claims:
        lines.append(f"| {escape(labels[claim.side])} | {escape(claim.text)} |")
    lines.append("")
    words = sorted({w for link in point.links for w in link.words})
    if words:
        lines.append(f"Tied by: {escape(', '.join(words))}")
        lines.append("")
    for difference in point.differences:
        lines.append(f"- **{escape(difference.kind)}**: {escape(difference.summary)}")
    if point.differences:
        lines.append("")
    return lines


def _matrix(report: Report, points: list[Point]) -> list[str]:
    names = [r.name for r in report.sides]
    position = {p.id: k for k, p in enumerate(report.points)}
    ordered = sorted(points, key=lambda p: (-len(p.missing), position[p.id]))
    lines = ["## Presence", ""]
    lines.append("| point | " + " | ".join(escape(r.label) for r in report.sides) + " | claim |")
    lines.append("|---|" + "---|" * len(names) + "---|")
    for point in ordered:
        marks = " | ".join("●" if n in point.present else " " for n in names)
        lines.append(f"| {point.id} | {marks} | {escape(point.claims[0].text[:80])} |")
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
    return "\n".join(lines) + "\n"
