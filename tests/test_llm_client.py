"""The chat-completions client against a real loopback server: structured output, fallbacks, failures."""

from __future__ import annotations

import socket
import time

import pytest
from fixtures.llm.chat_server import ChatServer, Reply

from aigak.core.errors import BackendError
from aigak.extract.llm.client import ChatClient, ClientConfig, ResponseMode, chat_completions_url, redact_url
from aigak.extract.llm.prompt import ANSWER_SCHEMA

GOOD = {"entities": [], "relations": [], "events": [], "amounts": []}
MESSAGES = [{"role": "user", "content": "Text:\n<<<\nNothing happened.\n>>>"}]


class Waits:
    """Records the waits the client asks for, and really waits (they are short in these tests)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        time.sleep(seconds)


def client(url: str, waits: Waits | None = None, **options: object) -> ChatClient:
    settings: dict[str, object] = {"timeout_s": 2.0, "max_retries": 2, "backoff_s": 0.01, "max_wait_s": 1.0}
    settings.update(options)
    return ChatClient(ClientConfig(url=url, model="test-model", **settings),  # type: ignore[arg-type]
                      sleep=waits or Waits())


def test_structured_output_is_asked_for_with_the_schema() -> None:
    with ChatServer([Reply(GOOD)]) as server, client(server.url, key="s3cret") as c:
        answer = c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert answer.data == GOOD
    assert answer.mode is ResponseMode.JSON_SCHEMA
    sent = server.requests[0]
    assert sent["model"] == "test-model"
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == ANSWER_SCHEMA
    assert sent["temperature"] == 0
    assert server.headers[0]["authorization"] == "Bearer s3cret"


def test_no_key_sends_no_authorization_header() -> None:
    with ChatServer([Reply(GOOD)]) as server, client(server.url) as c:
        c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert "authorization" not in server.headers[0]


def test_server_without_structured_output_falls_back_to_json_object_then_plain() -> None:
    def responder(request: dict) -> Reply:
        if "response_format" in request:
            return Reply(status=400, body='{"error": {"message": "response_format is not supported"}}')
        return Reply(GOOD)

    with ChatServer(responder) as server, client(server.url) as c:
        first = c.complete_json(MESSAGES, ANSWER_SCHEMA)
        second = c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert first.mode is ResponseMode.PLAIN and second.mode is ResponseMode.PLAIN
    kinds = [r.get("response_format", {}).get("type") for r in server.requests]
    # json_schema refused, json_object refused, plain accepted; then plain straight away.
    assert kinds == ["json_schema", "json_object", None, None]


@pytest.mark.parametrize("content", [
    "```json\n" + '{"entities": [], "relations": [], "events": [], "amounts": []}' + "\n```",
    'Here is the JSON:\n{"entities": [], "relations": [], "events": [], "amounts": []}',
    '<think>The text names nobody.</think>{"entities": [], "relations": [], "events": [], "amounts": []}',
], ids=["code-fence", "preamble", "reasoning"])
def test_json_wrapped_in_prose_is_read(content: str) -> None:
    with ChatServer([Reply(content)]) as server, client(server.url) as c:
        assert c.complete_json(MESSAGES, ANSWER_SCHEMA).data == GOOD


def test_invalid_json_is_retried_then_reported() -> None:
    with ChatServer([Reply('{"entities": [ {"id": "p1", ')]) as server, client(server.url) as c, \
            pytest.raises(BackendError, match=r"not valid JSON.*gave up after 3 attempts") as info:
        c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert info.value.backend == "llm.v1"
    assert len(server.requests) == 3


def test_invalid_json_once_then_good_answer_succeeds() -> None:
    with ChatServer([Reply("not json"), Reply(GOOD)]) as server, client(server.url) as c:
        answer = c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert answer.data == GOOD and answer.attempts == 2


def test_json_that_is_not_an_object_is_refused() -> None:
    with ChatServer([Reply("[1, 2]")]) as server, client(server.url, max_retries=0) as c, \
            pytest.raises(BackendError, match="not an object"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)


def test_slow_server_times_out_with_a_clear_message() -> None:
    with ChatServer([Reply(GOOD, delay_s=1.0)]) as server, client(server.url, timeout_s=0.2, max_retries=1) as c, \
            pytest.raises(BackendError, match=r"did not answer within 0.2 s.*gave up after 2 attempts"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)


def test_server_error_is_retried_with_backoff() -> None:
    waits = Waits()
    with ChatServer([Reply(status=500), Reply(status=503), Reply(GOOD)]) as server, \
            client(server.url, waits, max_retries=3, backoff_s=0.05) as c:
        answer = c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert answer.data == GOOD and answer.attempts == 3
    assert waits.seconds == [0.05, 0.1]


def test_server_error_that_persists_is_reported() -> None:
    with ChatServer([Reply(status=500, body="model crashed")]) as server, client(server.url) as c, \
            pytest.raises(BackendError, match=r"HTTP 500: model crashed.*gave up after 3 attempts"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert len(server.requests) == 3


@pytest.mark.parametrize("retry_after", ["0.3", "Wed, 21 Oct 2015 07:28:00 GMT"], ids=["seconds", "past-date"])
def test_rate_limit_waits_as_the_server_asks(retry_after: str) -> None:
    waits = Waits()
    replies = [Reply(status=429, headers={"Retry-After": retry_after}), Reply(GOOD)]
    with ChatServer(replies) as server, client(server.url, waits, backoff_s=5.0, max_wait_s=1.0) as c:
        assert c.complete_json(MESSAGES, ANSWER_SCHEMA).data == GOOD
    assert waits.seconds == [0.3 if retry_after == "0.3" else 0.0]


def test_rate_limit_longer_than_allowed_is_reported() -> None:
    with ChatServer([Reply(status=429, headers={"Retry-After": "3600"})]) as server, client(server.url) as c, \
            pytest.raises(BackendError, match=r"HTTP 429.*asks to wait 3600 s.*Try again later"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert len(server.requests) == 1


def test_truncated_answer_is_an_error_without_retry() -> None:
    with ChatServer([Reply('{"entities": [{"id": "p1"', finish_reason="length")]) as server, \
            client(server.url, max_tokens=50) as c, \
            pytest.raises(BackendError, match=r"cut off at max_tokens=50.*raise max_tokens or lower chunk_chars"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert len(server.requests) == 1


def test_dropped_connection_is_retried_then_reported() -> None:
    with ChatServer([Reply(drop=True)]) as server, client(server.url) as c, \
            pytest.raises(BackendError, match=r"closed the connection.*gave up after 3 attempts"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)


def test_dropped_connection_once_then_good_answer_succeeds() -> None:
    with ChatServer([Reply(drop=True), Reply(GOOD)]) as server, client(server.url) as c:
        assert c.complete_json(MESSAGES, ANSWER_SCHEMA).attempts == 2


def test_server_that_went_away_is_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with client(f"http://127.0.0.1:{port}/v1") as c, \
            pytest.raises(BackendError, match=r"could not connect to the model server at http://127.0.0.1:\d+/v1"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)


@pytest.mark.parametrize(("status", "message"), [
    (401, "set AIGAK_LLM_KEY"),
    (404, "AIGAK_LLM_URL should be its OpenAI-compatible base"),
], ids=["unauthorized", "not-found"])
def test_refusals_are_not_retried_and_say_what_to_fix(status: int, message: str) -> None:
    with ChatServer([Reply(status=status)]) as server, client(server.url) as c, \
            pytest.raises(BackendError, match=message):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)
    assert len(server.requests) == 1


def test_reply_that_is_not_a_completion_is_reported() -> None:
    with ChatServer([Reply(body='{"detail": "wrong server"}')]) as server, client(server.url, max_retries=0) as c, \
            pytest.raises(BackendError, match=r"did not send an OpenAI chat-completions response"):
        c.complete_json(MESSAGES, ANSWER_SCHEMA)


@pytest.mark.parametrize(("given", "expected"), [
    ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1/chat/completions"),
    ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1/chat/completions"),
    ("http://host/v1/chat/completions", "http://host/v1/chat/completions"),
], ids=["base", "trailing-slash", "full"])
def test_endpoint_address_is_derived_from_the_base(given: str, expected: str) -> None:
    assert chat_completions_url(given) == expected


def test_credentials_in_the_url_are_never_shown() -> None:
    assert redact_url("https://user:pw@example.org:8443/v1?key=x") == "https://example.org:8443/v1"
