"""Renderers: the JSON contract and schema, Markdown golden files, the terminal at 80 columns."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import KREMLIN, ROOT, WHITE_HOUSE, with_confidence

from readout_diff.folders import load_demo
from readout_diff.load import readout_from_text
from readout_diff.model import Report, replace
from readout_diff.render.as_json import dumps, report_to_dict
from readout_diff.render.as_markdown import escape, render_markdown
from readout_diff.render.terminal import make_console, render_terminal
from readout_diff.report import compare

SCHEMA = json.loads((ROOT / "readout_diff" / "data" / "report.schema.json").read_text())
GOLDEN = Path(__file__).parent / "golden"


def small_report():  # type: ignore[no-untyped-def]
    wh = readout_from_text(WHITE_HOUSE, name="white-house", label="White House")
    kr = readout_from_text(KREMLIN, name="kremlin", label="Kremlin")
    return compare([wh, kr], title="An invented call")


def demo_report():  # type: ignore[no-untyped-def]
    call = load_demo()
    return compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; rerun with UPDATE_GOLDEN=1 to accept a change."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run UPDATE_GOLDEN=1 pytest"
    assert text == path.read_text(encoding="utf-8")


def pretty(data: object) -> str:
    """The JSON the tool prints, indented so that golden files read well in a diff."""
    return json.dumps(json.loads(dumps(data)), ensure_ascii=False, indent=2) + "\n"


def test_json_follows_the_contract_and_the_schema() -> None:
    data = json.loads(dumps(report_to_dict(small_report())))
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == 1
    assert [s["name"] for s in data["sides"]] == ["white-house", "kremlin"]
    claim_ids = [c["id"] for s in data["sides"] for c in s["claims"]]
    in_points = [c for p in data["points"] for c in p["claims"]]
    assert sorted(in_points) == sorted(claim_ids)


def test_json_spans_reproduce_the_source() -> None:
    report = small_report()
    data = report_to_dict(report)
    for side, readout in zip(data["sides"], report.sides, strict=True):
        for claim in side["claims"]:
            assert readout.text[claim["start"] : claim["end"]] == claim["text"]


def test_json_golden_for_the_demo() -> None:
    data = report_to_dict(demo_report())
    data["tool"]["version"] = "VERSION"
    check_golden("demo.json", pretty(data))


def mixed(report):  # type: ignore[no-untyped-def]
    """Every other point sure, the rest to check: both parts of a report, whatever the engine."""
    return with_confidence(report, sure={p.id for p in report.points[::2]})


def test_markdown_golden_for_the_demo() -> None:
    check_golden("demo.md", render_markdown(demo_report()))
    check_golden("demo-explain.md", render_markdown(mixed(demo_report()), explain=True))


def test_terminal_golden_for_the_demo_without_styles() -> None:
    check_golden("demo.txt", render(demo_report()))
    check_golden("demo-mixed.txt", render(mixed(demo_report())))


def three_sides_report():  # type: ignore[no-untyped-def]
    from readout_diff.folders import load_call

    call = load_call(str(ROOT / "readouts" / "2023-08-18-camp-david-trilateral"))
    readouts = [replace(r, path=Path(r.path).name) for r in call.readouts]
    return compare(readouts, aliases=dict(call.aliases), title=call.title)


def test_three_sides_golden_files_and_presence_matrix() -> None:
    report = three_sides_report()
    check_golden("three-sides.md", render_markdown(report))
    data = report_to_dict(report)
    data["tool"]["version"] = "VERSION"
    jsonschema.validate(data, SCHEMA)
    check_golden("three-sides.json", pretty(data))
    text = render(report)
    assert "Presence" in text
    matrix = text[text.index("Presence") : text.index("Only in")]
    rows = [line for line in matrix.splitlines() if re.match(r"\s*p\d+ ", line)]
    marks = [line.count("●") for line in rows]
    assert marks == sorted(marks) and marks[0] == 1 and marks[-1] == 3


def test_markdown_escapes_injection() -> None:
    assert escape("a | b") == "a \\| b"
    assert escape("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert escape("# heading") == "\\# heading"
    assert escape("`code` and *bold*") == "\\`code\\` and \\*bold\\*"
    assert escape("line\nbreak") == "line break"


def render(report, width: int = 80) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    render_terminal(report, make_console(buffer, color=False, width=width))
    return buffer.getvalue()


def test_terminal_sections_fit_80_columns() -> None:
    text = render(with_confidence(demo_report()))
    assert "Only in White House" in text and "Only in Kremlin" in text and "In both" in text
    assert "Check these" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    iran = text.index("Iran")
    assert text.index("Only in White House") < iran < text.index("Only in Kremlin")
    unsure = render(demo_report())  # every point defaults to "check"
    assert max(len(line) for line in unsure.splitlines()) <= 80
    assert unsure.index("Check these") < unsure.index("Iran", unsure.index("Only in Kremlin"))


def test_terminal_prints_markup_and_escapes_literally() -> None:
    wh = readout_from_text(
        "President Smith said [bold red]hello[/] and [link=http://x]click[/link]. "
        "Hockey \x1b[31mwas\x1b[0m raised.",
        name="a",
    )
    kr = readout_from_text("Energy was raised.", name="b")
    text = render(compare([wh, kr]))
    assert "[bold red]hello[/]" in text
    assert "[link=http://x]click[/link]" in text
    assert "\x1b" not in text


def test_terminal_colour_only_when_asked() -> None:
    report = small_report()
    plain = io.StringIO()
    render_terminal(report, make_console(plain, color=False, width=80))
    coloured = io.StringIO()
    render_terminal(report, make_console(coloured, color=True, width=80, force_terminal=True))
    assert "\x1b[" not in plain.getvalue()
    assert "\x1b[" in coloured.getvalue()


def test_terminal_without_colour_still_marks_differing_words() -> None:
    out = io.StringIO()
    render_terminal(demo_report(), make_console(out, color=False, width=80, force_terminal=True))
    text = out.getvalue()
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", text))
    assert any("7" in code.split(";") for code in codes)  # reverse video on "30 days"
    colours = {p for code in codes for p in code.split(";") if p.isdigit() and 30 <= int(p) <= 107}
    assert not colours - {"39", "49"}, sorted(codes)


@pytest.mark.parametrize("text", ["\ud800 lone surrogate.", "NUL \x00 inside.", "x" * 50_000 + "."])
def test_json_is_valid_for_any_text(text: str) -> None:
    wh = readout_from_text(text, name="a")
    kr = readout_from_text("Something else entirely.", name="b")
    parsed = json.loads(dumps(report_to_dict(compare([wh, kr]))))
    assert parsed["schema_version"] == 1


def test_hide_agreed_never_hides_a_pairing_to_check() -> None:
    report = with_confidence(demo_report(), sure=set())
    agree = [p for p in report.points if len(p.present) > 1 and not p.differences]
    assert agree
    markdown = render_markdown(report, hide_agreed=True)
    assert "are hidden" not in markdown
    for point in agree:
        assert " ".join(point.claims[0].text.split()) in markdown


def test_hide_agreed_hides_only_the_shared_points_that_agree() -> None:
    report = with_confidence(demo_report())
    agree = [p for p in report.points if len(p.present) > 1 and not p.differences]
    differ = [p for p in report.points if p.differences]
    assert agree and differ
    buffer = io.StringIO()
    render_terminal(report, make_console(buffer, color=False, width=80), hide_agreed=True)
    text = " ".join(buffer.getvalue().split())
    assert "Iran must never be able to destroy Israel" in text  # one-sided: never hidden
    assert f"{len(agree)} shared points on which the sides agree are hidden" in text
    assert f"In both ({len(differ)})" in text
    assert text.count("≠ ") == sum(len(p.differences) for p in differ)
    whole = render_markdown(report)
    markdown = render_markdown(report, hide_agreed=True)
    assert "Iran must never be able to destroy Israel" in markdown
    assert f"_{len(agree)} shared points on which the sides agree are hidden" in markdown
    for point in agree:
        first = " ".join(point.claims[0].text.split())
        assert first in whole and first not in markdown
    for point in differ:  # (its differing words are in bold)
        assert " ".join(point.claims[0].text.split()[:4]) in markdown.replace("**", "")


def undescribed(
    data: object, schema: dict[str, object], where: str = "", root: dict[str, object] | None = None
) -> set[str]:
    """The fields of ``data`` that ``schema`` does not describe (objects with named keys)."""
    root = root or schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target: object = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]  # type: ignore[index]
        schema = target  # type: ignore[assignment]
    found: set[str] = set()
    if isinstance(data, dict):
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, value in data.items():
            if isinstance(properties, dict) and key in properties:
                found |= undescribed(value, properties[key], f"{where}.{key}", root)
            elif isinstance(extra, dict):
                found |= undescribed(value, extra, f"{where}.*", root)
            else:
                found.add(f"{where}.{key}")
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for item in data:
            found |= undescribed(item, schema["items"], f"{where}[]", root)  # type: ignore[arg-type]
    return found


def test_the_schema_describes_every_field_of_the_json() -> None:
    for report in (demo_report(), three_sides_report()):
        assert undescribed(report_to_dict(report), SCHEMA) == set()


def test_the_readme_outlines_every_field_of_the_json() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    outline = readme[readme.index('{"schema_version": 1,') :]
    outline = outline[: outline.index("```")]
    data = report_to_dict(demo_report())
    for key in [*data, *data["sides"][0], *data["settings"], *data["tool"]]:
        assert f'"{key}"' in outline, key


def render_explained(report, width: int = 80) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    render_terminal(report, make_console(buffer, color=False, width=width), explain=True)
    return buffer.getvalue()


def point_head(text: str, point_id: str) -> list[str]:
    """The rows that span a grid above a shared point's claims (--explain), borders removed."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(f"│ {point_id}  "))
    rows = []
    for line in lines[start:]:
        inner = line[2:-2]
        if not line.startswith("│ ") or "│" in inner:
            break
        rows.append(inner.rstrip())
    return rows


