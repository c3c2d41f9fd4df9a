"""What a report shows a reader, whatever its format: which points, in what order, in what words.

Pure functions of the Report, shared by the terminal, Markdown and HTML reports: the headline,
the verdicts that are sure and those to check, each one-sided claim inside its sentence, and the
plain words for why a verdict is uncertain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readout_diff.align import DECIDED, MUTUAL_FACTOR
from readout_diff.confidence import DECIDED as DECIDED_REASON
from readout_diff.confidence import REASONS, right_rate
from readout_diff.denials import DENIES
from readout_diff.differences import NO_NUMBER
from readout_diff.errors import UsageError
from readout_diff.model import Claim, Difference, Point, Readout, Record, Report, Skipped
from readout_diff.render.text import clean, shorten
from readout_diff.said_elsewhere import NOT_HERE
from readout_diff.scripts import meaning_only, side_scripts
from readout_diff.transcript import QUESTION_LABELS
from readout_diff.verdicts import mutual_nearest

# A headline quotes a claim of at least this many words when the side has one: "as well as
# using technical intelligence" says less about a readout than a whole statement does.
_QUOTABLE_WORDS = 6
_QUOTE_ROOM = 100
DECIDED_APART = "decided-different"
# A report lists this many skipped lines a side; a file of thousands is a file to look at.
SKIPPED_SHOWN = 20
_JOINER = re.compile(
    r"^(?:and|but|while|whereas|as well as|а также|и|а|но)\s+(?=\w)", re.IGNORECASE
)


class Selection(Record):
    """The points a report shows, and what its options left out (to say so in the report)."""

    points: tuple[Point, ...]
    hidden_agreed: int = 0
    side: str | None = None


def select(report: Report, *, hide_agreed: bool = False, side: str | None = None) -> Selection:
    """The points to show: with ``side``, only those it lacks; with ``hide_agreed``, no
    shared point on which every side agrees and the tool is sure of (one-sided claims, and
    pairings a reader should check, are never hidden by it).
    """
    if side is not None:
        side = resolve_side(report, side)
    shown: list[Point] = []
    hidden = 0
    for point in report.points:
        if side is not None and side not in point.missing:
            continue
        if (
            hide_agreed
            and point.sure
            and len(point.present) > 1
            and not point.missing
            and not point.differences
        ):
            hidden += 1
            continue
        shown.append(point)
    return Selection(tuple(shown), hidden, side)


def resolve_side(report: Report, wanted: str) -> str:
    """The side a user named, by its name or its label (any case); a usage error otherwise."""
    for readout in report.sides:
        if wanted in (readout.name, readout.label):
            return readout.name
    folded = wanted.casefold()
    for readout in report.sides:
        if folded in (readout.name.casefold(), readout.label.casefold()):
            return readout.name
    names = ", ".join(r.name for r in report.sides)
    raise UsageError(f"--side: no side is named {wanted!r}; the sides are {names}")


def only_in(points: Sequence[Point], side: str, *, sure: bool) -> list[Point]:
    """The points only ``side`` has, among those sure or among those to check."""
    return [p for p in points if p.only_on(side) and p.sure == sure]


def shared(points: Sequence[Point], *, sure: bool | None = None) -> list[Point]:
    """The points more than one side has, optionally only the sure ones or those to check."""
    return [p for p in points if len(p.present) > 1 and (sure is None or p.sure == sure)]


def to_check(report: Report, points: Sequence[Point]) -> list[Point]:
    """The uncertain verdicts: each side's one-sided claims in side order, then shared points."""
    return [p for _, _, group in check_groups(report, points) for p in group]


