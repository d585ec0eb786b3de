"""Pipeline pages through the ASGI app (no browser): board and table, the new-lead form,
the record page's forms, and the role + team rules on pages and their POST routes."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.stages import MAIN_STAGES, STAGE_NAMES
from chainatlas.store.db import Database
from chainatlas.web.i18n import MESSAGES
from chainatlas.web.render import TEMPLATES

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

TEAM = "镁基新材料产业专班"  # the demo team of the team-scoped editor "zhuanban"
OTHER_TEAM = "半导体产业招商小分队"
LIMIT = 64 * 1024  # the upload limit of these tests' server
FORM_IDS = ("move-form", "edit-form", "activity-form", "amount-form", "upload-form")


PageLogIn = Callable[..., str]  # the page_log_in fixture of tests/web/conftest.py


@pytest.fixture(scope="module")
def settings(seed_settings: Callable[..., WebSettings]) -> WebSettings:
    return seed_settings("pipeline-pages-db", home_region="池州市", upload_max_bytes=LIMIT)


@pytest.fixture(scope="module")
def client(
    settings: WebSettings,
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[TestClient]:
    with page_client(settings) as made:
        yield made


def _count(settings: WebSettings) -> int:
    with Database(settings.database_url) as database, database.session() as session:
        return session.scalar(select(func.count()).select_from(PipelineRecord)) or 0


def _team_id(settings: WebSettings, name: str) -> int:
    with Database(settings.database_url) as database, database.session() as session:
        team = session.scalars(select(Team).where(Team.name == name)).one()
        return team.id


def _new(client: TestClient, token: str, **fields: str) -> int:
    data = {"csrf_token": token, "name": "页面测试线索", "unit": "万元", "stage": "lead"}
    response = client.post("/pipeline/new", data={**data, **fields})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _move(client: TestClient, token: str, record_id: int, stage: str, **fields: str) -> int:
    data = {"csrf_token": token, "to_stage": stage, **fields}
    return client.post(f"/pipeline/records/{record_id}/move", data=data).status_code


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5), (250, 200, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_board_shows_stage_columns_panels_and_the_create_button(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    page_log_in(client, "editor")
    page = client.get("/pipeline")
    assert page.status_code == 200
    columns = re.findall(r'<section class="pl-column" data-stage="(\w+)">\s*<h2>(\S+)', page.text)
    assert [name for _, name in columns] == [STAGE_NAMES[stage] for stage in MAIN_STAGES]
    assert [name for _, name in columns][:4] == ["线索", "洽谈", "签约", "开工"]
    assert [name for _, name in columns][-2:] == ["投产", "达产"]
    for marker in ('id="pipeline-side"', 'id="overdue-panel"', 'id="pending-panel"', "new-lead"):
        assert marker in page.text
    page_log_in(client, "viewer")
    viewer_page = client.get("/pipeline")
    assert viewer_page.status_code == 200 and 'id="new-lead"' not in viewer_page.text
    assert 'class="pl-verify"' not in viewer_page.text
    assert client.get("/pipeline/new").status_code == 403


def test_table_view_sorts_and_filters(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "editor")
    _new(client, token, name="排序测试甲", investment="1", unit="亿元")
    _new(client, token, name="排序测试乙", investment="9", unit="亿元")
    page = client.get(
        "/pipeline",
        params={"view": "table", "q": "排序测试", "sort": "investment", "order": "desc"},
    )
    names = re.findall(r'<a href="/pipeline/records/\d+">(排序测试.)</a>', page.text)
    assert names == ["排序测试乙", "排序测试甲"]
    assert "9亿元" in page.text
    ascending = client.get(
        "/pipeline", params={"view": "table", "q": "排序测试", "sort": "investment"}
    )
    assert re.findall(r'<a href="/pipeline/records/\d+">(排序测试.)</a>', ascending.text) == [
        "排序测试甲",
        "排序测试乙",
    ]


def test_the_export_button_downloads_what_the_board_shows(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    _new(client, token, name="导出测试项目", investment="2", unit="亿元")
    page = client.get("/pipeline", params={"q": "导出测试"})
    link = re.search(r'id="export-records" href="([^"]+)"', page.text)
    assert link is not None and "q=" in link.group(1)
    workbook = client.get(link.group(1).replace("&amp;", "&"))
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    names = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert "导出测试项目" in names
    assert not any(name.startswith("年产10万吨") for name in names)  # filtered like the board


def test_new_lead_form_defaults_validates_and_stores(
    client: TestClient, settings: WebSettings, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    form = client.get("/pipeline/new")
    assert 'name="region" value="池州市"' in form.text
    before = _count(settings)
    bad = client.post(
        "/pipeline/new",
        data={
            "csrf_token": token,
            "name": "坏输入",
            "investment": "很多",
            "land": "-3",
            "follow_up": "明天",
        },
    )
    assert bad.status_code == 422
    errors = dict(re.findall(r'<span class="pl-error" data-field="(\w+)">([^<]*)</span>', bad.text))
    assert set(errors) == {"investment", "land", "follow_up"}
    assert "很多" in errors["investment"]
    assert 'value="坏输入"' in bad.text  # typed values come back
    assert _count(settings) == before
    record_id = _new(
        client,
        token,
        name="年产2万吨镁粉项目",
        company="池州镁粉科技有限公司",
        region="池州市",
        chain="magnesium-light-alloy",
        node="magnesium-light-alloy:magnesium-alloy",
        investment="3.5",
        unit="亿元",
        land="80",
        follow_up="2099-06-01",
        stage="negotiating",
    )
    assert _count(settings) == before + 1
    page = client.get(f"/pipeline/records/{record_id}").text
    for text in ("年产2万吨镁粉项目", "池州镁粉科技有限公司", "3.5亿元", "洽谈", "80"):
        assert text in page


def test_stage_move_offers_only_allowed_stages_and_explains_refusals(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token)
    page = client.get(f"/pipeline/records/{record_id}").text
    offered = re.findall(
        r'<option value="(\w+)">', page.split('id="move-form"')[1].split("</select>")[0]
    )
    assert offered == ["negotiating", "shelved", "terminated"]
    refused = client.post(
        f"/pipeline/records/{record_id}/move", data={"csrf_token": token, "to_stage": "shelved"}
    )
    assert refused.status_code == 409 and "needs a reason" in refused.text
    assert _move(client, token, record_id, "construction") == 409
    assert _move(client, token, record_id, "shelved", reason="企业资金紧张") == 303
    page = client.get(f"/pipeline/records/{record_id}").text
    assert "企业资金紧张" in page and 'id="record-stage">搁置' in page


def test_signing_with_a_file_is_verified_by_another_user(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token)
    assert _move(client, token, record_id, "negotiating") == 303
    png = _png()
    response = client.post(
        f"/pipeline/records/{record_id}/move",
        data={"csrf_token": token, "to_stage": "signed", "evidence_text": "https://example.org/x"},
        files={"file": ("签约 现场.png", png, "text/plain")},
    )
    assert response.status_code == 303
    page = client.get(f"/pipeline/records/{record_id}").text
    assert 'id="unverified-badge"' in page and 'id="verify-form"' not in page  # own signing
    link = re.search(rf'href="(/pipeline/records/{record_id}/attachments/\d+)"', page)
    assert link is not None
    download = client.get(link.group(1))
    assert download.content == png and download.headers["content-type"] == "image/png"
    assert (
        "filename*=UTF-8''%E7%AD%BE%E7%BA%A6_%E7%8E%B0%E5%9C%BA.png"
        in download.headers["content-disposition"]
    )
    assert (
        client.post(f"/pipeline/records/{record_id}/verify", data={"csrf_token": token}).status_code
        == 422
    )
    admin_token = page_log_in(client, "admin")
    assert 'id="verify-form"' in client.get(f"/pipeline/records/{record_id}").text
    verified = client.post(
        f"/pipeline/records/{record_id}/verify", data={"csrf_token": admin_token}
    )
    assert verified.status_code == 303
    page = client.get(f"/pipeline/records/{record_id}").text
    assert "核验：admin" in page and 'id="unverified-badge"' not in page


def test_fake_image_is_refused_with_its_name_and_nothing_moves(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token)
    response = client.post(
        f"/pipeline/records/{record_id}/move",
        data={"csrf_token": token, "to_stage": "negotiating"},
        files={"file": ("photo.png", b"<html><body>not a photo</body></html>", "image/png")},
    )
    assert response.status_code == 422
    assert "&#39;photo.png&#39; is text/html" in response.text
    assert 'id="record-stage">线索' in client.get(f"/pipeline/records/{record_id}").text


def test_viewer_sees_no_forms_and_every_post_is_refused(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token)
    assert _move(client, token, record_id, "negotiating") == 303
    viewer_token = page_log_in(client, "viewer")
    page = client.get(f"/pipeline/records/{record_id}")
    assert page.status_code == 200 and 'id="read-only"' in page.text
    for form_id in (*FORM_IDS, "verify-form"):
        assert f'id="{form_id}"' not in page.text
    posts = {
        "edit": {"remarks": "viewer"},
        "move": {"to_stage": "signed"},
        "verify": {},
        "activities": {"kind": "call"},
        "amounts": {"kind": "funds", "amount": "1"},
    }
    for action, data in posts.items():
        response = client.post(
            f"/pipeline/records/{record_id}/{action}", data={"csrf_token": viewer_token, **data}
        )
        assert response.status_code == 403, action
    upload = client.post(
        f"/pipeline/records/{record_id}/attachments",
        data={"csrf_token": viewer_token},
        files={"file": ("a.png", _png(), "image/png")},
    )
    assert upload.status_code == 403
    new = client.post("/pipeline/new", data={"csrf_token": viewer_token, "name": "viewer"})
    assert new.status_code == 403
    assert client.post("/projects/1/promote", data={"csrf_token": viewer_token}).status_code == 403
    assert 'id="promote-form"' not in client.get("/projects/1").text
    page_log_in(client, "editor")
    after = client.get(f"/pipeline/records/{record_id}").text
    assert 'id="record-stage">洽谈' in after and "viewer" not in after.split('id="history"')[1]


def test_team_editor_stays_in_their_team(
    client: TestClient, settings: WebSettings, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    other = _new(
        client,
        token,
        name="小分队的线索",
        team_id=str(_team_id(settings, OTHER_TEAM)),
        follow_up="2001-01-01",  # overdue
    )
    assert _move(client, token, other, "negotiating") == 303
    assert _move(client, token, other, "signed") == 303  # awaits 核验
    panels = client.get("/pipeline").text.split('id="overdue-panel"')[1]
    assert panels.count("小分队的线索") == 2  # in both panels for a region-wide editor
    team_token = page_log_in(client, "zhuanban")
    board = client.get("/pipeline").text
    assert "小分队的线索" not in board  # neither on the board nor in its panels
    teams = re.findall(r'<span class="tag">([^<]+)</span>', board.split('id="pipeline-board"')[1])
    assert teams and set(teams) == {TEAM}
    assert client.get(f"/pipeline/records/{other}").status_code == 403
    response = client.post(
        f"/pipeline/records/{other}/edit", data={"csrf_token": team_token, "remarks": "越权"}
    )
    assert response.status_code == 403
    form = client.get("/pipeline/new").text
    assert re.findall(
        r'<option value="(\d+)"', form.split('name="team_id"')[1].split("</select>")[0]
    ) == [str(_team_id(settings, TEAM))]
    refused = client.post(
        "/pipeline/new",
        data={
            "csrf_token": team_token,
            "name": "越权线索",
            "team_id": str(_team_id(settings, OTHER_TEAM)),
        },
    )
    assert refused.status_code == 422 and "may not create records for this team" in refused.text
    own = _new(client, team_token, name="专班自建线索", team_id=str(_team_id(settings, TEAM)))
    assert _move(client, team_token, own, "negotiating") == 303
    assert _move(client, team_token, own, "signed") == 303
    page = client.get(f"/pipeline/records/{own}").text
    assert 'id="verify-form"' not in page
    assert (
        client.post(f"/pipeline/records/{own}/verify", data={"csrf_token": team_token}).status_code
        == 403
    )
    editor_token = page_log_in(client, "editor")
    pending = client.get("/pipeline").text.split('id="pending-panel"')[1]
    assert f'action="/pipeline/records/{own}/verify"' in pending
    assert (
        client.post(
            f"/pipeline/records/{own}/verify", data={"csrf_token": editor_token}
        ).status_code
        == 303
    )


def test_activity_amount_and_edit_show_in_the_record(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token)
    base = f"/pipeline/records/{record_id}"
    assert (
        client.post(
            f"{base}/activities",
            data={
                "csrf_token": token,
                "kind": "promotion",
                "on": "2026-04-02",
                "notes": "参加推介会",
                "follow_up": "2000-01-01",
            },
        ).status_code
        == 303
    )
    assert "pl-overdue" in client.get(base).text  # the activity set a past follow-up
    assert (
        client.post(
            f"{base}/amounts",
            data={
                "csrf_token": token,
                "kind": "increase",
                "amount": "2",
                "unit": "亿元",
                "on": "2026-05-01",
            },
        ).status_code
        == 303
    )
    edited = client.post(
        f"{base}/edit",
        data={
            "csrf_token": token,
            "unit": "万元",
            "promised_output": "3亿",
            "realised_tax": "500",
            "land": "66",
            "escalated": "1",
            "remarks": "重点项目",
            "owner": "viewer",
        },
    )
    assert edited.status_code == 303
    page = client.get(base).text
    for text in (
        "推介会",
        "参加推介会",
        "增资",
        "2亿元",
        "3亿元",
        "500万元",
        "重点项目",
        "提级跟进",
    ):
        assert text in page, text
    bad = client.post(
        f"{base}/edit", data={"csrf_token": token, "land": "很多", "remarks": "不该保存"}
    )
    assert bad.status_code == 422 and 'data-field="land"' in bad.text
    assert "不该保存" not in client.get(base).text.split('id="history"')[0]


def test_promotion_from_project_page_and_from_a_candidate(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    assert 'id="promote-form"' in client.get("/projects/3").text
    first = client.post("/projects/3/promote", data={"csrf_token": token})
    again = client.post("/projects/3/promote", data={"csrf_token": token})
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    record_page = client.get(first.headers["location"]).text
    assert 'id="kb-link" href="/projects/3"' in record_page
    region = client.get("/regions/池州市", params={"chain": "new-energy-battery"}).text
    form = re.search(
        r'<form method="post" action="/pipeline/promote-candidate".*?</form>', region, re.S
    )
    assert form is not None
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0)))
    assert fields["chain"] == "new-energy-battery" and fields["region"] == "池州市"
    created = client.post("/pipeline/promote-candidate", data=fields)
    assert created.status_code == 303
    page = client.get(created.headers["location"]).text
    assert "新能源电池" in page or "new-energy-battery" in page
    assert 'id="record-stage">线索' in page


def test_missing_record_page_is_404(client: TestClient, page_log_in: PageLogIn) -> None:
    page_log_in(client, "viewer")
    response = client.get("/pipeline/records/999999")
    assert response.status_code == 404 and "no pipeline record with id 999999" in response.text


def test_pages_speak_english_on_request(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token, stage="negotiating")
    client.cookies.set("lang", "en")
    try:
        board = client.get("/pipeline").text
        assert "New lead" in board and "Construction" in board and "At capacity" in board
        page = client.get(f"/pipeline/records/{record_id}").text
        assert 'id="record-stage">Negotiating' in page and "Change stage" in page
        for shown in (board, page, client.get("/pipeline/new").text):
            assert "pipeline." not in re.sub(r"<[^>]*>", "", shown)  # no raw message keys
    finally:
        client.cookies.delete("lang")


def test_oversized_and_empty_uploads_are_refused_on_the_page(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "editor")
    record_id = _new(client, token)
    url = f"/pipeline/records/{record_id}/attachments"
    big = _png() + b"\0" * LIMIT
    response = client.post(url, data={"csrf_token": token}, files={"file": ("big.png", big)})
    assert response.status_code == 422
    assert (
        f"&#39;big.png&#39; has {len(big)} bytes, more than the limit of {LIMIT}" in response.text
    )
    empty = client.post(url, data={"csrf_token": token}, files={"file": ("empty.pdf", b"")})
    assert empty.status_code == 422 and "&#39;empty.pdf&#39; is empty" in empty.text
    ok = client.post(url, data={"csrf_token": token}, files={"file": ("ok.png", _png())})
    assert ok.status_code == 303
    page = client.get(f"/pipeline/records/{record_id}").text
    assert "ok.png" in page and "big.png" not in page and "empty.pdf" not in page


def test_hand_edited_ids_never_break_a_page(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "editor")
    assert client.get("/pipeline", params={"team": "9" * 19}).status_code == 200
    assert client.get("/pipeline", params={"team": "x", "stage": "nowhere"}).status_code == 200
    refused = client.post(
        "/pipeline/new", data={"csrf_token": token, "name": "x", "team_id": "9" * 19}
    )
    assert refused.status_code == 422 and 'data-field="team_id"' in refused.text
    record_id = _new(client, token)
    move = client.post(
        f"/pipeline/records/{record_id}/move",
        data={"csrf_token": token, "to_stage": "negotiating", "evidence_document_id": "9" * 19},
    )
    assert move.status_code == 422 and 'data-field="evidence_document_id"' in move.text


@pytest.mark.parametrize(
    "template", ["pipeline_board.html", "pipeline_new.html", "pipeline_record.html"]
)
def test_every_interface_text_is_registered(template: str) -> None:
    import chainatlas.web.routes.pipeline  # noqa: F401  (registers the pipeline messages)

    text = (TEMPLATES / template).read_text(encoding="utf-8")
    keys = set(re.findall(r't\("([\w.]+)"\s*[,)]', text))
    assert keys and keys <= set(MESSAGES), sorted(keys - set(MESSAGES))
    dynamic = {f"pipeline.amount.{kind}" for kind in ("funds", "increase")}
    assert dynamic <= set(MESSAGES)
    assert {f"pipeline.stage.{stage}" for stage in STAGE_NAMES} <= set(MESSAGES)