def test_a_point_of_several_links_shows_each_link_with_its_score_and_rule() -> None:
    report = three_sides_report()
    p3 = next(p for p in report.points if p.id == "p3")
    expected = [f"{k.left} ~ {k.right} {k.score:.2f} {k.rule}" for k in p3.links]
    assert len(expected) >= 3 and "same content words" in " ".join(expected)
    for verdicts in (report, with_confidence(report)):
        head = point_head(render_explained(verdicts), "p3")
        assert head[0].startswith(f"p3  weakest link {min(k.score for k in p3.links):.2f}")
        is_link = [bool(re.match(r"  \S+:\d+ ~ ", line)) for line in head]
        assert "same content words" not in " ".join(
            h for h, link in zip(head, is_link, strict=True) if not link
        )
        links = [" ".join(h.split()) for h, link in zip(head, is_link, strict=True) if link]
        assert links == expected
    single = point_head(render_explained(demo_report()), "p1")
    assert single[0].startswith("p1  score ") and "weakest" not in single[0]
    assert "weakest link" not in render(report) and "same content words" not in render(report)
    markdown = render_markdown(report, explain=True)
    shared = markdown[markdown.index("## Shared points") :]
    row = next(line for line in shared.splitlines() if line.startswith("| p3 |"))
    for k in p3.links:
        assert f"{k.left} \\~ {k.right}: {k.score:.2f}, {k.rule}" in row


