"""Read one source (a file or standard input) into raw documents, one per article.

The format comes from the suffix, corrected by the content: a PDF is known by
its ``%PDF-`` header whatever its name, and a suffix-less or ``.txt`` file that
is an HTML page is read as HTML. ``read_source`` never raises for bad input:
whatever cannot be read becomes an ``IngestError`` naming the file (and line)
and the reason, and reading goes on with the next line or file.
"""

from __future__ import annotations

import io
import json
import re
import sys
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import IO, Any

import docx
import lxml.html
import pypdf
import trafilatura
import yaml
from docx.table import Table
from markdown_it import MarkdownIt
from markdown_it.token import Token

from chainatlas.ingest.decoding import decode_bytes, decode_html_bytes
from chainatlas.ingest.model import IngestError, RawDocument
from chainatlas.ingest.sources import IngestLimits, SourceFile, os_error_reason

_TEXT_SUFFIXES = frozenset({"", ".txt", ".text"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES: frozenset[str] = (
    _TEXT_SUFFIXES | _MARKDOWN_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | {".docx", ".pdf"}
)
_SUFFIX_HINTS = {
    ".doc": "old Word .doc files are not read; save the file as .docx",
    ".wps": "WPS files are not read; save the file as .docx",
}

# A .docx is a zip archive; this bounds what it may expand to (a zip bomb
# would otherwise exhaust memory in python-docx, which loads every part).
_MAX_UNZIPPED_RATIO = 10
_BEIJING = timezone(timedelta(hours=8))
_CHINESE_OR_NUMERIC_DATE = re.compile(
    r"^\s*(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*(?:日|号|$|[\sT])"
)
_LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HTML_NOISE_XPATH = (
    "//script|//style|//noscript|//template|//nav|//footer|//header|//aside|//iframe|//svg|//form"
)
# On short pages trafilatura keeps a site menu as text; these never hold an article.
_NEVER_MAIN_TEXT = ["//nav", "//aside", "//footer"]
_HTML_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "table", "section", "article", "h1", "h2", "h3", "h4", "h5",
    "h6", "blockquote", "pre", "dd", "dt",
)  # fmt: skip
_JSONL_SAMPLE_BYTES = 64 * 1024
_JSON_TYPE_NAMES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def read_source(source: SourceFile, limits: IngestLimits) -> Iterator[RawDocument | IngestError]:
    """Yield one ``RawDocument`` per article in ``source``, or an ``IngestError`` per failure."""
    try:
        if source.path is None:
            data = _read_stdin(source.display, limits)
            yield from _read_content(data, "", source.display, "stdin", limits)
        else:
            yield from _read_file(source.path, source.display, limits)
    except IngestError as error:
        yield error


def parse_published(value: object) -> date | None:
    """Return the date in an ISO or Chinese (``2023年3月24日``) date string, else None."""
    if isinstance(value, datetime):
        return _beijing_date(value)
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return _beijing_date(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    match = _CHINESE_OR_NUMERIC_DATE.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _beijing_date(moment: datetime) -> date:
    # A timestamp with a zone is read on the Beijing calendar: "2023-03-23T20:00Z" was the 24th.
    return moment.astimezone(_BEIJING).date() if moment.tzinfo else moment.date()


def _read_stdin(where: str, limits: IngestLimits) -> bytes:
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        raise IngestError(where, "no standard input to read")
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise IngestError(where, f"input exceeds the size limit of {_size(limits.max_bytes)}")
    return data


def _read_file(path: Path, where: str, limits: IngestLimits) -> Iterator[RawDocument | IngestError]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = _SUFFIX_HINTS.get(
            suffix, "readable: " + ", ".join(sorted(SUPPORTED_SUFFIXES - {""}))
        )
        raise IngestError(where, f"unsupported file type '{suffix}' ({hint})")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(where, f"cannot read: {os_error_reason(error)}") from error
    if size == 0:
        raise IngestError(where, "empty file")
    if suffix in _JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, where, limits)
        return
    # Checked before reading: a 50 MB file must cost a stat(), not 50 MB of memory.
    if size > limits.max_bytes:
        raise IngestError(
            where, f"file is {_size(size)}, over the size limit of {_size(limits.max_bytes)}"
        )
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as error:
        raise IngestError(where, f"cannot read: {os_error_reason(error)}") from error
    if len(data) > limits.max_bytes:
        raise IngestError(where, f"file grew over the size limit of {_size(limits.max_bytes)}")
    yield from _read_content(data, suffix, where, path.stem, limits)


def _read_content(
    data: bytes, suffix: str, where: str, name: str, limits: IngestLimits
) -> Iterator[RawDocument | IngestError]:
    """Read bytes of the kind named by ``suffix`` ("" if unknown), corrected by their content."""
    if not data:
        raise IngestError(where, "empty file")
    if b"%PDF-" in data[:1024]:
        yield _read_pdf(data, where, name)
    elif suffix == ".pdf":
        raise IngestError(where, "not a PDF file (no %PDF- header)")
    elif suffix == ".docx" or (suffix == "" and data.startswith(b"PK\x03\x04")):
        yield _read_docx(data, where, name, limits)
    elif suffix in _HTML_SUFFIXES:
        text, encoding = decode_html_bytes(data, where)
        yield _html_document(text, encoding, where, name, "html")
    else:
        text, encoding = decode_bytes(data, where)
        if suffix in _JSONL_SUFFIXES or (suffix == "" and _looks_like_jsonl(text)):
            # Only "\n" ends a record: str.splitlines would also split on the
            # U+2028 and U+0085 that json.dumps(ensure_ascii=False) leaves in strings.
            for number, line in enumerate(text.split("\n"), start=1):
                if line.strip():
                    yield _jsonl_record(line, number, encoding, where, name)
        elif _LOOKS_LIKE_HTML.match(text):
            yield _html_document(text, encoding, where, name, "html")
        elif suffix in _MARKDOWN_SUFFIXES:
            yield _markdown_document(text, encoding, where, name)
        else:
            yield RawDocument(origin=where, name=name, text=text, format="txt", encoding=encoding)


# --- JSON Lines -------------------------------------------------------------


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip().partition("\n")[0]
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _read_jsonl_file(
    path: Path, where: str, limits: IngestLimits
) -> Iterator[RawDocument | IngestError]:
    """Stream a JSONL file line by line; the size limit applies to each line, not the file.

    Crawler dumps are often far larger than one article may be, so the file is
    never held in memory; a line over the limit is skipped without reading it whole.
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        raise IngestError(where, f"cannot read: {os_error_reason(error)}") from error
    with stream:
        head = stream.read(4)
        stream.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            # UTF-16/32 lines cannot be split on the byte b"\n": read it whole.
            data = stream.read(limits.max_bytes + 1)
            if len(data) > limits.max_bytes:
                raise IngestError(where, f"UTF-16 JSONL file over {_size(limits.max_bytes)}")
            yield from _read_content(data, ".jsonl", where, path.stem, limits)
            return
        codec = _sample_codec(stream.read(_JSONL_SAMPLE_BYTES), where)
        stream.seek(0)
        for number, line in _bounded_lines(stream, limits.max_bytes):
            line_where = f"{where}:{number}"
            if line is None:
                yield IngestError(
                    line_where, f"line exceeds the size limit of {_size(limits.max_bytes)}"
                )
                continue
            if not line.strip():
                continue
            try:
                text, encoding = _decode_line(line.removeprefix(b"\xef\xbb\xbf"), codec, line_where)
            except IngestError as error:
                yield error
                continue
            yield _jsonl_record(text, number, encoding, where, path.stem)


def _sample_codec(sample: bytes, where: str) -> str | None:
    """Return the codec of a JSONL file judged on its first lines, or None if undecidable."""
    complete = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        _, label = decode_bytes(complete, where)
    except IngestError:
        return None
    # Labels carry notes ("gb18030 (last 1 byte(s) ... dropped)"); the codec is the first word.
    codec = label.split(" ", 1)[0]
    return "utf-8" if codec == "utf-8-sig" else codec


def _decode_line(line: bytes, codec: str | None, where: str) -> tuple[str, str]:
    # One line is too little for reliable detection (a short GBK line can pass
    # for Big5), so the file's codec is tried first.
    if codec is not None:
        try:
            return line.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(line, where)


def _bounded_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, line)``; ``None`` for a line longer than ``max_bytes``."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_bytes:
            yield number, line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(1024 * 1024)
        yield number, None


def _jsonl_record(
    line: str, number: int, encoding: str, where: str, stem: str
) -> RawDocument | IngestError:
    origin = f"{where}:{number}"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return IngestError(origin, f"not valid JSON ({error})")
    if not isinstance(record, dict):
        found = _JSON_TYPE_NAMES.get(type(record), type(record).__name__)
        return IngestError(origin, f"not a JSON object (found {found})")
    text, html = record.get("text"), record.get("html")
    name = f"{stem}-{number}"
    if isinstance(text, str) and text.strip():
        document = RawDocument(origin=origin, name=name, text=text, format="jsonl")
    elif isinstance(html, str) and html.strip():
        try:
            document = _html_document(html, encoding, origin, name, "jsonl")
        except IngestError as error:
            return IngestError(origin, f"'html' field: {error.reason}")
    else:
        return IngestError(origin, "the object has neither a 'text' nor an 'html' string field")
    document.encoding = encoding
    document.title = _string_field(record, "title") or document.title
    document.url = _string_field(record, "url") or document.url
    document.source = _string_field(record, "source") or document.source
    document.published = parse_published(record.get("published")) or document.published
    return document


def _string_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


# --- HTML -------------------------------------------------------------------


def _html_document(html: str, encoding: str, where: str, name: str, fmt: str) -> RawDocument:
    """Pull the main text and metadata out of a page; scripts and styles never reach the text."""
    try:
        with warnings.catch_warnings():
            # Malformed pages make the parsers warn; the outcome is judged below.
            warnings.simplefilter("ignore")
            found = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, prune_xpath=_NEVER_MAIN_TEXT
            )
    except Exception:  # any parser failure falls back to plain lxml text
        found = None
    text = getattr(found, "text", None) or ""
    title = getattr(found, "title", None)
    if not text.strip():
        text, title = _html_fallback_text(html, where)
    return RawDocument(
        origin=where,
        name=name,
        text=text,
        format=fmt,
        encoding=encoding,
        title=title or None,
        url=getattr(found, "url", None) or None,
        published=parse_published(getattr(found, "date", None)),
        source=getattr(found, "sitename", None) or None,
    )


def _html_fallback_text(html: str, where: str) -> tuple[str, str | None]:
    """Body text minus scripts, styles and page furniture, for pages trafilatura finds empty."""
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except Exception as error:  # lxml raises several types on hostile markup
        raise IngestError(where, f"cannot parse the HTML ({error})") from error
    title = tree.findtext(".//title")
    for element in tree.xpath(_HTML_NOISE_XPATH):
        element.drop_tree()
    for element in tree.iter(*_HTML_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    body = tree.find("body")
    raw = (body if body is not None else tree).text_content()
    lines = (" ".join(line.split()) for line in raw.splitlines())
    text = "\n".join(line for line in lines if line)
    if not text:
        raise IngestError(where, "no readable text in the HTML page")
    return text, title.strip() if title else None


# --- Markdown ---------------------------------------------------------------


@cache
def _markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _markdown_document(markdown: str, encoding: str, where: str, name: str) -> RawDocument:
    """Keep the words of a Markdown file and drop its markup (headings, emphasis, links, images)."""
    front = _front_matter(markdown)
    body = markdown[front[1] :] if front else markdown
    blocks: list[str] = []
    row: list[str] = []
    title: str | None = None
    tokens = _markdown_parser().parse(body)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            text = _inline_text(token.children or [])
            if tokens[index - 1].type in {"th_open", "td_open"}:
                row.append(text)
            elif text:
                blocks.append(text)
                if title is None and tokens[index - 1].type == "heading_open":
                    title = text
        elif token.type == "tr_close":
            blocks.append("\t".join(row))
            row = []
        elif token.type in {"fence", "code_block"}:
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_html_fragment_text(token.content))
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text.strip():
        raise IngestError(where, "no text in the Markdown file")
    meta = front[0] if front else {}
    return RawDocument(
        origin=where,
        name=name,
        text=text,
        format="md",
        encoding=encoding,
        title=_string_field(meta, "title") or title,
        url=_string_field(meta, "url"),
        published=parse_published(meta.get("published", meta.get("date"))),
        source=_string_field(meta, "source"),
    )


def _front_matter(markdown: str) -> tuple[dict[str, Any], int] | None:
    """Return the YAML front matter block (``---`` ... ``---``) and where the body starts."""
    match = _FRONT_MATTER.match(markdown)
    if match is None:
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return (meta, match.end()) if isinstance(meta, dict) else None


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
    return "".join(parts).strip()


def _html_fragment_text(fragment: str) -> str:
    try:
        element = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # a broken fragment contributes no text
        return ""
    for noise in element.xpath(".//script|.//style"):
        noise.drop_tree()
    return " ".join(element.text_content().split())


# --- Word and PDF -----------------------------------------------------------


def _read_docx(data: bytes, where: str, name: str, limits: IngestLimits) -> RawDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise IngestError(
            where, f"corrupt or truncated .docx: not a readable zip ({error})"
        ) from error
    if "word/document.xml" not in names:
        raise IngestError(where, "not a Word document: the archive has no word/document.xml")
    if unzipped > _MAX_UNZIPPED_RATIO * limits.max_bytes:
        raise IngestError(
            where,
            f".docx expands to {_size(unzipped)} when unzipped, over "
            f"{_size(_MAX_UNZIPPED_RATIO * limits.max_bytes)} "
            f"({_MAX_UNZIPPED_RATIO}× the size limit)",
        )
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_docx_block_text(block) for block in document.iter_inner_content()]
        title = document.core_properties.title
    except Exception as error:  # python-docx raises many types on a broken package
        raise IngestError(where, f"corrupt .docx ({type(error).__name__}: {error})") from error
    text = "\n".join(block for block in blocks if block.strip())
    if not text:
        raise IngestError(where, "no text in the Word document")
    return RawDocument(origin=where, name=name, text=text, format="docx", title=title or None)


def _docx_block_text(block: object) -> str:
    if not isinstance(block, Table):
        return str(getattr(block, "text", ""))
    rows: list[str] = []
    for row in block.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text.strip())
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _read_pdf(data: bytes, where: str, name: str) -> RawDocument:
    if b"%%EOF" not in data[-4096:]:
        # pypdf would rebuild a truncated file and return part of it as if whole.
        raise IngestError(where, "truncated PDF (no %%EOF end marker)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError(where, "encrypted PDF: a password is needed")
            pages = [page.extract_text() or "" for page in reader.pages]
            title = reader.metadata.title if reader.metadata else None
    except IngestError:
        raise
    except Exception as error:  # pypdf raises many types on a broken file
        raise IngestError(where, f"corrupt PDF ({type(error).__name__}: {error})") from error
    text = "\n".join(page.strip("\n") for page in pages if page.strip())
    if not text:
        raise IngestError(where, "PDF has no text layer (scanned pages?); OCR is not supported")
    return RawDocument(origin=where, name=name, text=text, format="pdf", title=title or None)


def _size(size: int) -> str:
    return f"{size:,} bytes ({size / (1024 * 1024):.1f} MB)"
