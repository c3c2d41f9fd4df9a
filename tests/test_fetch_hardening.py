"""Addresses and answers that used to slip past the fetch's limits or end in an internal error.

Every server here is a thread on 127.0.0.1 that writes its answer byte by byte as each test
scripts it; nothing reaches another machine.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner

from readout_diff.cli import app
from readout_diff.errors import InputError, printable
from readout_diff.fetch import fetch

PAGE = (
    b"<html><head><title>Call</title></head><body><article><p>The two leaders spoke by"
    b" telephone today and agreed to meet again soon.</p></article></body></html>"
)
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
STOP = threading.Event()
SENT: list[int] = []  # the bytes a trickling answer wrote, one entry a byte
ASKED: list[bytes] = []  # the request lines the server received


def whole_page(out: socket.socket) -> None:
    out.sendall(HEAD + b"Content-Length: %d\r\n\r\n" % len(PAGE) + PAGE)


def trickled_body(out: socket.socket) -> None:
    """The head at once, then the page a byte every 0.1 s: each read gets an answer in time,
    the whole takes about 17 s."""
    out.sendall(HEAD + b"Content-Length: %d\r\n\r\n" % len(PAGE))
    trickle(out, PAGE)


def trickled_head(out: socket.socket) -> None:
    trickle(out, HEAD + b"Content-Length: %d\r\n\r\n" % len(PAGE) + PAGE)


def trickle(out: socket.socket, data: bytes) -> None:
    for byte in data:
        if STOP.wait(0.1):
            return
        out.sendall(bytes([byte]))
        SENT.append(byte)


def garbage(out: socket.socket) -> None:
    out.sendall(b"garbage\r\n\r\n")


def cut_off(out: socket.socket) -> None:
    out.sendall(HEAD + b"Content-Length: 100000\r\n\r\n" + PAGE[:16])


class Script(socketserver.BaseRequestHandler):
    answer: Callable[[socket.socket], None] = whole_page

    def handle(self) -> None:
        self.request.settimeout(30)
        with contextlib.suppress(OSError):
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                received += chunk
            ASKED.append(received.split(b"\r\n")[0])
            type(self).answer(self.request)


@contextlib.contextmanager
def serving(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    STOP.clear()
    SENT.clear()
    ASKED.clear()
    handler = type("Handler", (Script,), {"answer": staticmethod(answer)})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/readout"
    finally:
        STOP.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


def one_line_error(args: list[str], named: str) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"readout-diff: error: {named}: "), lines[0]
    assert "internal error" not in lines[0]
    return lines[0].removeprefix(f"readout-diff: error: {named}: ")


def test_the_scripted_server_serves_a_whole_page() -> None:
    with serving(whole_page) as address:
        got = fetch(address, max_bytes=100_000, timeout=5)
    assert got.body == PAGE and got.is_html


def test_an_address_in_other_letters_is_sent_percent_encoded() -> None:
    with serving(whole_page) as address:
        got = fetch(address + "/новости?день=1", max_bytes=100_000, timeout=5)
    assert got.body == PAGE and got.url == address + "/новости?день=1"
    assert ASKED == [
        b"GET /readout/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8?%D0%B4%D0%B5%D0%BD%D1%8C=1"
        b" HTTP/1.1"
    ]


@pytest.mark.parametrize("answer", [trickled_body, trickled_head], ids=["body", "head"])
def test_the_timeout_counts_over_the_whole_answer(answer: Callable[[socket.socket], None]) -> None:
    """A byte every 0.1 s never lets one read wait 0.5 s: the client gives up at 0.5 s all
    the same, a few bytes in, not once the head is whole (the server stops when it does)."""
    with serving(answer) as address:
        message = one_line_error(["claims", address, "--timeout", "0.5"], address)
    assert message == "no answer within 0.5 s (timed out; raise it with --timeout)"
    assert 0 < len(SENT) < len(HEAD) // 2, len(SENT)


def test_an_answer_cut_off_before_its_stated_length_is_refused() -> None:
    with serving(cut_off) as address:
        message = one_line_error(["claims", address], address)
        with pytest.raises(InputError, match="cut off: 16 of 100,000 bytes"):
            fetch(address, max_bytes=1_000_000, timeout=5)
    assert message == "the server's answer was cut off: 16 of 100,000 bytes"


def test_an_answer_that_is_not_http_is_one_line() -> None:
    with serving(garbage) as address:
        message = one_line_error(["claims", address], address)
    assert message == "the server's answer is not HTTP (it begins 'garbage\\r\\n')"


@pytest.mark.parametrize(
    ("address", "fault"),
    [
        ("http://a:port/", "its port is not a number from 0 to 65535"),
        ("http://a:99999/", "its port is not a number from 0 to 65535"),
        ("http://[zz]/", "the host in [brackets] is not an IP address, or its ] is missing"),
        ("http://[::1", "the host in [brackets] is not an IP address, or its ] is missing"),
        ("http://a b/", "it holds a space or a control character (write a space as %20)"),
        ("http://a/\x01", "it holds a space or a control character (write a space as %20)"),
        ("http://a..b/", "the host name 'a..b' cannot be encoded"),
        ("http://" + "a" * 64 + ".example/", "cannot be encoded"),
    ],
)
@pytest.mark.parametrize("command", ["claims", "compare"])
def test_an_address_that_cannot_be_used_is_named(address: str, fault: str, command: str) -> None:
    args = [command, address] + (["http://127.0.0.1:9/other"] if command == "compare" else [])
    message = one_line_error(args, printable(address))  # a control character is shown escaped
    assert message.startswith("is not a valid address: ") and fault in message


@pytest.mark.parametrize(
    ("value", "fault"),
    [
        ("inf", "must be a positive, finite number of seconds, not inf"),
        ("nan", "must be a positive, finite number of seconds, not nan"),
        ("1e300", "must be at most 1,000,000 seconds, not 1e+300"),
    ],
)
def test_a_timeout_that_cannot_be_used_is_named(value: str, fault: str) -> None:
    with serving(whole_page) as address:
        assert one_line_error(["claims", address, "--timeout", value], "--timeout") == fault


def test_a_timeout_is_refused_before_anything_is_fetched() -> None:
    asked: list[bool] = []

    def counted(out: socket.socket) -> None:
        asked.append(True)
        whole_page(out)

    with serving(counted) as address:
        for value in (0.0, -1.0, float("inf"), float("nan")):
            with pytest.raises(InputError) as refused:
                fetch(address, max_bytes=100_000, timeout=value)
            assert refused.value.path == "--timeout"
    assert asked == []
