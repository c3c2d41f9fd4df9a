"""How a command reaches the outside: stdout, stderr, files written, and the exit status.

Only this package writes to stdout and stderr; the renderers it calls print to the console
it hands them.
"""

import contextlib
import copy
import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

import typer

from readout_diff.cli.options import Color
from readout_diff.errors import OutputError, ReadoutDiffError, printable

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + 15  # SIGTERM: what a shell reports for a process it killed
# The reader of stdout went away (| head): what a shell reports for a process SIGPIPE killed.
EXIT_BROKEN_PIPE = 128 + 13


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that worker processes end with the run."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def error(message: str) -> None:
    _to_stderr(f"readout-diff: error: {message}\n")


def warn(message: str) -> None:
    _to_stderr(f"readout-diff: warning: {printable(message)}\n")


def note(message: str) -> None:
    """A plain line on stderr for a person (an empty result), not a warning."""
    _to_stderr(f"readout-diff: {printable(message)}\n")


def _to_stderr(text: str) -> None:
    """Say it on stderr if stderr can take it: a closed stderr must not change the exit status."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(text)
        sys.stderr.flush()


def cannot_write(exc: OSError, path: str = "<stdout>") -> OutputError:
    """A write that failed (a full disk, a closed stream), as one line naming where it went."""
    return OutputError(f"cannot write: {exc.strerror or exc}", path=path)


def open_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr a stand-in before any file is opened.

    Else the first file opened takes its number, and output meant for stdout would go into
    it. The stand-in is /dev/null opened for reading: reading it finds nothing, and writing
    to it fails, so that a closed stdout is reported rather than written to in vain.
    """
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        stand_in = os.open(os.devnull, os.O_RDONLY)
        if stand_in != fd:
            os.dup2(stand_in, fd)
            os.close(stand_in)
        if getattr(sys, name) is None:
            mode = "r" if fd == 0 else "w"
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


def guard(debug: bool, action: Callable[[], int]) -> NoReturn:
    """Run a command: user errors exit 2 with one line, Ctrl-C exits 130, nothing else leaks."""
    for stream in (sys.stdout, sys.stderr):
        # A stream whose encoding cannot show a character (PYTHONIOENCODING=ascii) shows "?".
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    try:
        code = action()
    except ReadoutDiffError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Terminated:
        raise typer.Exit(EXIT_TERMINATED) from None
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:
        import errno

        # A screen written as it goes (review) meets a full disk where it prints, not in
        # write(): the same one line. Files written are checked where they are written.
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        if debug or not full or exc.filename is not None:
            _internal(debug, exc)
        error(str(cannot_write(exc)))
        raise typer.Exit(EXIT_ERROR) from None
    except Exception as exc:
        _internal(debug, exc)
    raise typer.Exit(code)


def _internal(debug: bool, exc: Exception) -> NoReturn:
    """A fault of the tool's own: its traceback with --debug, else one line, exit 2."""
    if debug:
        raise exc
    detail = printable(" ".join(str(exc).split())[:200])
    error(f"internal error: {type(exc).__name__}: {detail} (rerun with --debug for the traceback)")
    raise typer.Exit(EXIT_ERROR) from None


