"""Read a readout from a web page: the title, the date and the body paragraphs, nothing else.

Pages are decoded by their byte-order mark, the charset the server or a ``<meta>`` tag
declares, or UTF-8, and otherwise by detection. The readout is found by trafilatura (its
precision mode); what the page held besides it (navigation, breadcrumb, share buttons,
related links, footer) is listed as *dropped*, each stretch with the part of the page it
came from. The extracted text is paragraphs separated by blank lines, list items as ``- ``
lines and headings as ``## `` lines, so that the prose splitter reads it as it reads a text
file; claim spans index that text (``span_base`` ``html-text``).

The extraction libraries are imported on first use, so text and YAML inputs never load them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from readout_diff.dates import stated_date
from readout_diff.errors import InputError
from readout_diff.model import Dropped, Readout, Record, replace
from readout_diff.page_parts import DEEPEST, TooDeep, page_lines, parse_page, part_of
from readout_diff.readouts import MAX_CLAIMS, readout_from_text, too_many_claims

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

_META_CHARSET = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_SPACE = re.compile(r"\s+")
_AFFIX = 24  # the longest word beginning or end the kept text's index holds


class Page(Record):
    """What a web page says: the readout text, its title and date, and what was dropped."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    dropped: tuple[Dropped, ...] = ()


def decode_html(data: bytes, *, path: str, charset: str | None = None) -> str:
    """Decode a page by its BOM, the declared charset (``charset``, then ``<meta>``), or UTF-8.

    A page that declares nothing and is not UTF-8 is decoded by detection.

    >>> decode_html('<meta charset="windows-1251"><p>Мир</p>'.encode("cp1251"), path="p.html")
    '<meta charset="windows-1251"><p>Мир</p>'
    """
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decoded(data[len(bom) :], codec, path=path, declared="a byte-order mark")
    if not data.strip():
        raise InputError("is empty", path=path)
    if charset:
        return _decoded(data, charset, path=path, declared="the server")
    if (order := _utf16_order(data)) is not None:
        # UTF-16 without a BOM: its markup, <meta> included, is two bytes a letter.
        return _decoded(data, order, path=path, declared="its bytes")
    meta = _META_CHARSET.search(data[:8192])
    if meta:
        return _decoded(data, meta.group(1).decode("ascii"), path=path, declared="the page")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            "declares no charset and is neither UTF-8 nor a text encoding that can be recognised",
            path=path,
        )
    return str(best)


def _utf8_mislabelled(data: bytes, codec: str) -> bool:
    """Whether a page said to be in a one-byte charset (windows-1252, ISO-8859-1, KOI8-R) is
    UTF-8: text in such a charset is almost never also valid UTF-8 once it holds a letter
    beyond ASCII, and read in it, UTF-8 comes out as "Ã©" and "ÐŸÑƒÑ‚Ð¸Ð½".

    >>> utf8, cp1252 = "café".encode(), "café".encode("cp1252")
    >>> _utf8_mislabelled(utf8, "cp1252"), _utf8_mislabelled(cp1252, "cp1252")
    (True, False)
    """
    if data.isascii() or not _one_byte(codec):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _one_byte(codec: str) -> bool:
    """A charset that writes every character as one byte."""
    return codec == "ascii" or len(bytes(range(128, 256)).decode(codec, errors="replace")) == 128


# Codecs Python knows that are no charset of a web page: escapes, encodings of host names,
# and one that decodes nothing.
_NOT_CHARSETS = frozenset(
    "undefined unicode-escape raw-unicode-escape idna punycode utf-7 mbcs oem".split()
)


def _decoded(data: bytes, codec: str, *, path: str, declared: str) -> str:
    import codecs

    name = codec.strip().lower()
    if name in ("utf8", "unicode", "utf-16", "utf16"):
        # A page read as bytes that says UTF-16 without a BOM is UTF-8 in practice, unless
        # its bytes are the two-byte units of UTF-16 (every other byte a zero, for ASCII).
        name = _utf16_order(data) or "utf-8"
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(f"{declared} declares an unknown charset {codec!r}", path=path) from None
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:
        raise InputError(
            f"{declared} declares {codec!r}, which is not a charset of text", path=path
        )
    if info.name != "utf-8" and _utf8_mislabelled(data, info.name):
        return data.decode("utf-8")
    try:
        return data.decode(info.name)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid {codec} as {declared} declares (byte 0x{data[exc.start]:02x} at"
            f" offset {exc.start})",
            path=path,
        ) from None


