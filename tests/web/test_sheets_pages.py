"""The spreadsheet import pages through the ASGI app: upload form, preview with errors by
cell, mapping form, refused and accepted confirmation, result, sample download, roles."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from openpyxl import Workbook

from chainatlas.api.settings import WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["序号", "项目编号", "项目名称", "签约企业", "落地区域", "牵头单位", "当前状态",
          "计划总投资（亿元）", "签约日期"]  # fmt: skip


PageLogIn = Callable[..., str]  # the page_log_in fixture of tests/web/conftest.py


@pytest.fixture(scope="module")
def client(
    seed_settings: Callable[..., WebSettings],
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[TestClient]:
    with page_client(seed_settings("sheets-pages-db")) as made:
        yield made


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2026年池州市重点招商项目库"])
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD: list[list[object]] = [
    [1, "PG-001", "镁合金门窗型材项目", "池州镁窗科技有限公司", "贵池区", "镁基新材料专班",
     "已签约", 2.5, "2026-02-10"],
    [2, "PG-002", "镁渣综合利用项目", "青阳循环材料有限公司", "青阳县", "镁基新材料专班",
     "洽谈中", "0.8", None],
]  # fmt: skip


def send(client: TestClient, token: str, content: bytes, name: str = "项目库.xlsx") -> object:
    return client.post(
        "/pipeline/import",
        data={"csrf_token": token},
        files={"file": (name, content, XLSX)},
    )


def test_errors_are_shown_by_cell_and_confirm_is_refused(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor", page="/pipeline/import")
    bad = [row[:] for row in GOOD]
    bad[0][7], bad[1][6] = "约三千", "快了"
    response = send(client, token, workbook(bad))
    assert response.status_code == 303  # type: ignore[attr-defined]
    location = response.headers["location"]  # type: ignore[attr-defined]
    page = client.get(location).text
    assert "第3行 计划总投资(亿元): &#39;约三千&#39; 不是数字" in page
    assert page.count('class="cell-error') == 2
    assert re.search(r'id="confirm-import"[^>]*disabled', page)
    assert "猜测" in page and 'name="col-7"' in page
    refused = client.post(f"{location}/apply", data={"csrf_token": token})
    assert refused.status_code == 422
    assert "未导入任何数据" in refused.text


def test_a_clean_sheet_is_confirmed_and_the_result_links_the_records(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor", page="/pipeline/import")
    response = send(client, token, workbook(GOOD))
    location = response.headers["location"]  # type: ignore[attr-defined]
    page = client.get(location).text
    assert not re.search(r'id="confirm-import"[^>]*disabled', page)
    assert "将新建团队：镁基新材料专班" in page
    done = client.post(f"{location}/apply", data={"csrf_token": token})
    assert done.status_code == 303
    result = client.get(done.headers["location"]).text
    assert 'id="import-result"' in result
    assert "新建 2 个、更新 0 个项目" in result
    assert len(re.findall(r'href="/pipeline/records/\d+"', result)) == 2
    assert "尚未核验" in result  # the imported signing still needs 核验
    assert 'id="confirm-import"' not in result  # nothing left to import
    history = client.get("/pipeline/import").text
    assert "项目库.xlsx" in history and "已导入" in history


def test_mapping_form_changes_the_preview(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "editor", page="/pipeline/import")
    location = send(client, token, workbook(GOOD)).headers["location"]  # type: ignore[attr-defined]
    form = {"csrf_token": token, "col-4": ""}  # 落地区域 → not imported
    changed = client.post(f"{location}/mapping", data=form)
    assert changed.status_code == 303
    page = client.get(location).text
    assert "未导入的列：落地区域" in page


def test_broken_files_get_the_form_again_with_the_reason(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor", page="/pipeline/import")
    response = send(client, token, b"not a workbook", "项目库.xlsx")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "内容不是 Excel 工作簿" in response.text  # type: ignore[attr-defined]
    assert 'id="import-form"' in response.text  # type: ignore[attr-defined]


def test_csrf_is_required(client: TestClient, page_log_in: PageLogIn) -> None:
    page_log_in(client, "editor", page="/pipeline/import")
    response = client.post("/pipeline/import", files={"file": ("a.xlsx", workbook(GOOD), XLSX)})
    assert response.status_code == 403


def test_viewer_sees_no_form_and_cannot_upload(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "viewer")
    page = client.get("/pipeline/import")
    assert page.status_code == 403 and "只读用户不能导入表格" in page.text
    assert 'id="import-form"' not in page.text
    assert send(client, token, workbook(GOOD)).status_code == 403  # type: ignore[attr-defined]


def test_sample_sheet_download(client: TestClient, page_log_in: PageLogIn) -> None:
    page_log_in(client, "viewer")
    response = client.get("/pipeline/import/sample.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "项目编号" in response.content.decode("utf-8-sig")


def test_preview_speaks_english_on_request(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "editor", page="/pipeline/import")
    location = send(client, token, workbook(GOOD)).headers["location"]  # type: ignore[attr-defined]
    client.cookies.set("lang", "en")
    try:
        page = client.get(location).text
    finally:
        client.cookies.delete("lang")
    assert "Confirm import" in page and "Column mapping" in page and "Header on line 2" in page


def test_a_team_editor_may_import_only_their_teams_rows(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(
        client, "zhuanban", page="/pipeline/import"
    )  # works in 镁基新材料产业专班 only
    rows = [row[:] for row in GOOD]
    rows[0][1], rows[1][1] = "ZB-001", "ZB-002"
    rows[0][5] = "镁基新材料产业专班"
    rows[1][5] = "半导体产业招商小分队"
    location = send(client, token, workbook(rows)).headers["location"]  # type: ignore[attr-defined]
    page = client.get(location).text
    assert "第4行 牵头单位: “半导体产业招商小分队”不是你所在的团队，不能导入其项目" in page
    assert "第3行" not in page.split('id="import-errors"')[1].split("</section>")[0]
    assert re.search(r'id="confirm-import"[^>]*disabled', page)
