"""Which part of a web page a piece of text belongs to: the article, or what is around it.

The parts are named by the words their class, id or role use (navigation, breadcrumb, share
buttons, related links, side menu, footer, ...), or by their tag (``<nav>``, ``<footer>``).
``html.py`` lists what a page held besides its readout by these parts, and reads a date
written in the text only from the article's own part.
"""

from __future__ import annotations

import re
from typing import Any

_SPACE = re.compile(r"\s+")
# Parts of a page that are not the readout, by the words their class, id or role use.
# The first that matches, from the block itself outwards, names the part.
_PARTS = (
    ("cookie notice", {"cookie", "cookies", "consent", "gdpr"}),
    ("breadcrumb", {"breadcrumb", "breadcrumbs", "crumbs", "path"}),
    ("share buttons", {"share", "sharing", "social", "sharethis", "print"}),
    (
        "related links",
        {
            "related",
            "see-also",
            "read-also",
            "more-news",
            "other-news",
            "recommended",
            "latest",
            "last-news",
            "lastnews",
            "also",
        },
    ),
    ("newsletter", {"newsletter", "subscribe", "signup", "subscription"}),
    ("tags", {"tags", "tag", "keywords", "topics", "taxonomy"}),
    ("comments", {"comment", "comments", "disqus"}),
    (
        "side menu",
        {
            "sidebar",
            "side",
            "leftcol",
            "rightcol",
            "leftmenu",
            "rightmenu",
            "leftbox",
            "aside",
            "complementary",
        },
    ),
    (
        "navigation",
        {
            "nav",
            "navbar",
            "navigation",
            "menu",
            "mega-menu",
            "toplinks",
            "primary-navigation",
            "skip",
            "skip-link",
            "langs",
            "lang",
            "search",
        },
    ),
    ("footer", {"footer", "foot", "bottom", "contentinfo", "copyright", "colophon"}),
    ("header", {"header", "masthead", "top", "banner", "logo", "site-header"}),
)
_TAG_PARTS = {
    "nav": "navigation",
    "header": "header",
    "footer": "footer",
    "aside": "side menu",
    "form": "form",
    "button": "buttons",
    "menu": "navigation",
}
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table"
    " tbody td tfoot th thead tr ul".split()
)
_SILENT_TAGS = frozenset("script style noscript template svg head title iframe object".split())


# Levels of nested markup a page may have. The HTML parser stops at 256 unless told otherwise,
# and drops the rest of the page without a word; past this many, a page is refused instead.
DEEPEST = 500


class TooDeep(ValueError):
    """A page nests its markup deeper than ``DEEPEST`` levels."""


def parse_page(page: str) -> Any:
    """The page's tree (lxml, as the extraction reads it), or None when nothing parses.

    Raises ``TooDeep`` rather than lose the text below ``DEEPEST`` levels of markup.
    """
    import lxml.etree
    import lxml.html

    # The extraction's own parser settings, with the depth limit lifted.
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    try:
        try:
            root: Any = lxml.html.fromstring(page, parser=parser)
        except ValueError:  # a string that declares its encoding
            root = lxml.html.fromstring(page.encode("utf-8", "surrogatepass"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return None
    if _deeper_than(root, DEEPEST):
        raise TooDeep
    return root


def _deeper_than(root: Any, levels: int) -> bool:
    """Whether the tree nests more than ``levels`` elements, read until it is known."""
    import lxml.etree

    depth = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > levels:
            return True
    return False


def page_lines(root: Any) -> list[tuple[Any, str]]:
    """Each line of text of the page's body in page order, with the element that holds it."""
    if root is None:
        return []
    if root.tag != "html":
        root = root.getroottree().getroot()
    body = root.find("body")
    # A fragment without <html> or <body> tags is read whole.
    return _text_blocks(root if body is None else body)


def _text_blocks(body: Any) -> list[tuple[Any, str]]:
    """Each line of text in page order, with the innermost element that holds its first words.

    Text is gathered per block element (a link inside a paragraph is part of the paragraph);
    the element reported is the innermost one, so a skip link or a menu item names its part.
    """
    runs: list[tuple[Any, Any, list[str]]] = []

    def add(block: Any, owner: Any, text: str | None) -> None:
        if not text:
            return
        if runs and runs[-1][0] is block:
            runs[-1][2].append(text)
        else:
            runs.append((block, owner, [text]))

    def walk(element: Any, block: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SILENT_TAGS:
            return
        here = element if tag in _BLOCK_TAGS else block
        if tag == "br":
            add(here, element, "\n")
        if tag:
            add(here, element, element.text)
        for child in element:
            walk(child, here)
            add(here, element, child.tail)

    walk(body, body)
    blocks: list[tuple[Any, str]] = []
    for _, owner, parts in runs:
        for piece in "".join(parts).split("\n"):
            text = _clean(piece)
            if text:
                blocks.append((owner, text))
    return blocks


def part_of(element: Any) -> str:
    """Which part of a page an element belongs to, from it and its ancestors."""
    node = element
    while node is not None and isinstance(node.tag, str):
        words = " ".join(
            node.get(attribute, "") for attribute in ("class", "id", "role", "aria-label")
        ).lower()
        if words.strip():
            tokens = set(words.split())
            for word in list(tokens):
                tokens.update(part for part in re.split(r"[-_]+", word) if part)
            for reason, names in _PARTS:
                if tokens & names:
                    return reason
        if node.tag in _TAG_PARTS:
            return _TAG_PARTS[node.tag]
        node = node.getparent()
    links = "".join(element.xpath(".//a//text()")).strip()
    text = "".join(element.itertext()).strip()
    return "links" if text and len(links) >= 0.6 * len(text) else "other text"


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()
