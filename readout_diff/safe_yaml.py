"""Read YAML safely: no tags, no aliases, no duplicate keys, no deep nesting; keep line numbers.

Pure: text in, value and node tree out. The checks run on the event stream before any node
is built, so no document can run code or blow up memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date as Date
from typing import Any

from readout_diff.errors import InputError

MAX_DEPTH = 50
# More values than any readout, call or expectation file holds (50,000 claims of three keys
# each): past it, building the document would cost hundreds of megabytes before any check.
MAX_NODES = 400_000


def parse_yaml(text: str, *, path: str) -> tuple[Any, Any]:
    """Load one YAML document safely; return the value and its node (for line numbers).

    Refused before anything is built: aliases (so no "billion laughs"), tags (so no Python
    objects, and no values the text cannot hold), nesting deeper than 50 levels. Then the
    document is built with duplicate keys refused. libyaml does the parsing when present.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    try:
        if fast is not None:
            _screen(yaml.parse(text, Loader=fast), path)
            node = yaml.compose(text, Loader=fast)
        else:
            node = _compose_slowly(text, path)
        if node is None:
            raise InputError("holds no YAML document", path=path)
        value = _constructor(path)().construct_document(node)
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (most control characters), found before parsing.
        position = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        shown = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise InputError(
            f"YAML error: character {shown!r} is not allowed in YAML",
            path=path,
            line=line,
            column=column,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "end of stream" in problem and exc.context_mark is not None:
            mark = exc.context_mark  # where the unclosed quote or bracket opened
        if exc.problem and exc.context:
            problem = f"{problem.removeprefix('but ')} ({exc.context})"
        if "nesting depth" in problem:
            problem = f"nested deeper than {MAX_DEPTH} levels"
        raise InputError(
            f"YAML {problem}" if problem.startswith("nested") else f"YAML error: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {' '.join(str(exc).split())}", path=path) from None
    except RecursionError:
        raise InputError("YAML nested too deeply", path=path) from None
    return value, node


def _refusal(message: str, mark: Any, path: str) -> InputError:
    return InputError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def _too_many(event: Any, path: str) -> InputError:
    message = f"YAML holds more than {MAX_NODES:,} values, more than any readout file"
    return _refusal(message, event.start_mark, path)


def _screen(events: Iterable[Any], path: str) -> None:
    """Refuse aliases, tags and deep nesting from the event stream, before any node exists."""
    import yaml

    depth = nodes = 0
    for event in events:
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _too_many(event, path)
        if isinstance(event, yaml.AliasEvent):
            raise _refusal(
                "YAML aliases (*name) are not allowed in readout files", event.start_mark, path
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            # Tags can name Python objects, or values the file cannot hold (!!float x).
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _refusal(
                f"unsupported YAML tag {shown!r}; readouts hold plain data only, no tags",
                event.start_mark,
                path,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refusal(
                    f"YAML nested deeper than {MAX_DEPTH} levels", event.start_mark, path
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose_slowly(text: str, path: str) -> Any:
    """Compose with the pure-Python loader, screening each event as it is composed."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            _screen([event], path)
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _too_many(event, path)
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise _refusal(
                        f"YAML nested deeper than {MAX_DEPTH} levels", event.start_mark, path
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# No field of these files is a number past this many characters; longer ones are refused
# before they are built (Python will not even print an integer of more than 4,300 digits).
MAX_NUMBER_CHARACTERS = 100
_MERGE = "tag:yaml.org,2002:merge"


def _constructor(path: str) -> Any:
    """A safe constructor: no merge keys, no duplicate keys, no huge or base-60 numbers."""
    import yaml

    class Constructor(yaml.constructor.SafeConstructor):
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, KeyError, OverflowError) as exc:
                # A plain value that looks like a date or a number but is none (2025-02-30).
                shown = node.value if isinstance(node.value, str) else node.tag
                raise InputError(
                    f"YAML error: cannot read the value {shown[:80]!r} ({exc})",
                    path=path,
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                ) from None

        def construct_yaml_int(self, node: Any) -> Any:
            return _number(node, path) or super().construct_yaml_int(node)

        def construct_yaml_float(self, node: Any) -> Any:
            return _number(node, path) or super().construct_yaml_float(node)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    # A merge key would bring in keys the duplicate check never sees.
                    raise _refusal(
                        "YAML merge keys (<<) are not allowed in readout files",
                        key_node.start_mark,
                        path,
                    )
                if not isinstance(key_node, yaml.ScalarNode):
                    continue  # the base class refuses a list or mapping as a key
                # The key as built, so that 1 and 0x1, or yes and true, are one key.
                key = self.construct_object(key_node)
                if key in seen:
                    raise _refusal(
                        f"duplicate key {key_node.value[:80]!r}", key_node.start_mark, path
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    # The base class registered its own functions by tag: register these in their place.
    for tag, method in (
        ("int", Constructor.construct_yaml_int),
        ("float", Constructor.construct_yaml_float),
    ):
        Constructor.add_constructor(f"tag:yaml.org,2002:{tag}", method)  # type: ignore[type-var]
    return Constructor


def _number(node: Any, path: str) -> str | None:
    """A base-60 number (``1:30``) as the text it is, never built; refuse a huge number."""
    text: str = node.value
    if ":" in text:
        return text
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise _refusal(
            f"YAML error: a number of {len(text):,} digits; no field holds one"
            " (put it in quotes if it is text)",
            node.start_mark,
            path,
        )
    return None


def line_of(node: Any, *keys: str | int) -> int | None:
    """The 1-based line of the node reached by following ``keys`` (mapping keys, list indexes)."""
    for key in keys:
        if node is None:
            return None
        if isinstance(key, int):
            items = node.value if isinstance(node.value, list) else []
            node = items[key] if 0 <= key < len(items) else None
        else:
            found = None
            for key_node, value_node in getattr(node, "value", []) or []:
                if getattr(key_node, "value", None) == key:
                    found = value_node
                    break
            node = found
    return node.start_mark.line + 1 if node is not None else None


def node_lines(node: Any) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every key and list item of a YAML node tree, by path."""
    lines: dict[tuple[str | int, ...], int] = {}
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), node)]
    while stack:
        path, current = stack.pop()
        value = getattr(current, "value", None)
        if isinstance(value, list):
            for k, item in enumerate(value):
                if isinstance(item, tuple):
                    key_node, value_node = item
                    key = (*path, _key_value(key_node))
                    lines[key] = key_node.start_mark.line + 1
                    stack.append((key, value_node))
                else:
                    key = (*path, k)
                    lines[key] = item.start_mark.line + 1
                    stack.append((key, item))
    return lines


def _key_value(node: Any) -> Any:
    """A mapping key as loading reads it: ``~`` is None, ``3`` the number 3, text is text."""
    import yaml

    value = node.value
    if not isinstance(value, str) or node.tag == "tag:yaml.org,2002:str":
        return value if isinstance(value, str) else repr(value)
    try:
        return yaml.safe_load(value)
    except yaml.YAMLError:
        return value


def unknown_key(key: Any) -> str:
    """How an unknown key is named in an error message.

    >>> unknown_key("titel"), unknown_key(None)
    ("unknown key 'titel'", 'a key with no name (~ or null)')
    >>> unknown_key(3), unknown_key(True)
    ('unknown key 3 (read as a number)', 'unknown key true (read as true/false)')
    """
    if isinstance(key, str):
        return f"unknown key {key!r}"
    if key is None:
        return "a key with no name (~ or null)"
    if isinstance(key, bool):
        shown = "true" if key else "false"
    elif hasattr(key, "isoformat"):
        shown = key.isoformat()
    else:
        shown = str(key)
    return f"unknown key {shown} (read as {kind_name(type(key).__name__)})"


def checked_mapping(
    value: Any, node: Any, path: str, what: str, allowed: Sequence[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "nothing"
        raise InputError(
            f"{what} must be a mapping, not {kind_name(kind)}",
            path=path,
            line=node.start_mark.line + 1 if node is not None else None,
        )
    for key in value:
        if key not in allowed:
            key_line = None
            for key_node, _ in getattr(node, "value", []) or []:
                if _key_value(key_node) == key:
                    key_line = key_node.start_mark.line + 1
            raise InputError(
                f"{unknown_key(key)} in {what} (allowed: {', '.join(allowed)})",
                path=path,
                line=key_line,
            )
    return value


def kind_name(name: str) -> str:
    """How a YAML value's type is named in an error message.

    >>> kind_name("NoneType"), kind_name("dict"), kind_name("int")
    ('nothing', 'a mapping', 'a number')
    """
    return {
        "list": "a list",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "nothing": "nothing",
        "NoneType": "nothing",
        "dict": "a mapping",
        "date": "a date",
        "datetime": "a date and time",
    }.get(name, f"a {name}")


def checked_string(
    value: Any, node: Any, path: str, key: str, *keys: str | int, date: bool = False
) -> str | None:
    """A text field's value, or None if absent; ``date`` also takes a YAML date (as ISO text).

    Numbers and true/false are refused rather than turned into text, so that ``side: 42``
    and ``side: true`` are the same mistake, reported the same way.
    """
    if value is None:
        return None
    if date and isinstance(value, Date):
        return value.isoformat()
    if not isinstance(value, str):
        kind = "a date" if isinstance(value, Date) else kind_name(type(value).__name__)
        scalar = isinstance(value, bool | int | float | Date)
        raise InputError(
            f"{key!r} must be a string, not {kind}" + (" (put it in quotes)" if scalar else ""),
            path=path,
            line=line_of(node, *keys),
        )
    return value


def child(node: Any, *keys: str | int) -> Any:
    """The node reached by following ``keys`` (mapping keys, list indexes)."""
    for key in keys:
        if isinstance(key, int):
            node = node.value[key]
        else:
            node = next(v for k, v in node.value if k.value == key)
    return node


def yaml_key(name: str) -> str:
    """A mapping key written so that YAML reads it back as this string: bare when it is,
    quoted when YAML would read a number, a boolean or null ("2021", "true", "on").

    >>> yaml_key("white-house"), yaml_key("2021"), yaml_key("true"), yaml_key("null")
    ('white-house', '"2021"', '"true"', '"null"')
    """
    import json

    import yaml

    if name[:1].isalpha() and all(c.isalnum() or c in "-_" for c in name):
        try:
            if yaml.safe_load(f"{name}: x") == {name: "x"}:
                return name
        except yaml.YAMLError:
            pass
    return json.dumps(name, ensure_ascii=False)
