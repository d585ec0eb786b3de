"""Reading sources into raw documents: every format, and every way a file can be bad."""

from __future__ import annotations

import codecs
import io
import json
import random
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainatlas.ingest.model import IngestError, RawDocument
from chainatlas.ingest.readers import (
    SUPPORTED_SUFFIXES,
    _html_fallback_text,
    parse_published,
    read_source,
)
from chainatlas.ingest.sources import IngestLimits, SourceFile, expand_sources

ARTICLE = "青山县经开区今年签约镁合金项目八个，总投资四十二亿元，预计明年建成投产。"
ARTICLE_TW = "青山縣經開區今年簽約鎂合金項目八個，總投資四十二億元，預計明年建成投產。"
LIMITS = IngestLimits()
# The builders made by the make_docx and make_pdf fixtures of conftest.py.
DocxBuilder = Callable[..., bytes]
PdfBuilder = Callable[[Sequence[str]], bytes]


def _read(path: Path, limits: IngestLimits = LIMITS) -> list[RawDocument | IngestError]:
    return list(read_source(SourceFile(path, str(path)), limits))


def _one_document(path: Path, limits: IngestLimits = LIMITS) -> RawDocument:
    items = _read(path, limits)
    assert len(items) == 1
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


def _one_error(path: Path, limits: IngestLimits = LIMITS) -> IngestError:
    items = _read(path, limits)
    assert len(items) == 1
    assert isinstance(items[0], IngestError), items[0]
    assert items[0].where == str(path)
    return items[0]


def _scripted_page(body: str, charset: str = "utf-8") -> str:
    scripts = "".join(
        f"<script>var s{n} = '脚本{n}'; document.write(s{n});</script>" for n in range(40)
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>青山县签约</title>'
        '<meta property="og:site_name" content="青山日报">'
        '<meta property="article:published_time" content="2024-04-28T09:30:00+08:00">'
        '<link rel="canonical" href="https://news.example.cn/2024/0428/qs.html">'
        f"<style>body {{ color: red }} .样式 {{}}</style>{scripts}</head><body>"
        f"<nav>首页 | 要闻 | 政务</nav>{scripts}<article><h1>青山县签约</h1>"
        f"<p>{body}</p><script>alert('正文中的脚本')</script>"
        "<p>项目涵盖镁合金型材、汽车轻量化零部件等产业链环节，达产后年产值可达六十亿元。</p>"
        f"</article>{scripts}<footer>版权所有 青山日报</footer></body></html>"
    )


# --- plain text, Markdown, HTML ---------------------------------------------


@pytest.mark.parametrize("name", ["article.txt", "article", "article.TEXT"])
def test_plain_text_is_read_whole(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(ARTICLE.encode("gbk") + b"\r\n")
    document = _one_document(path)
    assert (document.text, document.format, document.encoding) == (
        ARTICLE + "\r\n",
        "txt",
        "gb18030",
    )
    assert (document.origin, document.name) == (str(path), "article")


def test_a_very_long_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 60_000, encoding="utf-8")
    assert len(_one_document(path).text) == len(ARTICLE) * 60_000


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("# 青山县 *签约* 项目\n\n正文**加粗**。", "青山县 签约 项目\n\n正文加粗。"),
        ("详见[青山日报](https://news.example.cn)报道。", "详见青山日报报道。"),
        ("前文![现场图片](photo.jpg)后文", "前文后文"),
        ("```python\nprint('代码')\n```\n\n段落", "print('代码')\n\n段落"),
        ("- 第一项\n- 第二项", "第一项\n\n第二项"),
        ("| 项目 | 投资 |\n|---|---|\n| 镁合金 | 12亿元 |", "项目\t投资\n\n镁合金\t12亿元"),
        ("> 引用`内联代码`文字", "引用内联代码文字"),
        ("段落<span>标签</span>外", "段落标签外"),
    ],
    ids=["heading-emphasis", "link", "image", "fence", "list", "table", "quote-code", "html"],
)
def test_markdown_markup_is_stripped_and_words_kept(
    tmp_path: Path, markdown: str, text: str
) -> None:
    path = tmp_path / "note.md"
    path.write_text(markdown, encoding="utf-8")
    document = _one_document(path)
    assert (document.text, document.format) == (text, "md")


