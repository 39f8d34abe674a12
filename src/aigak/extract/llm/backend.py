"""The `llm.v1` backend: a model on an OpenAI-compatible server proposes, aigak grounds and checks.

The model reads the article body in sentence-aligned chunks and answers with quotes
(`prompt`); each quote is found in the source (`align`) and dates, amounts and ages are read from
the found words by aigak's rules (`ground`); chunks are merged (`merge`). A failure anywhere in a
document raises `BackendError` and yields no records for it. The backend is off until
`AIGAK_LLM_URL` is set: nothing leaves the machine before that.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from aigak.core.errors import ConfigError
from aigak.core.settings import get_setting
from aigak.extract.backend import ExtractionBackend
from aigak.extract.body import find_body
from aigak.extract.llm.chunks import Chunk, split_into_chunks
from aigak.extract.llm.client import ChatClient, ClientConfig, ResponseMode, redact_url
from aigak.extract.llm.document import describe_document
from aigak.extract.llm.ground import GroundedChunk, ground_answer
from aigak.extract.llm.merge import merge_chunks
from aigak.extract.llm.prompt import ANSWER_SCHEMA, PROMPT_VERSION, build_messages
from aigak.extract.llm.readings import read_document

__all__ = ["LlmBackend", "LlmExtraction"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LlmExtraction:
    """What the model proposed for one document, grounded and merged.

    Attributes:
        records: `{"entities", "relations", "events", "amounts"}` in FORMAT.md shape with grounding keys.
        info: what the run did, for `result["backend"]`: the response form used, chunks, alignment counts.
    """

    records: dict[str, list[dict[str, Any]]]
    info: dict[str, Any]


class LlmBackend(ExtractionBackend):
    """Extraction by a language model on an OpenAI-compatible chat-completions server.

    Every keyword defaults to `default_config`; `url`, `model` and `key` default to the settings
    `AIGAK_LLM_URL`, `AIGAK_LLM_MODEL` and `AIGAK_LLM_KEY`.

    Raises:
        ConfigError: no endpoint or model is configured (the backend is off by default), or an
            option is out of range.
    """

    name: ClassVar[str] = "llm.v1"
    version: ClassVar[str] = "1"
    default_config: ClassVar[Mapping[str, Any]] = {
        "url": None, "model": None, "key": None, "timeout_s": 120.0, "max_retries": 3, "backoff_s": 2.0,
        "max_wait_s": 60.0, "max_tokens": 4096, "chunk_chars": 6000, "overlap_chars": 600,
        "response_format": "json_schema",
    }

    def __init__(self, *, url: str | None = None, model: str | None = None, key: str | None = None,
                 timeout_s: float = 120.0, max_retries: int = 3, backoff_s: float = 2.0,
                 max_wait_s: float = 60.0, max_tokens: int = 4096, chunk_chars: int = 6000,
                 overlap_chars: int = 600, response_format: str = "json_schema", **unknown: Any) -> None:
        if unknown:
            ExtractionBackend.__init__(self, **unknown)  # raises ConfigError naming the known options
        url = get_setting("llm_url", url)
        if not url:
            raise ConfigError(
                "The llm backend is off: no model server is configured. To turn it on, set AIGAK_LLM_URL "
                "to an OpenAI-compatible endpoint (for example http://127.0.0.1:11434/v1 for Ollama or "
                "http://127.0.0.1:8080/v1 for llama.cpp's server) and AIGAK_LLM_MODEL to a model it serves. "
                "The text of each document you extract is then sent to that server.")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"AIGAK_LLM_URL must start with http:// or https://, not {redact_url(url)!r}.")
        model = get_setting("llm_model", model)
        if not model:
            raise ConfigError("Set AIGAK_LLM_MODEL to the name of a model the server at "
                              f"{redact_url(url)} serves (llama.cpp's server accepts any name).")
        if chunk_chars < 500 or not 0 <= overlap_chars < chunk_chars // 2:
            raise ConfigError("chunk_chars must be at least 500 and overlap_chars less than half of it.")
        try:
            mode = ResponseMode(response_format)
        except ValueError:
            raise ConfigError(f"response_format must be one of {', '.join(m.value for m in ResponseMode)}, "
                              f"not {response_format!r}.") from None
        self.client_config = ClientConfig(
            url=url, model=model, key=get_setting("llm_key", key), timeout_s=float(timeout_s),
            max_retries=int(max_retries), backoff_s=float(backoff_s), max_wait_s=float(max_wait_s),
            max_tokens=int(max_tokens), mode=mode)
        self.chunk_chars = int(chunk_chars)
        self.overlap_chars = int(overlap_chars)
        super().__init__(**self._safe_config())

    def _safe_config(self) -> dict[str, Any]:
        """The resolved options without the key or URL credentials: what may be printed and stored."""
        c = self.client_config
        return {"url": redact_url(c.url), "model": c.model, "key": None, "timeout_s": c.timeout_s,
                "max_retries": c.max_retries, "backoff_s": c.backoff_s, "max_wait_s": c.max_wait_s,
                "max_tokens": c.max_tokens, "chunk_chars": self.chunk_chars, "overlap_chars": self.overlap_chars,
                "response_format": c.mode.value}

    def describe(self) -> dict[str, Any]:
        """The `backend` block: name, version, prompt version and the options (never the key)."""
        return {**super().describe(), "prompt": PROMPT_VERSION}

    def extract(self, text: str, *, title: str | None = None, published: str | None = None,
                sha256: str | None = None) -> dict[str, Any]:
        """The FORMAT.md object for `text`, every record grounded in it (see `propose`).

        Raises:
            BackendError: the server failed or answered badly; no records are returned.
        """
        document = describe_document(text, title=title, published=published, sha256=sha256)
        body = document["body"]
        start = find_body(text, title=title).content_start
        found = self.propose(text, span=(min(start, body[0]), body[1]), title=title,
                             reference_date=document["reference_date"])
        return {"document": document, **found.records, "backend": {**self.describe(), **found.info}}

    def propose(self, text: str, *, span: tuple[int, int] | None = None, title: str | None = None,
                reference_date: str | None = None) -> LlmExtraction:
        """Ask the model about `text[span]` and return its grounded, checked, merged records.

        Args:
            text: the document text every span points into.
            span: the range to read (headline and article body); default the whole text.
            title: the document title, given to the model as context.
            reference_date: when the text was written; relative dates are resolved against it.

        Raises:
            BackendError: the server failed or answered badly for any chunk; nothing is returned.
        """
        start, end = span if span is not None else (0, len(text))
        chunks = split_into_chunks(text, start, end, max_chars=self.chunk_chars, overlap_chars=self.overlap_chars)
        readings = read_document(text, reference_date=reference_date)
        grounded: list[GroundedChunk] = []
        with ChatClient(self.client_config) as client:
            for chunk in chunks:
                grounded.append(self._chunk(client, text, chunk, len(chunks), title, reference_date, readings))
            mode = client.mode
        merged = merge_chunks(grounded)
        dropped = merged.pop("dropped")
        counts = {status: 0 for status in ("exact", "fuzzy", "unaligned")}
        for section in ("entities", "relations", "events", "amounts"):
            for record in merged[section]:
                counts[record["alignment"]] = counts.get(record["alignment"], 0) + 1
        _log.info("llm extraction: %d chunks, %d exact, %d fuzzy, %d unaligned, %d dropped",
                  len(chunks), counts["exact"], counts["fuzzy"], counts["unaligned"], dropped)
        info = {"response_format": mode.value, "chunks": len(chunks), "alignment": counts, "dropped": dropped}
        return LlmExtraction(merged, info)

    def _chunk(self, client: ChatClient, text: str, chunk: Chunk, parts: int, title: str | None,
               reference_date: str | None, readings: Any) -> GroundedChunk:
        messages = build_messages(chunk.text, title=title, reference_date=reference_date,
                                  part=chunk.index + 1, parts=parts)
        answer = client.complete_json(messages, ANSWER_SCHEMA)
        return ground_answer(answer.data, text, chunk, readings)