def test_a_shared_point_names_the_sides_that_lack_it() -> None:
    report = three_sides_report()
    text = render_explained(report)
    markdown = render_markdown(with_confidence(report))
    markdown = markdown[markdown.index("## Shared points") :].splitlines()
    labels = {r.name: r.label for r in report.sides}
    partial = [p for p in report.points if len(p.present) > 1 and p.missing]
    assert partial
    header = next(line for line in markdown if line.startswith("| White House |"))
    columns = [cell.strip() for cell in header.strip("|").split("|")]
    for point in [p for p in report.points if len(p.present) > 1]:
        head = " ".join(point_head(text, point.id))
        if point.missing:
            assert f"· lacks {', '.join(point.missing)} " in head
        else:
            assert "lacks" not in head
        first = escape(point.claims[0].text)
        row = next(
            line for line in markdown if line.startswith("| ") and first in line.replace("**", "")
        )
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        lacking = {columns[k] for k, cell in enumerate(cells) if cell == "_not in this readout_"}
        assert lacking == {labels[name] for name in point.missing}


def cut_at_a_word(cell: str, full: str) -> str:
    """The next word ``cell`` left out of ``full``, checking it was cut between two words."""
    if cell == full:
        return ""
    assert cell.endswith("…"), cell
    kept = cell[:-1]
    assert full.startswith(kept), cell
    rest = re.match(r"[\s,;:]*\S+", full[len(kept) :])
    assert rest is not None and not rest.group()[0].isalnum(), cell
    return rest.group()


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_presence_claim_takes_the_width_left_and_is_cut_between_words(width: int) -> None:
    report = three_sides_report()
    lines = render(report, width).splitlines()
    header = next(line for line in lines if line.endswith("  claim"))
    column = header.index("claim")
    rows = [line for line in lines[lines.index(header) :] if re.match(r"  p\d+ ", line)]
    texts = {p.id: " ".join(p.claims[0].text.split()) for p in report.points}
    assert len(rows) == len(report.points)
    for row in rows:
        cell = row[column:]
        assert len(row) <= width
        left_out = cut_at_a_word(cell, texts[row.split()[0]])
        if left_out:
            assert len(row) + len(left_out) > width, row
    assert max(len(row[column:]) for row in rows) >= width // 2 - 4


