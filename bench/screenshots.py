"""Screenshots of every tab of the app over the seed article, for the README and for review.

    .venv/bin/python bench/screenshots.py [--out bench/screenshots]

Starts the app on a free local port over a fresh temporary store (models from the usual models
directory), drives Debian chromium through Playwright at 1280x900 and writes: chat.png (an
answered question with a citation opened in the article panel), chat_kk.png (the same in the
Kazakh interface), verify.png (a verdict with its word diff), articles.png (an upload's ingest
report, rejected records included) and speakers.png (a speaker's quoted paragraphs).
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import app  # noqa: E402  (configures the process before gradio loads)
from app_ui.headless import CHROMIUM_ARGS, free_port  # noqa: E402

VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 60_000


def ask_and_open(page: Any, question: str, card: int) -> None:
    """Ask, then open citation ``card`` in the article panel."""
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(q) => document.querySelector('#sources .qna-final .qna-for')?.innerText.includes(q)",
        arg=question,
    )
    page.locator("#sources .qna-card").nth(card).click()
    page.locator("#article .qna-cited").wait_for()
    page.evaluate("() => window.scrollTo(0, 0)")


def chat(page: Any) -> None:
    ask_and_open(page, "What did the akim say about the regions?", 1)


def chat_kk(page: Any) -> None:
    page.locator("#ui-language input").click()
    page.get_by_role("option", name="Қазақша").click()
    page.get_by_role("tab", name="Сұрақ").wait_for()
    ask_and_open(page, "Еңбек ету құқығы туралы кім айтты?", 1)


def verify(page: Any) -> None:
    page.get_by_role("tab", name="Verify a quote").click()
    page.fill(
        "#claim textarea",
        "Жаңа Конституция жобасында адамның еңбек ету құқығы міндетті түрде бекітіледі.",
    )
    page.click("#verify-button")
    page.locator("#verdict .qna-badge").wait_for()


UPLOADS = {
    "almaty-metro.txt": (
        "date 2026-04-01 Алматыда «Сарыарқа» метро бекеті ашылды\n"
        "Алматыда «Сарыарқа» атты жаңа метро бекеті ашылды, деп хабарлайды Tengrinews.kz.\n"
        "Жаңа бекет күніне отыз мың жолаушыға қызмет көрсетеді, – деді Ерлан Қожағапанов.\n"
    ),
    "feed.jsonl": (
        '{"id": "kz-2026-04-02-<b>", "title": "<b>Bold</b> title stays text", "date": "2026-04-02",'
        ' "source": "Kazinform", "paragraphs": ["Бірінші абзац <i>мәтіні</i>."]}\n'
        '{"id": "broken", "title": "no closing brace"\n'
        '{"id": "undated", "title": "Bad date", "date": "2026-13-01", "paragraphs": ["Абзац."]}\n'
    ),
}


def articles(page: Any) -> None:
    """Upload a good article, and a JSONL feed with one good and two broken records."""
    page.get_by_role("tab", name="Articles").click()
    folder = Path(tempfile.mkdtemp(prefix="qna-uploads-"))
    for name, text in UPLOADS.items():
        (folder / name).write_text(text, encoding="utf-8")
    page.set_input_files("#upload input[type=file]", [str(folder / name) for name in UPLOADS])
    for name in UPLOADS:
        page.wait_for_selector(f'#upload a[download="{name}"]')
    page.click("#ingest-button")
    page.locator("#report .qna-report").wait_for()
    page.locator("#articles tr", has_text="almaty-metro").wait_for()
    shutil.rmtree(folder)


def speakers(page: Any) -> None:
    page.get_by_role("tab", name="Speakers").click()
    page.locator("#speaker-list .qna-speaker-row").first.click()
    page.locator("#speaker-quotes .qna-card").first.wait_for()


SHOTS: dict[str, Callable[[Any], None]] = {
    "chat": chat,
    "chat_kk": chat_kk,
    "verify": verify,
    "articles": articles,
    "speakers": speakers,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "screenshots")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        sys.exit("error: Debian chromium is missing (apt-get install -y chromium, or make browser)")
    from playwright.sync_api import sync_playwright

    from assistant.facade import Assistant
    from core.settings import Settings

    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    written: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qna-screens-") as data_dir:
        assistant = Assistant(
            data_dir, models_dir=Settings().resolved_models_dir, host="127.0.0.1", port=free_port()
        )
        assistant.ingest([REPO / "data" / "seed"])
        demo = app.build_app(assistant)
        app.launch(demo, assistant.settings, prevent_thread_lock=True, quiet=True)
        url = f"http://127.0.0.1:{assistant.settings.port}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for name, scene in SHOTS.items():
                    page = browser.new_page(viewport=VIEWPORT)
                    page.set_default_timeout(TIMEOUT_MS)
                    page.goto(url)
                    page.wait_for_selector("#question textarea")
                    scene(page)
                    page.wait_for_timeout(500)  # let transitions and fonts settle
                    path = args.out / f"{name}.png"
                    page.screenshot(path=str(path))
                    written.append(
                        str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
                    )
                    page.close()
                browser.close()
        finally:
            demo.close()
    seconds = round(time.perf_counter() - started, 1)
    print(json.dumps({"screenshots": written, "viewport": VIEWPORT, "seconds": seconds}, indent=2))


if __name__ == "__main__":
    main()
