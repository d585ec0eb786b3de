"""The briefing pages through the ASGI app: the page with its form, charts and downloads;
the PDF, Word and HTML files with their Chinese file names; bad periods shown as 422."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from io import BytesIO
from types import ModuleType
from urllib.parse import quote

import pytest
from docx import Document
from pypdf import PdfReader

from chainatlas.accounts.users import create_user
from chainatlas.api.settings import WebSettings
from chainatlas.store.db import Database

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

PERIOD = "start=2026-04-01&end=2026-06-30"
FILE = "招商工作简报_2026-04-01_2026-06-30"


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory,
    sample_pipeline: ModuleType,
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[TestClient]:
    """A viewer's client on the sample pipeline (tests/reports/sample_pipeline.py)."""
    folder = tmp_path_factory.mktemp("briefing-pages")
    settings = WebSettings(
        database_url=f"sqlite:///{folder / 'chainatlas.sqlite3'}", home_region="池州市"
    )
    database = Database(settings.database_url)
    with database.session() as session:
        sample_pipeline.build_sample(session)
        create_user(session, "wangwu", "password-three", "viewer")
    database.dispose()
    with page_client(settings) as made:
        response = made.post("/login", data={"username": "wangwu", "password": "password-three"})
        assert response.status_code == 303
        yield made


def test_page_has_form_quick_links_charts_and_downloads(client: TestClient) -> None:
    response = client.get(f"/pipeline/briefing?{PERIOD}")
    assert response.status_code == 200
    html = response.text
    assert '<h1 class="briefing-title">招商工作简报</h1>' in html
    assert "2026年4月1日至2026年6月30日 · 安徽省池州市" in html
    assert 'name="start" value="2026-04-01"' in html
    assert 'name="end" value="2026-06-30"' in html
    assert len(re.findall(r'<img src="data:image/png;base64,', html)) == 3
    # data-chart marks ECharts containers for app.js, which would replace the images.
    assert "data-chart=" not in html
    for kind in ("pdf", "docx", "html"):
        assert f'href="/pipeline/briefing.{kind}?start=2026-04-01&amp;end=2026-06-30"' in html
    assert html.count("data-quick=") == 4
    assert "储能电池项目" in html and "未核验" in html
    assert 'href="/static/css/briefing.css"' in html
    assert 'aria-current="page">工作简报</a>' in html  # the pipeline tab


def test_default_period_is_year_to_date(client: TestClient) -> None:
    html = client.get("/pipeline/briefing").text
    start = re.search(r'name="start" value="(\d{4})-01-01"', html)
    assert start is not None
    assert f"{start.group(1)}年1月1日至" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-06-30&end=2026-01-01", "period end 2026-01-01 is before its start 2026-06-30"),
        ("start=yesterday", "start &#39;yesterday&#39; is not a date"),
        ("start=2026-01-01&end=2032-01-01", "longer than 5 years"),
        (f"{PERIOD}&team=招商三组", "no team named &#39;招商三组&#39;"),
    ],
)
def test_bad_period_is_shown_with_422(client: TestClient, query: str, message: str) -> None:
    response = client.get(f"/pipeline/briefing?{query}")
    assert response.status_code == 422
    assert message in response.text
    assert 'id="briefing-form"' in response.text  # the form stays for a correction


def test_pdf_download(client: TestClient) -> None:
    response = client.get(f"/pipeline/briefing.pdf?{PERIOD}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="briefing_2026-04-01_2026-06-30.pdf"')
    assert f"filename*=UTF-8''{quote(FILE)}.pdf" in disposition
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "招商工作简报" in text and "储能电池项目" in text


def test_docx_and_html_downloads(client: TestClient) -> None:
    word = client.get(f"/pipeline/briefing.docx?{PERIOD}&team=新能源专班")
    assert word.status_code == 200
    assert quote(f"{FILE}.docx") in word.headers["content-disposition"]
    document = Document(BytesIO(word.content))
    assert "新能源专班" in document.paragraphs[1].text
    page = client.get(f"/pipeline/briefing.html?{PERIOD}")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert quote(f"{FILE}.html") in page.headers["content-disposition"]
    assert not re.search(r"https?://", page.text)
    assert "<style>" in page.text


def test_bad_download_requests(client: TestClient) -> None:
    assert client.get(f"/pipeline/briefing.xls?{PERIOD}").status_code == 422
    bad = client.get("/pipeline/briefing.pdf?start=2026-06-30&end=2026-01-01")
    assert bad.status_code == 422
    assert "before its start" in bad.text


def test_login_is_required(client: TestClient) -> None:
    anonymous = TestClient(client.app, raise_server_exceptions=False, follow_redirects=False)
    response = anonymous.get(f"/pipeline/briefing.pdf?{PERIOD}")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    anonymous.close()


def test_english_interface_has_no_raw_keys(client: TestClient) -> None:
    client.cookies.set("lang", "en")
    try:
        html = client.get(f"/pipeline/briefing?{PERIOD}").text
    finally:
        client.cookies.delete("lang")
    assert "<h1>Investment briefing</h1>" in html
    assert ">Year to date</a>" in html and ">HTML (one file)</a>" in html
    assert not re.search(r"[>\"]briefing\.\w+", html)
    # The briefing itself is an official Chinese document in either language.
    assert '<h1 class="briefing-title">招商工作简报</h1>' in html