def test_markdown_presence_cuts_a_claim_between_words_with_an_ellipsis() -> None:
    report = three_sides_report()
    texts = {p.id: " ".join(p.claims[0].text.split()) for p in report.points}
    markdown = render_markdown(report)
    table = markdown[markdown.index("## Presence") : markdown.index("## Only in")]
    rows = [line for line in table.splitlines() if re.match(r"\| p\d+ \|", line)]
    assert len(rows) == len(report.points)
    cut = 0
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        cell = cells[-1].replace("\\", "")
        assert len(cell) <= 80
        cut += bool(cut_at_a_word(cell, texts[cells[0]]))
    assert cut > 10


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_three_sides_report_fits_the_width(width: int) -> None:
    lines = render(three_sides_report(), width).splitlines()
    assert max(len(line) for line in lines) <= width


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_note_on_lacks_starts_at_the_left_edge_on_one_line(width: int) -> None:
    lines = render(three_sides_report(), width).splitlines()
    assert "lacks: points every other side has and this one does not" in lines


def test_the_nearest_claim_explanation_is_not_dim() -> None:
    out = io.StringIO()
    report = with_confidence(demo_report())
    console = make_console(out, color=False, width=80, force_terminal=True)
    render_terminal(report, console, explain=True)
    lines = [line for line in out.getvalue().splitlines() if ": nearest " in line]
    assert len(lines) == sum(1 for p in report.points if p.one_sided) > 20
    for line in lines:
        codes = re.findall(r"\x1b\[([0-9;]*)m", line)
        assert not any("2" in code.split(";") for code in codes), line
        assert ": nearest none: " in line or re.search(r"nearest \x1b\[1m[\w-]+:\d+\x1b", line)


@pytest.mark.parametrize("width", [60, 80, 100])
def test_a_line_skipped_as_a_title_is_shown_whole_with_a_hanging_indent(width: int) -> None:
    lines = render(three_sides_report(), width).splitlines()
    start = next(k for k, line in enumerate(lines) if "(title): " in line)
    assert lines[start].startswith("not a claim: rok-office line 1 (title): ")
    end = start + 1
    while lines[end].startswith("  ") and not lines[end].startswith("   "):
        end += 1
    entry = " ".join(line.strip() for line in lines[start:end])
    assert entry.endswith(": President Yoon Suk Yeol Holds Korea-US-Japan Summit at Camp David")


def test_the_claims_listing_shows_a_skipped_title_whole() -> None:
    from readout_diff.render.claims_terminal import render_claims

    title = "A Very Long Title Line About The Leaders Of Three Countries Meeting At Camp David"
    readout = readout_from_text(f"{title}\n\nThe leaders met.", name="a")
    out = io.StringIO()
    render_claims(readout, make_console(out, color=False, width=50))
    lines = out.getvalue().splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("skipped line 1"))
    assert " ".join(line.strip() for line in lines[start:]).endswith(f"(title): {title}")
    assert all(line.startswith("  ") for line in lines[start + 1 :])


