"""The OpenAPI description of each canned query's route: its parameters with their XSD types
as JSON Schema, the `format=` parameter, and what it answers."""

from __future__ import annotations

from server.canned.queries import CannedQuery, Parameter

SCHEMAS: dict[str, dict[str, str]] = {
    "iri": {"type": "string", "format": "iri"},
    "xsd:integer": {"type": "integer"},
    "xsd:decimal": {"type": "number"},
    "xsd:date": {"type": "string", "format": "date"},
    "xsd:string": {"type": "string"},
}


def _parameter(parameter: Parameter) -> dict[str, object]:
    schema: dict[str, object] = dict(SCHEMAS[parameter.type])
    example: object = parameter.example
    if parameter.type == "xsd:integer":
        example = int(parameter.example)
    if parameter.default is not None:
        schema["default"] = (
            int(parameter.default) if schema["type"] == "integer" else (parameter.default)
        )
    default = "any" if parameter.default is None else parameter.default
    return {
        "name": parameter.name,
        "in": "query",
        "required": False,
        "description": f"{parameter.description} ({parameter.type}; default {default})",
        "schema": schema,
        "example": example,
    }


FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "the answer's format, instead of the Accept header",
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
                "description": "an argument does not fit its type, or is unknown",
                "content": PROBLEM,
            },
        },
    }
