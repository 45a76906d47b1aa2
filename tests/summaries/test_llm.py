"""summaries.llm against the real openai SDK and the scripted server in tests/llm_server.py."""

import json
import pickle
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summaries.llm import (
    MAX_ITEMS,
    MAX_TEXT,
    LlmConfig,
    LlmError,
    LlmPermanentError,
    LlmResult,
    LlmTransientError,
    SummaryContent,
    summarise,
)
from tests import llm_server as fake_llm
from tests.llm_server import (
    SAMPLE_SUMMARY,
    FakeLlmServer,
    Reply,
    delayed,
    error_reply,
    length_reply,
    malformed_reply,
    refusal_reply,
    summary_reply,
)

# The fixture, made available to this module (a plain import of it would be
# reported by ruff as redefined by every test parameter of the same name).
llm_server = fake_llm.llm_server

MESSAGES = [
    {"role": "system", "content": "Summarise the workshop as JSON."},
    {"role": "user", "content": "<workshop_data>{}</workshop_data>"},
]


def config_for(server: FakeLlmServer, **kwargs) -> LlmConfig:
    return LlmConfig(api_key="sk-test", base_url=server.base_url, model="test-model", **kwargs)


def test_config_defaults_leave_retrying_to_celery():
    config = LlmConfig(api_key="k", base_url=None, model="m")
    assert config.timeout == 30.0
    assert config.max_retries == 0


def test_success_parses_content_usage_and_model(llm_server):
    llm_server.script(summary_reply(model="served-model-2024", prompt_tokens=1234, completion_tokens=321))

    result = summarise(config_for(llm_server), MESSAGES)

    assert isinstance(result, LlmResult)
    assert result.content == SummaryContent.model_validate(SAMPLE_SUMMARY)
    assert result.content.top_use_cases[0].title == "Invoice extraction"
    assert result.content.proposed_pocs[0].rationale == "Quick win with existing data."
    assert result.model == "served-model-2024"
    assert (result.prompt_tokens, result.completion_tokens) == (1234, 321)
    assert len(llm_server.requests) == 1


def test_request_carries_model_messages_and_schema(llm_server):
    summarise(config_for(llm_server), MESSAGES)

    (body,) = llm_server.requests
    assert body["model"] == "test-model"
    assert body["messages"] == MESSAGES
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"]
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema == SummaryContent.model_json_schema()
    assert set(schema["required"]) == {
        "key_themes",
        "top_use_cases",
        "disagreements",
        "risks_and_compliance",
        "proposed_pocs",
        "next_steps",
    }
    assert schema["additionalProperties"] is False
    assert schema["properties"]["key_themes"]["maxItems"] == MAX_ITEMS
    assert not body.get("stream")
    assert llm_server.request_headers[0]["authorization"] == "Bearer sk-test"


