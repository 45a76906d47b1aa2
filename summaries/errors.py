"""Every error text a summary can end with, in the reader's language.

summaries.llm stays free of Django, so it cannot translate itself: its errors
carry a ``code`` and ``params``, turned into a translated sentence here. The run's
own failures (time limit, unexpected error) are worded here too, once.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from summaries import llm

# The LLM module's errors, by code, in the reader's language.
LLM_ERROR_MESSAGES = {
    "timeout": gettext_lazy("The model server did not answer within %(seconds)s seconds."),
    "connection": gettext_lazy("Could not connect to the model server."),
    "client_failed": gettext_lazy("The model client failed: %(detail)s"),
    "quota": gettext_lazy("The model provider account has no credit or quota left (HTTP 429)."),
    "rate_limited": gettext_lazy("The model server is rate-limiting requests (HTTP 429)."),
    "bad_key": gettext_lazy("The model server rejected the API key (HTTP 401)."),
    "forbidden": gettext_lazy("The API key is not allowed to use this model server or model (HTTP 403)."),
    "unknown_model": gettext_lazy(
        "The model server does not know the model “%(model)s”, or its address is wrong (HTTP 404)."
    ),
    "server_error": gettext_lazy("The model server returned an error (HTTP %(status)s)."),
    "busy": gettext_lazy("The model server could not handle the request right now (HTTP %(status)s)."),
    "rejected": gettext_lazy("The model server rejected the request (HTTP %(status)s)."),
    "no_key": gettext_lazy("No API key is configured for the model server."),
    "not_a_completion": gettext_lazy("The model server's reply was not a chat completion; check its address."),
    "refused": gettext_lazy("The model refused: %(detail)s"),
    "length": gettext_lazy("The model's answer was cut short because it reached its length limit."),
    "content_filter": gettext_lazy("The model provider's content filter blocked the answer."),
    "malformed": gettext_lazy("The model's answer did not match the expected format, twice in a row."),
}


def llm_error_text(exc: llm.LlmError) -> str:
    """The error in the active language; the module's own English words for an unknown code."""
    template = LLM_ERROR_MESSAGES.get(exc.code)
    if template is None:
        return exc.message
    params = {"seconds": "", "detail": "", "model": "", "status": exc.status_code or "", **exc.params}
    if isinstance(params["seconds"], float):
        params["seconds"] = f"{params['seconds']:g}"
    text = str(template) % params
    if exc.code == "rejected" and params["detail"]:
        text = f"{text} {params['detail']}"
    return text


def attempts_note(attempts: int) -> str:
    return ngettext("(after %(count)d attempt)", "(after %(count)d attempts)", attempts) % {"count": attempts}


def failed_after_attempts(exc: llm.LlmError, attempts: int) -> str:
    """An LLM failure as the summary records it: the error, then how many attempts were made."""
    return f"{llm_error_text(exc)} {attempts_note(attempts)}"


def time_limit_text() -> str:
    return _("The summary took longer than %(seconds)s seconds and was stopped.") % {
        "seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT
    }


def unexpected_error_text() -> str:
    return _("An unexpected error stopped the summary. The administrators can find it in the logs.")


def restored_unfinished_text() -> str:
    """A summary queued or running when its workshop was exported: never run where it is restored."""
    return _("The summary had not finished when this workshop was exported; request a new one.")


def interrupted_text(attempts: int) -> str:
    """Every attempt stopped with its worker (killed, out of memory): no more are made."""
    return f"{_('The summary was interrupted before it could finish.')} {attempts_note(attempts)}"