def check_groups(report: Report, points: Sequence[Point]) -> list[tuple[str, str, list[Point]]]:
    """The uncertain verdicts by what was decided, why it is uncertain and how often such
    verdicts were right, so each heading (``only in Kremlin``, ``another claim came almost as
    close``) is said once; the least likely to be right come first.
    """
    found = [p for r in report.sides for p in only_in(points, r.name, sure=False)]
    found += shared(points, sure=False)
    codes = list(REASONS)
    scorer = report.settings.scorer
    groups: dict[tuple[str, str, float | None], list[Point]] = {}
    pairs = mutual_nearest(found)
    by_id = {p.id: p for p in found}
    seconds = set(pairs.values())
    for point in found:
        if point.id in seconds:
            continue
        key = (verdict(point, report), point.confidence_reason, right_rate(point, scorer))
        if point.id in pairs:
            key = (_EACH, MUTUAL, key[2])
        groups.setdefault(key, []).append(point)
        if point.id in pairs:
            groups[key].append(by_id[pairs[point.id]])

    def order(key: tuple[str, str, float | None]) -> tuple[float, int, int]:
        rank = codes.index(key[1]) if key[1] in codes else len(codes)
        rate = 2.0 if key[2] is None else key[2]
        return rate, _side_rank(report, groups[key][0]), rank

    keys = sorted(groups, key=order)
    return [
        (k[0], _mutual_why(k[2]) if k[1] == MUTUAL else _why(groups[k][0], k[2]), groups[k])
        for k in keys
    ]


# Two one-sided claims of different sides, each the other's nearest: one verdict, one row.
MUTUAL = "mutual-nearest"
_EACH = "only in one readout each"


# How a row of two one-sided claims, each the other's nearest, introduces the second: not
# a pairing, which a bare claim beside a claim would read as.
MUTUAL_LEAD = "nearest, one-sided too"


def rows_of(group: Sequence[Point]) -> list[Point]:
    """The points of a Check these group that get a row: of two one-sided claims that are each
    other's nearest, the first one's row shows both.
    """
    second = set(mutual_nearest(group).values())
    return [p for p in group if p.id not in second]


def _mutual_why(rate: float | None) -> str:
    words = "each claim is the other's nearest, so one answer settles both"
    odds = rate_words(rate)
    return f"{words} ({odds})" if odds else words


def ranked(report: Report, points: Sequence[Point]) -> bool:
    """Whether the verdicts to check come least likely first: the scorer was calibrated."""
    scorer = report.settings.scorer
    return any(right_rate(p, scorer) is not None for p in points if not p.sure)


# Verdicts of a band right less often than this are toss-ups, which the headline counts.
TOSS_UP = 0.55


def rate_words(rate: float | None) -> str:
    """How often verdicts of a band were right, as a reader weighs it ("" if not known).

    >>> rate_words(0.49), rate_words(0.95), rate_words(None)
    ('right 5 times in 10 on annotated calls', 'right 19 times in 20 on annotated calls', '')
    """
    if rate is None:
        return ""
    if rate >= 0.9:
        return f"right {round(rate * 20)} times in 20 on annotated calls"
    return f"right {round(rate * 10)} times in 10 on annotated calls"


def _why(point: Point, rate: float | None) -> str:
    words, odds = reason_words(point), rate_words(rate)
    if words and odds:
        return f"{words} ({odds})"
    return words or odds


def _side_rank(report: Report, point: Point) -> int:
    if len(point.present) > 1:
        return len(report.sides)
    return [r.name for r in report.sides].index(point.present[0])


def reason_words(point: Point) -> str:
    """The plain words for why the tool is (or is not) sure of a point's verdict ("" if unrated)."""
    known = REASONS.get(point.confidence_reason)
    return known[1] if known is not None else ""


def verdict(point: Point, report: Report) -> str:
    """What the tool decided about a point, in words: ``only in Kremlin``, ``in both``."""
    if len(point.present) == 1:
        return clean(f"only in {report.label(point.present[0])}")
    if not point.missing:
        return "in both" if len(report.sides) == 2 else "in every readout"
    lacks = ", ".join(report.label(name) for name in point.missing)
    return clean(f"shared, not in {lacks}")


READER_JOINED = "a reader decided these make one point"