def silence_stdout() -> None:
    """The reader went away: say nothing more, and send what is still buffered nowhere."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write(text: str) -> None:
    try:
        sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise cannot_write(exc) from None


# Each result kind, and for each format the function that renders it, imported only when
# that format is asked for (Rich is never loaded for JSON or Markdown).
RENDERERS: dict[str, dict[str, tuple[str, str]]] = {
    "report": {
        "json": ("readout_diff.render.as_json", "report_to_dict"),
        "markdown": ("readout_diff.render.as_markdown", "render_markdown"),
        "html": ("readout_diff.render.as_html", "render_html"),
        "terminal": ("readout_diff.render.terminal", "render_terminal"),
    },
    "claims": {
        "json": ("readout_diff.render.as_json", "claims_to_dict"),
        "markdown": ("readout_diff.render.as_markdown", "render_claims"),
        "terminal": ("readout_diff.render.claims_terminal", "render_claims"),
    },
    "check": {
        "json": ("readout_diff.render.check_output", "check_to_dict"),
        "markdown": ("readout_diff.render.check_output", "render_check_markdown"),
        "terminal": ("readout_diff.render.check_terminal", "render_check"),
    },
}


def emit(
    kind: str,
    subject: object,
    fmt: str,
    *,
    color: Color,
    width: int | None,
    to: str | None = None,
    **options: object,
) -> None:
    """Print one result as one JSON document, as Markdown or HTML, or as the terminal report.

    JSON and HTML always hold the whole result; the options shape the reports people read.
    With ``to``, the result goes to that file instead, whole or not at all (see
    ``write_atomic``); the terminal report goes there as into a pipe, plain unless
    ``--color always`` or FORCE_COLOR say otherwise.
    """
    import importlib

    module, name = RENDERERS[kind][fmt]
    render = getattr(importlib.import_module(module), name)
    if fmt == "json" and to is None and kind in ("report", "claims"):
        from readout_diff.render import as_json

        stream = as_json.report_json if kind == "report" else as_json.claims_json
        for piece in stream(subject):  # type: ignore[arg-type]
            write(piece)
        write("\n")
        return
    if fmt == "json":
        from readout_diff.render.as_json import dumps

        text = dumps(render(subject)) + "\n"
    elif fmt in ("html", "markdown"):
        text = render(subject) if fmt == "html" else render(subject, **options)
    elif to is not None:
        import io

        buffer = io.StringIO()
        render(subject, console_for(buffer, color, width=width), **options)
        text = buffer.getvalue()
    else:
        console = console_for(sys.stdout, color, width=width)
        try:
            render(subject, console, **options)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise cannot_write(exc) from None
        return
    if to is None:
        write(text)
    else:
        from readout_diff.cli.output_files import write_report

        write_report(to, text.encode("utf-8", "backslashreplace"))


def columns(width: int | None, stream: object) -> int | None:
    """The report's width: ``--width``; else ``COLUMNS`` when it is a sane number of columns
    (capped at ``--width``'s maximum), the terminal's when it is 0 or not a number, and
    otherwise (None) what Rich finds.
    """
    from readout_diff.cli.options import MAX_WIDTH

    raw = os.environ.get("COLUMNS")
    if width is not None or raw is None:
        return width
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value > 0:
        return min(value, MAX_WIDTH)
    from readout_diff.render.trimmed import is_terminal

    if is_terminal(stream):
        import shutil

        return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)
    return 80


def console_for(stream: object, color: Color, *, width: int | None = None) -> object:
    """A Rich console for ``stream`` that follows ``--color`` and the colour conventions."""
    from readout_diff.render.terminal import make_console
    from readout_diff.render.trimmed import is_terminal

    width = columns(width, stream)

    styles, colour = color_choice(color, stream)
    # Unstyled, the stream alone says whether it is a terminal (a progress bar needs to
    # know): FORCE_COLOR, which Rich would read, must not turn a log into a screen.
    force = True if styles else is_terminal(stream)
    return make_console(stream, color=colour, styles=styles, force_terminal=force, width=width)


def use_color(no_color: bool) -> bool:
    """Colour unless asked not to, by option or by the NO_COLOR convention (a screen that is
    always a terminal, such as review's)."""
    return not no_color and os.environ.get("NO_COLOR", "") == ""


def color_choice(color: Color, stream: object) -> tuple[bool, bool]:
    """Whether to print styles at all, and whether in colour.

    ``never`` prints plain text (the report marks differences in the text itself);
    ``always`` styles and colours even into a pipe, whatever the environment says (a flag
    overrides the environment). ``auto`` styles a terminal, or any output when FORCE_COLOR
    is set to anything but the empty string; NO_COLOR, set likewise, keeps the styles (bold,
    reverse video) and drops the colours.
    """
    if color is Color.never:
        return False, False
    if color is Color.always:
        return True, True
    forced = os.environ.get("FORCE_COLOR", "") != ""
    isatty = getattr(stream, "isatty", None)
    styles = forced or bool(isatty is not None and isatty())
    return styles, os.environ.get("NO_COLOR", "") == ""


def run(app: typer.Typer) -> NoReturn:
    """Run the app as a program: usage errors are one line too, like every other error."""
    from typer.main import get_command

    open_standard_streams()
    command = get_command(_only_the_command_run(app, sys.argv[1:]))
    stdout = sys.stdout
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = command.main(prog_name="readout-diff", standalone_mode=False)
    except SystemExit:
        # Typer exits 1 when stdout's reader went away (printing --help or --version), and
        # swaps in a wrapper that hushes the final flush: that swap is how to tell.
        if sys.stdout is stdout:
            raise
        code = EXIT_BROKEN_PIPE
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = EXIT_INTERRUPTED
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except Terminated:
        code = EXIT_TERMINATED
    except BrokenPipeError:
        silence_stdout()
        code = EXIT_BROKEN_PIPE
    except OSError as exc:
        # Only the help and the version are printed outside a command's guard.
        error(str(cannot_write(exc)))
        _exit(EXIT_ERROR, flush=False)
    except Exception as exc:
        show = getattr(exc, "format_message", None)
        if show is None or not hasattr(exc, "exit_code"):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            # No command at all is a usage error: the help goes where errors go.
            sys.stderr.write(ctx.get_help() + "\n")
            _exit(EXIT_ERROR)
        hint = ""
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        error(printable(" ".join(show().split())) + hint)
        code = EXIT_ERROR
    _exit(code if isinstance(code, int) else EXIT_OK)


def _only_the_command_run(app: typer.Typer, args: list[str]) -> typer.Typer:
    """The app with only the command its first argument names, when it names one.

    Typer builds every command's options before it reads the arguments, which costs a
    ``compare`` more than its own parsing. A command's run, help and errors never look at the
    other commands; the app's own help, an unknown command and shell completion do, so they
    get the whole app.
    """
    from typer.main import get_command_name

    if not args or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    for info in app.registered_commands:
        name = info.name or (get_command_name(info.callback.__name__) if info.callback else None)
        if name == args[0]:
            lone = copy.copy(app)
            lone.registered_commands = [info]
            return lone
    return app


def _exit(code: int, *, flush: bool = True) -> NoReturn:
    """Flush and leave at once: tearing down the interpreter's objects only costs time."""
    try:
        if flush:
            sys.stdout.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except OSError as exc:
        if code != EXIT_ERROR:  # output was lost: that is an error, said once
            error(str(cannot_write(exc)))
            code = EXIT_ERROR
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)