def dim_text(styled: str) -> str:
    """The characters of ``styled`` shown faint (SGR 2), in order."""
    faint, found = False, []
    for piece in re.split(r"(\x1b\[[0-9;]*m)", styled):
        code = re.fullmatch(r"\x1b\[([0-9;]*)m", piece)
        if code:
            for part in (code.group(1) or "0").split(";"):
                if part in ("0", "22"):
                    faint = False
                elif part == "2":
                    faint = True
        elif faint:
            found.append(piece)
    return "".join(found)


@pytest.mark.parametrize("color", [True, False])
def test_no_readout_text_is_faint(color: bool) -> None:
    """Faint text is unreadable on many themes: only the boxes' lines (and the presence
    table's · for a side that lacks a point) are drawn faint."""
    for report in (mixed(demo_report()), three_sides_report()):
        out = io.StringIO()
        render_terminal(report, make_console(out, color=color, width=80, force_terminal=True))
        faint = dim_text(out.getvalue())
        assert faint and not set(faint) - set("│╭╮╰╯├┤┬┴┼─· \n"), sorted(set(faint))[:20]


def soldiers_and_energy(*opening: str) -> Report:
    """Two readouts of one energy ceasefire, the left one also returning wounded soldiers."""
    left = readout_from_text(
        " ".join(
            [
                *opening,
                "Russia will return 23 wounded soldiers to Kharkiv next week.",
                "The ceasefire on energy infrastructure was agreed.",
            ]
        ),
        name="left",
    )
    right = readout_from_text(
        "A halt to strikes on energy infrastructure was agreed.", name="right"
    )
    return compare([left, right])


def test_the_headline_quotes_the_sure_omission_most_particular_to_the_call() -> None:
    from readout_diff.render.view import headline, select

    report = soldiers_and_energy("The two leaders had a long and friendly talk about many things.")
    text = " ".join(headline(report, select(report)))
    assert "including “Russia will return 23 wounded soldiers" in text, text


def test_a_headline_with_no_sure_omission_says_the_side_may_lack_it() -> None:
    from readout_diff.render.view import headline, select

    report = soldiers_and_energy()
    alone = [p for p in report.points if p.only_on("left")]
    assert alone and all(p.sure for p in alone)
    text = " ".join(headline(report, select(report)))
    assert "The right readout has no counterpart for" in text and "including “" in text, text
    # The same omission, to check: the sentence no longer states it as a fact.
    unsure = tuple(
        replace(p, confidence="check", confidence_reason="plausible-partner")
        if p.only_on("left")
        else p
        for p in report.points
    )
    text = " ".join(
        headline(replace(report, points=unsure), select(replace(report, points=unsure)))
    )
    assert "The right readout may have no counterpart for" in text, text
    assert "(to check), such as “Russia will return 23 wounded soldiers" in text, text


def test_a_headline_names_a_readout_s_only_point_in_words() -> None:
    from readout_diff.render.view import headline, select

    left = readout_from_text("Ransomware attacks on hospitals were raised.", name="left")
    right = readout_from_text("The two spoke of ransomware attacks on hospitals.", name="right")
    report = compare([left, right])
    text = " ".join(headline(report, select(report)))
    assert "has a counterpart for the left readout's only point" in text, text
    assert "each of" not in text and "readout's 1 point" not in text, text


def test_a_headline_quote_keeps_the_readout_s_own_words() -> None:
    from readout_diff.render.view import headline, select

    left = readout_from_text(
        "The ministers met in Bergen. They discussed the detained fishermen,"
        " and called for their immediate release.",
        name="left",
    )
    right = readout_from_text("The ministers met in Bergen.", name="right")
    report = compare([left, right])
    text = " ".join(headline(report, select(report)))
    quotes = re.findall(r"“([^”]*)”", text)
    assert quotes, text
    sources = " ".join(c.text for r in report.sides for c in r.claims)
    for quote in quotes:
        words = quote.strip("…")
        assert words in sources, (quote, sources)
        assert quote.startswith("…") or any(c.text.startswith(words) for c in left.claims)
    assert "“…called for their immediate release”" in text, text


