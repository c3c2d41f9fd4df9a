"""The report as one self-contained HTML page, to share with editors or publish.

The headline and summary, then each side's readout in its own column in source order: each
claim marked as one-sided or shared, with how sure the tool is of that verdict; a shared claim
links to its partners (pointing at it or following the link lights up the whole point) and
the words that differ are highlighted. Then the verdicts to check, side by side. Inline CSS,
no external asset and no script. Every piece of readout text is escaped.
"""

from __future__ import annotations

import re
from html import escape as _escape

from readout_diff import __version__
from readout_diff.model import Claim, Point, Readout, Report
from readout_diff.render.blocks import text_blocks
from readout_diff.render.html_style import STYLE
from readout_diff.render.text import SHOWN_CHARS, clean, pieces, shorten
from readout_diff.render.view import (
    MUTUAL_LEAD,
    READER_JOINED,
    check_groups,
    difference_marks,
    difference_text,
    headline,
    language_note,
    more_hint,
    nearest_ties,
    ranked,
    reader_joined,
    reason_words,
    rows_of,
    select,
    skipped_lines,
    verdict,
)
from readout_diff.verdicts import mutual_nearest

_SAFE_ID = re.compile(r"[A-Za-z][\w-]*")
_NEAREST_ROOM = 140


def esc(text: str) -> str:
    """Text cleaned of control characters and escaped for HTML text or a quoted attribute.

    >>> esc('<b title="x">&\\x1b[31m')
    '&lt;b title=&quot;x&quot;&gt;&amp;'
    """
    return _escape(clean(text), quote=True)


class _Ids:
    """Safe, unique element ids: claims by side and position, points by their own id."""

    def __init__(self, report: Report) -> None:
        self.claim = {
            c.id: f"c{s}-{i}" for s, r in enumerate(report.sides) for i, c in enumerate(r.claims)
        }
        self.token = {p.id: f"k{k}" for k, p in enumerate(report.points)}
        self.point = {
            p.id: p.id if _SAFE_ID.fullmatch(p.id) and not p.id.startswith("c") else f"point-{k}"
            for k, p in enumerate(report.points)
        }


def render_html(report: Report) -> str:
    """The whole report as one HTML document (a string ending in a newline)."""
    ids = _Ids(report)
    of_claim = {c.id: p for p in report.points for c in p.claims}
    labels = {r.name: r.label for r in report.sides}
    title = report.title or " vs ".join(labels[r.name] for r in report.sides)
    selection = select(report)
    out = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="readout-diff {esc(__version__)}">',
        f"<title>readout-diff: {esc(title)}</title>",
        f"<style>{STYLE}{_point_rules(report, ids)}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="sub">{esc(" vs ".join(labels[r.name] for r in report.sides))}'
        " · compared claim by claim by readout-diff</p>",
        '<section class="headline">',
        *(f"<p>{esc(sentence)}</p>" for sentence in headline(report, selection)),
        *(f"<p><em>{esc(note)}</em></p>" for note in [language_note(report)] if note),
        "</section>",
        *_summary(report),
        _legend(),
        "</header>",
        f'<main class="cols" style="--n:{len(report.sides)}">',
    ]
    for readout in report.sides:
        out.append(_column(readout, report, of_claim, ids))
    out.append("</main>")
    out.extend(_differences(report, ids))
    out.extend(_checks(report, ids))
    out.extend(_skipped(report))
    settings = report.settings
    out.append(
        f"<footer><p>readout-diff {esc(__version__)}: scorer {esc(settings.scorer)},"
        f" threshold {settings.threshold:.2f}, margin {settings.margin:.2f}. A claim is"
        " shared when a claim of another side says the same thing in enough of the same"
        " content words; one-sided when none does.</p></footer>"
    )
    out.extend(["</body>", "</html>"])
    return "\n".join(out) + "\n"


def _point_rules(report: Report, ids: _Ids) -> str:
    """For each shared point: pointing at one of its claims, or landing on one by a link,
    lights up all of them."""
    rules = []
    for point in report.points:
        if len(point.present) < 2:
            continue
        token = ids.token[point.id]
        sel = f'[data-point="{token}"]'
        rules.append(
            f"body:has({sel}:hover) .cols {sel}, body:has({sel}:target) .cols {sel}"
            " { outline: 3px solid var(--hover); background: #fff7cc; }"
        )
    return "\n".join(rules) + "\n"


def _summary(report: Report) -> list[str]:
    many = len(report.sides) > 2
    head = "<tr><th>side</th><th>claims</th><th>paired</th><th>only here</th>"
    head += "<th>lacks</th></tr>" if many else "</tr>"
    rows = []
    for side in report.summary:
        cells = [side.claims, side.matched, side.only] + ([side.lacks] if many else [])
        numbers = "".join(f'<td class="n">{n}</td>' for n in cells)
        rows.append(f"<tr><th>{esc(report.label(side.name))}</th>{numbers}</tr>")
    return ['<div class="scroll"><table class="summary">', head, *rows, "</table></div>"]


