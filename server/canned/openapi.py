"""The OpenAPI description of each canned query's route: its parameters with their XSD types
as JSON Schema (the lexical form's pattern where JSON Schema has no type for it), each allowed
to be empty (taken as absent), the `format=` parameter (which may not be empty), and what it
answers."""

from __future__ import annotations

from server.canned import lexical
from server.canned.queries import CannedQuery, Parameter


def _parameter(parameter: Parameter) -> dict[str, object]:
    form = lexical.FORMS[parameter.type]
    schema: dict[str, object] = dict(form.schema)
    example: object = parameter.example
    if schema["type"] == "integer":
        example = int(parameter.example)
    if parameter.default is not None:
        schema["default"] = (
            int(parameter.default) if schema["type"] == "integer" else parameter.default
        )
    default = "any" if parameter.default is None else parameter.default
    return {
        "name": parameter.name,
        "in": "query",
        "required": False,
        # An HTML form sends its empty fields: empty is taken as absent (the default applies).
        "allowEmptyValue": True,
        "description": f"{parameter.description}: {form.expected} (empty or absent: {default})",
        "schema": schema,
        "example": example,
    }


FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "the answer's format, instead of the Accept header (not empty)",
}
PROBLEM = {"application/problem+json": {"schema": {"type": "object"}}}


def operation(
    query: CannedQuery, answer_media: list[str], format_names: tuple[str, ...]
) -> dict[str, object]:
    """Gives the OpenAPI operation of a canned query's route: its typed parameters, `format=`
    with the names it takes, and the media types of its answers."""
    format_parameter = {
        **FORMAT_PARAMETER,
        "schema": {"type": "string", "enum": list(format_names)},
    }
    return {
        "parameters": [*(_parameter(p) for p in query.parameters), format_parameter],
        "responses": {
            "200": {
                "description": "the answer",
                "content": {media: {} for media in answer_media},
            },
            "400": {
                "description": "an argument does not fit its type's lexical form (the problem "
                "names the `parameter` and what is `expected`), or is unknown",
                "content": PROBLEM,
            },
        },
    }