def _utf16_order(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when most of a sample's zero bytes fall on odd or even
    offsets (text in UTF-16 without a BOM), else None."""
    sample = data[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    # Markup in UTF-16 has a zero in every ASCII letter's unit, on one side only; the text
    # between may be another script, whose units hold none.
    if max(odd, even) < 16 or max(odd, even) < 8 * min(odd, even):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def extract(page: str, *, path: str) -> Page:
    """The readout a page holds: body text, title, date, and what was dropped around it.

    >>> doc = ("<html><head><title>Call | Site</title></head><body><nav><a href='/'>Home</a>"
    ...        "</nav><article><h1>Call</h1><p>The two leaders spoke by telephone today and"
    ...        " agreed to meet again.</p></article><footer>Contact us</footer></body></html>")
    >>> got = extract(doc, path="p.html")
    >>> got.title, got.text
    ('Call', 'The two leaders spoke by telephone today and agreed to meet again.\\n')
    >>> [(d.reason, d.texts) for d in got.dropped]
    [('navigation', ('Home',)), ('footer', ('Contact us',))]
    """
    import logging
    import xml.etree.ElementTree as ET

    import lxml.etree
    import trafilatura

    for library in ("trafilatura", "htmldate", "courlan", "justext"):
        # Their warnings are about the page, and the page's problems are ours to report.
        logging.getLogger(library).addHandler(logging.NullHandler())
    try:
        tree = parse_page(page)
    except TooDeep:
        raise InputError(_too_deep(f"more than {DEEPEST} levels deep"), path=path) from None
    try:
        xml = _extracted(trafilatura, page if tree is None else tree)
    except lxml.etree.LxmlError:
        # The extraction reads its own output again, with the parser's limit of 256 levels
        # (lists nested 128 deep, each <ul><li>, reach it).
        raise InputError(
            _too_deep("(lists in lists, perhaps) too deep to be read"), path=path
        ) from None
    if not xml:
        raise InputError("no readout text was found in the page", path=path)
    try:
        doc = ET.fromstring(xml)
    except ET.ParseError:
        raise InputError("no readout text could be read from the page", path=path) from None
    meta = {key: _clean(value) for key, value in doc.attrib.items()}
    title = meta.get("title") or None
    main = doc.find("main")
    blocks = _xml_blocks(main) if main is not None else []
    while blocks and title and _clean(blocks[0].lstrip("#- ")) == title:
        blocks.pop(0)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError("no readout text was found in the page", path=path)
    parts = page_lines(tree)
    return Page(
        text=text + "\n",
        title=title,
        date=_date(meta.get("date") or None, parts, page),
        url=meta.get("url") or None,
        publisher=meta.get("sitename") or None,
        dropped=_dropped(parts, text, title),
    )


def _too_deep(how: str) -> str:
    return (
        f"the page nests its markup {how}; save the readout's text as a .txt file and compare that"
    )


def _extracted(trafilatura: Any, source: Any) -> str | None:
    """Trafilatura's XML of the readout a page holds (its precision mode)."""
    xml: str | None = trafilatura.extract(
        source,
        output_format="xml",
        with_metadata=True,
        # Only the dates the markup states (meta tags, <time>, structured data): the
        # extensive search also guesses from a year alone ("Copyright 2026" as 1 January).
        date_extraction_params={"extensive_search": False, "original_date": True},
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    return xml


def _date(marked: str | None, parts: list[tuple[Any, str]], page: str) -> str | None:
    """The page's date: the one its markup states, else the first its article text writes out
    with day and month ("3 апреля 2025 года", "Date: 02.04.2025"); never one from a year alone.

    Text in the parts around the article (a list of other news, a footer) dates other things.
    """
    if marked is not None and marked.endswith("-01-01") and marked not in page:
        marked = None  # htmldate makes 1 January of a lone year; a page that says it keeps it
    if marked is not None:
        return marked
    for element, text in parts:
        found = stated_date(text)
        if found is not None and part_of(element) == "other text":
            return found
    return None


def readout_from_html(
    data: bytes,
    *,
    name: str,
    path: str,
    label: str | None = None,
    clauses: bool = True,
    charset: str | None = None,
    url: str | None = None,
    max_claims: int = MAX_CLAIMS,
) -> Readout:
    """A readout from the bytes of a web page; spans index the extracted text.

    A page with more paragraphs of text than ``max_claims`` is refused before extraction,
    which would take a minute and hundreds of megabytes to find as many claims."""
    html = decode_html(data, path=path, charset=charset)
    if len(_TEXT_BLOCK.findall(html)) > max_claims:
        raise too_many_claims(max_claims, path)
    page = extract(html, path=path)
    readout = readout_from_text(
        page.text,
        name=name,
        path=path,
        kind="html",
        label=label,
        clauses=clauses,
        span_base="html-text",
        title=page.title,
        date=page.date,
        url=url or page.url,
        publisher=page.publisher,
        max_claims=max_claims,
    )
    return replace(readout, dropped=page.dropped)


# A block of a page that begins with text: each is a claim at least, if it is kept.
_TEXT_BLOCK = re.compile(r"<(?:p|li|h[1-6]|td|dd|blockquote)\b[^>]*>\s*[^\s<]", re.IGNORECASE)


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _xml_blocks(main: ET.Element) -> list[str]:
    """Paragraphs of trafilatura's XML: ``p``, ``head`` (as ``## ``), ``item`` (as ``- ``)."""
    blocks: list[str] = []

    def inline(element: ET.Element) -> str:
        parts = [element.text or ""]
        for child in element:
            if child.tag == "lb":
                parts.append("\n")
            elif child.tag not in ("list", "table", "quote", "p", "head"):
                parts.append(inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def lines(element: ET.Element) -> str:
        return "\n".join(_clean(line) for line in inline(element).split("\n") if line.strip())

    def walk(element: ET.Element) -> None:
        for child in element:
            if child.tag == "head":
                if lines(child):
                    blocks.append("## " + _clean(inline(child)))
            elif child.tag == "list":
                items = [_clean(inline(item)) for item in child if item.tag == "item"]
                items = [item for item in items if item]
                if items:
                    blocks.append("\n".join("- " + item for item in items))
                for item in child:
                    walk(item)
            elif child.tag in ("p", "quote", "cell"):
                body = lines(child)
                if body:
                    blocks.append(body)
                walk(child)
            else:
                walk(child)

    walk(main)
    return blocks


def _dropped(parts: list[tuple[Any, str]], kept: str, title: str | None) -> tuple[Dropped, ...]:
    """The stretches of the page outside the readout, grouped by the part they came from.

    A stretch is kept when it is part of the readout's text (spaces run together). Each is
    looked up in an index of the kept text, so a long page costs time in proportion to it.
    """
    in_kept = _KeptText(_clean(kept), kept)
    known = {title} if title else set()
    groups: list[tuple[str, list[str]]] = []
    for element, text in parts:
        if text in known or not any(ch.isalnum() for ch in text) or in_kept(text):
            continue
        reason = part_of(element)
        if groups and groups[-1][0] == reason:
            groups[-1][1].append(text)
        else:
            groups.append((reason, [text]))
    return tuple(Dropped(reason, tuple(texts)) for reason, texts in groups)


class _KeptText:
    """Whether a stretch of a page (spaces run together) is part of the kept text.

    The same answer as ``stretch in text``, without searching the whole text for each
    stretch: a whole line of the kept text is found in a set; any other stretch must have
    its inner words among the text's words, its first word ending one and its last word
    beginning one, before the text itself is searched (once for each different stretch).
    """

    def __init__(self, text: str, kept: str) -> None:
        self.text = text
        self.lines: set[str] = set()
        for line in kept.split("\n"):
            clean = _clean(line)
            self.lines.add(clean)
            for marker in ("## ", "- "):
                if clean.startswith(marker):
                    self.lines.add(clean[len(marker) :].strip())
        self.words = set(text.split(" "))
        self.starts: set[str] = set()
        self.ends: set[str] = set()
        for word in self.words:
            for cut in range(1, min(len(word), _AFFIX) + 1):
                self.starts.add(word[:cut])
                self.ends.add(word[-cut:])
        self.longest = max((len(word) for word in self.words), default=0)
        self.seen: dict[str, bool] = {}

    def __call__(self, stretch: str) -> bool:
        if stretch in self.lines:
            return True
        if not self._may_hold(stretch):
            return False
        if stretch not in self.seen:
            self.seen[stretch] = stretch in self.text
        return self.seen[stretch]

    def _may_hold(self, stretch: str) -> bool:
        words = stretch.split(" ")
        if len(words) == 1:
            return len(stretch) <= self.longest
        first, *inner, last = words
        return (
            all(word in self.words for word in inner)
            and (len(first) > _AFFIX or first in self.ends)
            and (len(last) > _AFFIX or last in self.starts)
        )
