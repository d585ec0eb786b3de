"""The spreadsheet import API: upload → preview, mapping, apply (all or nothing), listing,
limits and roles — against the shared demo app (its upload limit is 4096 bytes)."""

from __future__ import annotations

import uuid

from .conftest import Login

HEADER = "项目编号,项目名称,投资方,所在县区,项目进展,总投资（万元）,签约时间,招商金额\n"


def sheet(prefix: str, bad: bool = False) -> bytes:
    amount = "约三千" if bad else "3000"
    rows = [
        f'{prefix}-1,{prefix}镁合金轮毂项目,池州轮毂科技有限公司,青阳县,已签约,"20,000",2026.3.1,1\n',
        f"{prefix}-2,{prefix}镁粉项目,东至镁粉有限公司,东至县,在谈,{amount},,2\n",
    ]
    return ("2026年池州市重点招商项目库\n" + HEADER + "".join(rows) + "合计,,,,,,,\n").encode("gbk")


def upload(client: object, content: bytes, name: str = "项目库.csv") -> object:
    return client.post(  # type: ignore[attr-defined]
        "/api/v1/pipeline/imports", files={"file": (name, content, "text/csv")}
    )


def test_errors_block_apply_then_a_clean_sheet_imports_once(login: Login) -> None:
    editor = login("editor")
    prefix = f"API{uuid.uuid4().hex[:6]}"
    response = editor.post(
        "/api/v1/pipeline/imports", files={"file": ("项目库.csv", sheet(prefix, bad=True))}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["counts"] == {
        "rows": 2, "create": 1, "update": 0, "unchanged": 0, "errors": 1, "skipped": 1,
    }  # fmt: skip
    assert body["errors"][0]["text"] == "第4行 总投资(万元): '约三千' 不是数字"
    assert body["rows"][1]["error_columns"] == ["总投资(万元)"]
    assert body["unmapped"] == ["招商金额"]
    refused = editor.post(f"/api/v1/pipeline/imports/{body['import_id']}/apply")
    assert refused.status_code == 422
    assert "未导入任何数据" in refused.json()["error"]["message"]

    clean = editor.post(
        "/api/v1/pipeline/imports", files={"file": ("项目库.csv", sheet(prefix))}
    ).json()
    assert clean["counts"]["create"] == 2 and clean["clean"]  # nothing of the first was stored
    applied = editor.post(f"/api/v1/pipeline/imports/{clean['import_id']}/apply")
    assert applied.status_code == 200, applied.text
    result = applied.json()
    assert len(result["created"]) == 2 and "核验" in result["note"]
    record = editor.get(f"/api/v1/pipeline/records/{result['created'][0]}").json()
    assert record["stage"] == "signed" and record["investment_cny"] == 2e8

    again = editor.post(
        "/api/v1/pipeline/imports", files={"file": ("项目库.csv", sheet(prefix))}
    ).json()
    assert again["counts"]["unchanged"] == 2 and again["counts"]["create"] == 0
    second = editor.post(f"/api/v1/pipeline/imports/{again['import_id']}/apply").json()
    assert (second["created"], second["updated"]) == ([], [])

    listed = editor.get("/api/v1/pipeline/imports").json()
    mine = {row["id"]: row for row in listed}
    assert mine[clean["import_id"]]["status"] == "applied"
    assert mine[clean["import_id"]]["user"] == "editor"
    assert mine[body["import_id"]]["status"] == "previewed"


def test_mapping_can_be_changed_and_is_checked(login: Login) -> None:
    editor = login("editor")
    prefix = f"MAP{uuid.uuid4().hex[:6]}"
    body = editor.post("/api/v1/pipeline/imports", files={"file": ("m.csv", sheet(prefix))}).json()
    url = f"/api/v1/pipeline/imports/{body['import_id']}"
    changed = editor.put(f"{url}/mapping", json={"columns": {"招商金额": "land"}})
    assert changed.status_code == 200, changed.text
    columns = {column["header"]: column for column in changed.json()["columns"]}
    assert columns["招商金额"]["field"] == "land" and not columns["招商金额"]["guessed"]
    assert editor.get(url).json()["unmapped"] == []  # stored
    clash = editor.put(f"{url}/mapping", json={"columns": {"投资方": "name"}})
    assert clash.status_code == 422 and "同时对应了列" in clash.json()["error"]["message"]
    unknown = editor.put(f"{url}/mapping", json={"columns": {"招商金额": "salary"}})
    assert unknown.status_code == 422 and "未知字段 'salary'" in unknown.json()["error"]["message"]


def test_viewer_cannot_import(login: Login) -> None:
    response = upload(login("viewer"), sheet("VIEW"))
    assert response.status_code == 403  # type: ignore[attr-defined]


def test_unreadable_and_oversized_files_are_refused(login: Login) -> None:
    editor = login("editor")
    fake = upload(editor, b"just some text", "project.xlsx")
    assert fake.status_code == 422  # type: ignore[attr-defined]
    error = fake.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "unreadable_sheet" and "不是 Excel 工作簿" in error["message"]
    other = upload(editor, b"%PDF-1.7", "scan.pdf")
    assert "只接受 .xlsx 或 .csv" in other.json()["error"]["message"]  # type: ignore[attr-defined]
    big = upload(editor, HEADER.encode() * 200)
    assert big.status_code == 413  # type: ignore[attr-defined]
    missing = editor.get("/api/v1/pipeline/imports/999999")
    assert missing.status_code == 422 and "no spreadsheet import" in missing.text