def test_markdown_front_matter_gives_metadata_and_first_heading_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.markdown"
    path.write_text(
        "---\ndate: 2024-04-28\nsource: 青山日报\n---\n## 青山县签约\n\n" + ARTICLE,
        encoding="utf-8",
    )
    document = _one_document(path)
    assert document.text == "青山县签约\n\n" + ARTICLE
    assert (document.title, document.published, document.source) == (
        "青山县签约",
        date(2024, 4, 28),
        "青山日报",
    )


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_main_text_and_metadata_without_scripts(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_scripted_page(ARTICLE, charset).encode(charset))
    document = _one_document(path)
    assert ARTICLE in document.text
    assert "年产值可达六十亿元" in document.text
    assert "脚本" not in document.text and "alert" not in document.text
    assert "color" not in document.text and "版权所有" not in document.text
    assert document.format == "html"
    assert document.title == "青山县签约"
    assert document.published == date(2024, 4, 28)
    assert document.source == "青山日报"
    assert document.url == "https://news.example.cn/2024/0428/qs.html"
    assert document.encoding == ("utf-8" if charset == "utf-8" else "gb18030 (<meta charset=gbk>)")


def test_a_text_file_holding_a_page_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved"
    path.write_text(_scripted_page(ARTICLE), encoding="utf-8")
    document = _one_document(path)
    assert document.format == "html"
    assert "脚本" not in document.text and ARTICLE in document.text


def test_html_fallback_keeps_body_text_without_scripts_or_furniture() -> None:
    page = (
        "<html><head><title> 标题 </title><script>var a='脚本'</script></head><body>"
        "<header>页眉</header><nav>导航</nav><div>第一段<br>第二段</div><p>第三  段</p>"
        "<style>p{}</style><footer>页脚</footer></body></html>"
    )
    assert _html_fallback_text(page, "p.html") == ("第一段\n第二段\n第三 段", "标题")


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("<html><body><script>var a='只有脚本'</script></body></html>", "no readable text"),
        ("<html><body><div> </div><style>p {}</style><!-- 注释 --></body></html>", "no readable"),
    ],
)
def test_a_page_without_text_is_an_error(tmp_path: Path, page: str, reason: str) -> None:
    path = tmp_path / "empty.htm"
    path.write_text(page, encoding="utf-8")
    assert reason in _one_error(path).reason


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 20_000 + ARTICLE + "</div>" * 20_000, encoding="utf-8")
    items = _read(path)
    assert len(items) == 1
    assert isinstance(items[0], (RawDocument, IngestError))


# --- Word and PDF ------------------------------------------------------------


def test_docx_paragraphs_and_tables_are_read(tmp_path: Path, make_docx: DocxBuilder) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(
        make_docx(
            [ARTICLE, "", "第二段。"],
            table=[["合计", ""], ["镁合金", "12亿元"]],
            title="青山县招商报告",
            merge_first_row=True,
        )
    )
    document = _one_document(path)
    assert document.text == f"{ARTICLE}\n第二段。\n合计\n镁合金\t12亿元"
    assert (document.format, document.title, document.encoding) == (
        "docx",
        "青山县招商报告",
        None,
    )


def test_pdf_text_layer_with_chinese_is_read(tmp_path: Path, make_pdf: PdfBuilder) -> None:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(make_pdf([ARTICLE, "第二行 2024"]))
    document = _one_document(path)
    assert document.text == f"{ARTICLE}\n第二行 2024"
    assert document.format == "pdf"


def test_a_pdf_is_known_by_its_header_whatever_its_name(
    tmp_path: Path, make_pdf: PdfBuilder
) -> None:
    path = tmp_path / "bulletin.txt"
    path.write_bytes(make_pdf([ARTICLE]))
    assert _one_document(path).format == "pdf"


