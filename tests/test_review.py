"""The review's logic without a terminal: which verdicts are asked, answers, undo, resuming."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from readout_diff.align import DECIDED
from readout_diff.confidence import right_rate
from readout_diff.decisions import resolve
from readout_diff.errors import InputError
from readout_diff.load import readout_from_text
from readout_diff.model import Candidate, Decision, Readout, Report, replace
from readout_diff.render.view import check_groups
from readout_diff.report import compare
from readout_diff.review import DIFFERENT, SAME, SKIP, Place, Refused, Review, summary_lines
from readout_diff.safe_yaml import parse_yaml
from readout_diff.skip_file import SKIP_HEADER, parse_skips, skips_to_yaml
from readout_diff.verdicts import ONE_SIDED, PAIRED, sentence_of, verdicts

NORTH = """The two ministers met in Oslo to talk about fishing quotas in the northern sea.
They agreed that the quota for cod should be cut next year.
The minister raised the safety of sailors on winter voyages.
Both sides will set up a joint panel on ocean research.
The north minister thanked his guest for the warm welcome.
Prices paid for fish in the markets of the capital came up briefly.
"""

SOUTH = """The ministers held talks in Oslo on the fishing season.
Catches of cod will fall under a new limit from next year.
A joint scientific panel will study the ocean.
Storms threatening sailors on the winter routes, their ports, harbours, beacons and distant rescue stations were discussed at length.
The south minister invited his host to visit the capital in spring.
"""


@pytest.fixture
def sides() -> list[Readout]:
    return [readout_from_text(NORTH, name="north"), readout_from_text(SOUTH, name="south")]


def builder(sides: Sequence[Readout]):  # type: ignore[no-untyped-def]
    return lambda decided: compare(sides, decisions=decided)


def at(session: Review) -> tuple[int, int]:
    """The current verdict's number and how many there are, as ``(3/17)`` shows them."""
    place = session.place()
    return place.first, place.total


def point_of(report: Report, claim_id: str) -> str:
    return next(p.id for p in report.points for c in p.claims if c.id == claim_id)


def test_the_queue_holds_every_check_verdict_once_and_no_sure_one(sides: list[Readout]) -> None:
    report = compare(sides)
    queue = verdicts(report)
    keys = [v.key for v in queue]
    # Weakly paired links, then the two claims that are each other's nearest (asked once).
    assert keys == [
        ("north:1", "south:1"),
        ("north:2", "south:2"),
        ("north:3", "south:4"),
        ("north:6", "south:5"),
    ]
    assert [v.guess for v in queue] == [PAIRED, PAIRED, PAIRED, ONE_SIDED]
    asked = {c.id for v in queue for c in (v.claim, v.other) if c is not None}
    checked = {point_of(report, claim) for claim in asked}
    for point in report.points:
        assert (point.id in checked) == (not point.sure), point.id
    # The joint panel is a strong pairing: never asked.
    assert point_of(report, "north:4") == point_of(report, "south:3")
    assert point_of(report, "north:4") not in checked
    lone = queue[3]
    assert lone.other is not None and lone.score is not None and lone.detail.startswith("scores")
    assert lone.why == "a claim of the other side may make the same point"


def test_same_and_different_answers_become_decisions_the_report_honours(
    sides: list[Readout],
) -> None:
    session = Review(builder(sides))
    assert at(session) == (1, 5)  # five points to check: the last verdict settles two
    session.answer(SKIP)  # storms and the safety of sailors, the weakest link
    session.answer(SKIP)  # the fishing talks
    assert at(session) == (3, 5)
    different = session.answer(DIFFERENT)  # cod quota: the tool paired them
    same = session.answer(SAME)  # fish prices in the capital: the tool kept them apart
    assert session.current() is None
    assert [d.kind for d in session.written] == [DIFFERENT, SAME]
    assert different.decision is not None and same.decision is not None
    # Each phrase names its claim alone, sides in the report's order.
    resolved = resolve(session.written, sides)
    assert resolved.different == (("north:2", "south:2"),)
    assert resolved.same == (("north:6", "south:5"),)
    assert [side for side, _ in same.decision.phrases] == ["north", "south"]
    report = session.settled()
    assert point_of(report, "north:6") == point_of(report, "south:5")
    joined = next(p for p in report.points if any(c.id == "north:6" for c in p.claims))
    assert [link.rule for link in joined.links] == [DECIDED]
    assert joined.sure and joined.confidence_reason == "decided"
    assert point_of(report, "north:2") != point_of(report, "south:2")
    assert set(session.skipped) == {("north:1", "south:1"), ("north:3", "south:4")}


