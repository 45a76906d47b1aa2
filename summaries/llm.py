"""The only module that talks to a large language model.

It sends the chat messages built by :mod:`summaries.prompt` to an OpenAI-compatible
Chat Completions endpoint (OpenAI, Azure OpenAI, Mistral, vLLM, Ollama, ...) and
returns a validated :class:`SummaryContent`.

API reference (Chat Completions and structured outputs):
    https://platform.openai.com/docs/api-reference/chat/create
    https://platform.openai.com/docs/guides/structured-outputs

Design notes:

* No module-level client and no settings are read here: the caller builds an
  :class:`LlmConfig` (from Django settings or anything else) and a client is built
  per call, then closed.
* The SDK's own retries are switched off by default (``max_retries=0``) and the
  timeout is short (30 s): the Celery task that calls :func:`summarise` does the
  retrying, and retries stacked at two levels multiply the waiting time.
* Errors leave this module only as :class:`LlmError` subclasses whose message is a
  short English sentence a facilitator can read; :class:`LlmTransientError` is
  worth retrying later, :class:`LlmPermanentError` is not.
* The server is asked for JSON matching the schema (``response_format`` of type
  ``json_schema``), but the answer is validated here anyway: many
  OpenAI-compatible servers ignore or only loosely enforce that option.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

if TYPE_CHECKING:
    import openai
    from openai.types.chat import ChatCompletionMessageParam
    from openai.types.shared_params import ResponseFormatJSONSchema

# The openai package takes about a second to import: it is imported only when a
# request is made, so that code that merely renders a SummaryContent (web views,
# tests) does not pay for it.

log = logging.getLogger(__name__)

MAX_ITEMS = 12
"""Most items kept in any list of the summary."""
MAX_TEXT = 600
"""Most characters kept in any string of the summary."""

SCHEMA_NAME = "workshop_summary"
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Some self-hosted servers (Ollama, vLLM without --api-key) need no key, but the SDK
# refuses to build a client without one.
NO_KEY_PLACEHOLDER = "no-key"
_REFUSAL_CHARS = 300
_SERVER_MESSAGE_CHARS = 200


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class LlmConfig:
    api_key: str
    base_url: str | None
    model: str
    timeout: float = 30.0
    max_retries: int = 0


# --------------------------------------------------------------------------- schema


def _cap_text(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        value = value[: MAX_TEXT - 1].rstrip() + "…"
    return value


def _cap_list(value: Any) -> Any:
    # A runaway model may return hundreds of items: keep the first ones rather than
    # rejecting an otherwise good answer.
    if isinstance(value, list):
        return value[:MAX_ITEMS]
    return value


# No maxLength in the JSON schema: OpenAI's strict mode does not accept it. Strings
# are cut here instead (and the prompt asks for short items).
Text = Annotated[str, AfterValidator(_cap_text)]


class _Strict(BaseModel):
    # Extra keys are ignored when validating, but the schema sent to the server says
    # "additionalProperties": false, as OpenAI's strict structured outputs require.
    model_config = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False})


class TopUseCase(_Strict):
    title: Text
    why: Text


class ProposedPoc(_Strict):
    title: Text
    rationale: Text


TextList = Annotated[list[Text], BeforeValidator(_cap_list), Field(max_length=MAX_ITEMS)]
TopUseCaseList = Annotated[list[TopUseCase], BeforeValidator(_cap_list), Field(max_length=MAX_ITEMS)]
ProposedPocList = Annotated[list[ProposedPoc], BeforeValidator(_cap_list), Field(max_length=MAX_ITEMS)]


class SummaryContent(_Strict):
    key_themes: TextList
    top_use_cases: TopUseCaseList
    disagreements: TextList
    risks_and_compliance: TextList  # AI Act tier, personal data, hosting, ...
    proposed_pocs: ProposedPocList
    next_steps: TextList


def response_format() -> ResponseFormatJSONSchema:
    """The ``response_format`` argument asking for JSON matching :class:`SummaryContent`."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": SCHEMA_NAME,
            "schema": SummaryContent.model_json_schema(),
            "strict": True,
        },
    }


@dataclass(frozen=True)
class LlmResult:
    content: SummaryContent
    model: str
    prompt_tokens: int
    completion_tokens: int


# --------------------------------------------------------------------------- errors


