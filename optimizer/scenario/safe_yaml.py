"""Reading YAML a user wrote, safely: every scenario, priority set, ``--set`` value and cell.

``load(text)`` is ``yaml.safe_load`` with these differences (docs/robustness.md):

- a key written twice in one mapping is an error naming both lines (PyYAML keeps the last);
- YAML 1.2 scalars: only ``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off``,
  ``y``, ``n`` stay strings, so ``name: no`` is the name "no" and ``id: ON`` the id "ON");
  integers are decimal, ``0o`` octal or ``0x`` hexadecimal without ``_`` separators or the
  base-60 ``1:30``; floats are ``[-+]?(.N|N(.N)?)(e[-+]?N)?``, ``.inf`` and ``.nan``;
- nesting deeper than ``MAX_DEPTH`` is an error (not a ``RecursionError``);
- aliases expanding to more than ``MAX_NODES`` nodes in all are an error (a "billion laughs"
  of 4 KB would otherwise expand to gigabytes in the walk that follows the load);
- a text longer than ``MAX_BYTES`` is refused before it is parsed.

Errors are ``YamlRefused`` (with the line) or ``yaml.YAMLError``; the callers turn them into
an ``InputError`` naming the file.
"""

from __future__ import annotations

import re

import yaml

MAX_DEPTH = 64
MAX_NODES = 1_000_000
MAX_BYTES = 20_000_000


class YamlRefused(Exception):
    """A YAML text that parses but is refused; ``line`` is 1-based (0 where unknown)."""

    def __init__(self, message: str, line: int = 0, value: object = None):
        super().__init__(message)
        self.message, self.line, self.value = message, line, value


_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_REPLACED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` with the YAML 1.2 core scalars, a depth cap and duplicate keys refused."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlRefused(f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):  # the keys as written (merged ones may repeat)
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: PyYAML's own message follows
                    continue
                line = key_node.start_mark.line + 1
                if first is not None:
                    raise YamlRefused(f"each key once in a mapping (first at line {first})", line, key)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _construct_int(loader: _Loader, node) -> int:
    """A YAML 1.2 integer: ``010`` is ten (YAML 1.1 read it as octal eight)."""
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


def load(text: str) -> object:
    """The value of a YAML text (module docstring); raises ``YamlRefused``/``yaml.YAMLError``."""
    if len(text) > MAX_BYTES:
        raise YamlRefused(f"a YAML text of at most {MAX_BYTES} characters", 0, len(text))
    loader = _Loader(text)
    try:
        value = loader.get_single_data()
    finally:
        loader.dispose()
    _count_nodes(value)
    return value


def _count_nodes(value: object) -> None:
    """Walk the loaded value as its users will (aliases expanded), refusing more than
    ``MAX_NODES`` nodes; iterative, so depth costs no stack."""
    budget = MAX_NODES
    stack = [value]
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            raise YamlRefused(f"at most {MAX_NODES} values once aliases are expanded")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