def test_the_least_likely_verdicts_are_asked_first_as_check_these_lists_them(
    sides: list[Readout],
) -> None:
    session = Review(builder(sides))
    report = session.report
    by_id = {p.id: p for p in report.points}
    rates = [min(right_rate(by_id[p], "weighted") or 1.0 for p in v.points) for v in session.queue]
    assert rates == sorted(rates) and rates[0] < rates[-1]
    assert [v.key for v in session.queue] != [v.key for v in verdicts(report)]
    shown = [p.id for _, _, group in check_groups(report, report.points) for p in group]
    asked = [v.point for v in session.queue]
    assert asked == sorted(asked, key=shown.index)


def test_undo_takes_back_the_last_answer_and_asks_it_again(sides: list[Readout]) -> None:
    session = Review(builder(sides))
    assert session.undo() is None
    first = session.answer(SAME)
    session.answer(SKIP)
    assert at(session) == (3, 5)
    undone = session.undo()
    assert undone is not None and undone.kind == SKIP
    assert session.skipped == {} and at(session) == (2, 5)
    undone = session.undo()
    assert undone is not None and undone.decision is first.decision
    assert session.written == [] and at(session) == (1, 5)
    assert session.current() == first.verdict
    session.answer(DIFFERENT)
    assert [d.kind for d in session.written] == [DIFFERENT]


def test_a_new_review_resumes_after_what_was_settled_or_skipped(sides: list[Readout]) -> None:
    first = Review(builder(sides))
    first.answer(SAME)
    first.answer(SKIP)
    # Text as the files would hold it, read back.
    skips_data, _ = parse_yaml(skips_to_yaml(first.skip_entries()), path="s")
    again = Review(
        builder(sides),
        written=first.written,
        skipped=parse_skips(skips_data, path="s"),
    )
    assert again.earlier == 2
    assert [v.key for v in again.queue] == [("north:2", "south:2"), ("north:6", "south:5")]
    assert at(again) == (1, 3)
    # Of the four points compare still lists to check (the first is settled), one is skipped.
    assert again.to_check() == (3, 1)


def test_decisions_from_call_yaml_count_as_settled_but_are_not_written(
    sides: list[Readout],
) -> None:
    inline = Decision(SAME, (("north", "fishing quotas"), ("south", "fishing season")))
    session = Review(builder(sides), fixed=[inline])
    assert ("north:1", "south:1") not in [v.key for v in session.queue]
    session.answer(SAME)
    assert [d.phrases for d in session.written] == [
        (("north", "safety of sailors"), ("south", "Storms threatening sailors"))
    ]
    assert session.decisions[0] is inline


def test_a_skip_that_no_longer_names_a_claim_is_dropped(sides: list[Readout]) -> None:
    gone = (("north", "a phrase no claim holds"), ("south", "Oslo"))
    session = Review(builder(sides), skipped=[gone])
    assert session.skipped == {} and len(session.queue) == 4


def test_answers_that_change_the_pairing_raise_verdicts_and_undo_drops_them() -> None:
    east = readout_from_text(
        "Cod quotas will be cut next year. Herring boats may fish all winter long.", name="east"
    )
    west = readout_from_text(
        "The cod limit falls next year. Quotas for herring boats stay as they are.", name="west"
    )
    session = Review(builder([east, west]))
    asked = [v.key for v in session.queue]
    first_round = {point for verdict in session.queue for point in verdict.points}
    assert ("east:2", "west:2") in asked and ("east:1", "west:2") not in asked
    while session.current() is not None and session.current().key != ("east:2", "west:2"):
        session.answer(SKIP)
    session.answer(DIFFERENT)
    while session.current() is not None:
        session.answer(SKIP)
    # Kept from the herring claim, the quota claim of the west is now alone, near the cod one.
    assert session.refill() == 1
    assert session.current() is not None and session.current().key == ("east:1", "west:2")
    # The point it raises is a new one, counted after those of the first round.
    assert at(session) == (len(first_round) + 1, len(first_round) + 1)
    assert session.refill() == 0  # only at the end of the queue
    undone = session.undo()
    while undone is not None and undone.verdict.key != ("east:2", "west:2"):
        undone = session.undo()
    assert undone is not None and undone.kind == DIFFERENT
    assert ("east:1", "west:2") not in [v.key for v in session.queue]
    assert session.current() is not None and session.current().key == ("east:2", "west:2")


def test_a_claim_with_no_candidate_can_only_be_skipped(sides: list[Readout]) -> None:
    def build(decided: Sequence[Decision]) -> Report:
        report = compare(sides, decisions=decided)
        points = tuple(
            replace(p, confidence="check", nearest=Candidate("", 0.0, "nothing near"))
            if p.claims[0].id == "north:5"
            else p
            for p in report.points
        )
        return replace(report, points=points)

    session = Review(build)
    lone = next(v for v in session.queue if v.claim.id == "north:5")
    assert not lone.can_pair and lone.key == ("north:5",)
    while session.current() != lone:
        session.answer(SKIP)
    with pytest.raises(ValueError, match="only be skipped"):
        session.answer(SAME)
    session.answer(SKIP)
    assert session.skipped[("north:5",)] == (("north", "north minister thanked"),)