class LlmError(Exception):
    """A summary could not be produced; ``str(error)`` is a readable English sentence.

    ``code`` and ``params`` say the same for callers that translate it (this module
    stays free of Django, so it cannot translate itself).
    """

    def __init__(
        self, message: str, *, status_code: int | None = None, code: str = "", params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.params = params or {}

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the attributes when pickled (Celery sends exceptions between processes).
        return (
            type(self),
            (self.message,),
            {"status_code": self.status_code, "code": self.code, "params": self.params},
        )


class LlmTransientError(LlmError):
    """Worth retrying later: rate limit, timeout, server error, connection error."""


class LlmPermanentError(LlmError):
    """Retrying will not help: bad key, unknown model, refusal, truncated or malformed answer."""


class _MalformedAnswer(Exception):
    """The model answered, but not with JSON matching the schema."""


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _seconds(value: float) -> str:
    return f"{value:g} second" + ("" if value == 1 else "s")


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str) or not message.strip():
        return ""
    return _shorten(message, _SERVER_MESSAGE_CHARS)


def _translate(exc: openai.OpenAIError, config: LlmConfig) -> LlmError:
    """Map an SDK exception to a project exception with a readable message."""
    import openai

    # APITimeoutError is a subclass of APIConnectionError: test it first.
    if isinstance(exc, openai.APITimeoutError):
        return LlmTransientError(
            f"The model server did not answer within {_seconds(config.timeout)}.",
            code="timeout",
            params={"seconds": config.timeout},
        )
    if isinstance(exc, openai.APIConnectionError):
        return LlmTransientError("Could not connect to the model server.", code="connection")
    if isinstance(exc, openai.APIStatusError):
        return _translate_status(exc, config)
    detail = _shorten(str(exc), _SERVER_MESSAGE_CHARS)
    return LlmPermanentError(f"The model client failed: {detail}", code="client_failed", params={"detail": detail})


def _translate_status(exc: openai.APIStatusError, config: LlmConfig) -> LlmError:
    status = exc.status_code
    detail = _server_message(exc)
    if status == 429:
        if exc.code == "insufficient_quota":
            return LlmPermanentError(
                "The model provider account has no credit or quota left (HTTP 429).",
                status_code=status,
                code="quota",
            )
        return LlmTransientError(
            "The model server is rate-limiting requests (HTTP 429).", status_code=status, code="rate_limited"
        )
    if status == 401:
        return LlmPermanentError(
            "The model server rejected the API key (HTTP 401).", status_code=status, code="bad_key"
        )
    if status == 403:
        return LlmPermanentError(
            "The API key is not allowed to use this model server or model (HTTP 403).",
            status_code=status,
            code="forbidden",
        )
    if status == 404:
        return LlmPermanentError(
            f'The model server does not know the model "{_shorten(config.model, 80)}", '
            "or its address is wrong (HTTP 404).",
            status_code=status,
            code="unknown_model",
            params={"model": _shorten(config.model, 80)},
        )
    should_retry = exc.response.headers.get("x-should-retry")
    transient = status >= 500 or status in (408, 409)
    if should_retry in ("true", "false"):
        transient = should_retry == "true"
    if status >= 500:
        code, message = "server_error", f"The model server returned an error (HTTP {status})."
    elif transient:
        code, message = "busy", f"The model server could not handle the request right now (HTTP {status})."
    else:
        code, message = "rejected", f"The model server rejected the request (HTTP {status})."
        if detail:
            message = f"The model server rejected the request (HTTP {status}): {detail}"
    cls = LlmTransientError if transient else LlmPermanentError
    return cls(message, status_code=status, code=code, params={"status": status, "detail": detail})


# --------------------------------------------------------------------------- parsing

