"""JSON written a piece at a time is the document's JSON, byte for byte, and holds little of it."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from conftest import KREMLIN, WHITE_HOUSE

from readout_diff.folders import load_demo
from readout_diff.load import readout_from_text
from readout_diff.model import Dropped, Readout, Report, Skipped, replace
from readout_diff.render import as_json, json_stream
from readout_diff.render.as_json import claims_json, claims_to_dict, report_json, report_to_dict
from readout_diff.render.json_stream import Items, chunks, materialise
from readout_diff.report import compare


def document_text(data: object) -> str:
    """The whole document encoded at once, as the tool always wrote it."""
    return as_json.dumps(data)


def demo() -> Report:
    call = load_demo()
    return compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)


def odd_texts() -> Report:
    """Non-ASCII, a lone surrogate (a byte that did not decode), quotes, a NUL, a title."""
    a = readout_from_text(
        'Caf\udce9 «talks» on "grain" went on.\x00 Путин говорил об энергии. 🚢 ships sailed.',
        name="a",
        label="Side \u2028A",
    )
    b = readout_from_text("Grain talks went on. Energy was discussed.", name="b")
    return compare([a, b], title="A \\ title\t")


def repeated(text: str, times: int) -> Report:
    """Both sides one claim repeated: a single point of thousands of links."""
    return compare([readout_from_text(text * times, name=n) for n in ("a", "b")])


def three_sides() -> Report:
    wh = readout_from_text(WHITE_HOUSE, name="white-house", label="White House")
    kr = readout_from_text(KREMLIN, name="kremlin", label="Kremlin")
    other = readout_from_text("Energy was discussed. Hockey was discussed.", name="other")
    return compare([wh, kr, other])


REPORTS = {
    "demo": demo,
    "odd texts": odd_texts,
    "three sides": three_sides,
    "one point of many links": lambda: repeated("A b. ", 400),
    "many points": lambda: compare(
        [
            readout_from_text(
                " ".join(f"Talks on item {n} number {n * 7}." for n in range(600)), name="a"
            ),
            readout_from_text(
                " ".join(f"Item {n} talks and number {n * 7}." for n in range(0, 600, 2)),
                name="b",
            ),
        ]
    ),
}


@pytest.mark.parametrize("name", REPORTS)
def test_the_report_stream_is_the_document_byte_for_byte(name: str) -> None:
    report = REPORTS[name]()
    pieces = list(report_json(report))
    assert "".join(pieces) == document_text(report_to_dict(report))
    json.loads("".join(pieces))


def test_a_point_of_many_links_is_written_in_batches_and_many_points_in_pieces() -> None:
    report = repeated("A b. ", 400)
    (point,) = report.points
    assert len(point.links) > as_json._MANY_LINKS
    pieces = list(report_json(report))
    assert len(pieces) > 1 and max(map(len, pieces)) < 2 * json_stream.PIECE


def readout_with_everything() -> Readout:
    readout = readout_from_text(
        "Readout of a call\n\nMarch 3, 2025\n\nThe ministers met. They spoke of trade.\n",
        name="side",
    )
    skipped = (*readout.skipped, Skipped(0, 4, 1, "title"))
    dropped = (Dropped("navigation", ("Home", "News \udcff")), Dropped("footer", ()))
    return replace(readout, skipped=skipped, dropped=dropped, title="T", url="https://x/")


@pytest.mark.parametrize(
    "readout",
    [
        readout_with_everything(),
        readout_from_text("- a\n" * 700, name="list"),
        readout_from_text("Only one claim.", name="one"),
    ],
    ids=["everything", "list", "one"],
)
def test_the_claims_stream_is_the_document_byte_for_byte(readout: Readout) -> None:
    assert "".join(claims_json(readout)) == document_text(claims_to_dict(readout))


DOCUMENTS = {
    "empty lists": lambda: {"a": Items(iter([]), flat=True), "b": Items(iter([]), flat=False)},
    "one long list": lambda: {
        "x": Items(({"n": n, "s": "é\n\udc80"} for n in range(1000)), flat=True)
    },
    # plain elements and elements holding long lists of their own, interleaved
    "nested": lambda: {
        "outer": Items(
            iter(
                [
                    *[{"n": n} for n in range(300)],
                    {"inner": Items(iter(range(5)), flat=True), "k": None},
                    [1, 2],
                    {"inner": Items(iter([]), flat=True)},
                    *[{"n": n, "w": [str(n)] * (n % 3)} for n in range(3)],
                ]
            ),
            flat=False,
        ),
        "tail": {"t": 1.5},
    },
    "a list alone": lambda: Items(iter(["a", "b"]), flat=True),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_chunks_write_what_json_dumps_writes_of_the_plain_document(name: str) -> None:
    plain = materialise(DOCUMENTS[name]())
    assert not any(
        isinstance(v, Items) for v in (plain.values() if isinstance(plain, dict) else plain)
    )
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    assert "".join(chunks(DOCUMENTS[name]())) == text


def test_materialise_makes_each_long_list_a_list() -> None:
    plain = materialise(DOCUMENTS["nested"]())
    assert plain["outer"][300] == {"inner": [0, 1, 2, 3, 4], "k": None}
    assert plain["outer"][302] == {"inner": []} and len(plain["outer"]) == 306


def test_the_stream_holds_a_small_part_of_what_it_writes() -> None:
    """Written whole, a report's JSON needed its text and a tree of dicts several times
    larger; streamed, the most held at once is a fraction of the text: the claims' keys
    (every point's key is made of them) and a batch of points or links."""
    report = repeated("A b. ", 1500)
    tracemalloc.start()
    try:
        written = 0
        for piece in report_json(report):
            written += len(piece)
        stream_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        whole = len(json.dumps(report_to_dict(report), ensure_ascii=False, separators=(",", ":")))
        document_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written == whole
    assert stream_peak < whole / 3, (stream_peak, whole)
    assert document_peak > 2 * whole, (document_peak, whole)
