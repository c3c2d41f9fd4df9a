"""Aligning claims into points: pairing rules, explanations, and invariants (hypothesis)."""

from __future__ import annotations

import random

import pytest
from conftest import ROOT, TOPIC_WORDS
from hypothesis import given, settings
from hypothesis import strategies as st

from readout_diff.align import align_claims
from readout_diff.folders import load_call
from readout_diff.load import readout_from_text
from readout_diff.model import Claim, Point
from readout_diff.report import analyzer_for, compare


def claims(side: str, texts: list[str]) -> tuple[Claim, ...]:
    out = []
    offset = 0
    for n, text in enumerate(texts):
        out.append(Claim(f"{side}:{n + 1}", side, n, text, offset, offset + len(text), 1, None, n))
        offset += len(text) + 1
    return tuple(out)


def groups(points: tuple[Point, ...]) -> set[frozenset[str]]:
    return {frozenset(c.text + "@" + c.side for c in p.claims) for p in points}


WH = [
    "The leaders agreed on a ceasefire covering energy infrastructure.",
    "Iran must never be in a position to destroy Israel.",
    "Technical talks on a maritime ceasefire in the Black Sea will follow.",
]
KR = [
    "Putin ordered a 30-day halt to strikes on energy infrastructure, a ceasefire in all but name.",
    "Hockey matches between NHL and KHL players were proposed.",
    "Talks on safe shipping in the Black Sea will start, a maritime truce.",
    "A prisoner exchange of 175 for 175 will take place.",
]


def test_pairs_what_both_said_and_flags_the_rest() -> None:
    points = align_claims([claims("wh", WH), claims("kr", KR)], ["wh", "kr"])
    shared = {tuple(c.id for c in p.claims) for p in points if len(p.present) == 2}
    assert shared == {("wh:1", "kr:1"), ("wh:3", "kr:3")}
    only = {p.claims[0].id for p in points if p.one_sided}
    assert only == {"wh:2", "kr:2", "kr:4"}


def test_pairings_are_explained() -> None:
    points = align_claims([claims("wh", WH), claims("kr", KR)], ["wh", "kr"])
    energy = next(p for p in points if p.claims[0].id == "wh:1")
    assert energy.score is not None and energy.score > 0.2
    assert "energy" in " ".join(energy.links[0].words)
    iran = next(p for p in points if p.claims[0].id == "wh:2")
    assert iran.nearest is not None and iran.nearest.reason


def test_threshold_applies_in_full_one_way_and_scaled_to_mutual_pairs() -> None:
    from readout_diff.align import MUTUAL_FACTOR

    a = claims("a", ["Energy ceasefire talks in Geneva.", "Hockey."])
    b = claims("b", ["Energy ceasefire agreed.", "Hockey."])
    free = align_claims([a, b], ["a", "b"], threshold=0.0)
    energy = next(p for p in free if p.claims[0].id == "a:1")
    assert energy.present == ("a", "b") and energy.score is not None
    below = energy.score / MUTUAL_FACTOR + 0.01
    above = energy.score / MUTUAL_FACTOR - 0.01
    pairs_at = {
        t: {tuple(c.id for c in p.claims) for p in align_claims([a, b], ["a", "b"], threshold=t)}
        for t in (below, above)
    }
    assert ("a:1", "b:1") not in pairs_at[below] and ("a:2", "b:2") in pairs_at[below]
    assert ("a:1", "b:1") in pairs_at[above]


def test_margin_refuses_a_claim_that_fits_two_others_equally() -> None:
    a = claims(
        "a", ["Energy and hockey were raised.", "Energy talks opened.", "Hockey talks opened."]
    )
    b = claims("b", ["Energy talks opened.", "Hockey talks opened."])
    points = align_claims([a, b], ["a", "b"], margin=0.05)
    one = next(p for p in points if p.claims[0].id == "a:1")
    assert one.one_sided
    assert one.nearest is not None and "not ahead of" in one.nearest.reason
    assert {tuple(c.id for c in p.claims) for p in points if len(p.present) == 2} == {
        ("a:2", "b:1"),
        ("a:3", "b:2"),
    }


@pytest.mark.parametrize("call", sorted(p.name for p in (ROOT / "readouts").iterdir()))
def test_a_nearest_over_the_threshold_names_the_rule_that_refused_it(call: str) -> None:
    folder = load_call(str(ROOT / "readouts" / call))
    threshold = 0.2
    points = align_claims(
        [r.claims for r in folder.readouts],
        [r.name for r in folder.readouts],
        threshold=threshold,
        analyzer=analyzer_for(dict(folder.aliases)),
    )
    nearest = [p.nearest for p in points if p.nearest is not None and p.nearest.claim]
    assert nearest
    for candidate in nearest:
        if candidate.score >= threshold:
            assert "by the margin" in candidate.reason or "much closer" in candidate.reason, (
                candidate
            )