_THINK_RE = re.compile(r"^\s*<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE_RE = re.compile(r"^\s*```[a-zA-Z0-9_-]*[ \t]*\n?(.*?)\n?[ \t]*```\s*$", re.DOTALL)


def _json_text(text: str) -> str:
    """The JSON inside a model answer: without reasoning block or Markdown fence."""
    text = _THINK_RE.sub("", text, count=1).strip()
    match = _FENCE_RE.match(text)
    if match:
        text = match.group(1).strip()
    if not text.startswith("{"):
        # "Here is the summary: {...}": keep the outermost object.
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            text = text[start : end + 1]
    return text


def _parse_content(text: str) -> SummaryContent:
    """Validate a model answer against :class:`SummaryContent` (raises ``_MalformedAnswer``)."""
    try:
        return SummaryContent.model_validate_json(_json_text(text))
    except pydantic.ValidationError as exc:
        reasons = []
        for error in exc.errors()[:3]:
            where = ".".join(str(part) for part in error["loc"]) or "answer"
            reasons.append(f"{where}: {error['msg']}")
        raise _MalformedAnswer("; ".join(reasons)) from exc


# --------------------------------------------------------------------------- calling


def _client(config: LlmConfig) -> openai.OpenAI:
    import openai

    if not config.api_key and not config.base_url:
        raise LlmPermanentError("No API key is configured for the model server.", code="no_key")
    try:
        return openai.OpenAI(
            api_key=config.api_key or NO_KEY_PLACEHOLDER,
            # Explicit, so that an OPENAI_BASE_URL environment variable cannot redirect
            # the requests behind the configuration's back.
            base_url=config.base_url or OPENAI_DEFAULT_BASE_URL,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )
    except openai.OpenAIError as exc:
        raise _translate(exc, config) from exc


def _sdk_messages(messages: list[dict[str, str]]) -> list[ChatCompletionMessageParam]:
    """The SDK's typed form of the system and user messages that summaries.prompt writes."""
    typed: list[ChatCompletionMessageParam] = []
    for message in messages:
        if message["role"] == "system":
            typed.append({"role": "system", "content": message["content"]})
        elif message["role"] == "user":
            typed.append({"role": "user", "content": message["content"]})
        else:
            raise ValueError(f"Unexpected chat message role: {message['role']!r}")
    return typed


def _ask(client: openai.OpenAI, config: LlmConfig, messages: list[dict[str, str]]) -> Any:
    import openai

    try:
        return client.chat.completions.create(
            model=config.model,
            messages=_sdk_messages(messages),
            response_format=response_format(),
        )
    except openai.OpenAIError as exc:
        raise _translate(exc, config) from exc


def _answer_text(completion: Any) -> str:
    """The text of the first choice, or a permanent error for refusals and cut answers."""
    from openai.types.chat import ChatCompletion

    choices = getattr(completion, "choices", None)
    if not isinstance(completion, ChatCompletion) or not choices:
        raise LlmPermanentError(
            "The model server's reply was not a chat completion; check its address.", code="not_a_completion"
        )
    choice = choices[0]
    message = getattr(choice, "message", None)
    refusal = getattr(message, "refusal", None)
    if refusal:
        text = _shorten(str(refusal), _REFUSAL_CHARS)
        raise LlmPermanentError(f"The model refused: {text}", code="refused", params={"detail": text})
    finish_reason = getattr(choice, "finish_reason", None)
    if finish_reason == "length":
        raise LlmPermanentError("The model's answer was cut short because it reached its length limit.", code="length")
    if finish_reason == "content_filter":
        raise LlmPermanentError("The model provider's content filter blocked the answer.", code="content_filter")
    content = getattr(message, "content", None)
    if not isinstance(content, str) or not content.strip():
        raise _MalformedAnswer("the answer was empty")
    return content


def _usage(completion: Any) -> tuple[int, int]:
    usage = getattr(completion, "usage", None)
    prompt = getattr(usage, "prompt_tokens", 0)
    completion_tokens = getattr(usage, "completion_tokens", 0)
    return (
        prompt if isinstance(prompt, int) else 0,
        completion_tokens if isinstance(completion_tokens, int) else 0,
    )


def _retry_messages(messages: list[dict[str, str]], reason: str) -> list[dict[str, str]]:
    hint = (
        "Your previous answer could not be used: it was not one JSON object matching the "
        f"required schema ({_shorten(reason, _SERVER_MESSAGE_CHARS)}). Answer again with only "
        "that JSON object: no prose, no Markdown code fence."
    )
    return [*messages, {"role": "user", "content": hint}]


def summarise(config: LlmConfig, messages: list[dict[str, str]]) -> LlmResult:
    """Ask the model for a workshop summary and return it validated.

    A malformed answer (not JSON, or JSON not matching the schema) is asked for once
    more, with a short note saying what was wrong; the token counts of both requests
    are added up. Raises :class:`LlmTransientError` or :class:`LlmPermanentError`.
    """
    prompt_tokens = completion_tokens = 0
    with _client(config) as client:
        request = messages
        for attempt in (1, 2):
            completion = _ask(client, config, request)
            used_prompt, used_completion = _usage(completion)
            prompt_tokens += used_prompt
            completion_tokens += used_completion
            try:
                content = _parse_content(_answer_text(completion))
            except _MalformedAnswer as exc:
                if attempt == 2:
                    raise LlmPermanentError(
                        "The model's answer did not match the expected format, twice in a row.", code="malformed"
                    ) from exc
                log.warning("Malformed model answer (%s); asking once more.", exc)
                request = _retry_messages(messages, str(exc))
                continue
            model = getattr(completion, "model", None)
            return LlmResult(
                content=content,
                model=model if isinstance(model, str) and model else config.model,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
    raise AssertionError("unreachable")  # pragma: no cover


__all__ = [
    "LlmConfig",
    "LlmError",
    "LlmPermanentError",
    "LlmResult",
    "LlmTransientError",
    "ProposedPoc",
    "SummaryContent",
    "TopUseCase",
    "response_format",
    "summarise",
]
