"""Markdown readouts: claims are the words a reader sees, without the markup around them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write
from typer.testing import CliRunner

from readout_diff.cli import app
from readout_diff.load import load_readout
from readout_diff.markdown import clean_markdown

FMT = """# President Halvorsen holds a call with Chancellor Brandt
*14 October 2026*
<!-- copied from the ministry's site,
     second line of the comment -->

The leaders agreed on **12 billion euros** in trade, see [the statement](https://example.org/s).

> The President said the __partnership__ was `strong` and would grow.

![a photograph of the two leaders](https://example.org/p.jpg)

- They welcomed the *new* rail link to the port_city terminal.
- They discussed the [energy][plan] plan and 5 * 3 tonnes of grain.

[plan]: https://example.org/plan "The plan"
"""


def test_a_markdown_readout_s_claims_hold_no_markup(tmp_path: Path) -> None:
    readout = load_readout(str(write(tmp_path / "fmt.md", FMT)))
    assert [" ".join(c.text.split()) for c in readout.claims] == [
        "The leaders agreed on 12 billion euros in trade, see the statement.",
        "The President said the partnership was strong and would grow.",
        "They welcomed the new rail link to the port_city terminal.",
        "They discussed the energy plan and 5 * 3 tonnes of grain.",
    ]


def test_markdown_spans_index_the_cleaned_text_line_for_line(tmp_path: Path) -> None:
    readout = load_readout(str(write(tmp_path / "fmt.md", FMT)))
    assert readout.kind == "markdown" and readout.span_base == "markdown-text"
    source = FMT.splitlines()
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text
        # the claim's line is the file's line, and that line holds the claim's words
        first_word = claim.text.split()[0]
        assert first_word in source[claim.line - 1]
    assert readout.text.count("\n") == FMT.count("\n")


def test_markdown_json_names_its_span_base_and_stays_valid(tmp_path: Path) -> None:
    from conftest import validator

    path = write(tmp_path / "fmt.md", FMT)
    result = CliRunner().invoke(app, ["claims", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    validator("claims").validate(document)
    assert document["side"]["span_base"] == "markdown-text"
    assert "**" not in result.stdout and "](" not in result.stdout


def test_headings_and_datelines_stay_metadata(tmp_path: Path) -> None:
    readout = load_readout(str(write(tmp_path / "fmt.md", FMT)))
    skipped = {readout.text[s.start : s.end]: s.reason for s in readout.skipped}
    assert skipped["# President Halvorsen holds a call with Chancellor Brandt"] == "heading"
    assert skipped["14 October 2026"] == "dateline"


@pytest.mark.parametrize(
    ("markdown", "clean"),
    [
        ("**bold** and __strong__ and *it* and _em_.", "bold and strong and it and em."),
        ("***both*** at once.", "both at once."),
        ("snake_case_name and 2*3*4 stay.", "snake_case_name and 2*3*4 stay."),
        ("a * b and a _ b stay.", "a * b and a _ b stay."),
        ("An \\*escaped\\* star.", "An *escaped* star."),
        ("Unclosed **bold stays.", "Unclosed **bold stays."),
        ("`code` and ``two `ticks` ``.", "code and two ticks ."),
        ('See [the text](https://a.org/x_y "title").', "See the text."),
        ("See [the text][ref] and [this][].", "See the text and this."),
        ("An ![image](x.png) gone.", "An  gone."),
        ("Go to <https://a.org/b>.", "Go to https://a.org/b."),
        ("A<br>break and <b>bold</b>.", "Abreak and bold."),
        ("A note[^1] here.", "A note here."),
        ("Fish &amp; chips.", "Fish & chips."),
        ("~~struck~~ text.", "struck text."),
        ("> > nested quote.", "nested quote."),
        ("## Heading ##", "## Heading"),
        ("- **item** one", "- item one"),
        ("* item one", "* item one"),
        ("1. *first* item", "1. first item"),
    ],
)
def test_inline_markup_is_removed(markdown: str, clean: str) -> None:
    assert clean_markdown(markdown) == clean


def test_comments_and_reference_definitions_keep_their_lines() -> None:
    text = "One.<!-- a\nb -->Two.\n[ref]: https://a.org\nThree."
    assert clean_markdown(text) == "One.\nTwo.\n\nThree."


def test_emphasis_runs_across_the_lines_of_a_paragraph() -> None:
    assert clean_markdown("They agreed **on the\nnew** plan.") == "They agreed on the\nnew plan."


def test_fenced_code_is_kept_as_written_without_its_fences() -> None:
    assert clean_markdown("```\na *b* c\n```\nText.") == "\na *b* c\n\nText."


def test_a_plain_text_file_is_not_cleaned(tmp_path: Path) -> None:
    readout = load_readout(str(write(tmp_path / "a.txt", "They met at 5 * 3 **p.m.**\n")))
    assert readout.claims[0].text == "They met at 5 * 3 **p.m.**"
    assert readout.span_base == "file"


def test_cleaning_grows_linearly() -> None:
    from test_hardening import assert_linear

    for piece in ("*a ", "[a", "](b ", '](b "', "<!--", "`", "_a ", "**", "![", "<a "):
        assert_linear(lambda n, piece=piece: clean_markdown(piece * (n // len(piece))), 4000)
