"""Web pages as readouts: the body is extracted, everything around it is dropped and listed.

Each page in ``tests/pages`` is built in a shape official sites use, next to the clean text
of its body (``NAME.txt``); a page must give exactly the claims of that text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write
from typer.testing import CliRunner

from readout_diff.cli import app
from readout_diff.html import decode_html
from readout_diff.html_kind import looks_like_html
from readout_diff.load import load_readout

PAGES = ROOT / "tests" / "pages"
SHAPES = ("press-page", "ministry-page", "nested-divs", "windows-1251", "briefing")


def run(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=input)


def claims_json(path: Path | str, *extra: str) -> dict:  # type: ignore[type-arg]
    result = run("claims", str(path), "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_page_gives_the_claims_of_the_clean_text_of_its_body(shape: str) -> None:
    page = claims_json(PAGES / f"{shape}.html")
    clean = claims_json(PAGES / f"{shape}.txt")
    assert [c["text"] for c in page["side"]["claims"]] == [
        c["text"] for c in clean["side"]["claims"]
    ]
    assert page["side"]["kind"] == "html" and page["side"]["span_base"] == "html-text"
    assert page["side"]["name"] == shape


@pytest.mark.parametrize("shape", SHAPES)
def test_spans_index_the_extracted_text(shape: str) -> None:
    readout = load_readout(str(PAGES / f"{shape}.html"))
    assert readout.claims
    for claim in readout.claims:
        assert readout.text[claim.start : claim.end] == claim.text
    assert "<" not in readout.text


def test_comparing_two_pages_is_comparing_the_clean_texts(tmp_path: Path) -> None:
    def report(*paths: Path) -> dict:  # type: ignore[type-arg]
        result = run("compare", *map(str, paths), "-f", "json")
        assert result.exit_code == 1, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    pages = report(PAGES / "press-page.html", PAGES / "ministry-page.html")
    texts = report(PAGES / "press-page.txt", PAGES / "ministry-page.txt")
    assert pages["points"] == texts["points"] and pages["summary"] == texts["summary"]
    for side, other in zip(pages["sides"], texts["sides"], strict=True):
        assert side["claims"] == other["claims"]


@pytest.mark.parametrize(
    ("shape", "title", "date"),
    [
        (
            "press-page",
            "Readout of the President’s Call with Prime Minister Ingrid Solheim of Norway",
            "2025-04-02",
        ),
        (
            "ministry-page",
            "Prime Minister Solheim spoke with the President of the United States",
            "2025-04-02",
        ),
        (
            "nested-divs",
            "Telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev",
            "2025-04-03",
        ),
        (
            "windows-1251",
            "Телефонный разговор с Президентом Казахстана Касым-Жомартом Токаевым",
            "2025-04-03",
        ),
    ],
)
def test_the_title_and_date_of_a_page_fill_the_side(shape: str, title: str, date: str) -> None:
    side = claims_json(PAGES / f"{shape}.html")["side"]
    assert (side["title"], side["date"]) == (title, date)
    assert all(title not in c["text"] for c in side["claims"])


def test_claims_lists_what_the_page_held_besides_the_readout() -> None:
    data = claims_json(PAGES / "press-page.html")
    dropped: dict[str, list[str]] = {}
    for group in data["dropped"]:
        dropped.setdefault(group["reason"], []).extend(group["texts"])
    assert {"navigation", "breadcrumb", "share buttons", "related links", "footer"} <= set(dropped)
    assert "Briefing Room" in dropped["navigation"]
    assert "Share on Facebook" in dropped["share buttons"]
    assert "Privacy Policy" in dropped["footer"]
    claims = " ".join(c["text"] for c in data["side"]["claims"])
    for texts in dropped.values():
        for text in texts:
            assert text not in claims
    terminal = run("claims", str(PAGES / "press-page.html"), "--no-color", "--width", "80")
    assert "dropped from the page (navigation): " in terminal.stdout
    assert "dropped from the page (breadcrumb): Home · Briefing Room" in terminal.stdout
    assert "date: 2025-04-02" in terminal.stdout


def test_a_side_menu_is_dropped_and_named() -> None:
    data = claims_json(PAGES / "ministry-page.html")
    menu = next(d["texts"] for d in data["dropped"] if d["reason"] == "side menu")
    assert "The Prime Minister's calendar" in menu
    assert "Norway increases support to Ukraine’s energy sector" in menu
    markdown = run("claims", str(PAGES / "ministry-page.html"), "-f", "markdown").stdout
    assert "Dropped from the page:" in markdown and "- side menu: " in markdown


def test_a_page_in_windows_1251_is_decoded_by_its_meta_charset() -> None:
    data = (PAGES / "windows-1251.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    readout = load_readout(str(PAGES / "windows-1251.html"))
    assert readout.claims[0].text.startswith("Владимир Путин провёл")


def test_a_page_that_declares_no_charset_is_decoded_by_detection(tmp_path: Path) -> None:
    text = (PAGES / "windows-1251.html").read_bytes().decode("cp1251")
    bare = text.replace(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', ""
    )
    assert "charset" not in bare
    page = write(tmp_path / "bare.html", bare.encode("cp1251"))
    assert load_readout(str(page)).claims[1].text.startswith("Лидеры обсудили")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [('<meta charset="utf-8">', "utf-8"), ("<meta charset='koi8-r'>", "koi8-r")],
)
def test_a_meta_charset_is_obeyed(declared: str, expected: str) -> None:
    page = f"<html><head>{declared}</head><body><p>Лидеры встретились.</p></body></html>"
    assert decode_html(page.encode(expected), path="p.html") == page


def test_a_server_charset_comes_before_the_page(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body>Мир</body></html>'
    assert "Мир" in decode_html(page.encode("cp1251"), path="p", charset="windows-1251")


def test_html_content_is_read_as_a_page_whatever_its_name() -> None:
    data = (PAGES / "press-page.html").read_bytes()
    assert looks_like_html(data) and not looks_like_html(b"The leaders met.\n")
    from_stdin = run("claims", "-", "-f", "json", input=data)
    assert from_stdin.exit_code == 0, from_stdin.stderr
    side = json.loads(from_stdin.stdout)["side"]
    assert side["kind"] == "html" and side["name"] == "stdin"


def test_a_page_named_txt_is_read_as_a_page(tmp_path: Path) -> None:
    page = write(tmp_path / "saved.txt", (PAGES / "nested-divs.html").read_bytes())
    clean = claims_json(PAGES / "nested-divs.txt")
    assert [c["text"] for c in claims_json(page)["side"]["claims"]] == [
        c["text"] for c in clean["side"]["claims"]
    ]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
            "no readout text was found in the page",
        ),
        (b"<html><head><meta charset='x-nonsense'></head><body>x</body></html>", "unknown charset"),
        (
            b"<html><head><meta charset='undefined'></head><body><p>Peace.</p></body></html>",
            "the page declares 'undefined', which is not a charset of text",
        ),
        (
            b"<html><head><meta charset='unicode_escape'></head><body><p>\\u202e</p></body></html>",
            "the page declares 'unicode_escape', which is not a charset of text",
        ),
        (
            b"<html><head><meta charset='utf-8'></head><body><p>\xff\xfe bad</p></body></html>",
            "is not valid utf-8 as the page declares",
        ),
    ],
)
def test_a_page_without_a_readout_is_one_line_and_exit_2(
    tmp_path: Path, page: bytes, message: str
) -> None:
    path = write(tmp_path / "page.html", page)
    result = run("compare", str(path), str(PAGES / "press-page.txt"))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"readout-diff: error: {path}: ")
    assert message in lines[0]


def test_reading_text_never_imports_the_page_or_network_code() -> None:
    code = (
        "import sys\n"
        "import readout_diff.cli.commands\n"
        "from readout_diff.load import load_readout\n"
        "from readout_diff.report import compare\n"
        f"sides = [load_readout({str(PAGES / 'press-page.txt')!r}),"
        f" load_readout({str(PAGES / 'ministry-page.txt')!r})]\n"
        "compare(sides)\n"
        "print([m for m in ('trafilatura', 'lxml', 'urllib.request', 'ssl') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_call_folder_may_list_web_pages(tmp_path: Path) -> None:
    for shape in ("press-page", "ministry-page"):
        write(tmp_path / f"{shape}.html", (PAGES / f"{shape}.html").read_bytes())
    write(
        tmp_path / "call.yaml",
        "title: A call\nsides:\n  - {file: press-page.html, name: us}\n"
        "  - {file: ministry-page.html, name: norway}\n",
    )
    result = run("compare", str(tmp_path), "-f", "json")
    assert result.exit_code == 1, result.stderr
    assert [s["kind"] for s in json.loads(result.stdout)["sides"]] == ["html", "html"]


def _page(
    head: str, body: str, footer: str = "<footer><p>Copyright 2026 Osland</p></footer>"
) -> str:
    return (
        f"<!doctype html><html><head><title>Halvorsen spoke with Brandt</title>{head}</head>"
        "<body><nav><a href='/'>Home</a></nav><article><h1>Halvorsen spoke with Brandt</h1>"
        f"{body}<p>Prime Minister Halvorsen spoke today with Chancellor Brandt about the rail"
        " link and the port.</p><p>The two leaders agreed to meet again before the end of the"
        f" year in the capital.</p></article>{footer}</body></html>"
    )


@pytest.mark.parametrize(
    "page",
    [
        _page("", ""),  # a year in the footer only
        _page("", "", "<footer><p>© 2026 Osland. Updated October 2026.</p></footer>"),
        # a date the page states only in its list of other news
        _page(
            "",
            "",
            "<aside class='related'><ul><li><a href='/n/1'>Earlier news</a>"
            " <span>3 October 2026</span></li></ul></aside>",
        ),
    ],
    ids=["copyright-year", "month-and-year", "related-news"],
)
def test_a_page_that_states_no_date_has_none(tmp_path: Path, page: str) -> None:
    path = write(tmp_path / "page.html", page)
    assert claims_json(path)["side"]["date"] is None
    terminal = run("claims", str(path), "--no-color", "--width", "80")
    assert terminal.exit_code == 0 and "date:" not in terminal.stdout


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ('<meta property="article:published_time" content="2026-10-14T09:00:00+02:00">', ""),
        ("", '<p class="dateline"><time datetime="2026-10-14">14 October 2026</time></p>'),
        ("", '<p class="posted">Published 14 October 2026, 10:15</p>'),
        ("", '<div class="info">October 14, 2026</div>'),
        ("", '<div class="info">Date: 14.10.2026</div>'),
    ],
    ids=["meta", "time", "day-first", "month-first", "numeric"],
)
def test_a_date_the_page_states_is_kept(tmp_path: Path, head: str, body: str) -> None:
    path = write(tmp_path / "page.html", _page(head, body))
    assert claims_json(path)["side"]["date"] == "2026-10-14"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_page_in_utf16_without_a_bom_is_known_by_its_bytes(tmp_path: Path, codec: str) -> None:
    # Mostly Cyrillic: its units hold no zero byte, only the markup's do.
    page = (
        "<html><head><meta charset='utf-16'></head><body><article><p>Президенты обсудили"
        " ситуацию и договорились о прекращении огня."
        + " Стороны условились продолжить контакты на всех уровнях." * 8
        + "</p></article></body></html>"
    )
    path = write(tmp_path / "page.html", page.encode(codec))
    result = run("claims", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    texts = [c["text"] for c in json.loads(result.stdout)["side"]["claims"]]
    assert " ".join(texts).startswith("Президенты обсудили ситуацию и договорились о прекращении")
    assert len(texts) >= 9 and "\x00" not in "".join(texts)


def test_a_short_plain_page_is_not_taken_for_utf16() -> None:
    from readout_diff.html import decode_html

    assert decode_html(b"Peace.", path="p.html") == "Peace."
    assert decode_html(b"<b>x</b>", path="p.html") == "<b>x</b>"


def test_a_page_of_more_paragraphs_than_claims_allowed_is_refused_before_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Extraction of a page of 80,000 paragraphs takes a minute: counted first, it is
    refused at once, by the same limit as a text file."""
    import readout_diff.html as html_module
    from readout_diff.errors import InputError

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was extracted")

    page = "<html><body><article>" + "<p>The leaders agreed on trade.</p>" * 11 + "</article>"
    monkeypatch.setattr(html_module, "extract", never)
    with pytest.raises(InputError, match="holds more than 10 claims"):
        html_module.readout_from_html(page.encode(), name="a", path="a.html", max_claims=10)
    monkeypatch.undo()
    within = html_module.readout_from_html(page.encode(), name="a", path="a.html", max_claims=11)
    assert len(within.claims) == 11


