"""Whether a file or an answer is a web page, told without loading the HTML reader (a
comparison of text readouts never needs it)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["HTML_SUFFIXES", "is_html_path", "looks_like_html"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Every page opens, after white space, with "<": other text never compiles the pattern.
_SNIFF = rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta\s)"
_SPACE = b" \t\n\r\f\v"  # what \s matches in a bytes pattern


@lru_cache(maxsize=1)
def _sniff() -> re.Pattern[bytes]:
    return re.compile(_SNIFF, re.IGNORECASE | re.DOTALL)


def is_html_path(path: str) -> bool:
    """True for names that say HTML (``.html``, ``.htm``, ``.xhtml``)."""
    return path.lower().endswith(HTML_SUFFIXES)


def looks_like_html(data: bytes) -> bool:
    """True when a document opens as an HTML page does (a doctype, ``<html>``, ``<head>``...).

    >>> looks_like_html(b"  <!DOCTYPE html><html>"), looks_like_html(b"The leaders met.")
    (True, False)
    """
    head = data[:4096]
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            head = head[len(bom) :]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        head = head[2:].decode(codec, "ignore").encode("utf-8")
    return head.lstrip(_SPACE).startswith(b"<") and _sniff().match(head) is not None
