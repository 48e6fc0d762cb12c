"""Where a field is in the source: a field path (('timeline', 2, 'at')) to a 1-based (line, column),
from the node tree the YAML reader composed (or composed on first need, for JSON: JSON is YAML)."""
from __future__ import annotations

from typing import Any

import yaml

from commsgen.model.yamlread import BaseLoader


class Locator:
    """Maps a field path (('timeline', 2, 'at')) to a 1-based (line, column) in the source."""

    def __init__(self, text: str, root: yaml.Node | None = None):
        self._text = text
        # the node tree the loader composed anyway (YAML), else composed on first need (JSON)
        self._root: yaml.Node | None | bool = root if root is not None else False

    def _node(self) -> yaml.Node | None:
        if self._root is False:
            try:
                self._root = yaml.compose(self._text, Loader=BaseLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root  # type: ignore[return-value]

    def locate(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None]:
        node = self._node()
        if node is None:
            return None, None
        mark_node = node
        for part in path:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        nxt, mark_node = v, k
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                nxt = node.value[part]
                mark_node = nxt
            if nxt is None:
                break
            node = nxt
        else:
            if not key:
                mark_node = node
        m = mark_node.start_mark
        return m.line + 1, m.column + 1


def format_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
