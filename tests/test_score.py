"""Scoring: IDF weighting, word-form classes, the inverted index."""

from __future__ import annotations

import pytest
from conftest import TOPIC_WORDS
from hypothesis import given, settings
from hypothesis import strategies as st

from readout_diff.load import readout_from_text
from readout_diff.normalize import Analyzer
from readout_diff.report import compare
from readout_diff.score import score_sides, term_classes

ANALYZER = Analyzer()


def test_a_rare_shared_word_weighs_more_than_a_common_one() -> None:
    left = ["Ukraine and ransomware.", "Ukraine and trade.", "Ukraine and energy."]
    right = ["Ukraine was raised.", "Ransomware was raised."]
    sim = score_sides([left, right], analyzer=ANALYZER)
    row = dict(sim.row(0, 0, 1))
    assert row[1] > row[0] > 0


def _same_term(a: str, b: str) -> bool:
    (x,), (y,) = ANALYZER.terms(a), ANALYZER.terms(b)
    classes = term_classes({x, y})
    return classes[x] == classes[y]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("normalising", "normalization"),
        ("defence", "defense"),
        ("negotiate", "negotiations"),
        ("agreed", "agreement"),
        ("economy", "economic"),
        ("sanctioned", "sanctions"),
        ("organisations", "organization"),
    ],
)
def test_word_forms_of_one_word_share_a_term(a: str, b: str) -> None:
    assert _same_term(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # each pair once joined by the stemmer or by near-identical spelling
        ("position", "positively"),
        ("positive", "positions"),
        ("complex", "complete"),
        ("responsibility", "responses"),
        ("South", "Southeast"),
        ("form", "former"),
    ],
)
def test_false_friends_stay_apart(a: str, b: str) -> None:
    assert not _same_term(a, b)


def test_identical_claims_score_one() -> None:
    sim = score_sides(
        [["Hockey matches in Moscow."], ["Hockey matches in Moscow."]], analyzer=ANALYZER
    )
    assert sim.row(0, 0, 1) == [(0, 1.0)]


def test_shared_words_are_shown_as_written() -> None:
    sim = score_sides(
        [["They spoke of ransomware."], ["Cybercrime was raised."]], analyzer=ANALYZER
    )
    assert sim.shared_words(0, 0, 1, 0) == ("ransomware ~ Cybercrime",)


WORDS = TOPIC_WORDS
claim = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(claim, min_size=1, max_size=8), st.lists(claim, min_size=1, max_size=8))
def test_index_finds_every_pair_the_full_matrix_finds(left: list[str], right: list[str]) -> None:
    """Only claims sharing a term class are scored; the best candidates are those of the full matrix."""
    from readout_diff.scorers.rows import ROW_LIMIT

    sim = score_sides([left, right], analyzer=ANALYZER)
    for i, vector in enumerate(sim.vectors[0]):
        full = {
            j: min(1.0, sum(w * other[c] for c, w in vector.items() if c in other))
            if vector
            else float(sim.content(0, i) == sim.content(1, j))
            for j, other in enumerate(sim.vectors[1])
        }
        positive = sorted(((j, v) for j, v in full.items() if v > 0), key=lambda p: (-p[1], p[0]))
        found = sim.row(0, i, 1)
        assert [j for j, _ in found] == [j for j, _ in positive[: len(found)]]
        for j, value in found:
            assert abs(value - full[j]) < 1e-9
            assert abs(sim.score_of(0, i, 1, j) - full[j]) < 1e-9
        assert len(found) == len(positive) or len(found) > ROW_LIMIT


def test_word_order_inside_a_name_does_not_matter() -> None:
    left = ["The ministers will meet at the Nordic-Baltic Security Forum in spring."]
    same = ["A session of the Nordic-Baltic Security Forum is planned."]
    turned = ["A session of the Baltic-Nordic Security Forum is planned."]
    a = score_sides([left, same], analyzer=ANALYZER).row(0, 0, 1)
    b = score_sides([left, turned], analyzer=ANALYZER).row(0, 0, 1)
    assert a == b and a[0][1] > 0.3


def test_a_number_and_its_unit_make_one_term() -> None:
    terms = ANALYZER.terms("An exchange of 175 prisoners took place.")
    assert "#175+prisoner" in terms


# Two long claims that share one rare named body and nothing else of weight.
LONG_LEFT = (
    "The minister welcomed talks on fishing quotas, on customs checks at the border posts and"
    " on a rail link, to begin with the Nordic-Baltic Security Forum after the summer."
)
LONG_RIGHT = (
    "It was settled that officials would first meet in Tallinn on 4 and 5 May and then within"
    " the Baltic-Nordic Security Forum in Riga later in the month."
)
FILLER = ["Hockey matches were recalled.", "Grain prices were reviewed."]


def test_a_rare_named_body_both_sides_name_is_strong_evidence_alone() -> None:
    sim = score_sides([[LONG_LEFT, *FILLER], [LONG_RIGHT, *FILLER[::-1]]], analyzer=ANALYZER)
    assert sim.score_of(0, 0, 1, 0) >= 0.25
    assert {"Nordic", "Baltic", "Security", "Forum"} <= set(sim.shared_words(0, 0, 1, 0))
    report = compare(
        [
            readout_from_text(" ".join([LONG_LEFT, *FILLER]), name="a"),
            readout_from_text(" ".join([LONG_RIGHT, *FILLER]), name="b"),
        ]
    )
    point = next(p for p in report.points if "a:1" in {c.id for c in p.claims})
    assert {c.id for c in point.claims} == {"a:1", "b:1"}


def test_a_person_or_a_body_named_twice_on_one_side_is_not_that_evidence() -> None:
    # A full name is who speaks, not what is said; a body one side names in several claims
    # is a topic of the call, weighed by its frequency as any word is.
    person = ["Ministers spoke of quotas, customs posts and rail links, said Anna Lindqvist."]
    other = ["Officials will meet in Tallinn in May, Anna Lindqvist told reporters later."]
    sim = score_sides([person, other], analyzer=ANALYZER)
    assert sim.score_of(0, 0, 1, 0) < 0.25
    twice = [LONG_LEFT, "The Nordic-Baltic Security Forum meets every year."]
    sim = score_sides([twice, [LONG_RIGHT]], analyzer=ANALYZER)
    assert sim.score_of(0, 0, 1, 0) < 0.25