def sentences(side: str, items: list[tuple[str, int]]) -> tuple[Claim, ...]:
    """Claims with the number of the sentence each came from (clauses of one share it)."""
    out, offset = [], 0
    for n, (text, sentence) in enumerate(items):
        out.append(
            Claim(f"{side}:{n + 1}", side, n, text, offset, offset + len(text), 1, None, sentence)
        )
        offset += len(text) + 1
    return tuple(out)


@pytest.mark.parametrize("same_sentence", [True, False])
def test_clauses_of_paired_sentences_are_read_together(same_sentence: bool) -> None:
    from readout_diff.align import SENTENCE

    second = 0 if same_sentence else 1
    a = sentences(
        "a",
        [
            ("The leaders agreed on a ceasefire covering energy infrastructure", 0),
            ("and talked about prisoners and trade routes.", second),
        ],
    )
    b = sentences(
        "b",
        [
            ("Putin ordered a halt to strikes on energy infrastructure, a ceasefire,", 0),
            ("and both sides will exchange prisoners, with grain shipments covered.", second),
        ],
    )
    points = align_claims([a, b], ["a", "b"])
    point_of = {c.id: p for p in points for c in p.claims}
    assert point_of["a:1"] is point_of["b:1"]
    if same_sentence:
        assert point_of["a:2"] is point_of["b:2"] is point_of["a:1"]
        rules = {(k.left, k.right): k.rule for k in point_of["a:2"].links}
        assert rules[("a:2", "b:2")] == SENTENCE
        # a clause pulled in by its sentence is a verdict to check, never a sure one
        assert (point_of["a:2"].confidence, point_of["a:2"].confidence_reason) == (
            "check",
            "sibling-clause",
        )
    else:
        assert point_of["a:2"].one_sided and point_of["b:2"].one_sided


def test_a_lone_clause_of_a_paired_sentence_is_never_sure() -> None:
    # The other side's sentence that made the first part may make the second in other words.
    a = sentences(
        "a",
        [
            ("The leaders agreed on a ceasefire covering energy infrastructure,", 0),
            ("and hockey matches between their leagues were welcomed.", 0),
            ("Sanctions were not discussed.", 1),
        ],
    )
    b = sentences(
        "b", [("A halt to strikes on energy infrastructure, a ceasefire, was agreed.", 0)]
    )
    point_of = {c.id: p for p in align_claims([a, b], ["a", "b"]) for c in p.claims}
    assert point_of["a:1"] is point_of["b:1"]
    assert point_of["a:2"].one_sided and point_of["a:3"].one_sided
    assert (point_of["a:2"].confidence, point_of["a:2"].confidence_reason) == (
        "check",
        "sentence-paired",
    )
    # a claim of its own sentence, with nothing near it on the other side, stays sure
    assert point_of["a:3"].confidence == "sure"


def test_many_to_one_a_compound_claim_gathers_two() -> None:
    a = claims("a", ["They discussed ransomware attacks and the Iranian nuclear deal.", "Tariffs."])
    b = claims(
        "b",
        ["Ransomware attacks were discussed.", "The Iranian nuclear deal was discussed.", "Trade."],
    )
    points = align_claims([a, b], ["a", "b"])
    compound = next(p for p in points if any(c.id == "a:1" for c in p.claims))
    assert {c.id for c in compound.claims} == {"a:1", "b:1", "b:2"}


def test_three_sides() -> None:
    sides = [
        claims("us", ["A trilateral hotline will be set up.", "Chip export controls."]),
        claims(
            "jp",
            ["The three leaders agreed on a trilateral hotline.", "Abductions by North Korea."],
        ),
        claims("kr", ["A hotline among the three countries was agreed.", "Unification of Korea."]),
    ]
    points = align_claims(sides, ["us", "jp", "kr"])
    hotline = next(p for p in points if len(p.present) == 3)
    assert hotline.missing == ()
    assert sum(1 for p in points if p.one_sided) == 3


# --- invariants over generated readouts -----------------------------------------------

VOCAB = TOPIC_WORDS
claim_text = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=7).map(
    lambda w: " ".join(w) + "."
)
readout = st.lists(claim_text, min_size=1, max_size=9)
threshold = st.floats(min_value=0.0, max_value=1.0)