def test_a_side_with_no_point_of_its_own_says_how_sure_its_pairs_are() -> None:
    from readout_diff.render.view import headline, select

    report = mixed(demo_report())
    for side in report.sides:
        alone = [p for p in report.points if p.only_on(side.name)]
        made = [p for p in report.points if side.name in p.present]
        # Every point of a side is shared: the headline says so, with how many to check.
        trimmed = replace(report, points=tuple(p for p in report.points if p not in alone))
        text = " ".join(headline(trimmed, select(trimmed)))
        unsure = sum(1 for p in made if not p.sure and p not in alone)
        if unsure:
            assert "to check)" in text, text
    three = compare([readout_from_text(WHITE_HOUSE, name=n) for n in ("a", "b", "c")])
    text = " ".join(headline(three, select(three)))
    assert "makes 0 of" not in text and "Another readout makes each of" in text, text


def test_check_these_says_which_words_tie_a_claim_to_its_nearest() -> None:
    """A one-sided claim beside its nearest candidate: the words they share are shown, so a
    tie on one common word is dismissed at a glance."""
    from readout_diff.render.as_html import render_html
    from readout_diff.verdicts import mutual_nearest

    report = demo_report()
    near = [
        p
        for p in report.points
        if p.confidence == "check" and len(p.present) == 1 and p.nearest and p.nearest.words
    ]
    single = next(p for p in near if len(p.nearest.words) == 1)
    several = next(p for p in near if len(p.nearest.words) > 1)
    out = io.StringIO()
    render_terminal(report, make_console(out, color=False, width=240))
    shown = out.getvalue()
    assert f"(shares only: {single.nearest.words[0]})" in shown
    assert f"(shares: {', '.join(several.nearest.words[:2])}" in shown
    assert f"_(shares only: {escape(single.nearest.words[0])})_" in render_markdown(report)
    html = render_html(report)
    # Two claims nearest to each other share one row, and say their words once.
    seconds = set(mutual_nearest(near).values())
    rows = [p for p in near if p.nearest.claim and p.id not in seconds]
    assert html.count('<span class="ties">(shares') == len(rows)
    # With --explain the words are in the explanation line instead, said once.
    out = io.StringIO()
    render_terminal(report, make_console(out, color=False, width=240), explain=True)
    assert "(shares" not in out.getvalue() and "; shared: " in out.getvalue()


def test_two_one_sided_claims_nearest_to_each_other_are_one_verdict_to_check() -> None:
    """When each of two one-sided claims is the other's nearest, Check these shows them once,
    in one row, both whole: one answer settles both (as review asks it once)."""
    from readout_diff.folders import load_call
    from readout_diff.render.as_html import render_html
    from readout_diff.render.view import to_check
    from readout_diff.verdicts import mutual_nearest, verdicts

    call = load_call(str(ROOT / "readouts" / "2025-03-18-trump-putin"))
    report = compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)
    checks = to_check(report, report.points)
    pairs = mutual_nearest(checks)
    assert pairs, "the example call has such a pair"
    first, second = next(iter(pairs.items()))
    by_id = {p.id: p for p in report.points}
    a, b = by_id[first].claims[0], by_id[second].claims[0]
    assert by_id[first].nearest.claim == b.id and by_id[second].nearest.claim == a.id
    # Both points are still counted under Check these; review asks them as one verdict.
    assert {first, second} <= {p.id for p in checks}
    assert any(set(v.points) == {first, second} for v in verdicts(report))
    text = render(report, width=1000)
    section = text[text.index("Check these") :]
    assert section.count(a.text) == 1 and section.count(b.text) == 1
    assert f"nearest: {a.text}" not in section and f"nearest: {b.text}" not in section
    # Beside its partner, the second reads as one-sided too, not as a pairing.
    assert f"nearest, one-sided too: {b.text}" in section
    assert "one answer settles both" in section
    markdown = render_markdown(report)
    md_section = markdown[markdown.index("## Check these") :]
    assert md_section.count(escape(b.text)) == 1, md_section
    assert f"_nearest:_ {escape(b.text)}" not in md_section
    assert f"_nearest, one-sided too:_ {escape(b.text)}" in md_section
    html = render_html(report)
    for point in (first, second):
        # Every check point keeps the anchor its "only here ?" tag links to.
        assert html.count(f'id="check-{point}"') == 1


