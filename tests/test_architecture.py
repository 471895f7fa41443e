"""The house's rooms and the directions between them, read from the code's own imports.

Every `import` and `from … import` of the project's modules (at any depth, type-only ones
included: a cycle a type checker sees is still a cycle) is an edge. No module may reach itself
along edges, `graph_builder` never imports `server`, and within each package a room imports only
the rooms its `__init__.py` says it may: the pipeline's stages in their order, the server's
parts beneath the app.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph_builder", "server")

# Each room and the rooms it may import, besides itself and the package's ground modules. The
# same lists stand, in words, in each room's __init__.py docstring (a test keeps them equal).
ROOMS = {
    "graph_builder": {
        "document": set(),
        "curation": {"document"},
        "claims": {"document", "curation"},
        "rdf": {"document", "curation", "claims"},
        "checks": {"rdf"},
        "publication": set(),
    },
    "server": {
        "http": {"engine"},
        "engine": set(),
        "sparql": {"http", "engine"},
        "pages": {"http", "engine"},
        "linked_data": {"http", "engine", "sparql", "pages"},
        "canned": {"http", "engine", "pages"},
    },
}
# Modules at a package's top that any room may import: the error hierarchy and the settings (and
# the server's SPARQL lexer, which the endpoint and a remote engine both read queries with); the
# graph's namespaces and IRI minting (every stage names parts of the article by their IRIs, and
# the server's page URLs are those IRIs' paths); the store's versions (the checks read a store
# back, a worker dumps one).
GROUND = {
    "graph_builder": {"errors", "store", "namespaces", "iris"},
    "server": {"errors", "settings", "lexer"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Gives the project modules one module imports, anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from a import b` imports the module a.b where there is one, else a name of a
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Gives one cycle of the graph as the modules along it (first = last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def room_of(module: str) -> tuple[str, str | None]:
    """Gives a module's package and its room (None: a module at the package's top)."""
    parts = module.split(".")
    package = parts[0]
    if len(parts) >= 3 or (len(parts) == 2 and parts[1] in ROOMS.get(package, {})):
        return package, parts[1]
    return package, None


def forbidden_edges(graph: dict[str, set[str]]) -> list[str]:
    """Gives every import that crosses the house's directions, as 'importer -> imported: why'."""
    wrong = []
    for importer, targets in sorted(graph.items()):
        package, room = room_of(importer)
        for target in sorted(targets):
            target_package, target_room = room_of(target)
            if package == "graph_builder" and target_package == "server":
                wrong.append(f"{importer} -> {target}: graph_builder never imports server")
                continue
            if room is None or target_package != package or target_room == room:
                continue
            if target_room is None:
                if target.rpartition(".")[2] not in GROUND[package]:
                    wrong.append(f"{importer} -> {target}: a room imports no top-level command")
            elif target_room not in ROOMS[package][room]:
                allowed = ", ".join(sorted(ROOMS[package][room])) or "no other room"
                wrong.append(f"{importer} -> {target}: {room}/ may import {allowed}")
    return wrong


def test_no_module_imports_itself_round_a_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_rooms_import_only_in_their_direction() -> None:
    assert forbidden_edges(import_graph()) == []


def test_every_room_says_what_it_holds_and_what_it_may_import() -> None:
    for package, rooms in ROOMS.items():
        on_disk = {p.parent.name for p in (ROOT / package).glob("*/__init__.py")}
        assert on_disk == set(rooms), f"{package}'s rooms on disk differ from ROOMS"
        for room, allowed in rooms.items():
            doc = ast.get_docstring(ast.parse((ROOT / package / room / "__init__.py").read_text()))
            assert doc, f"{package}/{room}/__init__.py has no docstring"
            line = next((ln for ln in doc.splitlines() if ln.startswith("May import:")), None)
            assert line is not None, f"{package}/{room}/__init__.py does not say what it may import"
            words = re.sub(r"\([^)]*\)", "", line.removeprefix("May import:"))
            said = {word.strip(" ./`") for word in words.split(",")}
            said -= {"", "nothing else", "no other room"}
            said = {word.split()[0] for word in said}
            assert said == allowed, f"{package}/{room}: docstring says {said}, ROOMS says {allowed}"


# The checks above must fail on what they are meant to catch.


def test_a_cycle_is_found_and_named() -> None:
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": set()}
    assert find_cycle(graph) == ["a.x", "a.y", "a.z", "a.x"]
    assert find_cycle({"a.x": {"a.y"}, "a.y": set()}) is None


@pytest.mark.parametrize(
    ("edge", "why"),
    [
        (("graph_builder.iris", "server.http.caching"), "graph_builder never imports server"),
        (("graph_builder.document.article", "graph_builder.claims.claim"), "document/ may import"),
        (("graph_builder.claims.claim", "graph_builder.build"), "no top-level command"),
        (("server.engine.executor", "server.sparql.endpoint"), "engine/ may import"),
        (("server.pages.home", "server.linked_data.void"), "pages/ may import"),
    ],
)
def test_a_wrong_direction_is_found_and_named(edge: tuple[str, str], why: str) -> None:
    importer, target = edge
    (found,) = forbidden_edges({importer: {target}})
    assert found.startswith(f"{importer} -> {target}") and why in found


def test_relative_and_nested_imports_are_seen(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from . import coverage\ndef f():\n    from graph_builder.rdf import ontology\n",
        encoding="utf-8",
    )
    known = {"graph_builder.rdf", "graph_builder.rdf.ontology", "graph_builder.claims.coverage"}
    assert imports_of(module, "graph_builder.claims.m", known) == {
        "graph_builder.rdf.ontology",
        "graph_builder.claims.coverage",
    }
