"""Fetch a readout from its address: one GET, redirects followed, a timeout and a size cap.

The standard library's ``urllib`` does the work (HTTPS with the system's certificates, the
user's proxy settings). Every failure is one InputError naming the address: refused, no
answer in time, an HTTP error status, too many redirects, too large, or content that is
neither a web page nor text.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from readout_diff import __version__
from readout_diff.errors import InputError

if TYPE_CHECKING:
    import urllib.request

DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")
_ADDRESS = re.compile(r"(?i)https?://")


@dataclass(frozen=True, slots=True)
class Fetched:
    """What an address answered: the final address after redirects, its type, its bytes."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: str

    @property
    def is_html(self) -> bool:
        """True for a web page (as opposed to plain text)."""
        return self.content_type in _PAGE_TYPES


def is_address(argument: str) -> bool:
    """True for an ``http://`` or ``https://`` address.

    >>> is_address("https://example.org/readout"), is_address("readout.txt")
    (True, False)
    """
    return _ADDRESS.match(argument) is not None


def side_name(url: str) -> str:
    """A side name for an address: its host without ``www.``.

    >>> side_name("https://www.example.gov/briefing-room/readout/")
    'example.gov'
    """
    host = (urlsplit(url).hostname or "page").lower()
    return host[4:] if host.startswith("www.") else host


def _opener() -> urllib.request.OpenerDirector:
    """An opener that follows at most ``MAX_REDIRECTS`` redirects, and only to http(s)."""
    import urllib.request
    from http.client import HTTPMessage
    from typing import IO

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: HTTPMessage,
            newurl: str,
        ) -> urllib.request.Request | None:
            if not is_address(newurl):
                raise InputError(
                    f"redirected to {newurl!r}, which is not an http or https address",
                    path=req.full_url,
                )
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Redirects())


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET ``url``; refuse anything but a web page or text within ``max_bytes`` and ``timeout``."""
    import ssl
    import urllib.error
    import urllib.request

    if not is_address(url) or not urlsplit(url).hostname:
        raise InputError("is not an http or https address", path=url)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"readout-diff/{__version__}",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        },
    )
    opener = _opener()
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            return _read(url, response, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            target = exc.filename or ""
            if target and not is_address(target):
                raise InputError(
                    f"redirected to {target!r}, which is not an http or https address", path=url
                ) from None
            raise InputError(f"more than {MAX_REDIRECTS} redirects", path=url) from None
        raise InputError(f"the server answered HTTP {exc.code} {exc.reason}", path=url) from None
    except urllib.error.URLError as exc:
        raise InputError(_reason(exc.reason, timeout), path=url) from None
    except TimeoutError:
        raise InputError(_timed_out(timeout), path=url) from None
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise InputError(f"secure connection failed: {exc}", path=url) from None
    except (ConnectionError, OSError) as exc:
        raise InputError(f"the connection failed: {exc.strerror or exc}", path=url) from None
    except ValueError as exc:  # http.client's own refusals: a bad header, a bad status line
        raise InputError(f"the server's answer cannot be read: {exc}", path=url) from None


def _read(url: str, response: Any, *, max_bytes: int, deadline: float, timeout: float) -> Fetched:
    headers = response.headers
    content_type = (headers.get_content_type() or "").lower()
    if content_type not in _PAGE_TYPES + _TEXT_TYPES:
        raise InputError(
            f"is {content_type or 'of no stated type'}, not a web page or text", path=url
        )
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise InputError(
            f"is {int(length):,} bytes, larger than the limit of {max_bytes:,} bytes"
            " (raise it with --max-size)",
            path=url,
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(_timed_out(timeout), path=url)
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(
                f"is larger than the limit of {max_bytes:,} bytes (raise it with --max-size)",
                path=url,
            )
    charset = headers.get_content_charset()
    return Fetched(
        url=url,
        final_url=response.geturl(),
        content_type=content_type,
        charset=charset,
        body=b"".join(chunks),
        fetched_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    )


def _reason(reason: object, timeout: float) -> str:
    import socket
    import ssl

    if isinstance(reason, TimeoutError):
        return _timed_out(timeout)
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused (is the address right, and the server up?)"
    if isinstance(reason, socket.gaierror):
        return "the host name cannot be resolved (no network, or a wrong address)"
    if isinstance(reason, ssl.SSLError):
        return f"secure connection failed: {reason.reason or reason}"
    if isinstance(reason, OSError):
        return f"the connection failed: {reason.strerror or reason}"
    return f"the request failed: {reason}"


def _timed_out(timeout: float) -> str:
    return f"no answer within {timeout:g} s (timed out; raise it with --timeout)"
