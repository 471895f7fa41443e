"""Canned queries: one `.rq` file per query in `queries/`, with a comment header that serves the
CLI, the REST routes, the query page's examples and the tests alike.

The header is comment lines at the top::

    # title: Timeline of dated events
    # description: Every dated event in time order, …
    #   (a line starting with "#   " continues the field above it)
    # param: from (xsd:date, default 1800-01-01, example 1992-01-01) what it selects
    # param: side (iri, default any, example https://…/side/armenian) one side

A parameter is bound with pyoxigraph's `substitutions`, never pasted into the text, so no
argument can change the query's shape; its variable must be in the SELECT projection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

from server.canned import lexical

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
TYPES = lexical.TYPES
_FIELD = re.compile(r"^# (title|description|param|parameters): ?(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*) \((?P<type>[a-z:]+), default (?P<default>[^,]+), "
    r"example (?P<example>[^)]+)\) (?P<description>.+)$"
)


class QueryHeaderError(ValueError):
    """A canned query's header is malformed; the message names the file and the line."""


class ParameterError(ValueError):
    """An argument does not fit its parameter's declared type, or names no parameter."""

    def __init__(self, message: str, parameter: str | None = None, expected: str | None = None):
        super().__init__(message)
        self.parameter = parameter
        self.expected = expected


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None  # None: no default, the query's own "any"
    example: str
    description: str

    def bind(self, value: str) -> NamedNode | Literal:
        """Gives the RDF term for an argument, checked against its type's lexical form."""
        try:
            return lexical.term(self.type, value)
        except lexical.LexicalError as error:
            expected = lexical.FORMS[self.type].expected
            why = f" ({error})" if str(error) else ""
            shown = value if len(value) <= 60 else value[:59] + "…"
            raise ParameterError(
                f"parameter {self.name!r} must be {expected}, not {shown!r}{why}",
                parameter=self.name,
                expected=expected,
            ) from None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path

    def substitutions(self, arguments: dict[str, str]) -> dict[Variable, NamedNode | Literal]:
        """Gives the bindings for the arguments, defaults filled in; unknown names refused."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(arguments) - set(known))
        if unknown:
            raise ParameterError(
                f"unknown parameter(s) {', '.join(unknown)}; {self.name} takes "
                + (", ".join(known) or "none")
            )
        bound = {}
        for parameter in self.parameters:
            value = arguments.get(parameter.name, parameter.default)
            if value is not None:
                bound[Variable(parameter.name)] = parameter.bind(value)
        return bound


def parse(path: Path) -> CannedQuery:
    """Gives the canned query in `path`; a malformed header raises QueryHeaderError."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        if line.startswith("#   ") and current is not None:
            if current == "param":
                last = params.pop()
                params.append(_parse_param(f"{_raw(last)} {line[4:].strip()}", path, number))
            else:
                fields[current] += " " + line[4:].strip()
            continue
        match = _FIELD.match(line)
        if match is None:
            raise QueryHeaderError(f"{path}:{number}: not a header field: {line!r}")
        current, value = match[1], match[2].strip()
        if current == "param":
            params.append(_parse_param(value, path, number))
        elif current == "parameters":
            if value != "none":
                raise QueryHeaderError(f"{path}:{number}: `parameters:` takes only `none`")
        else:
            fields[current] = value
    for required in ("title", "description"):
        if not fields.get(required):
            raise QueryHeaderError(f"{path}:1: the header has no `{required}:`")
    for parameter in params:
        if f"?{parameter.name}" not in text.split("WHERE", 1)[0]:
            raise QueryHeaderError(
                f"{path}: parameter ?{parameter.name} is not in the SELECT projection, "
                "so it could not be bound"
            )
    return CannedQuery(
        name=path.stem,
        title=fields["title"],
        description=fields["description"],
        parameters=tuple(params),
        text=text,
        path=path,
    )


def _raw(parameter: Parameter) -> str:
    default = "any" if parameter.default is None else parameter.default
    return (
        f"{parameter.name} ({parameter.type}, default {default}, example "
        f"{parameter.example}) {parameter.description}"
    )


def _parse_param(value: str, path: Path, number: int) -> Parameter:
    match = _PARAM.match(value)
    if match is None:
        raise QueryHeaderError(
            f"{path}:{number}: a parameter is written "
            "`name (type, default D|any, example E) description`, not {value!r}"
        )
    if match["type"] not in TYPES:
        raise QueryHeaderError(f"{path}:{number}: type {match['type']!r} is not one of {TYPES}")
    parameter = Parameter(
        name=match["name"],
        type=match["type"],
        default=None if match["default"] == "any" else match["default"],
        example=match["example"],
        description=match["description"],
    )
    for sample in (parameter.example, parameter.default):
        if sample is not None:
            try:
                parameter.bind(sample)
            except ParameterError as error:
                raise QueryHeaderError(f"{path}:{number}: {error}") from None
    return parameter


def load_all(folder: Path = QUERIES_DIR) -> dict[str, CannedQuery]:
    """Gives every canned query in `folder` by name; any malformed header fails the load."""
    return {path.stem: parse(path) for path in sorted(folder.glob("*.rq"))}
