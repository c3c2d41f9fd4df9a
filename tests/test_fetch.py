"""Readouts by address, served by a local HTTP server on 127.0.0.1 that each test starts.

Nothing here reaches another machine: every address is the test server's, or a port on
127.0.0.1 that nothing listens on.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from readout_diff.cli import app
from readout_diff.errors import InputError
from readout_diff.fetch import fetch, is_address, side_name

PAGES = ROOT / "tests" / "pages"
PRESS = (PAGES / "press-page.html").read_bytes()
CP1251 = (PAGES / "windows-1251.html").read_bytes()
TEXT = (PAGES / "ministry-page.txt").read_bytes()
MARKDOWN = b"# A call\n\nThe leaders agreed on **trade** and [the port](https://example.org/p).\n"
STOP = threading.Event()
REQUESTS: list[str] = []  # the paths asked for, in order, since the test's server started


def gzipped(data: bytes) -> bytes:
    squeeze = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    return squeeze.compress(data) + squeeze.flush()


class Handler(BaseHTTPRequestHandler):
    """A few addresses, each answering as a real server might."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        REQUESTS.append(path)
        if path == "/press":
            self.send(200, PRESS, "text/html; charset=utf-8")
        elif path == "/kremlin":
            # The charset is said only by the page's own <meta>.
            self.send(200, CP1251, "text/html")
        elif path == "/text":
            self.send(200, TEXT, "text/plain; charset=utf-8")
        elif path == "/markdown":
            self.send(200, MARKDOWN, "text/markdown; charset=utf-8")
        elif path == "/moved":
            self.send(302, b"", "text/html", Location="/hop")
        elif path == "/hop":
            self.send(301, b"", "text/html", Location="/press")
        elif path == "/loop":
            self.send(302, b"", "text/html", Location="/loop")
        elif path == "/to-file":
            self.send(302, b"", "text/html", Location="file:///etc/passwd")
        elif path == "/missing":
            self.send(404, b"<html><body>Not here</body></html>", "text/html")
        elif path == "/broken":
            self.send(500, b"oops", "text/plain")
        elif path == "/pdf":
            self.send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
        elif path == "/big-streamed":
            # No length given: the body runs until the server closes the connection.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for _ in range(64):  # the client hangs up at its limit, long before the end
                self.wfile.write(b"<p>" + b"x" * 1020 + b"</p>")
        elif path == "/slow":
            STOP.wait(5)  # answers long after the client's timeout, or when the test ends
            self.send(200, PRESS, "text/html")
        elif path == "/gzip":
            self.send(200, gzipped(PRESS), "text/html; charset=utf-8", Content_Encoding="gzip")
        elif path == "/deflate":
            self.send(
                200, zlib.compress(PRESS), "text/html; charset=utf-8", Content_Encoding="deflate"
            )
        elif path == "/raw-deflate":
            squeeze = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            body = squeeze.compress(PRESS) + squeeze.flush()
            self.send(200, body, "text/html; charset=utf-8", Content_Encoding="deflate")
        elif path == "/brotli":
            self.send(200, b"\x1b\x00\x00", "text/html", Content_Encoding="br")
        elif path == "/bomb":
            # A kilobyte that inflates to a megabyte.
            self.send(200, gzipped(b" " * 1_000_000), "text/html", Content_Encoding="gzip")
        elif path == "/bad-gzip":
            self.send(200, b"not gzip at all", "text/html", Content_Encoding="gzip")
        elif path == "/two-members":
            # A gzip stream of two members, one after the other: both are the page.
            body = gzipped(PRESS[:400]) + gzipped(PRESS[400:])
            self.send(200, body, "text/html; charset=utf-8", Content_Encoding="gzip")
        elif path == "/gzip-twice":
            # Compressed twice, and said in two headers.
            self.send_response(200)
            body = gzipped(gzipped(PRESS))
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)
        elif path == "/gzip-and-junk":
            self.send(200, gzipped(PRESS) + b"junk", "text/html", Content_Encoding="gzip")
        elif path == "/cut-gzip":
            self.send(200, gzipped(PRESS)[:200], "text/html", Content_Encoding="gzip")
        elif path == "/fault":
            raise RuntimeError("a fault of the test server")
        else:
            self.send(404, b"", "text/plain")


