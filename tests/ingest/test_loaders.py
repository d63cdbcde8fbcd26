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


# ---------------------------------------------------------------- reliability (issue 15)
def _jsonl(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(**fields: object) -> str:
    return json.dumps({"title": "Т", "paragraphs": ["Мәтін бар."], **fields}, ensure_ascii=False)


def test_different_source_ids_never_share_a_stored_id(tmp_path: Path) -> None:
    long_a, long_b = "x" * 150 + "a", "x" * 150 + "b"
    path = _jsonl(
        tmp_path, "ids.jsonl", *(_record(id=i) for i in ("bbc/1", "bbc 1", "bbc-1", long_a, long_b))
    )
    ids = [a.article_id for a in load_paths([path]).articles]
    assert ids[:3] == ["bbc/1", "bbc 1", "bbc-1"]
    assert len(set(ids)) == 5 and all(len(i) <= 120 for i in ids)
    assert ids[3].startswith("x" * 50) and ids[3] != ids[4]


def test_articles_without_an_id_get_distinct_ids(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, "t.jsonl", _record(title="a/b"), _record(title="a b"))
    assert len({a.article_id for a in load_paths([path]).articles}) == 2


def test_bad_values_reject_only_their_line(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "bad.jsonl",
        _record(id=True),
        '{"id": "s", "title": "T", "paragraphs": ["\\ud800 x"]}',
        '{"id": "n", "title": "T", "n": ' + "9" * 5000 + ', "paragraphs": ["x"]}',
        "[" * 200_000 + "]" * 200_000,
        _record(id="good"),
    )
    result = load_paths([path])
    assert [a.article_id for a in result.articles] == ["good"]
    messages = [str(e) for e in result.errors]
    assert [e.line for e in result.errors] == [1, 2, 3, 4]
    assert "'id' must be a string or an integer" in messages[0]
    assert "lone surrogate" in messages[1]
    assert "longer than 100 digits" in messages[2]
    assert "nested deeper than 32" in messages[3]


def test_control_and_invisible_characters_are_dropped(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "inv.jsonl",
        _record(
            id="a", paragraphs=["Мә\u0000тін\u202e бар.", "\u200c\u200d\u2060", "\u200b \u00ad"]
        ),
    )
    (article,) = load_paths([path]).articles
    assert article.paragraphs == ("Мәтін бар.",)
    only_invisible = _jsonl(tmp_path, "none.jsonl", _record(id="b", paragraphs=["\u200c\u2060"]))
    assert "empty article" in str(load_paths([only_invisible]).errors[0])


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    result = load_paths([tmp_path])  # would hang on the FIFO or read /dev/zero forever
    assert sorted(e.path for e in result.errors) == [str(fifo), str(zero)]
    assert all("not a regular file" in e.message for e in result.errors)


def test_extensions_are_case_insensitive(tmp_path: Path) -> None:
    (tmp_path / "D.TXT").write_text("Тақырып\nАбзац бар.\n", encoding="utf-8")
    _jsonl(tmp_path, "e.JSONL", _record(id="e"))
    result = load_paths([tmp_path])
    assert sorted(a.article_id for a in result.articles) == ["D", "e"] and not result.errors
    assert load_paths([tmp_path / "D.TXT"]).articles


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch) -> None:
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Т\nАбзац.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path=".") -> object:  # root reads any folder: deny this one as chmod 000 would
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load_paths([tmp_path])
    assert [str(e) for e in result.errors] == [f"{locked}:0: cannot read folder: Permission denied"]


def test_utf16_is_read_with_a_bom_and_named_without(tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes("Тақырып\nАбзац бар.\n".encode("utf-16"))
    (article,) = load_paths([with_bom]).articles
    assert article.paragraphs == ("Абзац бар.",)
    without = tmp_path / "nobom.txt"
    without.write_bytes("Тақырып\nАбзац бар.\n".encode("utf-16-le"))
    assert "UTF-16 without a byte-order mark" in str(load_paths([without]).errors[0])


def test_size_limits_give_one_message_each(tmp_path: Path) -> None:
    from ingest.loaders import LoadLimits

    limits = LoadLimits(max_file_bytes=4000, max_line_bytes=1000, max_paragraph_chars=300)
    big = tmp_path / "big.txt"
    big.write_text("Т\n" + "сөз " * 2000, encoding="utf-8")
    line = _jsonl(tmp_path, "line.jsonl", _record(id="l", paragraphs=["сөз " * 400]))
    para = tmp_path / "para.txt"
    para.write_text("Т\n" + "сөз " * 100 + "\n", encoding="utf-8")
    errors = [str(e) for e in load_paths([big, line, para], limits).errors]
    assert "file too large" in errors[0] and "ASSISTANT_MAX_FILE_MB" in errors[0]
    assert "line too long" in errors[1] and "ASSISTANT_MAX_LINE_MB" in errors[1]
    assert "paragraph too long" in errors[2] and "ASSISTANT_MAX_PARAGRAPH_CHARS" in errors[2]