def test_rate_limit_is_transient(llm_server):
    llm_server.script(error_reply(429))

    with pytest.raises(LlmTransientError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert caught.value.status_code == 429
    assert "429" in str(caught.value)
    assert len(llm_server.requests) == 1  # max_retries=0: no SDK retry


def test_server_error_is_transient_with_status(llm_server):
    llm_server.script(error_reply(500))

    with pytest.raises(LlmTransientError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert caught.value.status_code == 500
    assert str(caught.value) == "The model server returned an error (HTTP 500)."
    assert len(llm_server.requests) == 1


@pytest.mark.parametrize("status", [502, 503, 408])
def test_other_retryable_statuses_are_transient(llm_server, status):
    llm_server.script(error_reply(status))

    with pytest.raises(LlmTransientError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert caught.value.status_code == status


def test_timeout_is_transient_and_says_so(llm_server):
    llm_server.script(delayed(summary_reply(), 2))

    started = time.monotonic()
    with pytest.raises(LlmTransientError) as caught:
        summarise(config_for(llm_server, timeout=0.5), MESSAGES)

    assert time.monotonic() - started < 1.5
    assert str(caught.value) == "The model server did not answer within 0.5 seconds."
    assert caught.value.status_code is None


def test_connection_refused_is_transient():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = LlmConfig(api_key="k", base_url=f"http://127.0.0.1:{port}/v1", model="m")

    with pytest.raises(LlmTransientError, match="Could not connect"):
        summarise(config, MESSAGES)


def test_malformed_once_then_valid_succeeds_with_two_requests(llm_server):
    llm_server.script(
        malformed_reply(prompt_tokens=100, completion_tokens=10),
        summary_reply(prompt_tokens=150, completion_tokens=90),
    )

    result = summarise(config_for(llm_server), MESSAGES)

    assert result.content.key_themes == SAMPLE_SUMMARY["key_themes"]
    assert len(llm_server.requests) == 2
    first, second = llm_server.requests
    assert first["messages"] == MESSAGES
    # The second request repeats the conversation plus a note on what went wrong.
    assert second["messages"][: len(MESSAGES)] == MESSAGES
    assert second["messages"][-1]["role"] == "user"
    assert "JSON" in second["messages"][-1]["content"]
    # Both requests were paid for.
    assert (result.prompt_tokens, result.completion_tokens) == (250, 100)


def test_malformed_twice_is_permanent(llm_server):
    missing_fields = json.dumps({"key_themes": ["Only themes"]})
    llm_server.script(malformed_reply(), malformed_reply(missing_fields))

    with pytest.raises(LlmPermanentError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert "did not match the expected format" in str(caught.value)
    assert len(llm_server.requests) == 2


def test_json_with_wrong_types_counts_as_malformed(llm_server):
    wrong = dict(SAMPLE_SUMMARY, top_use_cases=["just a string"])
    llm_server.script(malformed_reply(json.dumps(wrong)))

    with pytest.raises(LlmPermanentError, match="expected format"):
        summarise(config_for(llm_server), MESSAGES)
    assert len(llm_server.requests) == 2


@pytest.mark.parametrize(
    "text",
    [
        "```json\n" + json.dumps(SAMPLE_SUMMARY, indent=2) + "\n```",
        "```\n" + json.dumps(SAMPLE_SUMMARY) + "\n```\n",
        "<think>Let me see.</think>\n" + json.dumps(SAMPLE_SUMMARY),
        "Here is the summary:\n" + json.dumps(SAMPLE_SUMMARY),
    ],
)
def test_wrapped_json_is_accepted(llm_server, text):
    llm_server.script(summary_reply(text))

    result = summarise(config_for(llm_server), MESSAGES)

    assert result.content.next_steps == SAMPLE_SUMMARY["next_steps"]
    assert len(llm_server.requests) == 1


def test_runaway_answer_is_bounded(llm_server):
    huge = dict(SAMPLE_SUMMARY, key_themes=["x" * 5000] * 40, extra_key="ignored")
    llm_server.script(summary_reply(huge))

    result = summarise(config_for(llm_server), MESSAGES)

    assert len(result.content.key_themes) == MAX_ITEMS
    assert all(len(theme) == MAX_TEXT for theme in result.content.key_themes)
    assert result.content.key_themes[0].endswith("…")


def test_cut_short_answer_is_permanent(llm_server):
    llm_server.script(length_reply())

    with pytest.raises(LlmPermanentError, match="cut short"):
        summarise(config_for(llm_server), MESSAGES)
    assert len(llm_server.requests) == 1


def test_refusal_is_permanent_and_quotes_the_model(llm_server):
    llm_server.script(refusal_reply("I cannot summarise this content."))

    with pytest.raises(LlmPermanentError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert str(caught.value) == "The model refused: I cannot summarise this content."
    assert len(llm_server.requests) == 1


def test_long_refusal_is_truncated(llm_server):
    llm_server.script(refusal_reply("No. " * 500))

    with pytest.raises(LlmPermanentError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert len(str(caught.value)) < 400


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (401, "API key"),
        (403, "not allowed"),
        (404, '"test-model"'),
        (400, "rejected the request"),
        (422, "rejected the request"),
    ],
)
def test_client_errors_are_permanent(llm_server, status, words):
    llm_server.script(error_reply(status))

    with pytest.raises(LlmPermanentError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert caught.value.status_code == status
    assert words in str(caught.value)
    assert f"HTTP {status}" in str(caught.value)
    assert len(llm_server.requests) == 1


def test_exhausted_quota_is_permanent(llm_server):
    llm_server.script(error_reply(429, code="insufficient_quota"))

    with pytest.raises(LlmPermanentError) as caught:
        summarise(config_for(llm_server), MESSAGES)

    assert caught.value.status_code == 429


def test_reply_that_is_not_a_completion_is_permanent(llm_server):
    llm_server.script(Reply(body="<html>Welcome to nginx</html>"))

    with pytest.raises(LlmPermanentError, match="not a chat completion"):
        summarise(config_for(llm_server), MESSAGES)


def test_missing_key_for_openai_is_permanent_without_request():
    with pytest.raises(LlmPermanentError, match="No API key"):
        summarise(LlmConfig(api_key="", base_url=None, model="m"), MESSAGES)


def test_self_hosted_server_needs_no_key(llm_server):
    config = LlmConfig(api_key="", base_url=llm_server.base_url, model="llama")

    assert summarise(config, MESSAGES).content.key_themes


def test_every_error_is_an_llm_error():
    assert issubclass(LlmTransientError, LlmError)
    assert issubclass(LlmPermanentError, LlmError)
    assert not issubclass(LlmTransientError, LlmPermanentError)


def test_errors_survive_pickling():
    error = LlmTransientError("The model server returned an error (HTTP 502).", status_code=502)

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is LlmTransientError
    assert str(copy) == "The model server returned an error (HTTP 502)."
    assert copy.status_code == 502


def test_server_stops_quickly_with_a_delayed_answer_pending():
    server = FakeLlmServer(delayed(summary_reply(), 30)).start()
    config = config_for(server, timeout=0.2)
    with pytest.raises(LlmTransientError):
        summarise(config, MESSAGES)

    started = time.monotonic()
    server.stop()

    assert time.monotonic() - started < 2


def test_modules_import_no_django():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, summaries.llm, summaries.prompt; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django']; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True, timeout=60)
