"""Fetch a readout from its address: one GET, redirects followed, a timeout and a size cap.

The standard library's ``urllib`` does the work (HTTPS with the system's certificates, the
user's proxy settings). Every failure is one InputError naming the address: refused, no
answer in time, an HTTP error status, too many redirects, too large, or content that is
neither a web page nor text, an answer cut off before its stated length, or an address or a
``--timeout`` that cannot be used. The timeout is a deadline for the whole exchange, redirects
included: each connection is given the time left, and each read of an answer's head and body
waits only until the deadline, so a server that sends a byte now and then is given up on too.
"""

from __future__ import annotations

import io
import math
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

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
_UNSAFE = re.compile(r"[\x00-\x20\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
MAX_TIMEOUT = 1_000_000.0  # seconds (over eleven days); the system's clocks take no more


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
    try:
        host = (urlsplit(url).hostname or "page").lower()
    except ValueError:  # an address that cannot be read; fetching it says why
        host = "page"
    return host[4:] if host.startswith("www.") else host


def _opener(deadline: float) -> urllib.request.OpenerDirector:
    """An opener that follows at most ``MAX_REDIRECTS`` redirects, and only to http(s), and
    whose every read of an answer gives up at ``deadline`` (a ``time.monotonic()`` time)."""
    import http.client
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

    class Response(http.client.HTTPResponse):
        def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(_DeadlineSocket(sock, deadline), *args, **kwargs)  # type: ignore[arg-type]

    def timed(connection: Any) -> Any:
        class Connection(connection):  # type: ignore[misc]
            response_class = Response

            def connect(self) -> None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("timed out")
                self.timeout = left  # a redirect's connection has only the time left
                super().connect()

        return Connection

    class Plain(urllib.request.HTTPHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(timed(http_class), req, **kwargs)

    class Secure(urllib.request.HTTPSHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(timed(http_class), req, **kwargs)

    return urllib.request.build_opener(Redirects(), Plain(), Secure())


class _DeadlineSocket:
    """A connection's socket as an answer reads it: each read waits only until the deadline."""

    def __init__(self, sock: Any, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline

    def makefile(self, mode: str) -> io.BufferedReader:
        # The socket's own file keeps it open until the answer is read (urllib closes the
        # socket itself as soon as the answer's head is in).
        return io.BufferedReader(_DeadlineReader(self.sock, self.deadline))


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock: Any, deadline: float) -> None:
        self.sock = sock
        self.raw = sock.makefile("rb", buffering=0)
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        self.sock.settimeout(left)
        return int(self.raw.readinto(buffer))

    def close(self) -> None:
        self.raw.close()
        super().close()


def _check(url: str, timeout: float) -> None:
    """Refuse an address or a timeout that cannot be used, naming it, before any connection."""
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0):
        raise InputError(
            f"must be a positive, finite number of seconds, not {timeout!r}", path="--timeout"
        )
    if timeout > MAX_TIMEOUT:
        raise InputError(
            f"must be at most {MAX_TIMEOUT:,.0f} seconds, not {timeout:g}", path="--timeout"
        )
    if not is_address(url):
        raise InputError("is not an http or https address", path=url)
    if _UNSAFE.search(url):
        raise InputError(
            "is not a valid address: it holds a space or a control character"
            " (write a space as %20)",
            path=url,
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # reading the port checks it
    except ValueError as exc:
        raise InputError(f"is not a valid address: {_address_fault(str(exc))}", path=url) from None
    if not host:
        raise InputError("is not an http or https address", path=url)
    try:
        host.encode("idna")
    except UnicodeError as exc:
        why = (
            " (a part of it is empty or longer than 63 characters)"
            if "label empty or too long" in str(exc)
            else ""
        )
        raise InputError(
            f"is not a valid address: the host name {host!r} cannot be encoded{why}", path=url
        ) from None


def _sent_as(url: str) -> str:
    """The address as a request line carries it: a path or query in other letters than
    ASCII is sent percent-encoded in UTF-8, as a browser sends it (the host stays as
    written; it is sent encoded for the name system).

    >>> _sent_as("https://example.org/новости?q=мир")
    'https://example.org/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8?q=%D0%BC%D0%B8%D1%80'
    """
    parts = urlsplit(url)

    def encoded(text: str) -> str:
        return _NON_ASCII.sub(lambda match: quote(match.group(), safe=""), text)

    return urlunsplit(parts._replace(path=encoded(parts.path), query=encoded(parts.query)))


def _address_fault(reason: str) -> str:
    if "Port" in reason:
        return "its port is not a number from 0 to 65535"
    if "IPv6" in reason or "IPv4" in reason:
        return "the host in [brackets] is not an IP address, or its ] is missing"
    return reason


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET ``url``; refuse anything but a web page or text within ``max_bytes`` and ``timeout``."""
    import http.client
    import ssl
    import urllib.error
    import urllib.request

    _check(url, timeout)
    request = urllib.request.Request(
        _sent_as(url),
        headers={
            "User-Agent": f"readout-diff/{__version__}",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
        },
    )
    deadline = time.monotonic() + timeout
    opener = _opener(deadline)
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
    except http.client.IncompleteRead as exc:
        raise InputError(_cut_off(len(exc.partial), exc.expected), path=url) from None
    except http.client.BadStatusLine as exc:
        raise InputError(
            f"the server's answer is not HTTP (it begins {str(exc)[:60]!r})", path=url
        ) from None
    except http.client.HTTPException as exc:
        raise InputError(
            f"the server's answer cannot be read: {type(exc).__name__} {exc}", path=url
        ) from None
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
    chunked = "chunked" in (headers.get("Transfer-Encoding") or "").lower()
    if length and length.isdigit() and not chunked and size < int(length):
        raise InputError(_cut_off(size, int(length)), path=url)
    charset = headers.get_content_charset()
    # A header given twice ("Content-Encoding: gzip" on two lines) is one list of codings.
    codings = ", ".join(headers.get_all("Content-Encoding") or [])
    body = _decoded(b"".join(chunks), codings, url, max_bytes)
    return Fetched(
        url=url,
        final_url=response.geturl(),
        content_type=content_type,
        charset=charset,
        body=body,
        fetched_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    )


def _decoded(body: bytes, encoding: str, url: str, max_bytes: int) -> bytes:
    """The body as the page's bytes, undoing the compression its Content-Encoding names
    (gzip or deflate), within ``max_bytes`` once decompressed: a small answer that inflates
    to gigabytes is refused, not held."""
    import zlib

    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    if not body:
        return body  # nothing sent: "is empty", as for any empty page
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            # "deflate" is meant as a zlib stream, but some servers send raw deflate.
            zlib_header = (
                len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0
            )
            raw = not zlib_header
            inflate = zlib.decompressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        else:
            raise InputError(
                f"is sent compressed as {coding!r}, which cannot be read (only gzip and deflate)",
                path=url,
            )
        body = _inflated(inflate, body, coding, url, max_bytes)
    return body


def _inflated(inflate: Any, data: bytes, coding: str, url: str, max_bytes: int) -> bytes:
    """Decompress ``data`` whole: every member of a gzip stream (a gzip file may hold
    several, one after another), within ``max_bytes``; anything else after the end, or an
    end never reached, is an error."""
    import zlib

    out: bytes = b""
    while True:
        try:
            out += inflate.decompress(data, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise InputError(
                f"is sent as {coding} but cannot be decompressed: {exc}", path=url
            ) from None
        if len(out) > max_bytes or inflate.unconsumed_tail:
            raise InputError(
                f"is larger than the limit of {max_bytes:,} bytes once decompressed (raise it"
                " with --max-size)",
                path=url,
            )
        if not inflate.eof:
            raise InputError(f"is sent as {coding} but its data is cut off", path=url)
        data = inflate.unused_data
        if not data:
            return out
        if coding not in ("gzip", "x-gzip") or not data.startswith(b"\x1f\x8b"):
            raise InputError(f"is sent as {coding} but has other bytes after its end", path=url)
        inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)


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


def _cut_off(size: int, expected: int | None) -> str:
    of = f" of {expected:,}" if expected is not None else ""
    return f"the server's answer was cut off: {size:,}{of} bytes"


def _timed_out(timeout: float) -> str:
    return f"no answer within {timeout:g} s (timed out; raise it with --timeout)"