def reader_joined(point: Point) -> bool:
    """Whether a reader's ``same`` decisions joined the whole of a shared point (a point the
    tool's links join further is the tool's verdict, even if a reader joined some of it)."""
    return bool(point.links) and all(link.rule == DECIDED for link in point.links)


def near_miss(point: Point, report: Report) -> bool:
    """A one-sided claim whose nearest candidate scored where some pairing rule could apply."""
    near = point.nearest
    return (
        near is not None
        and bool(near.claim)
        and (near.code == DECIDED_APART or near.score >= MUTUAL_FACTOR * report.settings.threshold)
    )


def nearest_ties(point: Point, most: int = 4) -> str:
    """The words a one-sided claim shares with its nearest candidate, as a reader settles it
    at a glance ("shares only: Region"), or "" when they share none."""
    near = point.nearest
    if near is None or not near.claim or not near.words:
        return ""
    words = list(near.words[:most]) + (["…"] if len(near.words) > most else [])
    lead = "shares only" if len(near.words) == 1 else "shares"
    return clean(f"{lead}: {', '.join(words)}")


def nearest_lead(point: Point) -> str:
    """What a report calls a one-sided claim's nearest: a reader may have kept them apart."""
    near = point.nearest
    return "a reader kept it apart from" if near and near.code == DECIDED_APART else "nearest"


class InSentence(Record):
    """Claims shown inside their sentence: the sentence's raw text and where each claim lies."""

    side: str
    claims: tuple[Claim, ...]
    text: str
    marks: tuple[tuple[int, int], ...]

    @property
    def whole(self) -> bool:
        """True when the claims make up the whole sentence, so nothing needs marking."""
        return not self.marks


def in_sentences(report: Report, points: Sequence[Point]) -> list[InSentence]:
    """The one-sided claims of ``points``, grouped by the sentence they come from, in order."""
    readouts = {r.name: r for r in report.sides}
    order: list[tuple[str, int]] = []
    chosen: dict[tuple[str, int], list[Claim]] = {}
    for point in points:
        for claim in point.claims:
            key = (claim.side, claim.sentence)
            if key not in chosen:
                order.append(key)
                chosen[key] = []
            chosen[key].append(claim)
    sentences: dict[tuple[str, int], list[Claim]] = {}
    for name in {side for side, _ in order}:
        for claim in readouts[name].claims:
            sentences.setdefault((name, claim.sentence), []).append(claim)
    items = []
    for key in order:
        siblings = sentences[key]
        start, end = min(c.start for c in siblings), max(c.end for c in siblings)
        claims = sorted(chosen[key], key=lambda c: c.start)
        whole = len(claims) == len(siblings)
        marks = () if whole else tuple((c.start - start, c.end - start) for c in claims)
        items.append(InSentence(key[0], tuple(claims), readouts[key[0]].text[start:end], marks))
    return items


def skipped_lines(report: Report) -> list[tuple[Readout, Skipped | None, int]]:
    """The lines each side read as a title or dateline, not as a claim: at most
    ``SKIPPED_SHOWN`` a side, then ``(readout, None, how many more)``.
    """
    found: list[tuple[Readout, Skipped | None, int]] = []
    for readout in report.sides:
        lines = [s for s in readout.skipped if s.reason not in ("heading", "rule")]
        found.extend((readout, s, 0) for s in lines[:SKIPPED_SHOWN])
        if len(lines) > SKIPPED_SHOWN:
            found.append((readout, None, len(lines) - SKIPPED_SHOWN))
    return found


def more_hint(readout: Readout) -> str:
    """Where to see every line a side skipped."""
    shown = readout.path if readout.path not in ("-", "") else "FILE"
    return clean(f"readout-diff claims {shown} lists them all")


def difference_text(report: Report, difference: Difference) -> str:
    """What each side says of a difference, under the sides' labels, as the tables show them."""
    return clean("; ".join(f"{report.label(side)}: {text}" for side, text in difference.texts))


