"""The API's JSON parser: bounded in size and depth, and only text that can be written back.

DRF's own parser hands the body to `json.load`, which recurses once per level
of nesting: a body of a few thousand `[` raises RecursionError, a 500 even on
the unauthenticated join and token endpoints. A lone surrogate ("\\ud800")
parses into a str that UTF-8 cannot encode, so the error message echoing it
fails to render (another 500). Both are refused here as a 400, before any
view sees the data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any body the API takes (a score map is two levels), far below Python's recursion limit.
MAX_JSON_DEPTH = 32
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, without recursing (strings skipped)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _reject_constant(value: str) -> None:
    raise ValueError(f"{value} is not valid JSON")


class SafeJSONParser(JSONParser):
    """JSON bodies of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes and MAX_JSON_DEPTH levels."""

    def parse(
        self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Mapping | None = None
    ) -> Any:
        if stream is None:
            return None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise ParseError(_("The request body is too large."))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raise ParseError(_("The request body is not valid text.")) from None
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        try:
            data = json.loads(text, parse_constant=_reject_constant if self.strict else None)
            # A lone surrogate decodes into a str that cannot be encoded back: refuse it here.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(_("The JSON holds an invalid character (a lone surrogate).")) from None
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
        return data
