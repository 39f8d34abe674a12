"""The optional language-model backend: any OpenAI-compatible chat endpoint, grounded and checked.

`client` speaks the chat-completions protocol, `prompt` asks for quotes instead of offsets,
`chunks` splits long texts at sentences, `align` finds each quote in the source, `ground` turns an
answer into FORMAT.md records, `merge` joins chunks, and `backend`/`ensemble` are the registered
backends `llm.v1` and `ensemble.v1`. Nothing is sent anywhere unless `AIGAK_LLM_URL` is set.
"""

__all__: list[str] = []
