"""The API's error shape: Django's errors from services become DRF answers.

Services raise django.core.exceptions.ValidationError (400 with field
errors), PermissionDenied (403), Http404 (404) and core.exceptions.Refused
(409), core.throttle.RateLimited (429 with Retry-After); views and the API
share them, so no rule is written twice.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.exceptions import Refused
from core.throttle import RateLimited


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RateLimited):
        response = Response({"detail": exc.message, "code": "throttled"}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, Refused):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)
