"""Read articles from files: the seed text format, plain text, and JSONL.

Each bad record becomes one ``IngestError`` naming file and line while the good ones are still
returned, so one broken line never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.attribution import extract_outlet
from ingest.errors import IngestError
from ingest.models import Article, SourceRef

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
_HEADER = re.compile(r"^date\s+(\S+)\s+(.+)$")
_ID_UNSAFE = re.compile(r"[^\w.-]+")
_MAX_TITLE_CHARS = 200


@dataclass
class LoadResult:
    """Articles read successfully and the errors of the rest."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Expand directories (sorted, hidden files skipped) into the article files they hold."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if (
                    child.is_file()
                    and not hidden
                    and child.suffix in TEXT_SUFFIXES + JSONL_SUFFIXES
                ):
                    yield child
        elif not path.exists():
            yield IngestError(str(path), 0, "no such file or directory")
        elif path.suffix not in TEXT_SUFFIXES + JSONL_SUFFIXES:
            yield IngestError(str(path), 0, "unsupported file type (expected .txt or .jsonl)")
        else:
            yield path


def load_paths(paths: Iterable[str | Path]) -> LoadResult:
    """Read every article under ``paths``."""
    result = LoadResult()
    for item in iter_files(paths):
        if isinstance(item, IngestError):
            result.errors.append(item)
            continue
        loader = load_jsonl if item.suffix in JSONL_SUFFIXES else load_text
        partial = loader(item)
        result.articles.extend(partial.articles)
        result.errors.extend(partial.errors)
    return result


def _read_bytes(path: Path) -> bytes | IngestError:
    try:
        return path.read_bytes()
    except OSError as exc:
        return IngestError(str(path), 0, f"cannot read file: {exc.strerror or exc}")


def _decode_line(raw: bytes, path: Path, line_no: int) -> str | IngestError:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return IngestError(str(path), line_no, f"invalid UTF-8 at byte {exc.start + 1} of the line")


def _check_date(value: str, path: Path, line_no: int) -> str | IngestError:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return IngestError(str(path), line_no, f"invalid date {value!r} (expected YYYY-MM-DD)")


def _slug(text: str) -> str:
    return _ID_UNSAFE.sub("-", text.strip()).strip("-")[:120]


def _clean(text: str) -> str:
    """Trim, drop a BOM and zero-width characters, and fold runs of spaces: what gets stored."""
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\xa0", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def _outlet_from(paragraphs: Iterable[str]) -> str:
    for paragraph in paragraphs:
        outlet = extract_outlet(paragraph)
        if outlet:
            return outlet
    return ""


def load_text(path: Path) -> LoadResult:
    """The seed format (line 1 ``date YYYY-MM-DD Title``, one paragraph a line) or plain text.

    Plain text: a short first line without final punctuation is the title, otherwise the file name
    is; every other non-empty line is a paragraph. The article id is the file name without suffix.
    """
    result = LoadResult()
    data = _read_bytes(path)
    if isinstance(data, IngestError):
        result.errors.append(data)
        return result
    lines: list[str] = []
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        decoded = _decode_line(raw, path, line_no)
        if isinstance(decoded, IngestError):
            result.errors.append(decoded)
            return result
        lines.append(_clean(decoded))
    first_no, first = next(((i, s) for i, s in enumerate(lines, start=1) if s), (1, ""))
    body = [s for s in lines[first_no:] if s]
    date = ""
    header = _HEADER.match(first)
    if header:
        checked = _check_date(header.group(1), path, first_no)
        if isinstance(checked, IngestError):
            result.errors.append(checked)
            return result
        date, title = checked, header.group(2).strip()
    elif first.lower().startswith("date "):
        result.errors.append(
            IngestError(str(path), first_no, "header must be 'date YYYY-MM-DD Title'")
        )
        return result
    elif body and len(first) <= _MAX_TITLE_CHARS and not first.endswith((".", "!", "?", "…")):
        title = first
    else:
        title, body = path.stem, [s for s in lines if s]
    if not body:
        result.errors.append(IngestError(str(path), first_no, "empty article: no paragraphs"))
        return result
    result.articles.append(
        Article(
            article_id=_slug(path.stem) or "article",
            title=title,
            paragraphs=tuple(body),
            date=date,
            source=_outlet_from(body),
            origin=SourceRef(str(path), first_no),
        )
    )
    return result


def _article_from_record(record: object, path: Path, line_no: int) -> Article | IngestError:
    def fail(message: str) -> IngestError:
        return IngestError(str(path), line_no, message)

    if not isinstance(record, dict):
        return fail("expected a JSON object per line")
    title = record.get("title")
    if not isinstance(title, str) or not _clean(title):
        return fail("missing title")
    paragraphs = record.get("paragraphs")
    if paragraphs is None:
        text = record.get("text")
        if text is not None and not isinstance(text, str):
            return fail("'text' must be a string")
        blocks = re.split(r"\n\s*\n", text or "")
        if len(blocks) == 1:
            blocks = (text or "").split("\n")
        paragraphs = blocks
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        return fail("'paragraphs' must be a list of strings")
    body = tuple(c for c in (_clean(p) for p in paragraphs) if c)
    if not body:
        return fail("empty article: no paragraphs")
    fields: dict[str, str] = {}
    for key in ("id", "date", "source", "url"):
        value = record.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str | int):
            return fail(f"'{key}' must be a string")
        fields[key] = _clean(str(value))
    date = fields["date"]
    if date:
        checked = _check_date(date[:10], path, line_no)
        if isinstance(checked, IngestError):
            return checked
        date = checked
    article_id = _slug(fields["id"]) or _slug(f"{date}-{_clean(title)}")
    return Article(
        article_id=article_id,
        title=_clean(title),
        paragraphs=body,
        date=date,
        source=fields["source"] or _outlet_from(body),
        url=fields["url"],
        origin=SourceRef(str(path), line_no),
    )


def load_jsonl(path: Path) -> LoadResult:
    """One article per line: ``{"id", "title", "date", "source", "url", "paragraphs" | "text"}``."""
    result = LoadResult()
    data = _read_bytes(path)
    if isinstance(data, IngestError):
        result.errors.append(data)
        return result
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        decoded = _decode_line(raw, path, line_no)
        if isinstance(decoded, IngestError):
            result.errors.append(decoded)
            continue
        try:
            record = json.loads(decoded)
        except json.JSONDecodeError as exc:
            result.errors.append(IngestError(str(path), line_no, f"malformed JSON: {exc.msg}"))
            continue
        article = _article_from_record(record, path, line_no)
        if isinstance(article, IngestError):
            result.errors.append(article)
        else:
            result.articles.append(article)
    return result
