"""The shape of the code, read from its source (no import runs): no import cycles between commsgen's
modules, and the UI libraries (textual, click) only in the faces.

Every import counts, including the ones inside functions (a lazy import still ties two modules
together) and excluding those under ``if TYPE_CHECKING:`` (they never run). ``from pkg import name``
is an edge to ``pkg.name`` when that is a module, else to ``pkg``.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "commsgen"

# the faces: only these may import textual or click
# (and the TUI editor's adapter, which the register of exceptions keeps in commsgen/adapters/ and
# only commsgen.tui imports: test_the_textarea_adapter_serves_the_tui_only)
FACES = ("commsgen.tui", "commsgen.cli", "commsgen.entry", "commsgen.adapters.textarea_window")
UI_LIBRARIES = ("textual", "click")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


@cache
def _tree(path: Path) -> ast.Module:
    """The parsed module, once per test process (the tests here read every module three times)."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import statement of ``path`` that runs."""
    tree = _tree(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                out.extend((a.name, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                out.append((base, child.lineno))
                out.extend((f"{base}.{a.name}", child.lineno) for a in child.names)
            visit(child)

    visit(tree)
    return out


def _graph() -> dict[str, dict[str, int]]:
    mods = _modules()
    graph: dict[str, dict[str, int]] = {m: {} for m in mods}
    for name, path in mods.items():
        for target, line in _imports(name, path):
            if target in mods and target != name:
                graph[name].setdefault(target, line)
    # ``from pkg import module``: the edge goes to the module, not through the package's __init__
    for name, path in mods.items():
        for target, _ in _imports(name, path):
            parent = target.rpartition(".")[0]
            if target in mods and parent in graph[name] and _only_as_parent(name, path, parent, mods):
                graph[name].pop(parent, None)
    return graph


def _only_as_parent(name: str, path: Path, parent: str, mods: dict[str, Path]) -> bool:
    """Whether every ``from parent import x`` in ``path`` names submodules only."""
    tree = _tree(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == parent:
            if any(f"{parent}.{a.name}" not in mods for a in node.names):
                return False
        if isinstance(node, ast.Import) and any(a.name == parent for a in node.names):
            return False
    return True


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph[nxt])))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def _describe(comp: list[str], graph: dict[str, dict[str, int]]) -> str:
    members = set(comp)
    edges = [f"{a} -> {b} (line {line})" for a in comp for b, line in graph[a].items() if b in members]
    return "; ".join(edges)


@pytest.mark.slow
def test_no_import_cycles():
    graph = _graph()
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(_describe(c, graph) for c in cycles)


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}, "e": {"e": 5}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_ui_libraries_only_in_the_faces():
    found = []
    for name, path in _modules().items():
        if name.startswith(FACES):
            continue
        for target, line in _imports(name, path):
            if target.split(".")[0] in UI_LIBRARIES:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not found, "textual or click below the faces:\n" + "\n".join(found)


def test_the_textarea_adapter_serves_the_tui_only():
    users = sorted(
        name
        for name, path in _modules().items()
        if any(t.startswith("commsgen.adapters.textarea_window") for t, _ in _imports(name, path))
    )
    assert users and all(u.startswith("commsgen.tui") for u in users), users


def test_audience_names_in_the_model_follow_outputs():
    """The schema spells the audiences as Literal types (for its JSON Schema and type checking);
    they must stay the table's names."""
    import typing

    from commsgen.model import schema
    from commsgen.outputs import AUDIENCES, RENDERED_AUDIENCES

    assert typing.get_args(schema.Audience) == RENDERED_AUDIENCES
    assert typing.get_args(schema.WaiverAudience) == (*AUDIENCES, "all")


def test_lint_rule_ids_leaf_matches_the_rule_table():
    from commsgen.lint.ids import RULE_IDS
    from commsgen.lint.rules import RULES

    assert tuple(r.id for r in RULES) == RULE_IDS


def test_no_module_is_over_450_lines():
    """Issue #15: small modules with one job each (a module past 450 lines is split, not stretched).
    Session 32 found scanner.py at 455 lines after a formatter wrapped one call."""
    from pathlib import Path

    pkg = Path(__file__).resolve().parent.parent / "commsgen"
    long = {
        str(p.relative_to(pkg)): n for p in pkg.rglob("*.py") if (n := p.read_text(encoding="utf-8").count("\n")) > 450
    }
    assert not long, long
