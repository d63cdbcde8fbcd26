"""The optional LLM answer mode: a chat model writes, the quote gate checks.

The model is any LangChain ``BaseChatModel`` (``Assistant(llm=...)``); ``ASSISTANT_LLM_BASE_URL``
and its companions are a convenience that builds a ``ChatOpenAI`` for an OpenAI-compatible
endpoint.

The extractive answerer stays the default; this mode reads more naturally but a model can
misquote or obey text planted in an article. So the paragraphs go to the model as delimited data
under rules it is told to follow, and nothing it writes reaches the reader before
``assistant.quote_gate`` has verified its quotes and citations -- in ``stream`` too, sentence by
sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.answer_types import Citation
from assistant.quote_gate import ABSTAIN_TOKEN, GateResult, StreamGate, gate
from core.redact import redact, register_secret
from prompts import template

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from core.settings import Settings

#: Chat history as the app keeps it: role/content dicts, or (user, assistant) pairs.
History = Sequence[Mapping[str, str]] | Sequence[tuple[str, str]]

_LANGUAGE_NAMES = {"kk": "Kazakh (қазақ тілі)", "ru": "Russian (русский язык)", "en": "English"}
_DELIMITER_LOOKALIKES = str.maketrans({"⟦": "[", "⟧": "]", "〚": "[", "〛": "]"})
_MESSAGE_OVERHEAD = 4  # tokens the chat format adds around each message
_MIN_RESERVE = 512
_RESERVE_SHARE = 0.25
_HISTORY_MESSAGES = 6  # the last three exchanges are enough to resolve "he" or "that plan"


class LLMError(RuntimeError):
    """The model endpoint failed (unreachable, timed out, refused): the caller can fall back."""


@dataclass(frozen=True)
class LLMResult:
    """A gated LLM answer, with what the model saw and wrote for auditing."""

    text: str
    quotes: tuple[str, ...]  # verbatim spans quoted in ``text``, exact substrings of sources
    abstained: bool
    gate: GateResult
    shown: tuple[int, ...]  # Citation.n of the paragraphs the model saw, as its [1], [2], ...
    raw: str  # the model's own text, before the gate


@dataclass(frozen=True)
class _Prompt:
    messages: list[BaseMessage]
    shown: tuple[Citation, ...]


def _escape(text: str) -> str:
    """Article text cannot write the prompt's delimiters: look-alike brackets become plain ones."""
    return text.translate(_DELIMITER_LOOKALIKES)


def _one_line(text: str) -> str:
    """Metadata on one line, so a title cannot fake the next field or block."""
    return _escape(" ".join(text.split()))


def _paragraph(k: int, citation: Citation) -> str:
    speaker = citation.speaker
    if speaker and citation.speaker_role:
        speaker = f"{speaker} ({citation.speaker_role})"
    return (
        template("llm_paragraph")
        .strip()
        .format(
            n=k,
            title=_one_line(citation.title) or "-",
            date=_one_line(citation.date) or "-",
            source=_one_line(citation.source) or "-",
            speaker=_one_line(speaker) or "-",
            text=_escape(citation.text.strip()),
        )
    )


def _history_messages(history: History | None) -> list[BaseMessage]:
    """The most recent turns as chat messages (empty turns skipped)."""
    turns: list[tuple[str, str]] = []
    for turn in history or ():
        if isinstance(turn, Mapping):
            turns.append((str(turn.get("role", "")), str(turn.get("content") or "")))
        else:
            turns.extend([("user", str(turn[0] or "")), ("assistant", str(turn[1] or ""))])
    messages: list[BaseMessage] = [
        HumanMessage(content) if role == "user" else AIMessage(content)
        for role, content in turns
        if content.strip() and role in ("user", "assistant")
    ]
    return messages[-_HISTORY_MESSAGES:]