def _docx_bomb(make_docx: DocxBuilder) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx([ARTICLE]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("word/media/padding.bin", b"\x00" * 5_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("suffix", "build", "reason"),
    [
        ("docx", lambda docx, pdf: docx([ARTICLE])[:3000], "corrupt or truncated .docx"),
        ("docx", lambda docx, pdf: ARTICLE.encode(), "corrupt or truncated .docx"),
        ("docx", lambda docx, pdf: _zip({"a.xml": b"<a/>"}), "not a Word document"),
        ("docx", lambda docx, pdf: docx([" "]), "no text in the Word document"),
        ("docx", lambda docx, pdf: _docx_bomb(docx), ".docx expands to 5,"),
        ("pdf", lambda docx, pdf: pdf([ARTICLE])[:-200], "truncated PDF"),
        ("pdf", lambda docx, pdf: pdf([]), "PDF has no text layer"),
        ("pdf", lambda docx, pdf: b"%PDF-1.4\nnonsense\n%%EOF\n", "corrupt PDF"),
        ("pdf", lambda docx, pdf: ARTICLE.encode(), "not a PDF file"),
    ],
    ids=[
        "docx-truncated",
        "docx-not-zip",
        "docx-other-zip",
        "docx-blank",
        "docx-zip-bomb",
        "pdf-truncated",
        "pdf-no-text-layer",
        "pdf-garbage",
        "pdf-not-pdf",
    ],
)
def test_broken_word_and_pdf_files_are_errors(
    tmp_path: Path,
    make_docx: DocxBuilder,
    make_pdf: PdfBuilder,
    suffix: str,
    build: object,
    reason: str,
) -> None:
    assert callable(build)
    path = tmp_path / f"broken.{suffix}"
    path.write_bytes(build(make_docx, make_pdf))
    # The bomb is under the file size limit, but expands to over 10× it.
    assert reason in _one_error(path, IngestLimits(max_bytes=100_000)).reason


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- JSON Lines --------------------------------------------------------------


def test_jsonl_yields_one_document_per_line_and_one_error_per_bad_line(tmp_path: Path) -> None:
    lines = [
        {"text": ARTICLE, "url": "https://a.example.cn/1", "title": "签约", "source": "青山日报"},
        "{not json",
        [1, 2],
        {"title": "没有正文"},
        {"html": _scripted_page(ARTICLE), "published": "2023年3月24日", "source": "转载网"},
        {"text": "  ", "html": 5},
        {"text": ARTICLE_TW, "published": "2023-02-30"},
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n\n",
        encoding="utf-8",
    )
    items = _read(path)
    outcome = [
        (item.origin, item.name, item.text[:10])
        if isinstance(item, RawDocument)
        else (item.where, item.reason[:25])
        for item in items
    ]
    assert outcome == [
        (f"{path}:1", "crawl-1", ARTICLE[:10]),
        (f"{path}:2", "not valid JSON (Expecting"),
        (f"{path}:3", "not a JSON object (found "),
        (f"{path}:4", "the object has neither a "),
        (f"{path}:5", "crawl-5", "青山县签约\n青山县经"),
        (f"{path}:6", "the object has neither a "),
        (f"{path}:7", "crawl-7", ARTICLE_TW[:10]),
    ]
    first, from_html, bad_date = items[0], items[4], items[6]
    assert isinstance(first, RawDocument) and isinstance(from_html, RawDocument)
    assert (first.url, first.title, first.source, first.format) == (
        "https://a.example.cn/1",
        "签约",
        "青山日报",
        "jsonl",
    )
    assert ARTICLE in from_html.text and "脚本" not in from_html.text
    # The record's own fields win over what the page says about itself.
    assert (from_html.published, from_html.source, from_html.title) == (
        date(2023, 3, 24),
        "转载网",
        "青山县签约",
    )
    assert isinstance(bad_date, RawDocument) and bad_date.published is None


def test_a_jsonl_line_over_the_limit_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.ndjson"
    huge = json.dumps({"text": ARTICLE * 1000}, ensure_ascii=False)
    small = json.dumps({"text": ARTICLE}, ensure_ascii=False)
    path.write_text(f"{small}\n{huge}\n{small}", encoding="utf-8")
    items = _read(path, IngestLimits(max_bytes=10_000))
    assert [type(item).__name__ for item in items] == ["RawDocument", "IngestError", "RawDocument"]
    assert isinstance(items[1], IngestError) and items[1].where == f"{path}:2"
    assert "line exceeds the size limit of 10,000 bytes" in items[1].reason
    assert isinstance(items[2], RawDocument) and items[2].name == "crawl-3"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8"),
        (lambda text: text.encode("gb18030"), "gb18030"),
        (lambda text: text.encode("utf-16"), "utf-16-le (byte-order mark)"),
    ],
    ids=["utf8-bom", "gb18030", "utf16"],
)
def test_jsonl_in_other_encodings(tmp_path: Path, encoded: object, encoding: str) -> None:
    assert callable(encoded)
    # A two-character line alone would pass for Big5; U+2028 must not end a record.
    texts = [ARTICLE, "招商", "第一行\u2028第二行"]
    records = "\n".join(json.dumps({"text": text}, ensure_ascii=False) for text in texts)
    path = tmp_path / "crawl.jsonl"
    path.write_bytes(encoded(records + "\n"))
    items = _read(path)
    documents = [item for item in items if isinstance(item, RawDocument)]
    assert [(item.name, item.text, item.encoding) for item in documents] == [
        (f"crawl-{number}", text, encoding) for number, text in enumerate(texts, start=1)
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-03-24", date(2023, 3, 24)),
        ("2023-03-24T15:34:00", date(2023, 3, 24)),
        ("2023-03-24 15:34", date(2023, 3, 24)),
        ("2023-03-23T20:00:00Z", date(2023, 3, 24)),
        ("2023-03-24T01:00:00+08:00", date(2023, 3, 24)),
        ("2023年3月24日", date(2023, 3, 24)),
        ("2024年04月28日 09:30", date(2024, 4, 28)),
        ("2023/3/24", date(2023, 3, 24)),
        ("2023.03.24", date(2023, 3, 24)),
        ("2023-02-30", None),
        ("2023年13月1日", None),
        ("昨天", None),
        ("", None),
        (20230324, None),
        (None, None),
    ],
)
def test_published_dates(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


# --- standard input ---------------------------------------------------------


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


STDIN = SourceFile(None, "<stdin>")


@pytest.mark.parametrize(
    ("data", "texts", "format_"),
    [
        (ARTICLE.encode("gb18030"), [ARTICLE], "txt"),
        (_scripted_page(ARTICLE).encode(), None, "html"),
        (b'{"text": "\\u9752\\u5c71"}\n{"text": "b"}\n', ["青山", "b"], "jsonl"),
    ],
    ids=["text", "html", "jsonl"],
)
def test_stdin_is_read_by_its_content(
    monkeypatch: pytest.MonkeyPatch, data: bytes, texts: list[str] | None, format_: str
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    items = list(read_source(STDIN, LIMITS))
    assert all(isinstance(item, RawDocument) and item.format == format_ for item in items)
    documents = [item for item in items if isinstance(item, RawDocument)]
    if texts is not None:
        assert [document.text for document in documents] == texts
    assert documents[0].origin.startswith("<stdin>")


def test_stdin_over_the_limit_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(ARTICLE.encode() * 10))
    items = list(read_source(STDIN, IngestLimits(max_bytes=100)))
    assert [(item.where, item.reason) for item in items if isinstance(item, IngestError)] == [
        ("<stdin>", "input exceeds the size limit of 100 bytes (0.0 MB)")
    ]


# --- refusals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("photo.png", "unsupported file type '.png' (readable: .docx, .htm"),
        ("old.doc", "unsupported file type '.doc' (old Word .doc files are not read; save"),
    ],
)
def test_unsupported_suffixes_are_errors(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n")
    assert _one_error(path).reason.startswith(reason)


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".docx", ".pdf", ".jsonl", ""} <= SUPPORTED_SUFFIXES
    assert ".doc" not in SUPPORTED_SUFFIXES


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened although its size is over the limit")

    monkeypatch.setattr(Path, "open", no_open)
    error = _one_error(path)
    assert error.reason == (
        "file is 52,428,800 bytes (50.0 MB), over the size limit of 20,971,520 bytes (20.0 MB)"
    )


