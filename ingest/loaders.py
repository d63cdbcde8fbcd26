"""Read articles from files: the seed text format, plain text, and JSONL.

Each bad record becomes one ``IngestError`` naming file and line while the good ones are still
returned, so one broken line never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.attribution import extract_outlet
from ingest.errors import IngestError
from ingest.models import Article, SourceRef, content_hash

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
_HEADER = re.compile(r"^date\s+(\S+)\s+(.+)$")
_ID_UNSAFE = re.compile(r"[^\w.-]+")
_MAX_TITLE_CHARS = 200
#: An id longer than this is kept as a prefix plus a hash of the whole id (never just cut).
MAX_ID_CHARS = 120
_ID_HASH_CHARS = 16
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Control and format characters (NUL, bidi overrides, zero widths, soft hyphen, tags) are dropped
#: from stored text; tab and line breaks are whitespace.
_DROPPED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0001\U000e0020-\U000e007f]"
)


@dataclass(frozen=True)
class LoadLimits:
    """Size limits on input (``ASSISTANT_MAX_*``): beyond them a file, line or paragraph is
    rejected with one message, never read into memory or embedded whole."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_line_bytes: int = 10 * 1024 * 1024
    max_paragraph_chars: int = 50_000
    max_json_depth: int = 32
    max_number_digits: int = 100


def suffix_of(path: Path) -> str:
    """The file type by its suffix, case-insensitively (``D.TXT`` is text)."""
    return path.suffix.lower()


def make_article_id(raw: str) -> str:
    """The stored id of a source id: the id itself, or for a long one a prefix plus a hash of the
    whole, so two different source ids never share a stored id."""
    raw = raw.strip()
    if len(raw) <= MAX_ID_CHARS:
        return raw
    prefix = raw[: MAX_ID_CHARS - _ID_HASH_CHARS - 1].rstrip()
    return f"{prefix}-{content_hash(raw)[:_ID_HASH_CHARS]}"


def _derived_id(date: str, title: str) -> str:
    """The id of an article whose source gives none: readable, and unique per date and title."""
    slug = _ID_UNSAFE.sub("-", f"{date}-{title}".strip()).strip("-")[:80]
    return f"{slug}-{content_hash(f'{date}|{title}')[:8]}"


class UnsafeText(ValueError):
    """Text that cannot be stored (a lone surrogate: not Unicode)."""


