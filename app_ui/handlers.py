"""What the app's events do: each handler calls the facade and returns escaped HTML or updates.

Kept apart from the layout in ``app.py`` so the wiring there reads as a map of the page, and so
the logic can be tested without a browser.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from app_ui import render
from app_ui.i18n import labels
from core.redact import redact
from vectorstore.errors import StoreBusy, StoreError

if TYPE_CHECKING:
    from assistant.facade import Assistant

log = logging.getLogger(__name__)

FILTER_KEYS = ("date_from", "date_to", "source", "article_id", "speaker")
UPLOAD_TYPES = (".txt", ".jsonl")
_log = logging.getLogger(__name__)
QUOTES_PER_SPEAKER = 20

Turn = dict[str, Any]  # the merged stream of one question: Answer.to_dict() as it arrives
# Gradio spots a progress parameter by its default being a Progress; each call gets its own tracker.
TRACK_PROGRESS = gr.Progress()


def _one_line(exc: BaseException) -> str:
    """An error as one line without secrets, for the page."""
    first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    return redact(first)


def parse_filters(raw: dict[str, Any] | str | None) -> dict[str, str]:
    """Validate API/UI filters: known keys only, ISO dates; empty values are dropped."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"filters are not valid JSON: {exc.msg}") from exc
    if not isinstance(raw, dict):
        raise ValueError("filters must be a JSON object")
    unknown = sorted(set(raw) - set(FILTER_KEYS))
    if unknown:
        raise ValueError(f"unknown filter keys {unknown}; expected some of {list(FILTER_KEYS)}")
    filters = {key: str(value).strip() for key, value in raw.items() if value not in (None, "")}
    for key in ("date_from", "date_to"):
        if key in filters:
            try:
                filters[key] = dt.date.fromisoformat(filters[key]).isoformat()
            except ValueError as exc:
                raise ValueError(f"{key} must be a date like 2026-03-11") from exc
    return {key: value for key, value in filters.items() if value}


def history(turns: Sequence[Turn]) -> list[dict[str, str]]:
    """Earlier turns as role/content messages for follow-up questions (raw text, not markdown)."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        messages.append({"role": "user", "content": turn["question"]})
        messages.append({"role": "assistant", "content": turn["answer"]})
    return messages


def chat_messages(turns: Sequence[Turn]) -> list[dict[str, str]]:
    """The Chatbot's value: the same messages, neutralised for its markdown/HTML renderer."""
    return [
        {"role": m["role"], "content": render.chat_markdown(m["content"])} for m in history(turns)
    ]


def store_message(exc: StoreError, lang: str) -> str:
    """A store failure in the user's language (the engine's words go to the log, not the chat)."""
    log.warning("store error: %s", exc)
    return labels(lang)["store_busy" if isinstance(exc, StoreBusy) else "store_error"]


def _event_data(evt: gr.EventData) -> dict[str, Any]:
    """The JSON a clicked card sent (see CLICK_JS); anything else from the page is ignored."""
    data = evt._data
    return data if isinstance(data, dict) else {}