def test_a_claim_too_long_for_a_report_is_cut_in_markdown_as_in_the_terminal() -> None:
    """A 40,000-character claim is no table cell: Markdown cuts it where the terminal does,
    saying how much is left out."""
    from readout_diff.render.text import SHOWN_CHARS

    words = "leaders agreed peace trade energy routes".split()
    body = " ".join(words[k % 6] + str(k % 97) for k in range(6000)) + "."
    a = readout_from_text(body, name="a")
    b = readout_from_text(body.replace("energy", "power"), name="b")
    markdown = render_markdown(compare([a, b]))
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows and max(len(line) for line in rows) < 3 * SHOWN_CHARS
    assert f"… ({len(body) - SHOWN_CHARS} more characters)" in markdown


def test_the_row_of_two_claims_nearest_to_each_other_cuts_a_long_one(tmp_path: Path) -> None:
    """The second claim of such a row is shown whole, but no more than any claim is."""
    import shutil

    from readout_diff.folders import load_call
    from readout_diff.render.as_html import render_html
    from readout_diff.render.text import SHOWN_CHARS
    from readout_diff.render.view import to_check
    from readout_diff.verdicts import mutual_nearest

    folder = tmp_path / "call"
    shutil.copytree(ROOT / "readouts" / "2025-03-18-trump-putin", folder)
    kremlin = folder / "kremlin.yaml"
    padding = " it was so and it was as it was before" * 400
    text = kremlin.read_text(encoding="utf-8")
    kremlin.write_text(
        text.replace("intelligence altogether.", "intelligence altogether" + padding + "."),
        encoding="utf-8",
    )
    call = load_call(str(folder))
    report = compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)
    pairs = mutual_nearest(to_check(report, report.points))
    by_id = {p.id: p for p in report.points}
    assert any(len(by_id[second].claims[0].text) > 10_000 for second in pairs.values())
    terminal = render(report, width=100)
    section = terminal[terminal.index("Check these (") :]
    assert section.count("it was so and it was as") < 2 * SHOWN_CHARS // len(padding[:40]), section
    markdown = render_markdown(report)
    assert max(len(line) for line in markdown.splitlines()) < 3 * SHOWN_CHARS
    html = render_html(report)
    rows = html[html.index('<section id="check">') :]
    assert max(len(line) for line in rows.splitlines()) < 3 * SHOWN_CHARS


def test_the_headline_says_when_one_readout_denies_what_the_other_states() -> None:
    """A journalist's first question: did one side say a thing did not happen? The headline
    quotes that side's claim."""
    from readout_diff.render.view import headline, select

    a = readout_from_text(
        "The ministers discussed the detention of journalist Maria Koenig."
        " They reviewed plans for the Vienna summit.",
        name="a",
        label="Ministry A",
    )
    b = readout_from_text(
        "The detention of journalist Maria Koenig was not raised."
        " The ministers reviewed plans for the Vienna summit.",
        name="b",
        label="Ministry B",
    )
    report = compare([a, b])
    text = " ".join(headline(report, select(report)))
    assert (
        "In one of them the Ministry B readout denies what the other states: “The detention of"
        " journalist Maria Koenig was not raised”." in text
    ), text
    plain = compare([a, readout_from_text(b.text.replace("was not raised", "came up"), name="b")])
    assert "denies" not in " ".join(headline(plain, select(plain)))


def test_the_headline_names_a_number_only_one_side_gives_as_such() -> None:
    from readout_diff.render.view import headline, select

    a = readout_from_text("The sides will swap 175 prisoners of war next week.", name="a")
    b = readout_from_text("The sides will swap prisoners of war next week.", name="b")
    c = readout_from_text("The sides will swap 157 prisoners of war next week.", name="b")
    one_side = compare([a, b])
    assert "they differ on 1 (a number one side gives)" in " ".join(
        headline(one_side, select(one_side))
    )
    both = compare([a, c])
    assert "they differ on 1 (number)" in " ".join(headline(both, select(both)))