def _legend() -> str:
    return (
        '<p class="legend"><span class="claim only">only in one readout</span>'
        '<span class="claim both">in both</span><mark>words that differ</mark>'
        '<span class="claim both check">dashed: to check</span>'
        "Point at a shared claim, or follow its link, to light up its partner.</p>"
    )


def _column(readout: Readout, report: Report, of_claim: dict[str, Point], ids: _Ids) -> str:
    """One side's readout in source order, a block per paragraph, heading or list item, its
    claims marked."""
    text = readout.text
    claims = sorted(readout.claims, key=lambda c: c.start)
    k = 0
    reached = 0  # the end of the last claim shown
    shown: list[tuple[str, str]] = []
    for block in text_blocks(readout):
        body: list[str] = []
        cursor = block.start
        while k < len(claims) and claims[k].start < block.end:
            claim = claims[k]
            k += 1
            if claim.start < reached:
                continue  # never the case for split text; a guard for hand-made claims
            body.append(_gap(text[cursor : claim.start]))
            body.append(_claim(claim, of_claim[claim.id], report, ids))
            cursor = reached = claim.end
        if block.kind == "heading" and not body:
            shown.append(("heading", esc(text[block.start : block.end])))
            continue
        body.append(_gap(text[cursor : block.end]))
        inner = "".join(body).strip()
        if inner:
            shown.append((block.kind, inner))
    rest = [c for c in claims[k:] if c.start >= reached]  # hand-made claims past the text
    if rest:
        shown.append(("paragraph", " ".join(_claim(c, of_claim[c.id], report, ids) for c in rest)))
    return "\n".join(
        [
            f'<article class="side" id="side-{report.sides.index(readout)}">',
            f"<h2>{esc(readout.label)}</h2>",
            f'<p class="src">{esc(readout.path)}</p>',
            *_blocks_html(shown),
            "</article>",
        ]
    )


def _blocks_html(blocks: list[tuple[str, str]]) -> list[str]:
    """Headings, paragraphs and lists: consecutive items of one kind make one list."""
    out: list[str] = []
    open_list: str | None = None
    for kind, inner in blocks:
        wanted = {"item": "ul", "numbered": "ol"}.get(kind)
        if open_list is not None and wanted != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if wanted is not None and open_list is None:
            out.append(f"<{wanted}>")
            open_list = wanted
        if wanted is not None:
            out.append(f"<li>{inner}</li>")
        elif kind == "heading":
            out.append(f'<h3 class="head">{inner}</h3>')
        else:
            out.append(f"<p>{inner}</p>")
    if open_list is not None:
        out.append(f"</{open_list}>")
    return out


def _gap(raw: str) -> str:
    """Text between claims (titles, datelines, spaces): muted."""
    body = clean(raw)
    lead = " " if raw[:1].isspace() else ""
    tail = " " if raw[-1:].isspace() else ""
    return f'{lead}<span class="meta">{esc(body)}</span>{tail}' if body else lead + tail


def _claim(claim: Claim, point: Point, report: Report, ids: _Ids) -> str:
    """A claim as a span: its verdict and confidence as classes, a title and a tag."""
    one_sided = len(point.present) == 1
    classes = ["claim", "only" if one_sided else "both", "sure" if point.sure else "check"]
    why = reason_words(point)
    summary = f"{verdict(point, report)} · {'sure' if point.sure else 'to check'}"
    summary += f": {why}" if why else ""
    text = "".join(
        f"<mark>{_escape(run)}</mark>" if marked else _escape(run)
        for run, marked in pieces(claim.text, difference_marks(claim, point))
    )
    anchor = ""
    if point.claims[0].id == claim.id:
        anchor = f'<span class="anchor" id="{ids.point[point.id]}"></span>'
    return (
        f'{anchor}<span class="{" ".join(classes)}" id="{ids.claim[claim.id]}"'
        f' data-point="{ids.token[point.id]}" title="{esc(summary)}">{text}'
        f"{_tags(claim, point, report, ids)}</span>"
    )


def _tags(claim: Claim, point: Point, report: Report, ids: _Ids) -> str:
    """Small links after a claim: to its partners on each other side, or to its check row."""
    tags = []
    mark = "" if point.sure else " ?"
    if len(point.present) == 1:
        if point.sure:
            tags.append('<span class="tag">only here</span>')
        else:
            tags.append(f'<a class="tag q" href="#check-{ids.point[point.id]}">only here ?</a>')
    for readout in report.sides:
        if readout.name == claim.side:
            continue
        partner = next((c for c in point.claims if c.side == readout.name), None)
        if partner is None:
            continue
        hint = esc(f"{readout.label}: {shorten(clean(partner.text), 120)}")
        tags.append(
            f'<a class="tag{" q" if mark else ""}" href="#{ids.claim[partner.id]}"'
            f' title="{hint}">↔ {esc(readout.label)}{mark}</a>'
        )
    if reader_joined(point) and claim.id == point.claims[0].id:
        tags.append(f'<span class="tag">{esc(READER_JOINED)}</span>')
    if point.noted and claim.id == next((c.id for c in point.claims if c.side == claim.side), None):
        kinds = ", ".join(sorted({d.kind for d in point.noted}))
        tags.append(f'<a class="tag" href="#diff-{ids.point[point.id]}">≠ {esc(kinds)}</a>')
    return "".join(tags)


