"""What differs inside a shared point: one test per kind, and paraphrases that differ in nothing."""

from __future__ import annotations

import pytest

from readout_diff.differences import find_differences
from readout_diff.model import Claim, Difference, Point
from readout_diff.normalize import Analyzer

ANALYZER = Analyzer()


def point(a: str, b: str) -> Point:
    left = Claim("wh:1", "wh", 0, a, 100, 100 + len(a), 1)
    right = Claim("kr:1", "kr", 0, b, 0, len(b), 1)
    return Point("p1", (left, right), ("wh", "kr"), (), 0.5)


def kinds(a: str, b: str) -> dict[str, Difference]:
    return {d.kind: d for d in find_differences(point(a, b), analyzer=ANALYZER)}


def test_number_present_on_one_side_only() -> None:
    found = kinds(
        "The leaders agreed on a ceasefire on energy infrastructure.",
        "The leaders agreed on a ceasefire on energy infrastructure for 30 days.",
    )
    assert set(found) == {"number"}
    assert dict(found["number"].texts) == {"wh": "no number", "kr": "30 days"}
    ((side, start, end),) = found["number"].spans
    assert side == "kr" and "...on energy infrastructure for 30 days."[0:0] == ""
    text = "The leaders agreed on a ceasefire on energy infrastructure for 30 days."
    assert text[start:end] == "30 days"


def test_numbers_that_differ() -> None:
    found = kinds("They will swap 175 prisoners each.", "They will swap 157 prisoners each.")
    assert dict(found["number"].texts) == {"wh": "175", "kr": "157"}


def test_dates_are_shown_whole_and_match_in_either_order() -> None:
    found = kinds("The talks open on January 13 in Vienna.", "The talks open in Vienna.")
    assert dict(found["number"].texts) == {"wh": "January 13", "kr": "no number"}
    assert "number" not in kinds("Talks open on 13 January.", "Talks open on January 13.")


def test_the_day_of_the_call_said_as_today_is_no_difference_of_number() -> None:
    assert "number" not in kinds(
        "President Biden spoke today with President Xi.",
        "On the evening of April 2, President Xi had a phone conversation with President Biden.",
    )
    # A number beside the date still counts.
    found = kinds(
        "Today the two leaders agreed to swap 175 prisoners.",
        "On 2 April the two leaders agreed to swap 157 prisoners.",
    )
    assert dict(found["number"].texts) == {"wh": "175", "kr": "157"}


def test_numbers_written_differently_are_the_same() -> None:
    assert "number" not in kinds(
        "The United States will provide $500 million in budget support.",
        "Washington will provide USD 500 million in budget support.",
    )


def test_scope_word_added() -> None:
    found = kinds("Talks will lead to a full ceasefire.", "Talks will lead to a ceasefire.")
    assert dict(found["scope"].texts) == {"wh": "full", "kr": "no such word"}


def test_scope_two_things_against_one() -> None:
    found = kinds(
        "A ceasefire covering energy and infrastructure was agreed.",
        "A ceasefire covering energy infrastructure was agreed.",
    )
    assert dict(found["scope"].texts) == {
        "wh": "energy and infrastructure",
        "kr": "energy infrastructure",
    }


def test_stance_agreed_against_did_not_agree() -> None:
    found = kinds(
        "Both sides agreed on the monitoring mechanism.",
        "Both sides did not agree on the monitoring mechanism.",
    )
    assert set(found) == {"stance"}
    assert dict(found["stance"].texts) == {"wh": "for (agreed)", "kr": "against (did not agree)"}


