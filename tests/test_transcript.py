"""Briefing transcripts: speaker lines, questions, greetings and separators are not claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, write
from typer.testing import CliRunner

from readout_diff.cli import app
from readout_diff.readouts import readout_from_text
from readout_diff.transcript import split

PAGES = ROOT / "tests" / "pages"

# One turn after another on a single line, as transcripts copied from a page often are.
RUN_ON = (
    "Elena Voss briefed reporters after the call between the two ministers. * * * "
    "Spokesperson of the Ministry Elena Voss: Good morning, everyone! The ministers spoke for"
    " half an hour. They agreed to reopen the consulates in both capitals by the autumn. Thank"
    " you. Question: Will the consulates issue visas at once? And when? Elena Voss: Visas will"
    " be issued from the first day. Question: Was the border raised? Elena Voss: It was not"
    " raised this time. Thank you very much."
)
SAID = [
    "The ministers spoke for half an hour.",
    "They agreed to reopen the consulates in both capitals by the autumn.",
    "Visas will be issued from the first day.",
    "It was not raised this time.",
]


def test_a_run_on_transcript_keeps_only_what_the_speaker_said() -> None:
    readout = readout_from_text(RUN_ON, name="ministry")
    texts = [c.text for c in readout.claims]
    assert texts == [
        "Elena Voss briefed reporters after the call between the two ministers.",
        *SAID,
    ]
    assert [c.speaker for c in readout.claims] == [None] + [
        "Spokesperson of the Ministry Elena Voss"
    ] * 4
    reasons = [(s.reason, RUN_ON[s.start : s.end]) for s in readout.skipped]
    assert reasons == [
        ("separator", "* * *"),
        ("speaker", "Spokesperson of the Ministry Elena Voss:"),
        ("greeting", "Good morning, everyone!"),
        ("greeting", "Thank you."),
        ("question", "Question: Will the consulates issue visas at once? And when?"),
        ("speaker", "Elena Voss:"),
        ("question", "Question: Was the border raised?"),
        ("speaker", "Elena Voss:"),
        ("greeting", "Thank you very much."),
    ]


def test_a_transcript_line_by_line_gives_the_same_claims() -> None:
    lines = RUN_ON.replace(" * * * ", "\n\n* * *\n\n").replace(" Question:", "\n\nQuestion:")
    lines = lines.replace(" Elena Voss:", "\n\nElena Voss:").replace(
        " Spokesperson", "Spokesperson"
    )
    assert lines.count("\n\n") == 7
    readout = readout_from_text(lines, name="ministry")
    assert [c.text for c in readout.claims][1:] == SAID
    for claim in readout.claims:
        assert lines[claim.start : claim.end] == claim.text
        assert claim.line == lines.count("\n", 0, claim.start) + 1
    assert [c.sentence for c in readout.claims] == [0, 1, 2, 3, 4]


def test_the_briefing_page_and_its_text_agree_and_keep_the_speaker() -> None:
    result = CliRunner().invoke(app, ["claims", str(PAGES / "briefing.html"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    claims = data["side"]["claims"]
    assert claims[0]["speaker"] is None
    assert {c["speaker"] for c in claims[1:]} == {"Aide to the President Mikhail Sorokin"}
    reasons = [s["reason"] for s in data["skipped"]]
    # The first answer opens with "Yes": its question and speaker line are part of its claim.
    assert reasons.count("question") == 1 and reasons.count("speaker") == 2
    assert "separator" in reasons and reasons.count("greeting") == 3
    assert any(
        c["text"].startswith("Question: Did the presidents discuss the summit")
        and c["text"].endswith("Yes, the summit was mentioned.")
        for c in claims
    )
    terminal = CliRunner().invoke(
        app, ["claims", str(PAGES / "briefing.txt"), "--no-color", "--width", "80"]
    )
    assert "Aide to the President Mikhail Sorokin: The" in terminal.stdout
    assert "skipped line 15 (question): Question: Thank you. And what about" in terminal.stdout


def test_no_question_greeting_or_separator_reaches_a_comparison(tmp_path: Path) -> None:
    briefing = write(tmp_path / "briefing.txt", RUN_ON)
    readout = write(
        tmp_path / "readout.txt",
        "The ministers agreed to reopen the consulates by the autumn. Thank you.\n"
        "Visas will be issued from the first day. Will the border be raised? It was not raised.\n",
    )
    result = CliRunner().invoke(app, ["compare", str(briefing), str(readout), "-f", "json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    texts = [c["text"] for side in report["sides"] for c in side["claims"]]
    assert not any("Question" in t or "* * *" in t or t.startswith("Thank you") for t in texts)
    assert not any(t.startswith(("Good morning", "Elena Voss:")) for t in texts)


def test_an_ordinary_readout_with_one_colon_is_not_a_transcript() -> None:
    text = (
        "The President spoke with the Chancellor today. Three Points Agreed: trade, energy"
        " and security. They will meet in June."
    )
    claims, skipped, speakers = split(text)
    assert [c[0] for c in claims][1].startswith("Three Points Agreed: trade")
    assert skipped == [] and speakers == [None, None, None]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you for the invitation to visit Oslo, the minister replied.",
        "Good relations with neighbours remain a priority.",
        "The leaders said hello to the delegations.",
    ],
)
def test_a_sentence_that_only_starts_like_a_greeting_is_a_claim(sentence: str) -> None:
    claims, skipped, _ = split(f"The two leaders met. {sentence}")
    assert [c[0] for c in claims] == ["The two leaders met.", sentence] and skipped == []


def test_russian_labels_and_greetings() -> None:
    text = (
        "Ю.Ушаков: Добрый вечер! Разговор продолжался около часа. Спасибо.\n\n"
        "Вопрос: Обсуждали ли президенты визит?\n\n"
        "Ю.Ушаков: Нет, этот вопрос не обсуждался."
    )
    readout = readout_from_text(text, name="kremlin")
    assert [c.text for c in readout.claims] == [
        "Разговор продолжался около часа.",
        "Вопрос: Обсуждали ли президенты визит?\n\nЮ.Ушаков: Нет, этот вопрос не обсуждался.",
    ]
    assert {c.speaker for c in readout.claims} == {"Ю.Ушаков"}


BRIEFING = (
    "Aide Anna Lind: The ministers spoke for an hour. Question: Did the ministers discuss the"
    " fishing quotas? Anna Lind: No, they didn't. Question: Will they meet again? Anna Lind:"
    " They will meet in Oslo in May. Question: Was the pipeline raised? Anna Lind: I don't"
    " know. Question: And the visas? Anna Lind: Right now the consulates are closed."
)


def test_a_reply_that_means_nothing_alone_keeps_its_question() -> None:
    """ "No, they didn't." was a claim on its own, its question skipped: no reader (and no
    scorer) could tell what it denies."""
    readout = readout_from_text(BRIEFING, name="ministry")
    texts = [c.text for c in readout.claims]
    assert texts == [
        "The ministers spoke for an hour.",
        "Question: Did the ministers discuss the fishing quotas? Anna Lind: No, they didn't.",
        "They will meet in Oslo in May.",
        "Question: Was the pipeline raised? Anna Lind: I don't know.",
        "Right now the consulates are closed.",
    ]
    for claim in readout.claims:
        assert BRIEFING[claim.start : claim.end] == claim.text
    assert {c.speaker for c in readout.claims} == {"Aide Anna Lind"}
    asked = [BRIEFING[s.start : s.end] for s in readout.skipped if s.reason == "question"]
    assert asked == ["Question: Will they meet again?", "Question: And the visas?"]
    spans = [(s.start, s.end) for s in readout.skipped]
    assert not any(c.start < end and start < c.end for c in readout.claims for start, end in spans)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (  # the reply's speaker line is not known as one: the reply is still read
            "Anna Lind briefed reporters.\n\nQuestion: Did the ministers discuss grain?\n"
            "Lind: Yes, for an hour. They agreed to exchange 175 prisoners.",
            ["Lind: Yes, for an hour.", "They agreed to exchange 175 prisoners."],
        ),
        (  # "Question:" in prose, with no question mark: its sentence alone is skipped
            "The ministers discussed trade. Question: none was raised about the pipeline,"
            " officials said. The ministers agreed to exchange 175 prisoners.",
            ["The ministers agreed to exchange 175 prisoners."],
        ),
        (  # a question never runs past a blank line
            "Aide Anna Lind: The ministers met.\n\nQuestion: Was trade raised\n\n"
            "The ministers agreed on grain.\n\nThey will meet again.",
            ["The ministers agreed on grain.", "They will meet again."],
        ),
    ],
)
def test_a_question_never_swallows_the_text_after_it(text: str, kept: list[str]) -> None:
    """A question ran to the next speaker line or the end of the text: a reply under a
    speaker line not known as one, or a whole readout after "Question:", was lost."""
    readout = readout_from_text(text, name="ministry")
    texts = [c.text for c in readout.claims]
    assert texts[-len(kept) :] == kept, texts
    questions = [s for s in readout.skipped if s.reason == "question"]
    assert len(questions) == 1 and text[questions[0].start : questions[0].end].count("\n\n") == 0


def test_a_lone_question_label_at_the_end_is_skipped_not_a_claim() -> None:
    text = "Anna Lind: The ministers met.\n\nAnna Lind: They will meet again.\n\nQuestion:"
    readout = readout_from_text(text, name="ministry")
    assert [c.text for c in readout.claims] == ["The ministers met.", "They will meet again."]
    assert readout.skipped[-1].reason == "question"


def test_a_reporter_s_words_after_the_question_mark_stay_in_the_question() -> None:
    text = (
        "Anna Lind: The ministers met.\nQuestion: Did they discuss grain? I ask because the"
        " deal was extended.\nAnna Lind: It was raised.\n\nQuestion:\nAnna Lind: Yes.\n"
    )
    readout = readout_from_text(text, name="ministry")
    assert [c.text for c in readout.claims] == ["The ministers met.", "It was raised.", "Yes."]
    asked = [text[s.start : s.end] for s in readout.skipped if s.reason == "question"]
    assert asked == [
        "Question: Did they discuss grain? I ask because the deal was extended.",
        "Question:",
    ]
