"""The HTML report: one self-contained, escaped page, checked as markup and in a real browser."""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import Browser, find_chromium
from conftest import KREMLIN, WHITE_HOUSE, with_confidence

from readout_diff.folders import load_demo
from readout_diff.load import readout_from_text
from readout_diff.model import Report
from readout_diff.render.as_html import render_html
from readout_diff.render.text import clean
from readout_diff.report import compare
from readout_diff.verdicts import mutual_nearest

# What the page is built of: nothing that loads or runs anything.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "article",
    "footer", "h1", "h2", "h3", "p", "span", "a", "b", "mark", "table", "tr", "th", "td",
    "div", "ul", "ol", "li",
}  # fmt: skip

HOSTILE = (
    "Readout\n\n"
    "President Smith said <script>alert(1)</script> about energy and hockey.\n"
    'The "quoted" <img src=x onerror=alert(1)> & friends</span></p> were discussed.\n'
    "Hockey \x1b[5mblinking\x1b[0m talks were raised in \u202egnirts\u202c form.\n"
)


class Page(HTMLParser):
    """Every tag, attribute and piece of text of a page, as the parser read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def demo_report() -> Report:
    call = load_demo()
    return compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)


def test_the_page_is_self_contained_and_escapes_every_readout_text() -> None:
    hostile = readout_from_text(HOSTILE, name="a", label='Side <b>"A"</b>')
    other = readout_from_text("Energy and hockey were discussed. Trade was raised.", name="b")
    html = render_html(compare([hostile, other], title="A <title> & more"))
    page = parse(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "src" not in attrs and (tag != "a" or (attrs.get("href") or "#").startswith("#"))
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "<img src=x onerror=alert(1)> & friends</span></p>" in text
    assert "A <title> & more" in text and 'Side <b>"A"</b>' in text
    assert "\x1b" not in html and "\u202e" not in html and "gnirts" in html
    assert html.count("<style>") == 1 and "http" not in html.replace("http-equiv", "")


def test_each_claim_appears_once_with_its_verdict_and_confidence() -> None:
    report = with_confidence(demo_report(), sure={"p1", "p2"})
    page = parse(render_html(report))
    claims = [(t, a) for t, a in page.tags if "claim" in (a.get("class") or "").split()]
    claims = [(t, a) for t, a in claims if a.get("id")]
    total = sum(len(r.claims) for r in report.sides)
    assert len(claims) == total
    assert len({a["id"] for _, a in claims}) == total
    of = {c.id: p for p in report.points for c in p.claims}
    by_id = {f"c{s}-{i}": c for s, r in enumerate(report.sides) for i, c in enumerate(r.claims)}
    for _, attrs in claims:
        point = of[by_id[attrs["id"] or ""].id]
        classes = (attrs.get("class") or "").split()
        assert ("sure" in classes) == point.sure and ("check" in classes) != point.sure
        assert ("only" in classes) == (len(point.present) == 1)
        title = attrs.get("title") or ""
        assert ("· sure" in title) == point.sure
        if not point.sure:
            assert "another claim came almost as close" in title


def test_the_check_section_lists_each_uncertain_verdict_beside_its_nearest() -> None:
    report = with_confidence(demo_report(), sure=set())
    html = render_html(report)
    section = html[html.index('<section id="check">') :]
    section = section[: section.index("</section>")]
    rows = [line for line in section.splitlines() if line.startswith('<tr id="check-')]
    # Every point has its row, except that two one-sided claims nearest to each other share one
    # (whose anchor the second point's tag still reaches).
    seconds = mutual_nearest(report.points).values()
    assert len(rows) == len(report.points) - len(seconds)
    assert all(f'id="check-{point}"' in section for point in seconds)
    iran = next(p for p in report.points if "Iran" in p.claims[0].text)
    row = next(r for r in rows if r.startswith(f'<tr id="check-{iran.id}"'))
    assert iran.nearest is not None
    nearest = report.claims_by_id[iran.nearest.claim]
    assert 'class="nearest"' in row and clean(nearest.text)[:40] in row
    assert "Only in White House: another claim came almost as close" in section


CHROMIUM = find_chromium()
WHY_SKIPPED = (
    "Chromium is not installed, so the HTML report was not checked in a browser: install"
    " Debian's chromium package (apt-get install chromium; .ci/run does where apt-get works)"
)

DOM_CHECKS = """(() => {
  const claims = [...document.querySelectorAll('.cols .claim')];
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  const text = el => [...el.childNodes].filter(n => !(n.classList && n.classList.contains('tag')))
      .map(n => n.textContent).join('');
  return {
    ids: claims.map(c => c.id),
    texts: claims.map(text),
    broken: links.filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1))),
    links: links.length,
    resources: performance.getEntriesByType('resource').length,
    scripts: document.scripts.length,
    overflow: document.documentElement.scrollWidth - innerWidth,
    sides: [...document.querySelectorAll('.side')].map(s => s.getBoundingClientRect().toJSON()),
  };
})()"""


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(CHROMIUM is None, reason=WHY_SKIPPED)
def test_the_page_in_a_real_browser(tmp_path: Path) -> None:
    wh = readout_from_text(WHITE_HOUSE, name="white-house", label="White House")
    kr = readout_from_text(KREMLIN, name="kremlin", label="Kremlin")
    small = compare([wh, kr], title="An invented call")
    report = with_confidence(demo_report(), sure={p.id for p in demo_report().points[::2]})
    pages = {"demo": report, "small": small}
    expected = {
        name: [" ".join(clean(c.text).split()) for r in rep.sides for c in r.claims]
        for name, rep in pages.items()
    }
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM)
    try:
        for name, rep in pages.items():
            path = tmp_path / f"{name}.html"
            path.write_text(render_html(rep), encoding="utf-8")
            for width in (1280, 390):
                browser.open(path, width=width, mobile=width < 500)
                found = browser.evaluate(DOM_CHECKS)
                assert [" ".join(t.split()) for t in found["texts"]] == expected[name]
                assert len(set(found["ids"])) == len(found["ids"])
                assert found["broken"] == [] and found["links"] > 0
                assert found["resources"] == 0 and found["scripts"] == 0
                assert found["overflow"] <= 0, f"{name} at {width}px scrolls sideways"
                first, second = found["sides"]
                if width == 1280:
                    assert second["left"] >= first["right"], "sides side by side on a wide screen"
                else:
                    assert second["top"] >= first["bottom"], "sides one above the other on a phone"
                shot = tmp_path / f"{name}-{width}.png"
                browser.screenshot(shot)
                shot_width, shot_height = png_size(shot)
                assert shot_width == width and shot_height > 600
        browser.open(tmp_path / "demo.html", width=1280)
        assert_partners_light_up(browser, report)
        browser.media("print")
        assert browser.evaluate("getComputedStyle(document.querySelector('.cols')).display") == (
            "block"
        )
    finally:
        browser.close()


def assert_partners_light_up(browser: Browser, report: Report) -> None:
    """Pointing at a shared claim outlines its partner; following a link to one does too."""
    point = next(p for p in report.points if len(p.claims) == 2 and len(p.present) == 2)
    sides = [r.name for r in report.sides]
    ids = []
    for claim in point.claims:
        s = sides.index(claim.side)
        ids.append(f"c{s}-{report.sides[s].claims.index(claim)}")

    def outline(element_id: str) -> str:
        style = f"getComputedStyle(document.getElementById('{element_id}'))"
        return str(browser.evaluate(f"{style}.outlineStyle"))

    assert outline(ids[1]) == "none"
    browser.evaluate(f"document.getElementById('{ids[0]}').scrollIntoView()")
    box = browser.evaluate(
        f"(() => {{ const r = document.getElementById('{ids[0]}').getClientRects()[0];"
        " return [r.left + 2, r.top + r.height / 2]; })()"
    )
    browser.hover(box[0], box[1])
    assert outline(ids[1]) == "solid"
    browser.hover(1, 1)
    assert outline(ids[1]) == "none"
    browser.evaluate(f"location.hash = '#{ids[1]}'")
    assert outline(ids[0]) == "solid"


class Blocks(HTMLParser):
    """The blocks of each side's column, in order: (tag, text) for each heading, p and li."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sides: list[list[tuple[str, str]]] = []
        self.open: list[str] = []  # the block being read, if any
        self.depth = 0  # inside an article of a side
        self.skip: str | None = None  # a tag after a claim ("only here"): not readout text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "tag" in (dict(attrs).get("class") or "").split():
            self.skip = tag
        elif tag == "article" and "side" in (dict(attrs).get("class") or ""):
            self.sides.append([])
            self.depth = 1
        elif (
            self.depth
            and tag in ("p", "li", "h3")
            and "src" not in (dict(attrs).get("class") or "")
        ):
            assert not self.open, f"<{tag}> inside <{self.open[0]}>"
            self.open = [tag, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == self.skip:
            self.skip = None
        elif tag == "article":
            self.depth = 0
        elif self.open and tag == self.open[0]:
            self.sides[-1].append((tag, " ".join(self.open[1].split())))
            self.open = []

    def handle_data(self, data: str) -> None:
        if self.open and self.skip is None:
            self.open[1] += data


def column_blocks(html: str) -> list[list[tuple[str, str]]]:
    parser = Blocks()
    parser.feed(html)
    parser.close()
    return parser.sides


MARKDOWN_SIDE = """# President Halvorsen holds a call with Chancellor Brandt
*14 October 2026*

OSLAND, 14 October 2026 — Prime Minister Halvorsen spoke today with Chancellor Brandt
about **trade** and [the port](https://example.org/port).

> The President said the partnership was strong.

- They welcomed the new rail link.
- They discussed grain and the energy plan.
1. A first numbered point was made.
"""


def test_each_side_shows_its_cleaned_text_a_block_per_paragraph_and_item(tmp_path: Path) -> None:
    from conftest import write

    from readout_diff.load import load_readout

    markdown = load_readout(str(write(tmp_path / "osland.md", MARKDOWN_SIDE)))
    other = readout_from_text(
        "Readout of the Call\nOctober 14, 2026\n\nThe leaders spoke about trade and the port."
        "\nThey welcomed the rail link.\n\n- Grain was discussed.\n- So was energy.",
        name="brandt",
    )
    html = render_html(compare([markdown, other]))
    assert column_blocks(html) == [
        [
            ("h3", "President Halvorsen holds a call with Chancellor Brandt"),
            ("p", "14 October 2026"),
            (
                "p",
                "OSLAND, 14 October 2026 — Prime Minister Halvorsen spoke today with Chancellor"
                " Brandt about trade and the port.",
            ),
            ("p", "The President said the partnership was strong."),
            ("li", "They welcomed the new rail link."),
            ("li", "They discussed grain and the energy plan."),
            ("li", "A first numbered point was made."),
        ],
        [
            ("p", "Readout of the Call"),
            ("p", "October 14, 2026"),
            ("p", "The leaders spoke about trade and the port. They welcomed the rail link."),
            ("li", "Grain was discussed."),
            ("li", "So was energy."),
        ],
    ]
    page = parse(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    claims = [a for _, a in page.tags if "claim" in (a.get("class") or "").split() and "id" in a]
    assert len(claims) == len(markdown.claims) + len(other.claims)


def test_yaml_claims_are_a_block_each() -> None:
    from readout_diff.readouts import readout_from_yaml

    listed = readout_from_yaml(
        "side: a\nclaims:\n  - The leaders met.\n  - They spoke of trade.\n", path="a.yaml"
    )
    other = readout_from_text("The leaders met. They spoke of trade.", name="b")
    blocks = column_blocks(render_html(compare([listed, other])))
    assert blocks[0] == [("p", "The leaders met."), ("p", "They spoke of trade.")]