@pytest.mark.parametrize(
    ("negated", "shown"),
    [
        ("Moscow won't accept the monitoring mechanism.", "won't accept"),
        ("Moscow didn\u2019t accept the monitoring mechanism.", "didn\u2019t accept"),
        ("Moscow wouldn\u2019t accept the monitoring mechanism.", "wouldn\u2019t accept"),
    ],
)
def test_stance_reads_contracted_negations(negated: str, shown: str) -> None:
    found = kinds("Moscow accepted the monitoring mechanism.", negated)
    assert dict(found["stance"].texts) == {"wh": "for (accepted)", "kr": f"against ({shown})"}


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        (
            "The leaders discussed the incident with the US submarine.",
            "The subject of the US submarine incident was not raised.",
            "was not raised",
        ),
        (
            "The two sides reached agreement on prisoner exchanges.",
            "The two sides failed to reach agreement on prisoner exchanges.",
            "failed to reach",
        ),
        (
            "The presidents discussed the grain corridor.",
            "The grain corridor was not discussed by the presidents.",
            "was not discussed",
        ),
        (
            "The leaders discussed the submarine incident.",
            "The submarine incident has not been discussed.",
            "has not been discussed",
        ),
        (
            "The two sides made progress on grain exports.",
            "There was no progress on grain exports.",
            "no progress",
        ),
    ],
)
def test_stance_one_side_says_it_did_not_happen(a: str, b: str, shown: str) -> None:
    """A shared point where one side denies what the other states is a difference of stance,
    so it is never shown (or hidden by --hide-agreed) as plain agreement."""
    found = kinds(a, b)
    assert dict(found["stance"].texts) == {"wh": "says so", "kr": f"says not ({shown})"}
    ((side, start, end),) = found["stance"].spans
    assert side == "kr" and b[start:end] == shown


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A negation that is how the point is put, denying nothing the other side says.
        (
            "They agreed nuclear weapons must be kept out of this war.",
            "Nuclear weapons must not be used.",
        ),
        (
            "He pledged to spare no effort to free them.",
            "They discussed efforts to free the hostages.",
        ),
        ("An alliance that has never been stronger.", "The alliance is stronger than ever before."),
        (
            "The Minsk agreements remain the only road.",
            "The Minsk package, which has no alternative.",
        ),
        ("Not only trade but also energy was discussed.", "They discussed trade and energy."),
        ("Both said it would never allow Iran a bomb.", "Iran must never get a bomb, both said."),
        # Bans and wishes say nothing about what happened.
        ("They agreed to avoid any further escalation.", "They agreed not to escalate further."),
        ("They called for an end to attacks on civilians.", "Civilians must not be attacked."),
        ("The Houthis must stop attacking ships.", "The Houthis must not attack ships."),
        ("Both discussed how to avoid escalation.", "Neither side wants escalation, they said."),
        ("The crisis affects every country.", "It is a crisis no country can tackle alone."),
        ("The summit will be held later this year.", "It is to be held not later than December."),
        ("They discussed supplies of weapons.", "No weapons would be supplied to third parties."),
    ],
)
def test_a_negation_that_denies_nothing_the_other_side_says_is_no_difference(
    a: str, b: str
) -> None:
    assert "stance" not in kinds(a, b)


def test_stance_supports_against_opposes() -> None:
    found = kinds(
        "Moscow supports the Black Sea initiative.", "Moscow opposes the Black Sea initiative."
    )
    assert "stance" in found


def test_modality_commitment_against_discussion() -> None:
    found = kinds(
        "The leaders agreed to set up expert groups on the Black Sea.",
        "The leaders discussed expert groups on the Black Sea.",
    )
    assert set(found) == {"modality"}
    assert dict(found["modality"].texts) == {
        "wh": "a commitment (agreed)",
        "kr": "a discussion (discussed)",
    }


def test_an_interest_is_no_commitment_and_is_named_as_such() -> None:
    # "talks" is what both sides speak of, not what tells them apart.
    for left, right in (
        (
            "Both sides agreed to hold talks on fishing.",
            "Both sides expressed interest in holding talks on fishing.",
        ),
        (
            "The ministers agreed to raise bilateral trade.",
            "The ministers expressed interest in increasing trade.",
        ),
        (
            "The ministers agreed to raise bilateral trade.",
            "The ministers said they were ready to increase trade.",
        ),
    ):
        found = kinds(left, right)
        assert "modality" in found, (left, right)
        shown = dict(found["modality"].texts)["kr"]
        assert shown.startswith("a discussion (") and "talks" not in shown, shown


def test_actor_who_ordered() -> None:
    found = kinds(
        "The leaders agreed to halt strikes on energy facilities.",
        "Putin ordered a halt to strikes on energy facilities.",
    )
    assert dict(found["actor"].texts) == {"wh": "The leaders", "kr": "Putin"}


