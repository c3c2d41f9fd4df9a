"""The records every stage passes on: slotted, frozen, compared by their fields, picklable."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError

import pytest

from readout_diff.model import Claim, Link, Point, Report, Settings, replace
from readout_diff.normalize import Analyzer
from readout_diff.scorers.weighted import WeightedScorer


def _claim(n: int = 1, text: str = "The ministers met.") -> Claim:
    return Claim(f"a:{n}", "a", n - 1, text, 0, len(text), 1, sentence=n - 1)


def test_a_record_holds_its_fields_in_slots_with_no_dictionary() -> None:
    claim = _claim()
    fields = "id side index text start end line topic sentence speaker".split()
    assert vars(Claim)["__slots__"] == tuple(fields)
    assert not hasattr(claim, "__dict__")
    with pytest.raises(FrozenInstanceError):
        claim.text = "Other."  # type: ignore[misc]
    with pytest.raises(AttributeError):
        object.__setattr__(claim, "extra", 1)


def test_records_survive_pickle_and_copies_and_replace_changes_one_field() -> None:
    claim = _claim()
    point = Point("p1", (claim,), ("a",), ("b",), None, links=(Link("a:1", "b:1", 0.5, ("met",)),))
    for record in (claim, point):
        again = pickle.loads(pickle.dumps(record))
        assert again == record and again is not record
        assert copy.deepcopy(record) == record
    changed = replace(claim, text="They agreed.")
    assert (changed.text, changed.id, claim.text) == ("They agreed.", "a:1", "The ministers met.")


def test_defaults_and_factories_fill_each_record_and_uncompared_fields_do_not_count() -> None:
    claim = Claim("a:1", "a", 0, "x", 0, 1, 1)
    assert (claim.topic, claim.sentence, claim.speaker) == (None, 0, None)
    settings = Settings("weighted", 0.2, 0.06)
    first, second = Report((), (), (), settings), Report((), (), (), settings)
    assert first.claims_by_id == {} and first.claims_by_id is not second.claims_by_id
    with_index = Report((), (), (), settings, claims_by_id={"a:1": claim})
    assert with_index == first and hash(with_index) == hash(first)
    with pytest.raises(TypeError, match="missing 'line'"):
        Claim("a:1", "a", 0, "x", 0, 1)  # type: ignore[call-arg]


def test_claims_written_alike_share_one_vector_and_content_and_score_as_copies_would() -> None:
    texts = ["Grain shipments through the port.", "Grain shipments through the port.", "Hockey."]
    rows = WeightedScorer().prepare([texts, ["Shipments of grain by sea."]], analyzer=Analyzer())
    assert rows.vectors[0][0] is rows.vectors[0][1]
    assert rows.content(0, 0) is rows.content(0, 1)
    assert rows.vectors[0][0] == rows.vectors[0][1] != rows.vectors[0][2]
    assert rows.row(0, 0, 1) == rows.row(0, 1, 1) != []
    assert rows.row(0, 2, 1) == []
