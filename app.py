"""The Gradio app: chat with cited answers, quote verification, articles and speakers.

Gradio UI only: every answer, verdict and listing comes from the ``Assistant`` facade, and every
string from an article reaches the page through ``app_ui.render``, which escapes it. The ``/ask``
and ``/verify`` endpoints return exactly the dictionaries of the Python API and the CLI's --json.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.runtime import configure_process

configure_process()  # before gradio loads: it reads GRADIO_ANALYTICS_ENABLED at import

import gradio as gr  # noqa: E402

from app_ui import render  # noqa: E402
from app_ui.handlers import UPLOAD_TYPES, Handlers, parse_filters  # noqa: E402
from app_ui.i18n import DEFAULT_LANGUAGE, EXAMPLE_QUESTIONS, LANGUAGES, labels  # noqa: E402

if TYPE_CHECKING:
    from assistant.facade import Assistant
    from core.settings import Settings

logger = logging.getLogger(__name__)
STYLE = Path(__file__).resolve().parent / "app_ui" / "style.css"
# Kazakh letters (ә ғ қ ң ө ұ ү һ і) are missing from Gradio's default web font; system fonts
# have them, and nothing is fetched from a font CDN (the app runs offline).
FONTS = ("system-ui", "Noto Sans", "Segoe UI", "DejaVu Sans", "Arial", "sans-serif")
MONO_FONTS = ("ui-monospace", "DejaVu Sans Mono", "monospace")

# Turns a click on any [data-event] element inside a gr.HTML into a "click" event whose data is
# that element's JSON (a citation target, a speaker), so rendered cards need no inline scripts.
CLICK_JS = """
const fire = (el) => trigger('click', JSON.parse(el.dataset.event));
element.addEventListener('click', (e) => {
  const el = e.target.closest('[data-event]');
  if (el && element.contains(el)) { e.preventDefault(); fire(el); }
});
element.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const el = e.target.closest('[data-event]');
  if (el && element.contains(el)) { e.preventDefault(); fire(el); }
});
"""
# Brings the highlighted paragraph into view whenever another article or paragraph is opened.
SCROLL_JS = """
watch('value', () => {
  const cited = element.querySelector('.qna-cited');
  if (cited) cited.scrollIntoView({block: 'center'});
});
"""


def build_app(assistant: Assistant) -> gr.Blocks:
    """The whole UI and the /ask and /verify API, bound to one assistant."""
    settings = assistant.settings
    on = Handlers(assistant)
    t0 = labels(DEFAULT_LANGUAGE)
    upload_mb = f"{settings.max_upload_mb:g}"
    translated: list[tuple[Any, dict[str, str]]] = []  # component, {property: label key}

    def tr(component: Any, **keys: str) -> Any:
        """Register a component whose ``keys`` properties follow the interface language."""
        translated.append((component, keys))
        return component

    def clickable(value: str, elem_id: str) -> gr.HTML:
        return gr.HTML(value, js_on_load=CLICK_JS, elem_id=elem_id)

    def relabel(
        lang: str, turns: list[dict[str, Any]], selected: int, speaker: str, about: str
    ) -> list[Any]:
        """New labels for every registered component, and the panels drawn in that language."""
        t = labels(lang)
        updates = [
            type(component)(**{p: t[k].replace("{mb}", upload_mb) for p, k in keys.items()})
            for component, keys in translated
        ]
        current = turns[selected] if 0 <= selected < len(turns) else None
        panels = [render.sources_panel(current, lang), on.speaker_quotes(speaker, about, lang)]
        return [lang, *updates, render.header(lang), *panels]

    def api_ask(question: str, filters: dict[str, Any] | str | None = None) -> dict[str, Any]:
        """Answer a question from the articles. Returns Answer.to_dict(), as `ask --json`.

        filters: optional {"date_from", "date_to", "source", "article_id", "speaker"} (or JSON).
        """
        try:
            return assistant.ask(question, filters=parse_filters(filters)).to_dict()
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc

    def api_verify(claim: str, speaker: str | None = None) -> dict[str, Any]:
        """Check a quote against the articles. Returns Verdict.to_dict(), as `verify --json`."""
        try:
            return assistant.verify_quote(claim, (speaker or "").strip() or None).to_dict()
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc

    private: dict[str, Any] = {"api_visibility": "private"}  # UI events are not the public API
    with gr.Blocks(title="Qazaq News Assistant", analytics_enabled=False) as demo:
        # The public API first, so that its names are never taken by the UI's own events.
        gr.api(api_ask, api_name="ask")
        gr.api(api_verify, api_name="verify")
        lang = gr.State(DEFAULT_LANGUAGE)
        turns = gr.State([])
        selected = gr.State(-1)
        chosen_speaker = gr.State("")

        with gr.Row():
            with gr.Column(scale=4):
                header = gr.HTML(render.header(DEFAULT_LANGUAGE))
            with gr.Column(scale=1, min_width=200):
                language = tr(
                    gr.Dropdown(
                        list(LANGUAGES),
                        value=DEFAULT_LANGUAGE,
                        label=t0["ui_language"],
                        elem_id="ui-language",
                    ),
                    label="ui_language",
                )

        with tr(
            gr.Sidebar(label=t0["article_panel"], open=False, position="right", width=440),
            label="article_panel",
        ) as sidebar:
            article = gr.HTML(
                render.notice(t0["article_placeholder"]), js_on_load=SCROLL_JS, elem_id="article"
            )

        with gr.Tabs():
            with tr(gr.Tab(t0["tab_chat"], id="chat"), label="tab_chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = tr(
                        gr.Chatbot(
                            label=t0["conversation"],
                            height=360,
                            latex_delimiters=[],
                            sanitize_html=True,
                            feedback_options=None,
                            buttons=["copy", "copy_all"],
                            layout="panel",
                            examples=[{"text": q} for q in EXAMPLE_QUESTIONS],
                            show_label=False,
                            elem_id="chatbot",
                        ),
                        label="conversation",
                    )
                    with gr.Row(equal_height=True):
                        question = tr(
                            gr.Textbox(
                                label=t0["question"],
                                placeholder=t0["question_placeholder"],
                                scale=5,
                                max_lines=4,
                                elem_id="question",
                            ),
                            label="question",
                            placeholder="question_placeholder",
                        )
                        send = tr(
                            gr.Button(t0["send"], variant="primary", scale=1, elem_id="send"),
                            value="send",
                        )
                    sources = clickable(render.notice(t0["no_sources"]), "sources")
                with (
                    gr.Column(scale=1, min_width=200),
                    tr(gr.Accordion(t0["filters"], open=True), label="filters"),
                ):
                    date_from = tr(
                        gr.Textbox(label=t0["date_from"], placeholder=t0["date_format"]),
                        label="date_from",
                        placeholder="date_format",
                    )
                    date_to = tr(
                        gr.Textbox(label=t0["date_to"], placeholder=t0["date_format"]),
                        label="date_to",
                        placeholder="date_format",
                    )
                    outlet = tr(
                        gr.Dropdown([(t0["any"], "")], value="", label=t0["outlet"]),
                        label="outlet",
                    )
                    speaker = tr(
                        gr.Dropdown([(t0["any"], "")], value="", label=t0["speaker"]),
                        label="speaker",
                    )
                    new_chat = tr(gr.Button(t0["new_chat"]), value="new_chat")

            with tr(gr.Tab(t0["tab_verify"], id="verify"), label="tab_verify"), gr.Row():
                with gr.Column(scale=2):
                    claim = tr(
                        gr.Textbox(
                            label=t0["claim"],
                            placeholder=t0["claim_placeholder"],
                            lines=3,
                            elem_id="claim",
                        ),
                        label="claim",
                        placeholder="claim_placeholder",
                    )
                    claimed = tr(
                        gr.Dropdown(
                            [],
                            value=None,
                            label=t0["claimed_speaker"],
                            allow_custom_value=True,
                            elem_id="claimed-speaker",
                        ),
                        label="claimed_speaker",
                    )
                    check = tr(
                        gr.Button(t0["verify"], variant="primary", elem_id="verify-button"),
                        value="verify",
                    )
                with gr.Column(scale=3):
                    verdict = clickable(render.notice(t0["verify_placeholder"]), "verdict")

            with tr(gr.Tab(t0["tab_articles"], id="articles"), label="tab_articles"), gr.Row():
                with gr.Column(scale=2):
                    upload = tr(
                        gr.File(
                            label=t0["upload"].replace("{mb}", upload_mb),
                            file_count="multiple",
                            file_types=list(UPLOAD_TYPES),
                            elem_id="upload",
                        ),
                        label="upload",
                    )
                    add = tr(
                        gr.Button(t0["ingest"], variant="primary", elem_id="ingest-button"),
                        value="ingest",
                    )
                    report = gr.HTML(render.notice(t0["ingest_placeholder"]), elem_id="report")
                    with gr.Row():
                        delete_id = tr(
                            gr.Dropdown(
                                [],
                                value=None,
                                label=t0["delete_id"],
                                allow_custom_value=True,
                                scale=3,
                                elem_id="delete-id",
                            ),
                            label="delete_id",
                        )
                        remove = tr(
                            gr.Button(t0["delete"], variant="stop", scale=1, elem_id="delete"),
                            value="delete",
                        )
                with gr.Column(scale=3):
                    table = clickable(render.notice(t0["no_articles"]), "articles")

            with tr(gr.Tab(t0["tab_speakers"], id="speakers"), label="tab_speakers"), gr.Row():
                with gr.Column(scale=2):
                    search = tr(
                        gr.Textbox(
                            label=t0["speaker_search"],
                            placeholder=t0["speaker_search_placeholder"],
                            elem_id="speaker-search",
                        ),
                        label="speaker_search",
                        placeholder="speaker_search_placeholder",
                    )
                    speaker_list = clickable(render.notice(t0["no_speakers"]), "speaker-list")
                with gr.Column(scale=3):
                    about = tr(
                        gr.Textbox(label=t0["about"], placeholder=t0["about_placeholder"]),
                        label="about",
                        placeholder="about_placeholder",
                    )
                    quotes = clickable(render.notice(t0["pick_speaker"]), "speaker-quotes")

        # ---------------------------------------------------------------- events
        catalog = [table, outlet, speaker, claimed, delete_id, speaker_list]
        demo.load(on.catalog, [lang], catalog, **private)

        ask_inputs = [question, turns, lang, date_from, date_to, outlet, speaker]
        ask_outputs = [chatbot, turns, selected, sources, question]
        for submit in (question.submit, send.click):
            submit(on.respond, ask_inputs, ask_outputs, **private)
        chatbot.example_select(on.example, None, [question], **private).then(
            on.respond, ask_inputs, ask_outputs, **private
        )
        for reset in (new_chat.click, chatbot.clear):
            reset(on.new_chat, [lang], [chatbot, turns, selected, sources], **private)
        chatbot.select(on.show_turn, [turns, lang], [selected, sources], **private)
        for panel in (sources, verdict, quotes):
            panel.click(on.open_article, [lang], [article, sidebar], **private)
        table.click(on.select_article_row, [lang], [article, sidebar, delete_id], **private)

        for submit in (check.click, claim.submit):
            submit(on.check_quote, [claim, claimed, lang], [verdict], **private)

        add.click(on.ingest, [upload, lang], [report], **private).then(
            on.catalog, [lang], catalog, **private
        )
        remove.click(on.delete, [delete_id, lang], [report], **private).then(
            on.catalog, [lang], catalog, **private
        )

        search.input(on.search_speakers, [search, lang], [speaker_list], **private)
        speaker_list.click(on.pick_speaker, [about, lang], [chosen_speaker, quotes], **private)
        about.submit(on.speaker_quotes, [chosen_speaker, about, lang], [quotes], **private)

        language.change(
            relabel,
            [language, turns, selected, chosen_speaker, about],
            [lang, *(component for component, _ in translated), header, sources, quotes],
            **private,
        ).then(on.catalog, [lang], catalog, **private)

    demo.queue(default_concurrency_limit=settings.concurrency_limit)
    return demo


def launch(demo: gr.Blocks, settings: Settings, **overrides: Any) -> tuple[Any, str, str]:
    """Serve on settings.host/port with the app's theme, CSS and upload size limit."""
    options: dict[str, Any] = {
        "server_name": settings.host,
        "server_port": settings.port,
        "max_file_size": f"{settings.max_upload_mb:g}mb",
        "theme": gr.themes.Default(font=FONTS, font_mono=MONO_FONTS),
        "css_paths": [STYLE],
        "footer_links": ["api"],
    }
    options.update(overrides)
    return demo.launch(**options)


def main() -> None:
    """``python app.py``: the app over the default data directory, settings from ASSISTANT_*."""
    from assistant.facade import Assistant
    from core.logging import configure_logging

    configure_logging()
    from core.redact import install_log_redaction

    install_log_redaction()
    assistant = Assistant()
    warm_up(assistant)
    launch(build_app(assistant), assistant.settings)


def warm_up(assistant: Assistant) -> None:
    """Load the embedding model, open the store and answer once before the app reports ready,
    so the first question in the browser pays for none of it."""
    started = time.perf_counter()
    assistant.embeddings.warm_up()
    if not assistant.store.is_empty():
        assistant.ask("warm-up")
    logger.info("model and store ready in %.1f s", time.perf_counter() - started)
    print(f"Model and store ready ({time.perf_counter() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