def difference_marks(claim: Claim, point: Point) -> list[tuple[int, int]]:
    """Where in the claim's text the words a difference names lie, relative to the claim."""
    marks: list[tuple[int, int]] = []
    for difference in point.differences:
        for side, start, end in difference.spans:
            if side == claim.side and claim.start <= start and end <= claim.end:
                marks.append((start - claim.start, end - claim.start))
    return sorted(marks)


def language_note(report: Report) -> str | None:
    """What a report says of sides in different languages, scored by meaning alone.

    ``None`` when every side is in one script, or when words scored them (the command line
    warns on stderr then, so that the report stays as it is).
    """
    pairs = meaning_only(report)
    if not pairs:
        return None
    scripts = side_scripts(report.sides)
    names = [r.name for r in report.sides if any(r.name in pair for pair in pairs)]
    sides = "; ".join(f"{clean(report.label(n))}: {str(scripts[n]).capitalize()}" for n in names)
    return (
        f"Readouts in different scripts ({sides}): words do not tie claims across"
        " languages, so those claims were paired on meaning alone (sentence embeddings),"
        " and each such verdict is one to check."
    )


def no_candidate_words(report: Report) -> str:
    """What a table says beside a one-sided claim with no candidate on a side."""
    if meaning_only(report):
        return "nothing here comes close in meaning"
    return "nothing here shares a content word with it"


def headline(report: Report, selection: Selection) -> list[str]:
    """One or two plain sentences per side, then one on shared points and one on checking."""
    if len(report.sides) == 2:
        sentences = _two_sides(report, selection)
    else:
        sentences = _many_sides(report, selection)
    # The verdicts the headline speaks of: with --side, those of the points that side lacks;
    # hiding the agreed points from the report's body changes none of its figures.
    points = tuple(
        p for p in report.points if selection.side is None or selection.side in p.missing
    )
    both = shared(report.points)
    if selection.side is None:
        differing = [p for p in both if p.differences]
        where = "in both readouts" if len(report.sides) == 2 else "in more than one readout"
        if not both:
            sentences.append("The readouts have no point in common.")
        else:
            line = f"{_count(len(both), 'point')} {_are(len(both))} {where}{_sureness(both)}"
            if differing:
                kinds = sorted({_kind_said(d) for p in differing for d in p.differences})
                line += f"; they differ on {len(differing)} ({', '.join(kinds)})"
            sentences.append(line + ".")
            sentences.extend(_denials_said(report, differing))
    decided = decided_count(points)
    where = clean(", ".join(report.decided_in) or "the decisions file")
    if decided and decided == len(points):
        sentences.append(f"A reader decided every verdict shown (in {where}).")
    elif decided or report.decisions:
        # A "different" decision may leave a claim one-sided for the tool's own reasons.
        theirs = _count(report.decisions, "decision")
        sentences.append(
            f"{theirs} of a reader (in {where}) {_are(report.decisions)} applied;"
            f" {decided or 'none'} of these {_count(len(points), 'verdict')}"
            f" {_are(decided)} the reader's rather than the tool's."
        )
    unsure = [p for p in points if not p.sure]
    if unsure and len(points) == 1:
        sentences.append(
            "The tool is not sure of this verdict: read it under Check these before using it."
        )
    elif unsure and len(unsure) == len(points):
        sentences.append(
            f"The tool is sure of none of these {_count(len(points), 'verdict')}: read them"
            " under Check these before using them."
        )
    elif unsure:
        sentences.append(
            f"{len(unsure)} of these {_count(len(points), 'verdict')} {_are(len(unsure))}"
            " uncertain: read them under Check these before using them."
        )
    elif points:
        sentences.append("Every verdict shown is sure.")
    scorer = report.settings.scorer
    rates = [right_rate(p, scorer) for p in unsure]
    tossups = [rate for rate in rates if rate is not None and rate < TOSS_UP]
    if tossups and len(unsure) > 1:
        sentences.append(
            f"The first {_count(len(tossups), 'verdict') if len(tossups) > 1 else 'verdict'}"
            " listed there"
            f" {'is a toss-up' if len(tossups) == 1 else 'are toss-ups'}: such verdicts were"
            " right about half the time."
        )
    rated = [rate for p in points if p.sure and (rate := right_rate(p, scorer)) is not None]
    if rated:
        # Sure is not certain: say how often such verdicts held, so none is quoted blind.
        these = "the one" if len(rated) == 1 else f"the {len(rated)}"
        sentences.append(f"Sure verdicts like {these} here were {rate_words(min(rated))}.")
    return sentences