def test_a_claim_no_phrase_can_name_is_skipped_with_a_note() -> None:
    twice = "Trade in timber came up. Trade in timber came up. Whaling was raised."
    a = readout_from_text(twice, name="a")
    b = readout_from_text(
        "The timber business was mentioned. Whaling quotas were discussed.", name="b"
    )
    session = Review(builder([a, b]))
    assert session.current() is not None and session.current().key == ("a:1", "b:1")
    answer = session.answer(SAME)
    assert answer.kind == SKIP and answer.decision is None and "more than once" in answer.note
    assert session.written == []
    assert session.answer(SAME).kind == SKIP  # its twin, the same text
    whaling = session.answer(SAME)
    assert whaling.decision is not None
    assert resolve([whaling.decision], [a, b]).same == (("a:3", "b:2"),)


def test_skip_file_round_trip_and_errors() -> None:
    entries = [(("north", 'a "quoted" word'), ("south", "Oslo")), (("north", "alone"),)]
    data, _ = parse_yaml(skips_to_yaml(entries), path="s")
    assert parse_skips(data, path="s") == entries
    assert parse_skips(parse_yaml(skips_to_yaml([]), path="s")[0], path="s") == []
    with pytest.raises(InputError, match="one key"):
        parse_skips({"same": []}, path="s")
    with pytest.raises(InputError, match="one or two sides"):
        parse_skips({"skipped": [{"a": 1}]}, path="s")


def test_the_claim_is_shown_in_its_whole_sentence() -> None:
    readout = readout_from_text(
        "The talks on energy went well; military aid to Kyiv will grow. Trade came up.", name="a"
    )
    first, second, third = readout.claims
    assert sentence_of(second, readout) == (
        "The talks on energy went well; ",
        "military aid to Kyiv will grow.",
        "",
    )
    assert sentence_of(first, readout) == (
        "",
        "The talks on energy went well;",
        " military aid to Kyiv will grow.",
    )
    assert sentence_of(third, readout) == ("", "Trade came up.", "")


def test_summary_lines_count_the_settled_report(sides: list[Readout]) -> None:
    report = compare(sides)
    lines = summary_lines(report)
    shared = sum(1 for p in report.points if len(p.present) > 1)
    sure = sum(1 for p in report.points if p.sure)
    assert lines[0] == (
        f"{len(report.points)} points: {shared} shared, {len(report.points) - shared} on one"
        f" side; {sure} sure, {len(report.points) - sure} to check."
    )
    north = next(s for s in report.summary if s.name == "north")
    assert lines[2].split() == ["north", "6", str(north.matched), str(north.only)]
    # A reader's verdicts are counted apart from the tool's sure ones, as compare counts them.
    joined = Decision(SAME, (("north", "thanked his guest"), ("south", "invited his host")))
    settled = compare(sides, decisions=[joined])
    mine = sum(1 for p in settled.points if p.confidence_reason == "decided")
    theirs = sum(1 for p in settled.points if p.sure) - mine
    assert mine and f"; {theirs} sure, {mine} decided by a reader, " in summary_lines(settled)[0]


def test_the_review_counts_what_to_check_as_compare_does(sides: list[Readout]) -> None:
    """compare lists a point under Check these; the review counts those same points."""
    report = compare(sides)
    unsure = [p.id for p in report.points if not p.sure]
    session = Review(builder(sides))
    assert session.to_check() == (len(unsure), 0) and session.place().total == len(unsure)
    assert len(session.queue) == len(unsure) - 1
    # The fish prices: two one-sided claims, each the other's nearest, asked once.
    last = session.queue[-1]
    assert last.points == (point_of(report, "north:6"), point_of(report, "south:5"))
    assert {p for v in session.queue for p in v.points} == set(unsure)
    for _ in range(3):
        session.answer(SKIP)
    assert str(session.place()) == "(4-5/5)"
    session.answer(SKIP)
    assert session.to_check() == (0, 5)


def test_a_point_paired_on_several_uncertain_links_is_one_asked_link_by_link() -> None:
    east = readout_from_text(
        "The ministers talked about cod. The ministers talked about herring. Sailors were thanked.",
        name="east",
    )
    west = readout_from_text(
        "The ministers talked about cod and herring in the northern sea.", name="west"
    )
    session = Review(builder([east, west]))
    assert [v.key for v in session.queue] == [("east:1", "west:1"), ("east:2", "west:1")]
    assert session.to_check() == (1, 0)
    assert session.place() == Place(1, 1, 1, link=1, links=2)
    session.answer(SKIP)
    assert session.place() == Place(1, 1, 1, link=2, links=2)
    assert session.to_check() == (1, 0)  # one link is still open
    session.answer(SKIP)
    assert session.to_check() == (0, 1)