@pytest.mark.parametrize("width", [40, 80])
def test_the_side_table_has_its_columns_aligned_and_fits_the_width(width: int) -> None:
    long = "Ministry of Foreign Affairs of Somewhere"
    a = readout_from_text("The ministers discussed grain exports. Hockey came up.", name="a")
    b = readout_from_text("Grain exports were discussed.", name="b", label=long)
    text = render(compare([a, b]), width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    if width == 40:
        head = lines.index("a")
    else:
        head = next(n for n, line in enumerate(lines) if line.startswith("side "))
        assert set(lines[head + 1]) == {"─"}
    rows = lines[head + 2 : head + 6]
    if width == 80:  # drawn as text: a row per side, numbers under the right end of their head
        assert rows[0].split() == ["a", "2", "1", "1"]
        assert rows[1].startswith(long) and rows[1].split()[-3:] == ["1", "1", "0"]
        for heading in ("claims", "paired", "only here"):
            end = lines[head].index(heading) + len(heading)
            assert rows[0][end - 1].isdigit() and rows[1][end - 1].isdigit()
    else:  # too wide: each side's label on a line, its figures under it, nothing cut
        assert lines[head : head + 4] == [
            "a",
            "  claims 2, paired 1, only here 1",
            long,
            "  claims 1, paired 1, only here 0",
        ], text


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_presence_table_and_side_table_keep_within_the_width(
    tmp_path: Path, width: int
) -> None:
    """The presence table measured names in characters, not columns, and capped each head
    at 12 whatever the width: with five sides its lines ran past 60 columns."""
    from rich.cells import cell_len
    from typer.testing import CliRunner

    from readout_diff.cli import app

    texts = [
        "The ministers discussed grain exports.",
        "Grain exports were discussed at length.",
        "The ministers discussed grain exports and rail links.",
        "Hockey came up.",
        "Rail links to the ports were raised.",
    ]
    names = [
        "中华人民共和国外交部",
        "White House of the United States",
        "Kremlin",
        "A",
        "Präsidialamt",
    ]
    args = ["compare"]
    for k, text in enumerate(texts):
        path = tmp_path / f"s{k}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        args.append(str(path))
    for name in names:
        args += ["-n", name]
    result = CliRunner().invoke(app, [*args, "--width", str(width), "--color", "never"])
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(("side", "中华")))
    end = next(n for n, line in enumerate(lines) if line.startswith(("In both", "Shared points")))
    block = lines[start:end]
    assert "Presence" in block and any("中华" in line for line in block)
    over = [line for line in block if cell_len(line) > width]
    assert not over, over


def test_with_too_many_sides_for_their_names_the_presence_table_numbers_them() -> None:
    from rich.cells import cell_len

    sides = [
        readout_from_text(f"The ministers discussed grain exports and topic {k}.", name=f"side-{k}")
        for k in range(1, 9)
    ]
    lines = render(compare(sides), 40).splitlines()
    start = lines.index("Presence")
    end = next(n for n, line in enumerate(lines) if line.startswith("  ● the side has"))
    block = lines[start:end]
    assert block[1].split() == ["point", *map(str, range(1, 9)), "claim"]
    legend = [line.split() for line in block if re.fullmatch(r"\s+\d+\s+side-\d+", line)]
    assert legend == [[str(k), f"side-{k}"] for k in range(1, 9)]
    assert all(cell_len(line) <= 40 for line in block)


def test_the_headline_quotes_a_point_before_a_briefing_s_reply_to_a_question() -> None:
    """A reply with its question ("…? Yury Lind: I don't know.") was quoted as what only
    that side said, its speaker's names counting as particular to the call."""
    from readout_diff.render.view import headline, select

    briefing = readout_from_text(
        "Aide Anna Lind: The presidents spoke for an hour.\nQuestion: Will the Presidents Meet"
        " In Oslo Before New Year? Anna Lind: I don't know.\nAnna Lind: The president stressed"
        " that guarantees on the eastern border must be legally binding.\n",
        name="briefing",
    )
    readout = readout_from_text("The presidents spoke for an hour.", name="readout")
    report = compare([briefing, readout])
    said = " ".join(headline(report, select(report)))
    assert "“The president stressed that guarantees" in said, said


def test_a_clause_to_check_is_shown_inside_its_sentence_never_alone() -> None:
    """Under Check these a one-sided clause was shown alone ("and lasted two hours.")."""
    a = readout_from_text(
        "The talks were frank and businesslike, and they lasted just over two hours.", name="a"
    )
    b = readout_from_text("The talks were frank and businesslike.", name="b")
    text = render(compare([a, b]))
    check = text[text.index("Check these") :]
    assert "│ businesslike, [[and they lasted just │" in check, check
    assert "A claim shown inside its sentence is marked [[so]]." in " ".join(text.split())
