"""What a page held besides its readout is found in time in proportion to the page.

Each stretch of the page was searched for in the whole kept text, and each group of dropped
stretches rebuilt for every stretch added, so a page of many paragraphs took time in the
square of its length. These tests count the searches and the groups built; the timings are
in ``bench/perf.py``. The index must answer exactly as searching the text did.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from conftest import ROOT

from readout_diff import html
from readout_diff.html import _clean, _KeptText, decode_html, extract
from readout_diff.model import Dropped
from readout_diff.page_parts import page_lines, parse_page, part_of

PAGES = ROOT / "tests" / "pages"


def many_paragraphs(count: int) -> str:
    links = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(count // 4))
    body = "".join(
        f"<p>The leaders discussed topic number {i} with great care.</p>" for i in range(count)
    )
    return (
        "<html><head><title>A long call</title></head><body>"
        f"<nav><ul>{links}</ul></nav><article>{body}</article>"
        "<footer>Contact the press office</footer></body></html>"
    )


class Searched(str):
    """A text that counts how often another is looked for in it."""

    searches = 0

    def __contains__(self, other: object) -> bool:
        type(self).searches += 1
        return super().__contains__(other)  # type: ignore[operator]


def test_the_kept_text_is_not_searched_for_each_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "_clean", lambda text: Searched(_clean(text)))
    Searched.searches = 0
    page = extract(many_paragraphs(2000), path="long.html")
    assert page.text.count("\n\n") == 1999
    assert [(d.reason, len(d.texts)) for d in page.dropped] == [("navigation", 500), ("footer", 1)]
    # Every paragraph is a line of the kept text, found in the index; no link's words are all
    # in the text, so none is searched for either.
    assert Searched.searches == 0


def test_each_group_of_dropped_stretches_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []

    def counted(reason: str, texts: tuple[str, ...]) -> Dropped:
        built.append(reason)
        return Dropped(reason, texts)

    monkeypatch.setattr(html, "Dropped", counted)
    page = extract(many_paragraphs(400), path="long.html")
    assert built == ["navigation", "footer"]
    assert page.dropped[0].texts == tuple(f"Section {i}" for i in range(100))


def searched_the_old_way(parts: list[tuple[Any, str]], kept: str, title: str | None) -> list:  # type: ignore[type-arg]
    """What was dropped, found by searching the whole kept text for each stretch."""
    kept_text = _clean(kept)
    groups: list[tuple[str, list[str]]] = []
    for element, text in parts:
        if text == title or text in kept_text or not any(ch.isalnum() for ch in text):
            continue
        reason = part_of(element)
        if groups and groups[-1][0] == reason:
            groups[-1][1].append(text)
        else:
            groups.append((reason, [text]))
    return [(reason, tuple(texts)) for reason, texts in groups]


TRICKY = (
    "<html><head><title>Talks</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/l'>leaders</a></li><li><a href='/x'>ders spo</a></li><li><a href='/t'>"
    "trade and the</a></li><li><a href='/y'>again. The two</a></li><li><a href='/z'>Trade"
    "</a></li></ul></nav><article><h1>Talks</h1>"
    "<h2>Trade and the port</h2><p>The two leaders spoke about trade and the port today,"
    " and agreed to meet again.</p><ul><li>A first point on grain</li><li>A second point"
    "</li></ul><p>The two sides will talk again next month in the capital.</p></article>"
    "<aside>Homeland news<br>A first point</aside><footer>on grain A second</footer>"
    "</body></html>"
)


@pytest.mark.parametrize(
    "page",
    [*sorted(p.name for p in PAGES.glob("*.html")), "tricky"],
)
def test_the_index_finds_what_searching_the_text_found(page: str) -> None:
    source = TRICKY if page == "tricky" else decode_html((PAGES / page).read_bytes(), path=page)
    got = extract(source, path=page)
    expected = searched_the_old_way(page_lines(parse_page(source)), got.text, got.title)
    assert [(d.reason, d.texts) for d in got.dropped] == expected
    if page == "tricky":  # the stretches made to sit inside, across and beside kept lines
        assert expected == [
            ("navigation", ("Home", "again. The two")),  # a paragraph's end, then a list
            ("side menu", ("Homeland news",)),
            ("footer", ("on grain A second",)),  # the list's items are joined by "- "
        ]


def test_the_index_answers_as_a_search_on_random_stretches() -> None:
    chance = random.Random(8)
    words = ["the", "leaders", "trade", "port", "agreed", "grain", "a", "of", "Kyiv", "x" * 30]
    lines = []
    for _ in range(60):
        line = " ".join(chance.choice(words) for _ in range(chance.randint(1, 12)))
        lines.append(chance.choice(["", "## ", "- "]) + line)
    kept = "\n\n".join(lines)
    text = _clean(kept)
    found = _KeptText(text, kept)
    stretches = lines + [line[3:].strip() for line in lines]
    for _ in range(3000):
        start = chance.randrange(len(text))
        stretches.append(text[start : start + chance.randint(1, 80)].strip())
        made = " ".join(chance.choice(words) for _ in range(chance.randint(1, 5)))
        stretches.append(made[chance.randrange(len(made)) :].strip())
    stretches = [stretch for stretch in stretches if stretch]
    answers = [found(stretch) for stretch in stretches]
    assert answers == [stretch in text for stretch in stretches]
    assert True in answers and False in answers
