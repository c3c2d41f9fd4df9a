"""Splitting prose into claims: sentence boundaries, clauses, metadata, spans."""

from __future__ import annotations

from typing import Any

import pytest

from readout_diff.segment import segment, split_prose


def texts(text: str, *, clauses: bool = False) -> list[str]:
    return [t for t, *_ in split_prose(text, clauses=clauses)]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Gen. Lee in the U.S. capital.",
        "The call began at 9 a.m. Moscow time and lasted an hour.",
        "They met on Jan. 9 and again on Feb. 12 in Geneva.",
        "He spoke to No. 10 about it.",
        "Growth reached 3.5 percent, up from 2.1 percent.",
        "President Joseph R. Biden, Jr. held a call.",
        "The U.S.-Russia dialogue continued.",
        "He said e.g. that nothing changed.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_end_a_sentence(text: str) -> None:
    assert texts(text) == [text]


def test_sentences_split_after_final_punctuation() -> None:
    assert texts("They met. They talked! Did they agree? Yes.") == [
        "They met.",
        "They talked!",
        "Did they agree?",
        "Yes.",
    ]


def test_dotted_acronym_ends_a_sentence_before_a_sentence_starter() -> None:
    assert texts("Talks were held with the U.S. The next round is in May.") == [
        "Talks were held with the U.S.",
        "The next round is in May.",
    ]


def test_quoted_speech_is_never_cut() -> None:
    text = '"We will stop any escalation. The capital is safe," the president said. Next.'
    assert texts(text) == [
        '"We will stop any escalation. The capital is safe," the president said.',
        "Next.",
    ]


def test_sentence_ending_inside_a_closing_quote() -> None:
    assert texts("He called it “productive.” Talks follow.") == [
        "He called it “productive.”",
        "Talks follow.",
    ]


def test_unbalanced_quote_does_not_swallow_the_text() -> None:
    assert texts('He said "yes. Then they left. Finally it ended.') == [
        'He said "yes.',
        "Then they left.",
        "Finally it ended.",
    ]


def test_title_heading_dateline_and_rules_are_metadata() -> None:
    text = (
        "# Readout\n\nReadout of the Call With President Ivanov\n\nMOSCOW, March 18, 2025\n\n"
        "The leaders spoke.\n\n---\n\nSub heading\n===\n\nThey agreed.\n"
    )
    claims, skipped = segment(text)
    assert [c[0] for c in claims] == ["The leaders spoke.", "They agreed."]
    reasons = {text[s.start : s.end]: s.reason for s in skipped}
    assert reasons["# Readout"] == "heading"
    assert reasons["Readout of the Call With President Ivanov"] == "title"
    assert reasons["MOSCOW, March 18, 2025"] == "dateline"
    assert reasons["Sub heading"] == "heading"


def test_a_title_with_its_date_on_the_next_line_is_metadata_not_a_claim() -> None:
    text = "Readout of the Call With President Ivanov\nMarch 18, 2025\n\nThe leaders spoke.\n"
    claims, skipped = segment(text)
    assert [c[0] for c in claims] == ["The leaders spoke."]
    reasons = {text[s.start : s.end]: (s.reason, s.line) for s in skipped}
    assert reasons == {
        "Readout of the Call With President Ivanov": ("title", 1),
        "March 18, 2025": ("dateline", 2),
    }


def test_a_russian_title_and_date_are_metadata() -> None:
    text = "Телефонный разговор с Президентом США\n18 марта 2025 года\n\nОни говорили.\n"
    claims, skipped = segment(text)
    assert [c[0] for c in claims] == ["Они говорили."]
    assert [s.reason for s in skipped] == ["title", "dateline"]


@pytest.mark.parametrize(
    "text",
    [
        # a wrapped paragraph that lost its full stop, over a date
        "The leaders agreed on an energy ceasefire\nand talks in the Black Sea\nMarch 18, 2025",
        # a line in capitals is no date
        "The two presidents agreed to a pause on strikes\nUKRAINE",
    ],
)
def test_prose_over_a_date_or_a_word_in_capitals_stays_prose(text: str) -> None:
    claims, _ = segment(text + "\n\nThey met.")
    assert len(claims) == 2


def test_only_the_opening_block_can_be_a_title_over_a_date() -> None:
    claims, _ = segment("They met.\n\nMarch 19 2025\nThe presidents will meet in Riyadh")
    assert len(claims) == 2


def test_a_wrapped_paragraph_without_a_date_line_stays_prose() -> None:
    text = "The leaders spoke about trade\nand about the border\n\nThey agreed.\n"
    assert texts(text) == ["The leaders spoke about trade\nand about the border", "They agreed."]