def sanitize(text: str) -> str:
    """``text`` without control and format characters; a lone surrogate raises ``UnsafeText``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnsafeText(
            f"invalid Unicode (lone surrogate \\u{ord(text[exc.start]):04x})"
        ) from None
    return _DROPPED.sub("", text)


def _visible(text: str) -> bool:
    """Whether a paragraph has anything to cite: a letter or a digit."""
    return any(ch.isalnum() for ch in text)


@dataclass
class LoadResult:
    """Articles read successfully and the errors of the rest."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def _walk(root: Path) -> Iterator[Path | IngestError]:
    """Article files under ``root`` (sorted, hidden ones skipped); unreadable folders reported."""
    found: list[Path | IngestError] = []

    def unreadable(error: OSError) -> None:
        where = error.filename or root
        found.append(IngestError(str(where), 0, f"cannot read folder: {error.strerror or error}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            child = Path(folder) / name
            if not name.startswith(".") and suffix_of(child) in TEXT_SUFFIXES + JSONL_SUFFIXES:
                found.append(child)
    yield from sorted(
        found, key=lambda item: item.path if isinstance(item, IngestError) else str(item)
    )


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Expand directories into the article files they hold; what cannot be read is an error."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield IngestError(str(path), 0, "no such file or directory")
        elif suffix_of(path) not in TEXT_SUFFIXES + JSONL_SUFFIXES:
            yield IngestError(str(path), 0, "unsupported file type (expected .txt or .jsonl)")
        else:
            yield path


def load_paths(paths: Iterable[str | Path], limits: LoadLimits | None = None) -> LoadResult:
    """Read every article under ``paths``; one bad file or line never stops the rest."""
    limits = limits or LoadLimits()
    result = LoadResult()
    for item in iter_files(paths):
        if isinstance(item, IngestError):
            result.errors.append(item)
            continue
        loader = load_jsonl if suffix_of(item) in JSONL_SUFFIXES else load_text
        partial = loader(item, limits)
        result.articles.extend(partial.articles)
        result.errors.extend(partial.errors)
    return result


def _read_bytes(path: Path, limits: LoadLimits | None = None) -> bytes | IngestError:
    """The file's bytes: a regular file only (no FIFO, device, symlink to one), within limits."""
    limits = limits or LoadLimits()
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return IngestError(str(path), 0, "not a regular file (a device, FIFO or socket)")
        if info.st_size > limits.max_file_bytes:
            return _too_large(path, info.st_size, limits)
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        return IngestError(str(path), 0, f"cannot read file: {exc.strerror or exc}")
    if len(data) > limits.max_file_bytes:
        return _too_large(path, len(data), limits)
    return data


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 // 10 else f"{count:,} bytes"


def _too_large(path: Path, size: int, limits: LoadLimits) -> IngestError:
    return IngestError(
        str(path),
        0,
        f"file too large ({_size(size)}; the limit is "
        f"{_size(limits.max_file_bytes)}, ASSISTANT_MAX_FILE_MB)",
    )


def _lines(data: bytes, path: Path) -> list[bytes] | IngestError:
    """The file's lines as UTF-8 bytes; UTF-16 with a byte-order mark is converted, without one
    it is named in the error."""
    if data.startswith(_UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8", "surrogatepass")
        except UnicodeError:
            return IngestError(str(path), 0, "invalid UTF-16 (the file starts with a UTF-16 mark)")
    elif _looks_like_utf16(data):
        return IngestError(
            str(path), 0, "looks like UTF-16 without a byte-order mark: save it as UTF-8"
        )
    return data.split(b"\n")


def _looks_like_utf16(data: bytes) -> bool:
    """Not UTF-8, but a readable text as UTF-16 (no byte-order mark to say so)."""
    head = data[:4096]
    try:
        head.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:
            return False  # a character cut by the 4 KB window
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head[: len(head) // 2 * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        alphabetic = sum(ch < "\u0530" and (ch.isprintable() or ch.isspace()) for ch in text)
        if text and alphabetic >= 0.8 * len(text):  # Latin, Cyrillic: not CJK look-alikes
            return True
    return False


def _decode_line(
    raw: bytes, path: Path, line_no: int, limits: LoadLimits | None = None
) -> str | IngestError:
    limits = limits or LoadLimits()
    if len(raw) > limits.max_line_bytes:
        return IngestError(
            str(path),
            line_no,
            f"line too long ({_size(len(raw))}; the limit is "
            f"{_size(limits.max_line_bytes)}, ASSISTANT_MAX_LINE_MB)",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return IngestError(
            str(path),
            line_no,
            f"invalid UTF-8 at byte {exc.start + 1} of the line",
        )


def _check_date(value: str, path: Path, line_no: int) -> str | IngestError:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return IngestError(str(path), line_no, f"invalid date {value!r} (expected YYYY-MM-DD)")


def _clean(text: str) -> str:
    """Trim, drop control and format characters (BOM, zero widths, NUL), fold runs of spaces:
    what gets stored. A lone surrogate raises ``UnsafeText``."""
    text = sanitize(text).replace("\xa0", " ").replace("\r", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def _check_paragraphs(
    body: Iterable[tuple[int, str]], path: Path, limits: LoadLimits
) -> IngestError | None:
    for line_no, paragraph in body:
        if len(paragraph) > limits.max_paragraph_chars:
            return IngestError(
                str(path),
                line_no,
                f"paragraph too long ({len(paragraph):,} characters; the limit is "
                f"{limits.max_paragraph_chars:,}, ASSISTANT_MAX_PARAGRAPH_CHARS)",
            )
    return None


def _outlet_from(paragraphs: Iterable[str]) -> str:
    for paragraph in paragraphs:
        outlet = extract_outlet(paragraph)
        if outlet:
            return outlet
    return ""


def load_text(path: Path, limits: LoadLimits | None = None) -> LoadResult:
    """The seed format (line 1 ``date YYYY-MM-DD Title``, one paragraph a line) or plain text.

    Plain text: a short first line without final punctuation is the title, otherwise the file name
    is; every other non-empty line is a paragraph. The article id is the file name without suffix.
    """
    limits = limits or LoadLimits()
    result = LoadResult()
    data = _read_bytes(path, limits)
    if not isinstance(data, IngestError):
        data = _lines(data, path)
    if isinstance(data, IngestError):
        result.errors.append(data)
        return result
    lines: list[str] = []
    for line_no, raw in enumerate(data, start=1):
        decoded = _decode_line(raw, path, line_no, limits)
        try:
            if isinstance(decoded, str):
                decoded = _clean(decoded)
        except UnsafeText as exc:
            decoded = IngestError(str(path), line_no, str(exc))
        if isinstance(decoded, IngestError):
            result.errors.append(decoded)
            return result
        lines.append(decoded if _visible(decoded) else "")
    first_no, first = next(((i, s) for i, s in enumerate(lines, start=1) if s), (1, ""))
    too_long = _check_paragraphs(enumerate(lines, start=1), path, limits)
    if too_long:
        result.errors.append(too_long)
        return result
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
            article_id=make_article_id(path.stem) or "article",
            title=title,
            paragraphs=tuple(body),
            date=date,
            source=_outlet_from(body),
            origin=SourceRef(str(path), first_no),
        )
    )
    return result


def _article_from_record(
    record: object, path: Path, line_no: int, limits: LoadLimits | None = None
) -> Article | IngestError:
    try:
        return _record_article(record, path, line_no, limits or LoadLimits())
    except UnsafeText as exc:
        return IngestError(str(path), line_no, str(exc))


def _record_article(
    record: object, path: Path, line_no: int, limits: LoadLimits
) -> Article | IngestError:
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
    body = tuple(c for c in (_clean(p) for p in paragraphs) if _visible(c))
    if not body:
        return fail("empty article: no paragraphs")
    longest = max(len(p) for p in body)
    if longest > limits.max_paragraph_chars:
        return fail(
            f"paragraph too long ({longest:,} characters; the limit is "
            f"{limits.max_paragraph_chars:,}, ASSISTANT_MAX_PARAGRAPH_CHARS)"
        )
    fields: dict[str, str] = {}
    for key in ("id", "date", "source", "url"):
        value = record.get(key, "")
        if value is None:
            value = ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            return fail(f"'{key}' must be a string" + (" or an integer" if key == "id" else ""))
        fields[key] = _clean(str(value))
    date = fields["date"]
    if date:
        checked = _check_date(date[:10], path, line_no)
        if isinstance(checked, IngestError):
            return checked
        date = checked
    article_id = make_article_id(fields["id"]) or _derived_id(date, _clean(title))
    return Article(
        article_id=article_id,
        title=_clean(title),
        paragraphs=body,
        date=date,
        source=fields["source"] or _outlet_from(body),
        url=fields["url"],
        origin=SourceRef(str(path), line_no),
    )


def _json_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (a linear scan before parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _parse_json(text: str, limits: LoadLimits) -> object:
    """``json.loads`` with the depth and number-size limits; ValueError names what is wrong."""
    if _json_depth(text) > limits.max_json_depth:
        raise ValueError(f"JSON nested deeper than {limits.max_json_depth} levels")

    def number(literal: str) -> int:
        if len(literal.lstrip("-")) > limits.max_number_digits:
            raise ValueError(f"a number longer than {limits.max_number_digits} digits")
        return int(literal)

    try:
        return json.loads(text, parse_int=number)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg}") from None


def load_jsonl(path: Path, limits: LoadLimits | None = None) -> LoadResult:
    """One article per line: ``{"id", "title", "date", "source", "url", "paragraphs" | "text"}``."""
    limits = limits or LoadLimits()
    result = LoadResult()
    data = _read_bytes(path, limits)
    if not isinstance(data, IngestError):
        data = _lines(data, path)
    if isinstance(data, IngestError):
        result.errors.append(data)
        return result
    for line_no, raw in enumerate(data, start=1):
        if not raw.strip():
            continue
        decoded = _decode_line(raw, path, line_no, limits)
        if isinstance(decoded, IngestError):
            result.errors.append(decoded)
            continue
        try:
            record = _parse_json(decoded.lstrip("\ufeff"), limits)
        except (ValueError, RecursionError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else "JSON nested too deeply"
            result.errors.append(IngestError(str(path), line_no, message))
            continue
        article = _article_from_record(record, path, line_no, limits)
        if isinstance(article, IngestError):
            result.errors.append(article)
        else:
            result.articles.append(article)
    return result
