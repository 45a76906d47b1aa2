"""What every app's forms share, among them the one field for a number a person types."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext

from core.number_input import NumberInputError, input_text, parse_decimal


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields (or above them)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def reader_language() -> str:
    return (get_language() or "en")[:2]


def number_text_input(*, whole: bool = False, attrs: dict[str, str] | None = None) -> forms.TextInput:
    """A text input with a numeric keyboard: `type="number"` lets the browser drop a decimal comma."""
    base = {"inputmode": "numeric" if whole else "decimal", "autocomplete": "off", "spellcheck": "false"}
    return forms.TextInput(attrs={**base, **(attrs or {})})


class NumberField(forms.Field):
    """A number typed in the reader's language — "3,5", "1 500", "1 500,50" in French — or refused on its field.

    The one field for every number a person types (core.number_input says what is read and
    what is refused). Cleans to a Decimal, or an int with ``whole=True``; None when blank.
    A stored value is shown back as the reader types it ("12,5" in French); what the reader
    typed is shown back as typed, beside its error.
    """

    def __init__(
        self,
        *,
        whole: bool = False,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs: object,
    ) -> None:
        self.whole = whole
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", number_text_input(whole=whole))
        super().__init__(**kwargs)  # type: ignore[arg-type]
        if min_value is not None:
            self.validators.append(validators.MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(validators.MaxValueValidator(max_value))
        if not whole and (max_digits is not None or decimal_places is not None):
            self.validators.append(validators.DecimalValidator(max_digits, decimal_places))

    def to_python(self, value: object) -> Decimal | int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return int(value) if self.whole else Decimal(value)
        try:
            machine = parse_decimal(str(value), language=reader_language())
        except NumberInputError as exc:
            raise ValidationError(exc.message, code="number") from None
        if not machine:
            return None
        if self.whole:
            if "." in machine:
                raise ValidationError(gettext("Enter a whole number."), code="whole")
            return int(machine)
        return Decimal(machine)

    def prepare_value(self, value: object) -> object:
        if value is None or isinstance(value, (str, bool)):
            return value
        if isinstance(value, (Decimal, int, float)):
            return input_text(value, language=reader_language())
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "numeric" if self.whole else "decimal")
        return attrs