def nested_page(depth: int) -> str:
    return (
        "<html><body><article><p>The presidents met in Geneva and discussed arms control.</p>"
        + "<div>" * depth
        + "<p>They agreed to meet again next month in Vienna.</p>"
        + "</div>" * depth
        + "<p>The talks lasted two hours.</p></article></body></html>"
    )


def test_text_below_256_levels_of_markup_is_read(tmp_path: Path) -> None:
    """The HTML parser stopped at 256 levels and dropped the rest of the page unsaid."""
    path = write(tmp_path / "deep.html", nested_page(300))
    texts = [c["text"] for c in claims_json(path, "--sentences")["side"]["claims"]]
    assert texts == [
        "The presidents met in Geneva and discussed arms control.",
        "They agreed to meet again next month in Vienna.",
        "The talks lasted two hours.",
    ]


def test_a_page_nested_deeper_than_can_be_read_is_refused_not_cut(tmp_path: Path) -> None:
    from readout_diff.page_parts import DEEPEST

    path = write(tmp_path / "deep.html", nested_page(DEEPEST + 100))
    result = run("claims", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"readout-diff: error: {path}: the page nests its markup more than {DEEPEST} levels deep;"
        " save the readout's text as a .txt file and compare that\n"
    )
    within = write(tmp_path / "within.html", nested_page(DEEPEST - 10))
    assert len(claims_json(within, "--sentences")["side"]["claims"]) == 3