def test_actor_at_the_request_of() -> None:
    found = kinds(
        "The call took place at the request of the U.S. side.",
        "The call took place at the request of the Russian side.",
    )
    assert "actor" in found


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The leaders agreed that the war must end in a lasting peace.",
            "The two presidents agreed that the conflict has to end in a durable peace.",
        ),
        (
            "President Biden reaffirmed support for Ukraine's sovereignty and territorial integrity.",
            "Biden reaffirmed his support for the sovereignty and territorial integrity of Ukraine.",
        ),
        (
            "The United States will provide another $1 billion in security assistance.",
            "Washington is giving an additional USD 1 billion in military aid.",
        ),
        (
            "Hockey matches between NHL and KHL players were proposed.",
            "Putin proposed KHL and NHL hockey games.",
        ),
    ],
)
def test_paraphrase_without_a_real_difference_reports_none(a: str, b: str) -> None:
    assert find_differences(point(a, b), analyzer=ANALYZER) == ()


def test_one_sided_points_have_no_differences() -> None:
    claim = Claim("wh:1", "wh", 0, "Full ceasefire for 30 days.", 0, 27, 1)
    assert find_differences(Point("p1", (claim,), ("wh",), ("kr",), None), analyzer=ANALYZER) == ()


def test_the_demo_shows_the_30_day_limit_inside_the_energy_point() -> None:
    from readout_diff.folders import load_demo
    from readout_diff.report import compare

    call = load_demo()
    report = compare(list(call.readouts), aliases=dict(call.aliases))
    energy = next(
        p for p in report.points if any("energy and infrastructure" in c.text for c in p.claims)
    )
    assert energy.present == ("white-house", "kremlin")
    number = next(d for d in energy.differences if d.kind == "number")
    assert dict(number.texts) == {"white-house": "no number", "kremlin": "30 days"}


def test_a_denied_discussion_is_no_difference_of_modality() -> None:
    """ "Was not raised" is a denial (stance), not "a discussion" against a commitment."""
    found = kinds(
        "The ministers discussed her case and agreed to stay in contact on it.",
        "Her case was not raised during the conversation.",
    )
    assert "modality" not in found
    assert dict(found["stance"].texts)["kr"] == "says not (was not raised)"


def test_a_briefing_reply_that_answers_no_denies_what_the_other_side_states() -> None:
    """A "No" reply, read with its question, was paired with the statement it denies as plain
    agreement: the question's "agree" counted as the reply's stance."""
    from readout_diff.load import readout_from_text
    from readout_diff.report import compare

    briefing = readout_from_text(
        "Aide to the President Anna Lind: The leaders spoke for two hours about trade.\n"
        "Question: Did the leaders agree to lift the sanctions on grain exports?\n"
        "Anna Lind: No, they didn't.\n"
        "Question: Did they agree on a prisoner exchange?\nAnna Lind: Yes.\n",
        name="briefing",
    )
    readout = readout_from_text(
        "The leaders spoke for two hours about trade. The leaders agreed to lift the sanctions"
        " on grain exports. The leaders agreed on a prisoner exchange.",
        name="readout",
    )
    report = compare([briefing, readout])
    by_text = {p.claims[-1].text: p for p in report.points}
    lifted = by_text["The leaders agreed to lift the sanctions on grain exports."]
    assert [(d.kind, dict(d.texts)) for d in lifted.differences] == [
        ("stance", {"briefing": "says not (No, they didn't)", "readout": "says so"})
    ]
    # "Yes" affirms what it is asked: no difference; a reply on another subject denies nothing.
    assert not by_text["The leaders agreed on a prisoner exchange."].differences
    other = readout_from_text("The leaders discussed hockey matches.", name="other")
    no_hockey = readout_from_text(
        "Question: Did they sign the treaty?\nAnna Lind: No.\nAnna Lind: Hockey came up.",
        name="briefing",
    )
    for point in compare([no_hockey, other]).points:
        assert not point.differences
    # No denial: "No comment"; a "no" to an act the other side does not state (it discussed
    # the sanctions, it never says they were lifted); a "no" to a question of no act.
    for question, reply, stated in [
        ("Did they agree to lift the sanctions on grain?", "No comment.", "agreed to lift"),
        ("Did they agree to lift the sanctions on grain?", "No, not yet.", "discussed"),
        ("Are there obstacles left to lifting the sanctions on grain?", "No.", "lifted"),
    ]:
        asked = readout_from_text(f"Question: {question}\nAnna Lind: {reply}\n", name="b")
        told = readout_from_text(f"The leaders {stated} the sanctions on grain.", name="r")
        for point in compare([asked, told]).points:
            assert not point.differences, (question, reply, stated, point.differences)
