"""The OpenAPI schema says what the API really answers, errors included.

drf-spectacular documents the success of each operation; the house rules
add 400 (bad input, field errors), 401 (no credentials), 403 (the role may
not act), 404 (outside what the caller may see), 409 (a workshop rule
refuses now), 415 (a body of another media type) and 429 (too many tries). A client generated from the schema,
or a fuzzer checking answers against it, must find them declared.
"""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "description": "What went wrong, in the reader's language.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}
# Field errors: {"<field>": ["message", ...], "non_field_errors": [...]}, or {"detail": "..."} for a body
# that is not JSON at all. Nested serializers nest the same shape, so values stay open.
VALIDATION_ERROR = {
    "type": "object",
    "description": "Field errors: each field with its messages; `detail` when the body itself is unreadable.",
    "additionalProperties": {},
}

_ERRORS = {
    "400": ("ValidationError", "Bad input: field errors; nothing was saved."),
    "401": ("Error", "No valid credentials (a user token, a session or a participant token)."),
    "403": ("Error", "The caller's role may not do this."),
    "404": ("Error", "Nothing the caller may see has this id."),
    "409": ("Error", "A rule of the workshop refuses this now (phase, budget, status); `code` says which."),
    "415": ("Error", "The body is not JSON, a form or multipart."),
    "429": ("Error", "Too many tries; wait the Retry-After header's seconds."),
}
_WRITES = {"post", "put", "patch", "delete"}


def declare_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error answers on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        public_path = path in {"/api/v1/join/", "/api/v1/auth/token/"}
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, (schema, description) in _ERRORS.items():
                if status in {"409", "415"} and method not in _WRITES:
                    continue
                if status == "401" and public_path:
                    continue
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                    },
                )
    return result


# Text the API takes is text: NUL is refused everywhere (PostgreSQL cannot store it), so every string
# field says so. ECMA and Python regexes read this pattern alike.
NO_NUL = "^[^\\u0000]*$"
# A required text (minLength 1) is read trimmed, so blanks alone are refused: it says it needs one
# character that is not whitespace.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
# Components whose shape is exact: a reader telling `oneOf` branches apart needs the smaller one closed
# (a full POC would otherwise also match the status a participant reads).
CLOSED = {"PocStatus"}


def _strings(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"format", "enum", "pattern"} & set(node):
            node["pattern"] = NOT_BLANK if node.get("minLength", 0) >= 1 else NO_NUL
        for value in node.values():
            _strings(value)
    elif isinstance(node, list):
        for value in node:
            _strings(value)


def declare_text_rules(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: NUL-free strings (required: not blank) in request bodies, closed shapes."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _strings(schema)
        if name in CLOSED:
            schema["additionalProperties"] = False
    return result