def _two_sides(report: Report, selection: Selection) -> list[str]:
    sentences = []
    summary = {s.name: s for s in report.summary}
    for made, lacking in (report.sides, reversed(report.sides)):
        if selection.side is not None and lacking.name != selection.side:
            continue
        total = summary[made.name].points
        alone = [p for p in report.points if p.only_on(made.name)]
        if not alone:
            paired = [p for p in report.points if made.name in p.present]
            each = f"each of the {made.label} readout's {_count(total, 'point')}"
            if total == 1:
                each = f"the {made.label} readout's only point"
            sentences.append(
                f"The {lacking.label} readout has a counterpart for {each}{_sureness(paired)}."
            )
            continue
        # With no sure one among them, the quote is one to check: the sentence says "may".
        has, including = ("has", "including") if _any_sure(alone) else ("may have", "such as")
        sentences.append(
            f"The {lacking.label} readout {has} no counterpart for {len(alone)} of the"
            f" {made.label} readout's {_count(total, 'point')}{_sureness(alone)},"
            f" {including} “{quotable(alone)}”."
        )
    return [clean(s) for s in sentences]


def _many_sides(report: Report, selection: Selection) -> list[str]:
    sentences = []
    for side in report.summary:
        label = report.label(side.name)
        if selection.side is not None:
            if side.name != selection.side:
                continue
            lacks = [p for p in report.points if side.name in p.missing]
            if lacks:
                verb, including = (
                    ("lacks", "including") if _any_sure(lacks) else ("may lack", "such as")
                )
                sentences.append(
                    f"The {label} readout {verb} {_count(len(lacks), 'point')} other readouts"
                    f" make{_sureness(lacks)}, {including} “{quotable(lacks)}”."
                )
            else:
                sentences.append(f"The {label} readout lacks no point another readout makes.")
            continue
        alone = [p for p in report.points if p.only_on(side.name)]
        if alone:
            verb, including = (
                ("makes", "including") if _any_sure(alone) else ("may make", "such as")
            )
            line = (
                f"Only the {label} readout {verb} {len(alone)} of its"
                f" {_count(side.points, 'point')}{_sureness(alone)},"
                f" {including} “{quotable(alone)}”"
            )
        else:
            made = [p for p in report.points if side.name in p.present]
            line = (
                f"Another readout makes each of the {label} readout's"
                f" {_count(side.points, 'point')}{_sureness(made)}"
            )
        if side.lacks:
            line += f"; it lacks {side.lacks} that every other readout makes"
        sentences.append(line + ".")
    return [clean(s) for s in sentences]


def quotable(points: Sequence[Point]) -> str:
    """The claim a headline quotes: sure ones first, long enough to stand alone, and of
    those the one most particular to its call, by the names and numbers it holds (the
    first such, on a tie), rather than an opening courtesy.
    """
    claims = [p.claims[0] for p in points]
    sure = {p.claims[0].id for p in points if p.sure}

    def rank(claim: Claim) -> tuple[bool, bool, bool, int]:
        words = claim.text.split()
        particular = sum(1 for w in words[1:] if w[:1].isupper() or any(c.isdigit() for c in w))
        # A briefing's reply with its question ("Question: …? Anna Lind: I don't know.") is
        # quoted only when the side has nothing else: its names are the speaker's.
        asked = bool(words) and words[0].rstrip(":.").casefold() in QUESTION_LABELS
        return claim.id not in sure, asked, len(words) < _QUOTABLE_WORDS, -particular

    best = clean(min(claims, key=rank).text)
    # A quote keeps the readout's own words: a clause that opens with the word joining it
    # to its sentence is quoted from after that word, marked as cut ("…called for"); a
    # final stop is left to the sentence around the quote.
    opened = _JOINER.sub("", best)
    cut = "…" if opened != best else ""
    # Quotation marks inside the headline's own become single ones, as a quote within a
    # quote is written: “‘The support is unprecedented,’ he said…”, never “"The…”.
    opened = _inner_quotes(opened)
    return cut + shorten(opened.rstrip(".;,: "), _QUOTE_ROOM - len(cut))