def test_dateline_prefix_is_not_part_of_the_claim() -> None:
    text = "WASHINGTON — The president spoke with his counterpart."
    assert texts(text) == ["The president spoke with his counterpart."]


def test_only_the_opening_paragraph_has_a_dateline() -> None:
    text = "WASHINGTON — They spoke.\n\nEU - Russia relations came up.\n\nNATO - the alliance too."
    assert texts(text) == [
        "They spoke.",
        "EU - Russia relations came up.",
        "NATO - the alliance too.",
    ]


def test_list_items_are_claims_without_their_markers() -> None:
    text = "Outcomes:\n\n- an energy ceasefire\n- a prisoner exchange\n1. hockey matches\n"
    assert texts(text) == [
        "Outcomes:",
        "an energy ceasefire",
        "a prisoner exchange",
        "hockey matches",
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_spans_reproduce_the_source_for_any_line_ending(newline: str) -> None:
    text = newline.join(["Title line", "", "First point here.", "Second point", "goes on.", ""])
    claims, _ = segment(text)
    assert [c[0] for c in claims] == ["First point here.", f"Second point{newline}goes on."]
    for body, start, end, _line, _ in claims:
        assert text[start:end] == body
    assert [c[3] for c in claims] == [3, 4]


def test_clauses_split_compound_sentences_into_points() -> None:
    text = (
        "The presidents discussed the dialogue on strategic stability, a separate dialogue on "
        "ransomware, as well as joint work on regional issues such as Iran."
    )
    parts = texts(text, clauses=True)
    assert parts == [
        "The presidents discussed the dialogue on strategic stability, a separate dialogue on "
        "ransomware",
        "as well as joint work on regional issues such as Iran.",
    ]


def test_and_before_a_past_tense_verb_starts_a_clause() -> None:
    parts = texts(
        "President Biden reiterated his support for the country and called for a return to "
        "diplomacy.",
        clauses=True,
    )
    assert parts == [
        "President Biden reiterated his support for the country",
        "and called for a return to diplomacy.",
    ]


def test_lists_of_single_words_are_not_split() -> None:
    text = "They deliver military, economic, and humanitarian assistance to the country."
    assert texts(text, clauses=True) == [text]


def test_cjk_and_arabic_sentences() -> None:
    assert texts("中美两国元首通电话。双方讨论了贸易问题。") == [
        "中美两国元首通电话。",
        "双方讨论了贸易问题。",
    ]
    arabic = "تحدث الرئيسان عبر الهاتف. واتفقا على مواصلة الاتصال."
    assert texts(arabic) == ["تحدث الرئيسان عبر الهاتف.", "واتفقا على مواصلة الاتصال."]
    assert texts("Путин и Байден поговорили. Они договорились.") == [
        "Путин и Байден поговорили.",
        "Они договорились.",
    ]


def test_no_sentence_at_all() -> None:
    assert segment("x" * 100_000)[0] == []
    assert segment("# Heading\n\n## Another\n")[0] == []


@pytest.mark.parametrize(
    "dateline",
    [
        "OSLAND, October 14, 2026 — ",
        "OSLAND, 14 October 2026 — ",
        "OSLAND, 14 Oct. 2026 — ",
        "OSLAND, 14 Oct 2026 -- ",
        "OSLAND, 4 Sept. 2026 – ",
        "OSLAND, 14 October — ",
        "OSLAND, 14 October 2026 (Osland Press) — ",
        "OSLAND, Tuesday, 14 October 2026 — ",
        "OSLAND, Tuesday 14 October 2026 — ",
        "WASHINGTON, Tuesday, October 14, 2026 — ",
    ],
)
def test_a_dateline_is_not_part_of_the_claim_whichever_comes_first(dateline: str) -> None:
    text = dateline + "Prime Minister Halvorsen spoke today with Chancellor Brandt."
    claims, skipped = segment(text)
    assert [c[0] for c in claims] == [
        "Prime Minister Halvorsen spoke today with Chancellor Brandt."
    ]
    assert [(text[s.start : s.end].strip(), s.reason) for s in skipped] == [
        (dateline.strip(), "dateline")
    ]


@pytest.mark.parametrize(
    "line", ["OSLAND, 14 October 2026", "OSLAND, 14 Oct. 2026", "OSLAND, October 14, 2026"]
)
def test_a_dateline_on_its_own_line_is_metadata_whichever_comes_first(line: str) -> None:
    claims, skipped = segment(f"Halvorsen Speaks With Brandt\n\n{line}\n\nThey met.")
    assert [c[0] for c in claims] == ["They met."]
    assert [s.reason for s in skipped] == ["title", "dateline"]


@pytest.mark.parametrize(
    "text",
    [
        "OSLAND, 14 ministers met today — and they agreed on the port.",
        "OSLAND, 14 Octopus 2026 — the ship sailed.",
    ],
)
def test_a_number_after_the_place_is_no_day_without_a_month(text: str) -> None:
    claims, skipped = segment(text)
    assert not skipped and claims[0][0].startswith("OSLAND, 14")


@pytest.mark.parametrize(
    "build",
    [
        lambda n: "OSLAND, 14 October" + " " * n + "x.",
        lambda n: "OSLAND, 14" + " " * n + "x.",
        lambda n: "OSLAND, 14 Oct." + " \t" * n + "2026",
        lambda n: "OSLAND, 14 October 2026" + " " * n + "—x",
        lambda n: "OSLAND, Tuesday," + " " * n + "x.",
        lambda n: "OSLAND, Tuesday" + " " * n + "x.",
    ],
    ids=["after-month", "after-day", "before-year", "before-dash", "weekday", "weekday-space"],
)
def test_a_day_first_dateline_is_read_in_linear_time(build: Any) -> None:
    from test_hardening import assert_linear

    assert_linear(lambda n: segment(build(n)), 2000)


@pytest.mark.parametrize(
    "dateline",
    [
        "МОСКВА, 12 февраля – ",
        "МОСКВА – ",
        "Москва, 12 февраля — ",
        "НОВО-ОГАРЁВО, 3 мая 2024 г. - ",
    ],
)
def test_a_russian_dateline_is_not_part_of_the_claim(dateline: str) -> None:
    text = dateline + "Владимир Путин провёл телефонный разговор с Президентом Франции."
    claims, skipped = segment(text)
    assert [c[0] for c in claims] == [
        "Владимир Путин провёл телефонный разговор с Президентом Франции."
    ]
    assert [(text[s.start : s.end].strip(), s.reason) for s in skipped] == [
        (dateline.strip(), "dateline")
    ]


@pytest.mark.parametrize(
    "opening",
    [
        "Москва, 12 февраля 2022 года.\n\n",  # a line of its own, with its full stop
        "Москва, 12 февраля 2022 года.\n",  # the first line of the paragraph
        "Москва, 12 февраля 2022 года. ",  # before the text, on its line
        "Москва, 12 февраля 2022 года\n\n",  # without the full stop
        "Санкт-Петербург, 3 июня 2023 г.\n\n",
        "МОСКВА, 12 февраля –\n",  # the dash ends the line
        "Телефонный разговор с Президентом Франции\n\nМосква, 12 февраля 2022 года.\n\n",
    ],
)
def test_a_russian_dateline_opening_the_readout_is_metadata(opening: str) -> None:
    text = opening + "Состоялся телефонный разговор Владимира Путина с Эммануэлем Макроном."
    claims, skipped = segment(text)
    assert [c[0] for c in claims] == [
        "Состоялся телефонный разговор Владимира Путина с Эммануэлем Макроном."
    ]
    assert skipped[-1].reason == "dateline"
    assert text[skipped[-1].start : skipped[-1].end].startswith(("Москва", "Санкт", "МОСКВА"))


@pytest.mark.parametrize(
    "text",
    [
        # after the first claim, a place and a date are prose
        "Они говорили.\n\nМосква, 12 февраля 2022 года. Состоялась встреча.",
        # a name and a dash without a date, or a date without a place, are no dateline
        "Россия и Франция – партнёры в этом деле.",
        "Москва – столица России, сказал он.",
        "Президент, 12 февраля 2022 года, позвонил ему.",
    ],
)
def test_prose_with_a_russian_place_or_date_stays_prose(text: str) -> None:
    claims, skipped = segment(text)
    assert not skipped
    assert "".join(c[0] for c in claims).replace(" ", "") == text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize(
    "build",
    [
        lambda n: "МОСКВА, 12 февраля" + " " * n + "x.",
        lambda n: "Москва, 12 февраля 2022" + " \t" * n + "года.",
        lambda n: "МОСКВА" + " -" * n + "x.",
        lambda n: "Москва-Москва" * n + ", 12 февраля.",
    ],
)
def test_a_russian_dateline_is_read_in_linear_time(build: Any) -> None:
    from test_hardening import assert_linear

    assert_linear(lambda n: segment(build(n)), 2000)