class LLMAnswerer:
    """Answers from the given paragraphs with a chat model, through the verbatim-quote gate."""

    def __init__(
        self,
        *,
        context_tokens: int,
        count_tokens: Callable[[str], int],
        chat: BaseChatModel | None = None,
        base_url: str = "",
        model: str = "default",
        api_key: str = "not-needed",
        timeout: float = 60.0,
    ) -> None:
        """``chat``: the model to use; without it, a ``ChatOpenAI`` for ``base_url`` is built
        on first use."""
        if chat is None and not base_url:
            raise ValueError("an LLM answerer needs a chat model or an endpoint URL")
        self._given_chat = chat
        self.base_url = base_url
        self.model = model
        self.api_key = api_key
        register_secret(api_key)
        self.context_tokens = context_tokens
        self.timeout = timeout
        self.count_tokens = count_tokens

    @property
    def name(self) -> str:
        """The model as error messages name it: the endpoint, or the chat model's type."""
        if self._given_chat is not None:
            return f"chat model {type(self._given_chat).__name__}"
        return self.base_url

    @classmethod
    def from_settings(cls, settings: Settings, count_tokens: Callable[[str], int]) -> LLMAnswerer:
        """The answerer ``ASSISTANT_LLM_*`` describes; only meaningful when a base URL is set."""
        if not settings.llm_base_url:
            raise ValueError("ASSISTANT_LLM_BASE_URL is not set; the extractive answerer applies")
        return cls(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key.get_secret_value(),
            context_tokens=settings.llm_context_tokens,
            timeout=settings.llm_timeout_s,
            count_tokens=count_tokens,
        )

    @cached_property
    def _chat(self) -> BaseChatModel:
        """The given model, or a ``ChatOpenAI`` built on first use (importing langchain_openai
        and opening its clients is not free)."""
        if self._given_chat is not None:
            return self._given_chat
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=self.base_url,
            model=self.model,
            api_key=self.api_key,
            timeout=self.timeout,
            max_retries=1,
            streaming=True,
            temperature=0.0,
            use_responses_api=False,  # the contract is /chat/completions, whatever the model name
        )

    @property
    def prompt_budget(self) -> int:
        """Tokens the prompt may use: the window minus a reserve for the answer."""
        reserve = max(_MIN_RESERVE, int(self.context_tokens * _RESERVE_SHARE))
        return self.context_tokens - reserve

    def _tokens(self, messages: Sequence[BaseMessage]) -> int:
        return sum(self.count_tokens(m.text) + _MESSAGE_OVERHEAD for m in messages)

    def _prompt(
        self,
        question: str,
        language: str,
        citations: Sequence[Citation],
        history: History | None,
    ) -> _Prompt:
        """The messages, with as many paragraphs (in rank order) and turns as the budget allows.

        A paragraph that does not fit is left out whole, never cut (a cut could end mid-quote);
        history gives way first. The model numbers the paragraphs it sees 1..m; the gate maps
        them back to the citations' own numbers.
        """
        values = {"language_name": _LANGUAGE_NAMES[language], "abstain_token": ABSTAIN_TOKEN}
        system = SystemMessage(template("llm_system").format(**values))
        asked = _escape(question.strip())

        def render(shown: Sequence[Citation], past: list[BaseMessage]) -> list[BaseMessage]:
            blocks = "\n\n".join(_paragraph(k, c) for k, c in enumerate(shown, start=1))
            user = template("llm_user").format(question=asked, paragraphs=blocks, **values)
            return [system, *past, HumanMessage(user)]

        shown: list[Citation] = []
        for citation in citations:
            if self._tokens(render([*shown, citation], [])) <= self.prompt_budget:
                shown.append(citation)
        past = _history_messages(history)
        while past and self._tokens(render(shown, past)) > self.prompt_budget:
            past = past[1:]
        return _Prompt(render(shown, past), tuple(shown))

    def _failure(self, error: Exception) -> LLMError:
        """One line, without secrets: the key and URL credentials are masked, and the provider's
        error body (which may echo the request) is reduced to its status."""
        status = getattr(error, "status_code", None)
        reason = f"HTTP {status}" if status else type(error).__name__
        return LLMError(redact(f"the LLM ({self.name}) failed ({reason})", [self.api_key]))

    def _invoke(self, messages: list[BaseMessage]) -> str:
        try:
            return str(self._chat.invoke(messages).text)
        except Exception as error:  # any model's failure: the caller falls back
            raise self._failure(error) from None

    def answer(
        self,
        question: str,
        language: str,
        citations: Sequence[Citation],
        history: History | None = None,
    ) -> LLMResult:
        """The model's answer to ``question`` from ``citations`` (ranked), after the gate.

        Abstains, with the localized ``abstain`` frame, when the model replies NOT_IN_ARTICLES,
        when nothing it wrote survives the gate, or when no paragraph fits the context window.
        """
        prompt = self._prompt(question, language, citations, history)
        raw = self._invoke(prompt.messages) if prompt.shown else ""
        return _result(gate(raw, prompt.shown, language), prompt.shown, raw)

    def stream(
        self,
        question: str,
        language: str,
        citations: Sequence[Citation],
        history: History | None = None,
    ) -> Generator[str, None, LLMResult]:
        """``answer`` as it is produced: gated sentences, each released once it is complete.

        The pieces join to exactly ``answer``'s text for the same model output; the generator
        returns the full ``LLMResult`` (``result = yield from answerer.stream(...)``).
        """
        prompt = self._prompt(question, language, citations, history)
        checker = StreamGate(prompt.shown, language)
        raw: list[str] = []
        if prompt.shown:
            try:
                for chunk in self._chat.stream(prompt.messages):
                    raw.append(str(chunk.text))
                    yield from checker.feed(raw[-1])
            except Exception as error:  # any model's failure: the caller falls back
                raise self._failure(error) from None
        yield from checker.finish()
        return _result(checker.result(), prompt.shown, "".join(raw))

    def condense(self, question: str, history: History | None, language: str) -> str:
        """``question`` rewritten to stand alone given the chat so far (same language).

        Retrieval sees only this one question, so "what did he say next?" must name "he".
        Without history the question is returned as is, without a model call.
        """
        past = _history_messages(history)
        if not past:
            return question

        def render(turns: list[BaseMessage]) -> list[BaseMessage]:
            lines = "\n".join(
                f"{'User' if isinstance(m, HumanMessage) else 'Assistant'}: {_one_line(m.text)}"
                for m in turns
            )
            prompt = template("llm_condense").format(
                language_name=_LANGUAGE_NAMES[language],
                history=lines,
                question=_escape(question.strip()),
            )
            return [HumanMessage(prompt)]

        while len(past) > 1 and self._tokens(render(past)) > self.prompt_budget:
            past = past[1:]
        reply = self._invoke(render(past))
        return next((line.strip() for line in reply.splitlines() if line.strip()), question)


def _result(gated: GateResult, shown: Sequence[Citation], raw: str) -> LLMResult:
    return LLMResult(
        text=gated.text,
        quotes=gated.quotes_kept,
        abstained=gated.abstained,
        gate=gated,
        shown=tuple(c.n for c in shown),
        raw=raw,
    )