def _kind_said(difference: Difference) -> str:
    """A difference's kind as the headline names it: a number one side gives and the other
    does not is a detail left out, not a disagreement over figures."""
    lacking = (NO_NUMBER, NOT_HERE)  # a side without it, here or (in part) in this claim
    if difference.kind == "number" and any(t.startswith(lacking) for _, t in difference.texts):
        return "a number one side gives"
    return difference.kind


def _denials_said(report: Report, points: Sequence[Point]) -> list[str]:
    """The headline's word on shared points where one side says a thing did not happen
    that another states: the news a reader looks for first, quoted from the denying side."""
    denied: dict[str, list[Claim]] = {}
    for point in points:
        for difference in point.differences:
            if difference.kind != "stance" or not difference.spans:
                continue
            side = difference.spans[0][0]
            if not dict(difference.texts).get(side, "").startswith(DENIES):
                continue
            claim = next((c for c in point.claims if c.side == side), None)
            if claim is not None:
                denied.setdefault(side, []).append(claim)
    sentences = []
    for side, claims in denied.items():
        quote = clean(shorten(claims[0].text.rstrip(".;,: "), _QUOTE_ROOM))
        other = "the other" if len(report.sides) == 2 else "another"
        lead = f"In {len(claims)} of them" if len(claims) > 1 else "In one of them"
        such = ", such as" if len(claims) > 1 else ":"
        sentences.append(
            f"{lead} the {clean(report.label(side))} readout denies what {other} states{such}"
            f" “{quote}”."
        )
    return sentences


def _inner_quotes(text: str) -> str:
    """Double quotation marks as single ones, straight ones opening and closing in turn.

    >>> _inner_quotes('"Support is unprecedented," he said of “the package”.')
    '‘Support is unprecedented,’ he said of ‘the package’.'
    """
    out = []
    opening = True
    for char in text:
        if char == '"':
            out.append("‘" if opening else "’")
            opening = not opening
        else:
            out.append({"“": "‘", "”": "’"}.get(char, char))
    return "".join(out)


def _any_sure(points: Sequence[Point]) -> bool:
    return any(p.sure for p in points)


def decided_count(points: Sequence[Point]) -> int:
    """How many of ``points`` are sure because a reader decided them, not the tool."""
    return sum(1 for p in points if p.confidence_reason == DECIDED_REASON)


def counted(sure: Sequence[Point], unsure: int, *, to_check: str = "more under Check these") -> str:
    """A section's count: the tool's sure verdicts, a reader's, and those to check apart.

    >>> counted([], 3), counted([], 0)
    ('(3, all under Check these)', '(0)')
    """
    decided = decided_count(sure)
    if not unsure and not decided:
        return f"({len(sure)})"
    if not sure:
        return f"({unsure}, all under Check these)"
    parts = [f"{len(sure) - decided} sure"] if len(sure) > decided else []
    if decided:
        parts.append(f"{decided} decided by a reader")
    if unsure:
        parts.append(f"{unsure} {to_check}")
    return f"({', '.join(parts)})"


def _sureness(points: Sequence[Point]) -> str:
    unsure = sum(1 for p in points if not p.sure)
    if not unsure and not decided_count(points):
        return ""
    if unsure == len(points):
        return " (all to check)" if len(points) > 1 else " (to check)"
    return " " + counted([p for p in points if p.sure], unsure, to_check="to check")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"
