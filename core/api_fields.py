"""The API's fields for a number a person (or a machine) sends.

JSON carries machine numbers: a JSON number, or a string a machine writes ("1234.50", as the API
itself writes money); "2,5" or "1 500" in a JSON string is refused with a field error, never read
as 25. A form-encoded body (an HTML form, curl -d) is what a person typed: it is read as the pages
read it, in the request's language (core.number_input): "2,5" and "1 500,50" in French.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.forms import reader_language
from core.number_input import NumberInputError, parse_decimal

_MACHINE = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")


def _form_encoded(field: serializers.Field) -> bool:
    """Whether the body being read came from a form (a QueryDict) rather than JSON."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


class _TypedNumber:
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            if _form_encoded(self):  # type: ignore[arg-type]
                try:
                    data = parse_decimal(data, language=reader_language())
                except NumberInputError as exc:
                    raise serializers.ValidationError(exc.message, code="invalid") from None
            elif not _MACHINE.fullmatch(data.strip()):
                raise serializers.ValidationError(
                    _("Write the number as JSON does, with a point and no grouping: for example 2.5 or 1500."),
                    code="invalid",
                )
        return super().to_internal_value(data)  # type: ignore[misc]


class DecimalNumberField(_TypedNumber, serializers.DecimalField):
    """A decimal: a JSON number or machine string, or a form's text in the reader's language."""


class IntegerNumberField(_TypedNumber, serializers.IntegerField):
    """A whole number: a JSON number or machine string, or a form's text in the reader's language."""
