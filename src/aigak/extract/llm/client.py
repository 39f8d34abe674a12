"""A small client for OpenAI-compatible chat-completions servers (Ollama, llama.cpp, vLLM, ...).

It asks for JSON that follows a schema, in the strictest form the server accepts: first
`response_format: json_schema` (structured output), then `json_object`, then plain text with the
schema only in the prompt; the first form the server takes is kept for later requests. Every way a
request can fail (timeout, refused or dropped connection, HTTP 5xx, 429 rate limit, an answer that
is not JSON or was cut off) is retried where that can help and otherwise becomes one
`BackendError` that says what to do. Nothing is returned from a failed request.
"""

from __future__ import annotations

import enum
import json
import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

import httpx

from aigak.core.errors import BackendError

__all__ = ["ChatAnswer", "ChatClient", "ClientConfig", "ResponseMode", "chat_completions_url", "redact_url"]

BACKEND_NAME = "llm.v1"
_log = logging.getLogger(__name__)
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)


class ResponseMode(enum.StrEnum):
    """How the server is asked for JSON, strictest first."""

    JSON_SCHEMA = "json_schema"
    JSON_OBJECT = "json_object"
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Where the model is and how patiently to talk to it.

    Attributes:
        url: the server's OpenAI-compatible base (`http://127.0.0.1:11434/v1`) or the full
            `.../chat/completions` address.
        model: the model name the server knows.
        key: bearer token, when the server needs one.
        timeout_s: how long to wait for one answer.
        max_retries: further attempts after a failed one (timeouts, 5xx, 429, dropped connections,
            answers that are not JSON).
        backoff_s: wait before the first retry; doubled for each further retry.
        max_wait_s: the longest wait accepted, for backoff or a server's Retry-After.
        max_tokens: the answer length asked for.
        temperature: sampling temperature (0: as repeatable as the server allows).
        mode: the response form to try first.
    """

    url: str
    model: str
    key: str | None = None
    timeout_s: float = 120.0
    max_retries: int = 3
    backoff_s: float = 2.0
    max_wait_s: float = 60.0
    max_tokens: int = 4096
    temperature: float = 0.0
    mode: ResponseMode = ResponseMode.JSON_SCHEMA


@dataclass(frozen=True, slots=True)
class ChatAnswer:
    """A parsed answer.

    Attributes:
        data: the JSON object the model returned.
        mode: the response form the server accepted.
        attempts: how many requests it took.
    """

    data: dict[str, Any]
    mode: ResponseMode
    attempts: int


def chat_completions_url(url: str, *, keep_credentials: bool = True) -> str:
    """The chat-completions address for a base URL (`.../v1` → `.../v1/chat/completions`).

    A query string (`?api-version=...`) is kept; user name and password only if `keep_credentials`.
    """
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    netloc = parts.netloc if keep_credentials else parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, path, parts.query, ""))


def redact_url(url: str) -> str:
    """The URL without user name or password, safe to print and to store with a run."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class _Retryable(Exception):
    """One attempt failed in a way another attempt may fix; `message` is what the user would read."""

    def __init__(self, message: str, *, wait_s: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait_s = wait_s


class _Downgrade(Exception):
    """The server refused the response form; try the next, less strict one."""


class ChatClient:
    """Sends chat requests to one OpenAI-compatible server and returns parsed JSON answers."""

    def __init__(self, config: ClientConfig, *, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        # A key is sent as a bearer token; it then replaces credentials written in the URL, which
        # httpx would otherwise send as Basic authentication in the same header.
        self.endpoint = chat_completions_url(config.url, keep_credentials=not config.key)
        self.mode = config.mode
        self._sleep = sleep
        headers = {"Accept": "application/json", "User-Agent": "aigak"}
        if config.key:
            headers["Authorization"] = f"Bearer {config.key}"
        self._http = httpx.Client(timeout=httpx.Timeout(config.timeout_s, connect=min(10.0, config.timeout_s)),
                                  headers=headers, transport=transport, trust_env=False)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def where(self) -> str:
        """The endpoint without credentials, for messages."""
        return redact_url(self.endpoint)

    def complete_json(self, messages: Sequence[Mapping[str, str]], schema: Mapping[str, Any], *,
                      schema_name: str = "aigak_extraction") -> ChatAnswer:
        """Ask the model and return its answer as a JSON object.

        Args:
            messages: the chat messages (`{"role": ..., "content": ...}`).
            schema: the JSON schema the answer must follow (also stated in the prompt by the caller,
                for servers that accept no structured output).
            schema_name: the name given to the schema in `response_format`.

        Raises:
            BackendError: the server could not be reached, kept failing, refused the request, or
                its answer was not JSON or was cut off; the message says which and what to do.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                data = self._attempt(messages, schema, schema_name)
                return ChatAnswer(data, self.mode, attempt)
            except _Downgrade:
                attempt -= 1  # the server's refusal of a form is not a failed attempt
                continue
            except _Retryable as failure:
                if attempt > self.config.max_retries:
                    tries = "1 attempt" if attempt == 1 else f"{attempt} attempts"
                    raise BackendError(f"{failure.message} (gave up after {tries}).",
                                       backend=BACKEND_NAME) from failure
                wait = failure.wait_s
                if wait is None:
                    wait = self.config.backoff_s * 2 ** (attempt - 1)
                if wait > self.config.max_wait_s:
                    raise BackendError(f"{failure.message}; the server asks to wait {wait:g} s, more than "
                                       f"the {self.config.max_wait_s:g} s allowed. Try again later.",
                                       backend=BACKEND_NAME) from failure
                _log.info("llm request attempt %d failed, retrying in %.2f s", attempt, wait)
                self._sleep(wait)

    def _payload(self, messages: Sequence[Mapping[str, str]], schema: Mapping[str, Any],
                 schema_name: str) -> dict[str, Any]:
        payload: dict[str, Any] = {"model": self.config.model, "messages": [dict(m) for m in messages],
                                   "temperature": self.config.temperature, "max_tokens": self.config.max_tokens,
                                   "stream": False}
        if self.mode is ResponseMode.JSON_SCHEMA:
            payload["response_format"] = {"type": "json_schema",
                                          "json_schema": {"name": schema_name, "schema": dict(schema)}}
        elif self.mode is ResponseMode.JSON_OBJECT:
            payload["response_format"] = {"type": "json_object"}
        return payload

    def _attempt(self, messages: Sequence[Mapping[str, str]], schema: Mapping[str, Any],
                 schema_name: str) -> dict[str, Any]:
        try:
            response = self._http.post(self.endpoint, json=self._payload(messages, schema, schema_name))
        except httpx.TimeoutException as exc:
            raise _Retryable(f"the model server at {self.where} did not answer within "
                             f"{self.config.timeout_s:g} s; raise timeout_s or use a smaller model") from exc
        except httpx.ConnectError as exc:
            raise _Retryable(f"could not connect to the model server at {self.where} ({exc}); is it "
                             "running, and is AIGAK_LLM_URL right?") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"the model server at {self.where} closed the connection before answering "
                             f"({type(exc).__name__}); check that it is still running") from exc
        return self._read(response)

    def _read(self, response: httpx.Response) -> dict[str, Any]:
        status = response.status_code
        if status == 429:
            raise _Retryable(f"the model server at {self.where} is rate-limiting requests (HTTP 429)",
                             wait_s=_retry_after(response.headers.get("Retry-After")))
        if status >= 500:
            raise _Retryable(f"the model server at {self.where} failed with HTTP {status}: {_snippet(response)}")
        if status in (400, 422) and self.mode is not ResponseMode.PLAIN:
            previous = self.mode
            self.mode = ResponseMode.JSON_OBJECT if previous is ResponseMode.JSON_SCHEMA else ResponseMode.PLAIN
            _log.info("server refused response_format %s (HTTP %d); trying %s", previous, status, self.mode)
            raise _Downgrade
        if status in (401, 403):
            raise BackendError(f"the model server at {self.where} refused the request (HTTP {status}); "
                               "set AIGAK_LLM_KEY to a key it accepts.", backend=BACKEND_NAME)
        if status == 404:
            raise BackendError(f"the model server at {self.where} answered HTTP 404 ({_snippet(response)}); "
                               "AIGAK_LLM_URL should be its OpenAI-compatible base such as "
                               "http://127.0.0.1:11434/v1, and AIGAK_LLM_MODEL a model it has.",
                               backend=BACKEND_NAME)
        if status >= 400:
            raise BackendError(f"the model server at {self.where} rejected the request with HTTP {status}: "
                               f"{_snippet(response)}", backend=BACKEND_NAME)
        try:
            body = response.json()
            choice = body["choices"][0]
            content = choice["message"]["content"]
            finish = choice.get("finish_reason")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise _Retryable(f"the server at {self.where} did not send an OpenAI chat-completions "
                             f"response ({_snippet(response)})") from exc
        if finish == "length":
            raise BackendError(f"the model's answer was cut off at max_tokens={self.config.max_tokens} "
                               "(finish_reason 'length'); raise max_tokens or lower chunk_chars so each "
                               "answer fits. No records were kept.", backend=BACKEND_NAME)
        return _parse_json_object(content if isinstance(content, str) else "")


def _parse_json_object(content: str) -> dict[str, Any]:
    """The JSON object in a model's reply, tolerating code fences and a reasoning preamble."""
    text = _THINK.sub("", content).strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    if not text.startswith("{"):
        first, last = text.find("{"), text.rfind("}")
        if 0 <= first < last:
            text = text[first:last + 1]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Retryable(f"the model's answer was not valid JSON ({exc.msg} at character {exc.pos}); "
                         "try a model that supports structured output, or a smaller chunk_chars") from exc
    if not isinstance(data, dict):
        raise _Retryable(f"the model's answer was JSON but not an object (a {type(data).__name__})")
    return data


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _snippet(response: httpx.Response) -> str:
    """The start of a response body for an error message (servers put the reason there)."""
    try:
        text = response.text
    except (UnicodeDecodeError, httpx.HTTPError):
        return "unreadable body"
    text = " ".join(text.split())
    return (text[:200] + "…") if len(text) > 200 else (text or "empty body")
