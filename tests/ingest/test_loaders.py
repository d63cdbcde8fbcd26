"""Loading the seed text format, plain text and JSONL, and reporting bad input by file:line."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.loaders import load_paths

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "seed" / "baq-2026-03-11-new-constitution-regions.txt"


def test_seed_article_header_paragraphs_and_outlet() -> None:
    result = load_paths([SEED])
    assert result.errors == []
    (article,) = result.articles
    assert article.date == "2026-03-11"
    assert article.title == "Жаңа Конституция: Өңірлердің мүмкіндігі қалай кеңейеді?"
    assert len(article.paragraphs) == 12
    assert article.paragraphs[0].startswith("Қарағандыда")
    assert article.source == "BAQ.KZ"  # from "деп хабарлайды BAQ.KZ"
    assert article.article_id == SEED.stem


def test_plain_text_without_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Тақырып жолы\nБірінші абзац.\n\nЕкінші абзац.\n", encoding="utf-8")
    (article,) = load_paths([path]).articles
    assert article.title == "Тақырып жолы"
    assert article.paragraphs == ("Бірінші абзац.", "Екінші абзац.")
    assert article.date == ""


def test_jsonl_paragraphs_and_text_forms(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {
            "id": "a1",
            "title": "Бір",
            "date": "2026-01-02",
            "source": "Kazinform",
            "url": "https://example.kz/1",
            "paragraphs": ["Бірінші.", "Екінші."],
        },
        {"id": "a2", "title": "Екі", "text": "Бір абзац.\n\nЕкінші абзац."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = load_paths([path])
    assert result.errors == []
    first, second = result.articles
    assert (first.article_id, first.source, first.url, first.date) == (
        "a1",
        "Kazinform",
        "https://example.kz/1",
        "2026-01-02",
    )
    assert second.paragraphs == ("Бір абзац.", "Екінші абзац.")


def test_bad_input_is_one_line_per_error_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok", "title": "Жақсы", "paragraphs": ["Мәтін."]}),
        "{not json",
        json.dumps({"id": "nt", "paragraphs": ["Мәтін."]}),
        json.dumps({"id": "empty", "title": "Бос", "paragraphs": ["  "]}),
        json.dumps({"id": "bad-date", "title": "Күн", "date": "2026-13-40", "paragraphs": ["X."]}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe broken\n")
    result = load_paths([path])
    assert [a.article_id for a in result.articles] == ["ok"]
    messages = [str(e) for e in result.errors]
    assert messages == [
        f"{path}:2: malformed JSON: Expecting property name enclosed in double quotes",
        f"{path}:3: missing title",
        f"{path}:4: empty article: no paragraphs",
        f"{path}:5: invalid date '2026-13-40' (expected YYYY-MM-DD)",
        f"{path}:6: invalid UTF-8 at byte 1 of the line",
    ]
    assert all("\n" not in m for m in messages)


def test_unreadable_and_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    missing = tmp_path / "missing.txt"
    result = load_paths([tmp_path / "notes.pdf", missing])
    assert [str(e) for e in result.errors] == [
        f"{tmp_path / 'notes.pdf'}:0: unsupported file type (expected .txt or .jsonl)",
        f"{missing}:0: no such file or directory",
    ]


def test_directories_are_walked_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(" date 2026-02-01 Бір\nМәтін.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("date 2026-02-01 X\nY.\n", encoding="utf-8")
    (tmp_path / "readme.md").write_text("# not an article", encoding="utf-8")
    result = load_paths([tmp_path])
    assert [a.article_id for a in result.articles] == ["one"]
    assert result.articles[0].date == "2026-02-01"


def test_bad_header_date_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("\ndate 2026-02-30 Тақырып\nМәтін.\n", encoding="utf-8")
    result = load_paths([path])
    assert [str(e) for e in result.errors] == [
        f"{path}:2: invalid date '2026-02-30' (expected YYYY-MM-DD)"
    ]