class Server(ThreadingHTTPServer):
    """The test server. A client that hangs up before the answer is written (at its timeout,
    at its size limit) is what the tests make happen, so it is not reported; any other
    error in a handler is, with its traceback."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # a broken pipe, a reset
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serving(*, wait_for_handlers: bool = False) -> Iterator[str]:
    """A server on a free port of 127.0.0.1 while the block runs; at its end, with
    ``wait_for_handlers``, every request has been answered (or failed) and reported."""
    STOP.clear()
    REQUESTS.clear()
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = not wait_for_handlers
    httpd.block_on_close = wait_for_handlers
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        STOP.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")
    with serving() as address:
        yield address


def ask(address: str, path: str, *, hang_up: bool = False) -> bytes:
    """Send a request; read the answer, or with ``hang_up`` close the connection (with a
    reset) once the server has the request and before it answers."""
    host, port = address.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        if not hang_up:
            return client.recv(65536)
        deadline = time.monotonic() + 10
        while path not in REQUESTS and time.monotonic() < deadline:
            time.sleep(0.01)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return b""


def test_the_server_is_quiet_about_a_client_that_hangs_up_and_reports_a_fault(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with serving(wait_for_handlers=True) as address:
        ask(address, "/slow", hang_up=True)
        assert "/slow" in REQUESTS
    assert capfd.readouterr().err == ""  # the answer to /slow failed, and was not reported
    with serving(wait_for_handlers=True) as address:
        assert ask(address, "/fault") == b""  # no answer: the handler failed
    reported = capfd.readouterr().err
    assert "Traceback" in reported and "RuntimeError: a fault of the test server" in reported


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def one_line_error(result, address: str) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"readout-diff: error: {address}: "), lines[0]
    return lines[0]  # type: ignore[no-any-return]


def test_an_address_is_read_as_the_page_it_serves(server: str) -> None:
    result = run("claims", f"{server}/press", "-f", "json")
    assert result.exit_code == 0, result.stderr
    side = json.loads(result.stdout)["side"]
    clean = json.loads(run("claims", str(PAGES / "press-page.txt"), "-f", "json").stdout)["side"]
    assert [c["text"] for c in side["claims"]] == [c["text"] for c in clean["claims"]]
    assert side["name"] == "127.0.0.1" and side["kind"] == "html"
    assert side["url"] == f"{server}/press" and side["source"] == f"{server}/press"
    assert side["date"] == "2025-04-02"


def test_comparing_addresses_is_comparing_the_pages(server: str) -> None:
    by_address = run("compare", f"{server}/press", f"{server}/text", "-f", "json")
    assert by_address.exit_code == 1, by_address.stderr
    report = json.loads(by_address.stdout)
    assert [s["name"] for s in report["sides"]] == ["127.0.0.1", "127.0.0.1-2"]
    assert report["sides"][1]["kind"] == "text"
    by_file = run(
        "compare",
        str(PAGES / "press-page.html"),
        str(PAGES / "ministry-page.txt"),
        "-n",
        "127.0.0.1",
        "-n",
        "127.0.0.1-2",
        "-f",
        "json",
    )
    assert json.loads(by_file.stdout)["points"] == report["points"]


def test_redirects_are_followed_and_the_final_address_kept(server: str) -> None:
    result = run("claims", f"{server}/moved", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["side"]["url"] == f"{server}/press"


def test_a_page_that_declares_its_charset_itself(server: str) -> None:
    result = run("claims", f"{server}/kremlin", "-f", "json")
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["side"]["claims"]
    assert claims[0]["text"].startswith("Владимир Путин провёл")


def test_save_keeps_what_was_fetched_for_a_later_run(server: str, tmp_path: Path) -> None:
    saved = tmp_path / "fetched"
    live = run(
        "compare", f"{server}/press", f"{server}/kremlin", "--save", str(saved), "-f", "json"
    )
    assert live.exit_code == 1, live.stderr
    assert sorted(p.name for p in saved.iterdir()) == [
        "127.0.0.1-2.html",
        "127.0.0.1-2.source.json",
        "127.0.0.1.html",
        "127.0.0.1.source.json",
    ]
    assert (saved / "127.0.0.1.html").read_bytes() == PRESS
    assert (saved / "127.0.0.1-2.html").read_bytes() == CP1251
    record = json.loads((saved / "127.0.0.1.source.json").read_text(encoding="utf-8"))
    assert record["url"] == f"{server}/press" and record["bytes"] == len(PRESS)
    assert record["content_type"] == "text/html" and len(record["sha256"]) == 64
    again = run(
        "compare", str(saved / "127.0.0.1.html"), str(saved / "127.0.0.1-2.html"), "-f", "json"
    )
    before, after = json.loads(live.stdout), json.loads(again.stdout)
    assert after["points"] == before["points"]
    assert [s["claims"] for s in after["sides"]] == [s["claims"] for s in before["sides"]]


def test_save_never_overwrites_an_input(server: str, tmp_path: Path) -> None:
    mine = tmp_path / "127.0.0.1.html"
    mine.write_bytes(CP1251)
    result = run(
        "compare",
        str(mine),
        f"{server}/press",
        "--save",
        str(tmp_path),
        "-n",
        "x",
        "-n",
        "127.0.0.1",
    )
    assert result.exit_code == 2 and mine.read_bytes() == CP1251, result.stderr
    assert REQUESTS == []  # refused before the page was fetched


def refused_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/readout"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered HTTP 404 Not Found"),
        ("/broken", "the server answered HTTP 500"),
        ("/pdf", "is application/pdf, not a web page or text"),
        ("/big-declared", "is 50,000,000 bytes, larger than the limit of 10,240 bytes"),
        ("/big-streamed", "is larger than the limit of 10,240 bytes (raise it with --max-size)"),
        ("/loop", "more than 5 redirects"),
        ("/to-file", "redirected to 'file:///etc/passwd', which is not an http or https address"),
        ("/brotli", "is sent compressed as 'br', which cannot be read (only gzip and deflate)"),
        ("/bomb", "is larger than the limit of 10,240 bytes once decompressed"),
        ("/bad-gzip", "is sent as gzip but cannot be decompressed"),
        ("/cut-gzip", "is sent as gzip but its data is cut off"),
        ("/gzip-and-junk", "is sent as gzip but has other bytes after its end"),
    ],
)
def test_each_failure_is_one_line_and_exit_2(server: str, path: str, message: str) -> None:
    address = server + path
    line = one_line_error(
        run("compare", address, str(PAGES / "press-page.txt"), "--max-size", "10k"), address
    )
    assert message in line


def test_a_refused_connection_is_one_line_and_exit_2() -> None:
    address = refused_address()
    line = one_line_error(run("claims", address), address)
    assert "the connection was refused" in line


def test_a_timeout_is_one_line_and_exit_2(server: str) -> None:
    address = f"{server}/slow"
    started = time.monotonic()
    line = one_line_error(run("claims", address, "--timeout", "0.5"), address)
    assert "no answer within 0.5 s (timed out; raise it with --timeout)" in line
    assert time.monotonic() - started < 4


def test_fetch_refuses_what_is_not_an_address() -> None:
    assert is_address("HTTPS://example.org") and not is_address("ftp://example.org/x")
    assert side_name("https://www.example.gov/a/b") == "example.gov"
    with pytest.raises(InputError, match="not an http or https address"):
        fetch("http://", max_bytes=10)


@pytest.mark.parametrize("command", ["claims", "compare"])
def test_the_report_is_never_written_over_a_page_save_keeps(
    server: str, tmp_path: Path, command: str
) -> None:
    saved = tmp_path / "sv"
    saved.mkdir()  # kept from an earlier run
    target = saved / "127.0.0.1.html"
    pages = [f"{server}/press"] + ([f"{server}/kremlin"] if command == "compare" else [])
    result = run(command, *pages, "--save", str(saved), "-f", "json", "-o", str(target))
    line = one_line_error(result, str(target))
    assert "is a file --save writes in this run" in line
    assert not target.exists() and REQUESTS == []


@pytest.mark.parametrize(
    ("clash", "message"),
    [
        ("-o on the second page", "is a file --save writes in this run"),
        ("-o on the first page's record", "is a file --save writes in this run"),
        ("-o on a page kept as text", "is a file --save writes in this run"),
        ("--decisions as a record", "is a file the command reads"),
        ("--aliases as a page", "is a file the command reads"),
        ("--save inside a file", "cannot create the folder: a file is in its place"),
    ],
)
def test_a_save_that_would_clash_is_refused_before_any_fetch(
    server: str, tmp_path: Path, clash: str, message: str
) -> None:
    """Clashes were found only once a page came back, and after earlier pages were kept."""
    saved = tmp_path / "sv"
    saved.mkdir()
    settled = saved / "127.0.0.1.source.json"
    settled.write_text("same: []\ndifferent: []\n", encoding="utf-8")
    spellings = saved / "127.0.0.1-2.html"
    spellings.write_text("kyiv: [Kiev]\n", encoding="utf-8")
    args = ["compare", f"{server}/press", f"{server}/text", "-f", "json", "--save", str(saved)]
    culprit = {
        "-o on the second page": saved / "127.0.0.1-2.txt",
        "-o on the first page's record": saved / "127.0.0.1.source.json",
        "-o on a page kept as text": saved / "127.0.0.1.txt",
        "--decisions as a record": settled,
        "--aliases as a page": spellings,
        "--save inside a file": tmp_path / "a-file" / "sv",
    }[clash]
    if clash.startswith("-o"):
        settled.unlink()
        spellings.unlink()
        args += ["-o", str(culprit)]
    elif clash == "--decisions as a record":
        args += ["--decisions", str(settled)]
    elif clash == "--aliases as a page":
        args += ["--aliases", str(spellings)]
    else:
        culprit.parent.write_text("not a folder\n", encoding="utf-8")
        args[-1] = str(culprit)
    before = sorted(p.name for p in saved.iterdir())
    line = one_line_error(run(*args), str(culprit))
    assert message in line
    assert REQUESTS == [], REQUESTS
    assert sorted(p.name for p in saved.iterdir()) == before


def test_a_page_is_never_kept_over_the_file_on_standard_input(server: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "readout_diff"]
    saved = tmp_path / "sv"
    saved.mkdir()
    mine = saved / "127.0.0.1.html"
    mine.write_bytes(PRESS)
    with open(mine, "rb") as stdin:
        done = subprocess.run(
            [*command, "compare", "-", f"{server}/kremlin", "--save", str(saved), "-f", "json"],
            stdin=stdin,
            capture_output=True,
            timeout=60,
        )
    assert done.returncode == 2 and done.stdout == b"", done.stderr
    assert done.stderr.decode().splitlines() == [
        f"readout-diff: error: {mine}: is a file the command reads (standard input);"
        " write the report elsewhere"
    ]
    assert mine.read_bytes() == PRESS and REQUESTS == []


@pytest.mark.parametrize("where", ["sv", "sv/new"])
def test_a_save_folder_that_cannot_be_written_is_refused_before_any_fetch(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    import os

    locked = tmp_path / "sv"
    locked.mkdir()
    real = os.access
    # As a reader without write access sees it: root may write anywhere.
    monkeypatch.setattr(
        os, "access", lambda p, m: real(p, m) and not (Path(p) == locked and m & os.W_OK)
    )
    target = tmp_path / where
    line = one_line_error(run("claims", f"{server}/press", "--save", str(target)), str(target))
    assert f"cannot be written: {locked} is read-only" in line
    assert REQUESTS == [] and list(locked.iterdir()) == []


@pytest.mark.parametrize("where", ["sv", "sv/inner"])
def test_the_report_is_never_the_save_folder(server: str, tmp_path: Path, where: str) -> None:
    """``-o out --save out``: the pages made out a folder, and the report failed at the end."""
    report = tmp_path / "sv"
    save = tmp_path / where
    result = run("claims", f"{server}/press", "--save", str(save), "-o", str(report))
    line = one_line_error(result, str(report))
    assert "is where --save keeps the pages of this run; write the report elsewhere" in line
    assert REQUESTS == [] and not report.exists()


def test_a_markdown_answer_is_read_without_its_markup(server: str) -> None:
    result = run("claims", f"{server}/markdown", "-f", "json")
    assert result.exit_code == 0, result.stderr
    side = json.loads(result.stdout)["side"]
    assert (side["kind"], side["span_base"]) == ("markdown", "markdown-text")
    assert [c["text"] for c in side["claims"]] == ["The leaders agreed on trade and the port."]


@pytest.mark.parametrize(
    "path", ["/gzip", "/deflate", "/raw-deflate", "/two-members", "/gzip-twice"]
)
def test_a_compressed_page_is_read_as_the_page_it_holds(server: str, path: str) -> None:
    """A server may compress its answer (Content-Encoding gzip or deflate): the page is read,
    not its compressed bytes."""
    plain = json.loads(run("claims", f"{server}/press", "-f", "json").stdout)["side"]
    result = run("claims", f"{server}{path}", "-f", "json")
    assert result.exit_code == 0, result.stderr
    side = json.loads(result.stdout)["side"]
    assert [c["text"] for c in side["claims"]] == [c["text"] for c in plain["claims"]]
    assert side["claims"] and side["date"] == "2025-04-02"
