"""What every app's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from core.number_input import NumberInputError, parse_decimal, parse_integer


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields (or above them)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def number_text_input(*, decimal: bool, attrs: dict[str, str] | None = None) -> forms.TextInput:
    """A text input with a numeric keyboard: `type="number"` lets the browser drop a decimal comma."""
    base = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off", "spellcheck": "false"}
    return forms.TextInput(attrs={**base, **(attrs or {})})


class DecimalTextField(forms.CharField):
    """A decimal typed in the reader's language, cleaned to machine text ("45.5") for the service to check."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", number_text_input(decimal=True))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        try:
            return parse_decimal(text or "", language=get_language() or "en")
        except NumberInputError as exc:
            raise ValidationError(exc.message, code="number") from None


class IntegerTextField(forms.IntegerField):
    """A whole number typed in the reader's language (spaces may group thousands); decimals are refused."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", number_text_input(decimal=False))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return parse_integer(str(value), language=get_language() or "en")
        except NumberInputError as exc:
            raise ValidationError(exc.message, code="invalid") from None