class Handlers:
    """Event handlers bound to one assistant."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings

    # ------------------------------------------------------------------ chat
    def respond(
        self,
        question: str,
        turns: list[Turn],
        lang: str,
        date_from: str,
        date_to: str,
        source: str,
        speaker: str,
    ) -> Iterator[tuple[Any, ...]]:
        """Stream one answer: sources as soon as retrieval is done, then the text piece by piece.

        Yields (chatbot, turns, selected turn, sources panel, question box).
        """
        question = (question or "").strip()
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        t = labels(lang)
        try:
            filters = parse_filters(
                {"date_from": date_from, "date_to": date_to, "source": source, "speaker": speaker}
            )
        except ValueError as exc:
            yield gr.skip(), gr.skip(), gr.skip(), render.notice(str(exc), "error"), gr.skip()
            return
        turn: Turn = {"question": question, "answer": "", "citations": []}
        pending = [*turns, turn]
        # Until the first words arrive the chat and the sources panel say that a search runs.
        searching = [*turns, {**turn, "answer": t["searching"]}]
        panel = render.notice(t["searching"], "busy")
        yield chat_messages(searching), turns, len(turns), panel, ""
        try:
            for part in self.assistant.stream(question, history(turns), filters):
                answer = turn["answer"] + part.get("answer", "")
                turn.update(part)
                turn["answer"] = answer
                if "citations" in part or "abstained" in part:
                    panel = render.sources_panel(turn, lang)
                shown = pending if turn["answer"] else searching
                yield chat_messages(shown), turns, len(turns), panel, ""
        except Exception as exc:  # the LLM, the store, a bad question: a message, never a crash
            if isinstance(exc, StoreError):
                error = store_message(exc, lang)
            else:
                if not isinstance(exc, ValueError | OSError):
                    _log.warning("answering failed", exc_info=True)
                error = f"{t['error']}: {_one_line(exc)}"
            shown = [*history(turns), {"role": "user", "content": question}]
            shown.append({"role": "assistant", "content": error})
            failed = [{**m, "content": render.chat_markdown(m["content"])} for m in shown]
            yield failed, turns, gr.skip(), render.notice(error, "error"), question
            return
        yield chat_messages(pending), pending, len(turns), panel, ""

    def example(self, evt: gr.SelectData) -> str:
        """An example question clicked in the empty chat goes into the question box."""
        value = evt.value
        return str(value.get("text", "")) if isinstance(value, dict) else str(value)

    def show_turn(self, turns: list[Turn], lang: str, evt: gr.SelectData) -> tuple[Any, ...]:
        """Clicking an earlier message shows that answer's sources."""
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        chosen = int(index) // 2
        if not 0 <= chosen < len(turns):
            return gr.skip(), gr.skip()
        return chosen, render.sources_panel(turns[chosen], lang)

    def new_chat(self, lang: str) -> tuple[Any, ...]:
        return [], [], -1, render.sources_panel(None, lang)

    # --------------------------------------------------------------- article
    def article_html(self, article_id: str, cited: int | None, marks: list[str], lang: str) -> str:
        """An article with one paragraph highlighted, its split chunks joined back in order."""
        chunks = self.assistant.article(article_id)
        if not chunks:
            return render.notice(labels(lang)["article_missing"], "error")
        paragraphs: dict[int, list[str]] = {}
        for chunk in chunks:
            paragraphs.setdefault(chunk.paragraph_index, []).append(chunk.text)
        meta = {**chunks[0].to_metadata(), "article_id": article_id}
        ordered = [(index, " ".join(parts)) for index, parts in sorted(paragraphs.items())]
        return render.article_view(str(meta.get("title", "")), meta, ordered, cited, marks, lang)

    def open_article(self, lang: str, evt: gr.EventData) -> tuple[Any, ...]:
        """A clicked source card: the article in the side panel, opened at the cited paragraph."""
        data = _event_data(evt)
        article_id = str(data.get("article_id") or "")
        if not article_id:
            return gr.skip(), gr.skip()
        paragraph = data.get("paragraph")
        cited = paragraph if isinstance(paragraph, int) and paragraph >= 0 else None
        marks = [m for m in data.get("marks") or [] if isinstance(m, str)]
        return self.article_html(article_id, cited, marks, lang), gr.Sidebar(open=True)

    def select_article_row(self, lang: str, evt: gr.EventData) -> tuple[Any, ...]:
        """A clicked row of the articles table: open it and preselect it for deletion."""
        view, sidebar = self.open_article(lang, evt)
        return view, sidebar, str(_event_data(evt).get("article_id") or "")

    # ---------------------------------------------------------------- verify
    def check_quote(self, claim: str, speaker: str | None, lang: str) -> str:
        t = labels(lang)
        claim = (claim or "").strip()
        if not claim:
            return render.notice(t["verify_placeholder"])
        try:
            verdict = self.assistant.verify_quote(claim, (speaker or "").strip() or None)
        except StoreError as exc:
            return render.notice(store_message(exc, lang), "error")
        except (ValueError, OSError) as exc:
            return render.notice(f"{t['error']}: {exc}", "error")
        return render.verdict_view(verdict.to_dict(), lang)

    # -------------------------------------------------------------- articles
    def catalog(self, lang: str) -> tuple[Any, ...]:
        """Everything that lists articles or speakers, refreshed after an ingest or delete.

        Returns (articles table, outlet filter, speaker filter, verify speaker, delete id,
        speakers list).
        """
        t = labels(lang)
        rows = self.assistant.articles()
        speakers = self.assistant.speakers(None)
        outlets = sorted({row.source for row in rows if row.source})
        names = sorted({str(s["speaker"]) for s in speakers if s.get("speaker")})
        any_choice = [(t["any"], "")]
        return (
            render.articles_table(rows, lang),
            gr.Dropdown(choices=any_choice + [(o, o) for o in outlets]),
            gr.Dropdown(choices=any_choice + [(n, n) for n in names]),
            gr.Dropdown(choices=names),
            gr.Dropdown(choices=[row.article_id for row in rows], value=None),
            render.speakers_view(speakers, lang),
        )

    def ingest(
        self, files: list[str] | None, lang: str, progress: gr.Progress = TRACK_PROGRESS
    ) -> str:
        """Index the uploaded files; oversized or foreign files are rejected one line each."""
        t = labels(lang)
        if not files:
            return render.notice(t["no_files"], "error")
        limit = self.settings.max_upload_mb
        accepted: list[str] = []
        rejected: list[str] = []
        names: dict[str, str] = {}
        for path in map(Path, files):
            names[str(path)] = path.name
            try:
                size_mb = path.stat().st_size / 1_000_000
            except OSError as exc:
                rejected.append(f"{path.name}: {t['error']}: {exc.strerror or exc}")
                continue
            if path.suffix.lower() not in UPLOAD_TYPES:
                rejected.append(f"{path.name}: {t['bad_type']}")
            elif size_mb > limit:
                rejected.append(f"{path.name}: {t['too_large'].format(size=size_mb, limit=limit)}")
            else:
                accepted.append(str(path))
        report: dict[str, Any] = {"added": [], "unchanged": [], "replaced": [], "rejected": []}
        if accepted:

            def on_progress(done: int, total: int) -> None:
                progress((done, total), desc=t["ingest"], unit="article")

            try:
                report.update(self.assistant.ingest(accepted, on_progress=on_progress).to_dict())
            except StoreError as exc:
                return render.notice(store_message(exc, lang), "error")
            except Exception as exc:  # the store failed: say so, keep the per-file lines
                _log.warning("ingest failed", exc_info=True)
                report["rejected"] = [f"{t['error']}: {_one_line(exc)}"]
        lines = []
        for line in [*rejected, *report["rejected"]]:
            for full, short in names.items():  # upload cache paths mean nothing to the user
                line = line.replace(full, short)
            lines.append(line)
        report["rejected"] = lines
        return render.ingest_report(report, lang)

    def delete(self, article_id: str | None, lang: str) -> str:
        t = labels(lang)
        article_id = (article_id or "").strip()
        if not article_id:
            return render.notice(t["choose_id"], "error")
        try:
            deleted = self.assistant.delete(article_id)
        except StoreError as exc:
            return render.notice(store_message(exc, lang), "error")
        if deleted:
            return render.notice(t["deleted"].format(id=article_id), "ok")
        return render.notice(t["not_deleted"].format(id=article_id), "error")

    # -------------------------------------------------------------- speakers
    def search_speakers(self, query: str, lang: str) -> str:
        return render.speakers_view(self.assistant.speakers((query or "").strip() or None), lang)

    def speaker_quotes(self, speaker: str, about: str, lang: str) -> str:
        """A speaker's quoted paragraphs, ranked by ``about`` when given."""
        if not speaker:
            return render.notice(labels(lang)["pick_speaker"])
        about = (about or "").strip() or None
        try:
            cited = self.assistant.quotes(speaker, about, QUOTES_PER_SPEAKER)
        except ValueError as exc:  # no speaker of record by that name (any more)
            return render.notice(f"{labels(lang)['error']}: {exc}", "error")
        return render.quote_cards(speaker, [c.to_dict() for c in cited], lang, about is not None)

    def pick_speaker(self, about: str, lang: str, evt: gr.EventData) -> tuple[str, str]:
        name = str(_event_data(evt).get("speaker") or "")
        return name, self.speaker_quotes(name, about, lang)