def _differences(report: Report, ids: _Ids) -> list[str]:
    differing = [p for p in report.points if p.differences]
    # Claims that differ only in words their readouts give in other claims: listed apart,
    # as they are no way the readouts differ.
    elsewhere = [p for p in report.points if p.said_elsewhere and not p.differences]
    if not differing and not elsewhere:
        return []
    out = [f'<section id="differences"><h2>Where shared points differ ({len(differing)})</h2>']
    out.extend(_difference_items(report, ids, differing))
    if elsewhere:
        out.append(
            f"<h3>Claims that differ only in words their readouts give in other claims"
            f" ({len(elsewhere)})</h3>"
        )
        out.extend(_difference_items(report, ids, elsewhere))
    out.append("</section>")
    return out


def _difference_items(report: Report, ids: _Ids, points: list[Point]) -> list[str]:
    out = ['<ul class="diffs">']
    for point in points:
        for k, difference in enumerate(point.noted):
            anchor = "" if k else f' id="diff-{ids.point[point.id]}"'
            out.append(
                f'<li{anchor}><a href="#{ids.point[point.id]}">{esc(point.id)}</a>'
                f" ≠ <b>{esc(difference.kind)}</b>: {esc(difference_text(report, difference))}</li>"
            )
    out.append("</ul>")
    return out


def _checks(report: Report, ids: _Ids) -> list[str]:
    groups = check_groups(report, report.points)
    if not groups:
        return []
    total = sum(len(g) for _, _, g in groups)
    n = len(report.sides)
    out = [
        f'<section id="check"><h2>Check these ({total})</h2>',
        "<p>The tool is not sure of these verdicts: read both sides before use"
        + (
            ", the least likely to be right first.</p>"
            if ranked(report, report.points)
            else ".</p>"
        ),
        f'<div class="scroll"><table class="checks" style="--n:{n}">',
        "<tr>" + "".join(f"<th>{esc(r.label)}</th>" for r in report.sides) + "</tr>",
    ]
    for what, why, group in groups:
        heading = what[:1].upper() + what[1:] + (f": {why}" if why else "")
        out.append(f'<tr><th class="group" colspan="{n}">? {esc(heading)}</th></tr>')
        pairs = mutual_nearest(group)
        for point in rows_of(group):
            out.append(_check_row(point, report, ids, also=pairs.get(point.id)))
    out.extend(["</table></div>", "</section>"])
    return out


def _check_row(point: Point, report: Report, ids: _Ids, *, also: str | None = None) -> str:
    """A verdict's row; ``also`` is the point of a nearest that is one-sided too, which this
    row settles as well (its claim shown whole, and the row its anchor too)."""
    whole = also is not None
    near = point.nearest
    partner = report.claims_by_id.get(near.claim) if near is not None and near.claim else None
    cells = []
    for readout in report.sides:
        mine = [c for c in point.claims if c.side == readout.name]
        if mine:
            cell = " ".join(f'<a href="#{ids.claim[c.id]}">{esc(c.text)}</a>' for c in mine)
        elif partner is not None and partner.side == readout.name:
            text = shorten(clean(partner.text), SHOWN_CHARS if whole else _NEAREST_ROOM)
            kind = f' id="check-{ids.point[also]}"' if also is not None else ' class="nearest"'
            cell = f'<a{kind} href="#{ids.claim[partner.id]}">{esc(text)}</a>'
            if also is not None:
                cell = f"<i>{esc(MUTUAL_LEAD)}:</i> {cell}"
            if ties := nearest_ties(point):
                cell += f' <span class="ties">({esc(ties)})</span>'
        else:
            cell = ""
        cells.append(f"<td>{cell}</td>")
    return f'<tr id="check-{ids.point[point.id]}">{"".join(cells)}</tr>'


def _skipped(report: Report) -> list[str]:
    items = []
    for readout, skipped, more in skipped_lines(report):
        if skipped is None:
            items.append(f"<li>… and {more} more; {esc(more_hint(readout))}</li>")
        else:
            items.append(
                f"<li>{esc(readout.label)}, line {skipped.line} ({esc(skipped.reason)}):"
                f" {esc(readout.text[skipped.start : skipped.end])}</li>"
            )
    if not items:
        return []
    return ['<section id="skipped"><h2>Not read as claims</h2><ul>', *items, "</ul></section>"]