def one_sided(points: tuple[Point, ...]) -> set[tuple[str, str]]:
    return {(p.claims[0].side, p.claims[0].text) for p in points if p.one_sided}


@settings(max_examples=120, deadline=None)
@given(readout, readout, threshold)
def test_every_claim_is_in_exactly_one_point(a: list[str], b: list[str], t: float) -> None:
    points = align_claims([claims("a", a), claims("b", b)], ["a", "b"], threshold=t)
    ids = [c.id for p in points for c in p.claims]
    assert sorted(ids) == sorted(
        [f"a:{k + 1}" for k in range(len(a))] + [f"b:{k + 1}" for k in range(len(b))]
    )
    assert all(p.claims for p in points)
    for p in points:
        assert set(p.present) == {c.side for c in p.claims}
        assert set(p.present) | set(p.missing) == {"a", "b"}


@settings(max_examples=120, deadline=None)
@given(readout)
def test_a_readout_compared_with_itself_has_no_one_sided_claim(a: list[str]) -> None:
    points = align_claims([claims("a", a), claims("b", a)], ["a", "b"])
    assert not [p for p in points if p.one_sided]


@settings(max_examples=120, deadline=None)
@given(readout, readout)
def test_swapping_sides_mirrors_the_result(a: list[str], b: list[str]) -> None:
    forward = align_claims([claims("a", a), claims("b", b)], ["a", "b"])
    backward = align_claims([claims("b", b), claims("a", a)], ["b", "a"])
    assert groups(forward) == groups(backward)
    assert {(frozenset(p.present), frozenset(p.missing)) for p in forward} == {
        (frozenset(p.present), frozenset(p.missing)) for p in backward
    }


@settings(max_examples=120, deadline=None)
@given(readout, readout, st.randoms(use_true_random=False))
def test_reordering_claims_does_not_change_what_is_one_sided(
    a: list[str], b: list[str], rnd: random.Random
) -> None:
    before = one_sided(align_claims([claims("a", a), claims("b", b)], ["a", "b"]))
    shuffled_a, shuffled_b = a[:], b[:]
    rnd.shuffle(shuffled_a)
    rnd.shuffle(shuffled_b)
    after = one_sided(align_claims([claims("a", shuffled_a), claims("b", shuffled_b)], ["a", "b"]))
    assert before == after


@settings(max_examples=120, deadline=None)
@given(readout, readout, threshold, threshold)
def test_raising_the_threshold_never_adds_a_pairing(
    a: list[str], b: list[str], t1: float, t2: float
) -> None:
    low, high = sorted((t1, t2))

    def pairings(t: float) -> set[frozenset[str]]:
        points = align_claims([claims("a", a), claims("b", b)], ["a", "b"], threshold=t)
        return {
            frozenset((x.id, y.id))
            for p in points
            for x in p.claims
            for y in p.claims
            if x.side != y.side
        }

    assert pairings(high) <= pairings(low)


@settings(max_examples=60, deadline=None)
@given(st.lists(readout, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_n_sides_do_not_depend_on_the_order_given(
    sides: list[list[str]], rnd: random.Random
) -> None:
    names = [f"s{k}" for k in range(len(sides))]
    order = list(range(len(sides)))
    rnd.shuffle(order)
    first = align_claims([claims(names[k], sides[k]) for k in range(len(sides))], names)
    second = align_claims([claims(names[k], sides[k]) for k in order], [names[k] for k in order])
    assert groups(first) == groups(second)

    def nearest(points: tuple[Point, ...]) -> dict[str, object]:
        return {p.claims[0].id: p.nearest for p in points if p.nearest is not None}

    assert nearest(first) == nearest(second)


def test_questions_and_short_replies_are_never_sure_omissions() -> None:
    # A briefing's "I don't know." says nothing the other side could have left out.
    report_sides = [
        readout_from_text(
            "The ministers agreed to extend the grain corridor through the Black Sea. "
            "I don't know. No, they didn't. What else did I want to mention? Thank you.",
            name="a",
        ),
        readout_from_text("The grain corridor through the Black Sea will be extended.", name="b"),
    ]
    report = compare(report_sides)
    lone = {p.claims[0].text: p for p in report.points if p.one_sided}
    for text in ("I don't know.", "No, they didn't.", "What else did I want to mention?"):
        assert (lone[text].confidence, lone[text].confidence_reason) == ("check", "no-content")
    shared = [p for p in report.points if not p.one_sided]
    assert len(shared) == 1 and "grain corridor" in shared[0].claims[0].text