def test_a_file_that_cannot_be_opened_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, which chmod cannot lock out: simulate the refusal.
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert _one_error(path).reason == "cannot read: permission denied"


# --- the adversarial folder --------------------------------------------------


def test_an_adversarial_folder_yields_exactly_the_readable_documents(
    tmp_path: Path, make_docx: DocxBuilder, make_pdf: PdfBuilder
) -> None:
    folder = tmp_path / "adversarial"
    folder.mkdir()
    noise = random.Random(7).randbytes(3000)
    utf8 = (ARTICLE * 3).encode("utf-8")
    files: dict[str, bytes] = {
        "01-empty.txt": b"",
        "02-binary.txt": noise,
        "03-gbk.txt": ARTICLE.encode("gbk"),
        "04-big5.txt": ARTICLE_TW.encode("big5"),
        "05-utf16.txt": ARTICLE.encode("utf-16"),
        "06-too-big.txt": b"a" * 100_001,
        "07-invalid-utf8.txt": utf8[:5] + b"\xfe" + utf8[6:],
        "08-scripts.html": _scripted_page(ARTICLE).encode("utf-8"),
        "09-truncated.docx": make_docx([ARTICLE])[:2000],
        "10-valid.docx": make_docx([ARTICLE]),
        "11-chinese.pdf": make_pdf([ARTICLE]),
        "12-crawl.jsonl": (
            f'{{"text": "{ARTICLE}"}}\n{{"text": \n{{"html": "<p>{ARTICLE}</p>"}}\n'.encode()
        ),
        "13-program.exe": b"MZ\x90\x00",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    sources, errors = expand_sources([str(folder)])
    assert errors == []
    limits = IngestLimits(max_bytes=100_000)
    outcome: list[tuple[str, str, str]] = []
    for source in sources:
        for item in read_source(source, limits):
            if isinstance(item, RawDocument):
                outcome.append((Path(item.origin).name, "document", item.text))
            else:
                outcome.append((Path(item.where).name, "error", item.reason))

    def reason_starts(name: str, start: str) -> tuple[str, str, str]:
        reason = next(text for item, kind, text in outcome if item == name and kind == "error")
        assert reason.startswith(start), reason
        return (name, "error", reason)

    # Byte 5 ends the second character: its first two bytes and the wrong byte
    # each become one U+FFFD.
    invalid = ARTICLE[:1] + "\ufffd\ufffd" + (ARTICLE * 3)[2:]
    assert outcome == [
        ("01-empty.txt", "error", "empty file"),
        reason_starts("02-binary.txt", "binary"),
        ("03-gbk.txt", "document", ARTICLE),
        ("04-big5.txt", "document", ARTICLE_TW),
        ("05-utf16.txt", "document", ARTICLE),
        (
            "06-too-big.txt",
            "error",
            "file is 100,001 bytes (0.1 MB), over the size limit of 100,000 bytes (0.1 MB)",
        ),
        ("07-invalid-utf8.txt", "document", invalid),
        (
            "08-scripts.html",
            "document",
            "青山县签约\n" + ARTICLE + "\n"
            "项目涵盖镁合金型材、汽车轻量化零部件等产业链环节，达产后年产值可达六十亿元。",
        ),
        reason_starts("09-truncated.docx", "corrupt or truncated .docx"),
        ("10-valid.docx", "document", ARTICLE),
        ("11-chinese.pdf", "document", ARTICLE),
        ("12-crawl.jsonl:1", "document", ARTICLE),
        reason_starts("12-crawl.jsonl:2", "not valid JSON"),
        ("12-crawl.jsonl:3", "document", ARTICLE),
        reason_starts("13-program.exe", "unsupported file type '.exe'"),
    ]


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode)))
def test_arbitrary_bytes_never_raise(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in _read(path):
        assert isinstance(item, (RawDocument, IngestError))
        if isinstance(item, IngestError):
            assert item.where.startswith(str(path)) and item.reason