EAST = """The two ministers spoke by telephone on Monday.
They looked back on what had been done since the Bergen summit, including the new limits on cod catches and the joint patrols of the fishing grounds.
The east minister raised the price of fuel for trawlers.
"""

# The accord carried forward is the summit looked back on, in no word of it; the tool keeps
# each alone (the accord near the telephone call, for its Monday).
WEST = """The ministers held a telephone call on Monday.
Cod catches will stay under the new limits, and patrols of the fishing grounds will go on jointly.
Both sides agreed to carry forward the spirit of the accord signed on Monday.
Prices of fuel paid by the trawler fleets came up.
"""


@pytest.fixture
def coasts() -> list[Readout]:
    return [readout_from_text(EAST, name="east"), readout_from_text(WEST, name="west")]


def test_a_claim_is_paired_by_hand_with_a_claim_the_reader_picks(coasts: list[Readout]) -> None:
    session = Review(builder(coasts))
    summit = session.current()
    assert summit is not None and summit.key == ("east:2",) and not summit.can_pair
    alone, paired = session.partners("west")
    # The claims the tool found alone come first: the likeliest partners.
    assert [c.id for c in alone] == ["west:4"]
    assert [c.id for c in paired] == ["west:1", "west:2", "west:3", "west:5"]
    done = session.pick(alone[0])
    assert (done.kind, done.key, done.picked) == (SAME, ("east:2", "west:4"), alone[0])
    assert done.decision is not None and session.written == [done.decision]
    assert resolve(session.written, coasts).same == (("east:2", "west:4"),)
    # Picked, the two are no longer listed among the claims found alone.
    assert "west:4" not in [c.id for c in session.partners("west")[0]]
    assert "east:2" not in [c.id for c in session.partners("east")[0]]
    joined = next(p for p in session.settled().points if "east:2" in (c.id for c in p.claims))
    assert [c.id for c in joined.claims] == ["east:2", "west:4"]
    assert [link.rule for link in joined.links] == [DECIDED]


def test_a_verdict_on_a_claim_picked_since_is_not_asked_and_undo_brings_it_back(
    coasts: list[Readout],
) -> None:
    session = Review(builder(coasts))
    # The summit, alone; then the accord, alone but near the telephone call; then the links.
    assert [v.key for v in session.queue][:2] == [("east:2",), ("east:1", "west:4")]
    accord = next(c for c in coasts[1].claims if c.id == "west:4")
    session.pick(accord)
    # The accord is no longer alone: its question no longer stands, and is passed over.
    now = session.current()
    assert now is not None and now.guess == PAIRED and at(session) == (3, 4)
    for _ in range(3):  # the three uncertain links
        session.answer(SKIP)
    assert session.current() is None and session.refill() == 0
    for _ in range(4):
        session.undo()
    assert session.current() is not None and session.current().key == ("east:2",)
    assert session.written == []
    session.answer(SKIP)
    last = session.current()
    assert last is not None and last.key == ("east:1", "west:4") and last.guess == ONE_SIDED
    # A one-sided claim with a candidate may be paired by hand too, with another claim.
    summit = next(c for c in coasts[0].claims if c.id == "east:2")
    assert session.pick(summit).key == ("east:2", "west:4")


def test_a_pick_the_review_cannot_record_is_refused_and_nothing_is_written(
    coasts: list[Readout],
) -> None:
    apart = Decision("different", (("east", "Bergen summit"), ("west", "accord signed")))
    session = Review(builder(coasts), fixed=[apart])
    # Decided apart from the summit, the accord is asked first (alone, near the call).
    assert session.current() is not None and session.current().claim.id == "west:4"
    summit = next(c for c in coasts[0].claims if c.id == "east:2")
    own = next(c for c in coasts[1].claims if c.id == "west:1")
    with pytest.raises(Refused, match="decided different already"):
        session.pick(summit)
    with pytest.raises(Refused, match="another side"):
        session.pick(own)
    session.answer(SKIP)
    assert session.current() is not None and session.current().guess == PAIRED
    with pytest.raises(Refused, match="only a claim the tool found on one side"):
        session.pick(summit)
    assert session.written == [] and [a.kind for a in session.answers] == [SKIP]


def test_the_skip_file_names_the_option_that_asks_its_verdicts_again() -> None:
    text = skips_to_yaml([(("a", "energy"),)])
    assert text.startswith(SKIP_HEADER)
    assert "'readout-diff review --again' asks them again" in " ".join(SKIP_HEADER.split())
    assert "delete this file to be" not in text
