"""Readouts in different languages: scripts, scoring by meaning alone, and what is said of it.

A small bilingual stand-in model (a table of word senses in English and Russian) plays the
embedder, so these tests run without the optional extra; the last one runs the bundled
model and is skipped when it is not installed.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import NEEDS_MODEL, ROOT, write
from typer.testing import CliRunner

from readout_diff.cli import app
from readout_diff.load import readout_from_text
from readout_diff.model import Report
from readout_diff.render.as_html import render_html
from readout_diff.render.as_json import report_to_dict
from readout_diff.render.as_markdown import render_markdown
from readout_diff.render.terminal import make_console, render_terminal
from readout_diff.report import compare
from readout_diff.scorers import embeddings
from readout_diff.scorers.semantic import SemanticScorer
from readout_diff.scripts import cross_script_pairs, script_of, side_scripts

SENSES = [
    {"hockey", "matches", "хоккейные", "матчи"},
    {"grain", "exports", "зерна", "поставки"},
    {"prisoners", "exchange", "пленными", "обмен"},
    {"sanctions", "санкции", "санкций"},
]

ENGLISH = (
    "The leaders agreed to hold hockey matches between veterans. "
    "They discussed grain exports across the Black Sea. "
    "Washington listed 175 new sanctions for 19 March."
)
RUSSIAN = (
    "Президенты договорились провести хоккейные матчи ветеранов. "
    "Стороны обсудили поставки зерна через Чёрное море. "
    "19 марта стороны проведут обмен пленными, по 175 с каждой стороны."
)


class BilingualModel:
    """Embeds a text as the senses of its words, whatever the language, and a little noise."""

    key = "bilingual-senses"
    dim = len(SENSES) + 1

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            words = re.findall(r"\w+", text.casefold())
            vector = [float(sum(w in sense for w in words)) for sense in SENSES]
            vector.append(0.3)
            vectors.append(vector)
        return vectors


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "_MEMORY", {})


def bilingual_report(scorer: object = None) -> Report:
    english = readout_from_text(ENGLISH, name="white-house", label="White House")
    russian = readout_from_text(RUSSIAN, name="kremlin", label="Kremlin")
    chosen = SemanticScorer(embedder=BilingualModel()) if scorer is None else scorer
    return compare([english, russian], scorer=chosen)  # type: ignore[arg-type]


def paired(report: Report) -> set[tuple[str, ...]]:
    return {tuple(c.id for c in p.claims) for p in report.points if len(p.present) == 2}


def terminal(report: Report) -> str:
    buffer = io.StringIO()
    render_terminal(report, make_console(buffer, color=False, width=80))
    return buffer.getvalue()


def test_a_side_is_in_the_script_most_of_its_letters_are_in() -> None:
    assert script_of(["В.В. Путин и Д. Трамп обсудили НАТО и G7."]) == "cyrillic"
    assert script_of(["Putin called it a «спецоперация» twice."]) == "latin"
    assert script_of(["Xi met Biden.", "习近平主席在旧金山同美国总统拜登举行会晤。"]) == "cjk"
    assert script_of(["Путин и Trump"]) == "other"  # no script holds 60% of the letters
    assert script_of(["2025-03-18", "175"]) is None


def test_only_sides_of_two_known_scripts_cross() -> None:
    scripts = {"a": "latin", "b": "cyrillic", "c": "latin", "d": "other", "e": None}
    assert cross_script_pairs(scripts) == [("a", "b"), ("b", "c")]
    same = side_scripts(
        [readout_from_text(ENGLISH, name="x"), readout_from_text("Talks went on.", name="y")]
    )
    assert cross_script_pairs(same) == []


def test_across_scripts_claims_pair_on_meaning_alone() -> None:
    report = bilingual_report()
    # The hockey and grain claims share no word, yet pair; the third claims share only
    # numbers, which tie them for the words but not for the model: they stay apart.
    assert paired(report) == {("white-house:1", "kremlin:1"), ("white-house:2", "kremlin:2")}
    lexical = bilingual_report("weighted")
    assert paired(lexical) == {("white-house:3", "kremlin:3")}


def test_every_verdict_across_scripts_is_one_to_check() -> None:
    report = bilingual_report()
    assert report.points and all(not p.sure for p in report.points)
    reasons = {p.confidence_reason for p in report.points}
    assert "across-languages" in reasons
    # Within one script the semantic scorer's verdicts may be sure, as before.
    english = readout_from_text(ENGLISH, name="a")
    other = readout_from_text("They discussed grain exports across the Black Sea.", name="b")
    same = compare([english, other], scorer=SemanticScorer(embedder=BilingualModel()))
    assert any(p.sure for p in same.points)
    assert "across-languages" not in {p.confidence_reason for p in same.points}


def test_words_across_scripts_are_never_sure_either() -> None:
    # The words scorer sees no shared term across scripts, so "no candidate" would be a
    # sure one-sided verdict on every claim: it is a verdict the words cannot make.
    report = bilingual_report("weighted")
    assert report.points and all(not p.sure for p in report.points)
    lone = [p for p in report.points if len(p.present) == 1]
    assert lone and {p.confidence_reason for p in lone} == {"across-languages"}


def test_the_report_says_the_sides_were_compared_by_meaning_alone() -> None:
    report = bilingual_report()
    text = " ".join(terminal(report).split())
    assert "Readouts in different scripts (White House: Latin; Kremlin: Cyrillic)" in text
    assert "paired on meaning alone" in text
    markdown = render_markdown(report)
    assert "_Readouts in different scripts (White House: Latin; Kremlin: Cyrillic)" in markdown
    assert "<em>Readouts in different scripts (White House: Latin;" in render_html(report)
    languages = report_to_dict(report)["languages"]
    assert languages["scripts"] == {"white-house": "latin", "kremlin": "cyrillic"}
    assert languages["across"] == [["white-house", "kremlin"]]
    assert languages["scored_by"] == "meaning"
    assert "meaning alone" in languages["note"]


def test_the_words_scorer_report_says_nothing_of_scripts_but_its_json_records_them() -> None:
    report = bilingual_report("weighted")
    assert "different scripts" not in terminal(report)
    assert "different scripts" not in render_markdown(report)
    assert "different scripts" not in render_html(report)
    languages = report_to_dict(report)["languages"]
    assert languages["scored_by"] == "words" and languages["note"] is None
    one = compare([readout_from_text(ENGLISH, name="a"), readout_from_text(ENGLISH, name="b")])
    assert report_to_dict(one)["languages"] == {
        "scripts": {"a": "latin", "b": "latin"},
        "across": [],
        "scored_by": None,
        "note": None,
    }


@pytest.mark.parametrize("fmt", ["terminal", "json", "markdown"])
def test_words_across_scripts_warn_once_on_stderr_and_change_nothing_else(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    english = write(tmp_path / "white-house.txt", ENGLISH)
    russian = write(tmp_path / "kremlin.txt", RUSSIAN)
    result = runner.invoke(app, ["compare", str(english), str(russian), "-f", fmt])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("readout-diff: warning: white-house and kremlin are in")
    assert "(latin, cyrillic)" in lines[0] and lines[0].endswith("try --scorer semantic")
    # stdout is the report the same comparison prints with no second script in sight.
    report = compare(
        [
            readout_from_text(ENGLISH, name="white-house", path=str(english)),
            readout_from_text(RUSSIAN, name="kremlin", path=str(russian)),
        ]
    )
    assert "different scripts" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["points"] == report_to_dict(report)["points"]
    same = runner.invoke(app, ["compare", str(english), str(english), "-f", fmt])
    assert same.stderr == ""


@NEEDS_MODEL
def test_the_bundled_model_pairs_a_russian_retelling_with_its_english_text(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Kremlin's readout of 18 March 2025 in English, and the same facts retold in
    # Russian: nearly every claim has its counterpart, which no shared word could find.
    english = ROOT / "readouts" / "2025-03-18-trump-putin" / "kremlin.yaml"
    russian = ROOT / "bench" / "russian" / "2025-03-18-trump-putin-ru" / "kremlin.yaml"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = runner.invoke(
        app,
        [
            *("compare", str(english), str(russian), "-n", "english", "-n", "russian"),
            *("--scorer", "semantic", "-f", "json"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["languages"]["scored_by"] == "meaning"
    texts = {c["id"]: c["text"] for side in report["sides"] for c in side["claims"]}
    shared = [p for p in report["points"] if len(p["present"]) == 2]
    english_paired = {c for p in shared for c in p["claims"] if c.startswith("english:")}
    assert len(english_paired) >= 18, len(english_paired)  # of 24
    hockey = next(p for p in shared if any("hockey" in texts[c] for c in p["claims"]))
    assert any("хоккейные" in texts[c] for c in hockey["claims"])
    assert all(p["confidence"] == "check" for p in report["points"])


def test_only_number_differences_are_read_across_scripts() -> None:
    # "wide" has no counterpart among the Russian words, which the difference finder does
    # not know: that is no difference. The numbers are read alike in both languages.
    english = readout_from_text(
        "The leaders agreed to hold 3 hockey matches on a wide scale.", name="a"
    )
    russian = readout_from_text("Президенты договорились провести 5 хоккейные матчи.", name="b")
    report = compare([english, russian], scorer=SemanticScorer(embedder=BilingualModel()))
    (point,) = [p for p in report.points if len(p.present) == 2]
    assert [d.kind for d in point.differences] == ["number"]
    within = compare(
        [english, readout_from_text("They agreed to 5 hockey matches.", name="c")],
        scorer=SemanticScorer(embedder=BilingualModel()),
    )
    (point,) = [p for p in within.points if len(p.present) == 2]
    assert sorted(d.kind for d in point.differences) == ["number", "scope"]


def test_the_warning_names_every_side_in_another_script() -> None:
    from readout_diff.scripts import words_warning

    report = compare(
        [
            readout_from_text(ENGLISH, name="white-house"),
            readout_from_text(RUSSIAN, name="kremlin"),
            readout_from_text(ENGLISH, name="ukraine"),
        ]
    )
    warning = words_warning(report)
    assert warning is not None
    assert warning.startswith(
        "white-house, kremlin and ukraine are in different scripts (latin, cyrillic, latin)"
    )
    alike = compare([readout_from_text(ENGLISH, name=n) for n in ("a", "b", "c")])
    assert words_warning(alike) is None