def test_lists_nested_past_what_the_extraction_reads_are_one_line_naming_the_page(
    tmp_path: Path,
) -> None:
    """Lists 128 deep (<ul><li> each) passed the page's parser, then failed inside the
    extraction as an "internal error" that named no file."""
    body = "<ul><li>" * 128 + "They agreed to meet again." + "</li></ul>" * 128
    page = write(
        tmp_path / "lists.html",
        "<html><body><article><p>The presidents met in Geneva.</p>"
        + body
        + "</article></body></html>",
    )
    result = run("claims", str(page))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"readout-diff: error: {page}: the page nests its markup (lists in lists, perhaps) too"
        " deep to be read; save the readout's text as a .txt file and compare that\n"
    )


@pytest.mark.parametrize("declared", ["windows-1252", "iso-8859-1", "windows-1251", "koi8-r"])
def test_a_utf8_page_that_declares_a_one_byte_charset_is_read_as_utf8(declared: str) -> None:
    """A UTF-8 page saying windows-1252 came out as "ÐŸÑƒÑ‚Ð¸Ð½" without a word."""
    page = f'<html><head><meta charset="{declared}"></head><body><p>Путин и Macron: café.</p>'
    assert "Путин и Macron: café." in decode_html(page.encode("utf-8"), path="p.html")
    assert "Путин" in decode_html(page.encode("utf-8"), path="p.html", charset=declared)


def test_a_page_in_the_one_byte_charset_it_declares_is_read_in_it() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Le café, à Paris.</p>'
    assert "Le café, à Paris." in decode_html(page.encode("cp1252"), path="p.html")


def test_a_page_without_html_or_body_tags_still_lists_what_it_dropped() -> None:
    from readout_diff.html import extract

    page = extract(
        "<p>The leaders met in Geneva and agreed to talk again soon.</p><p>They discussed arms"
        " control at length in the afternoon.</p><div>Privacy Policy</div>",
        path="p.html",
    )
    assert [(d.reason, d.texts) for d in page.dropped] == [("other text", ("Privacy Policy",))]
