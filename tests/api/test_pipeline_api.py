"""The pipeline API: records, moves, 核验, activities, amounts, files and promotion, with the
role + team rules (viewer reads only, a team editor stays in their team, a signing is
verified by someone region-wide who did not record it)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from PIL import Image

from chainatlas.web.demo import DEMO_LOGINS

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

# The ``login`` fixture of tests/api/conftest.py: a client logged in as a role's demo user.
Login = Any
BASE = "/api/v1/pipeline"
TEAM = "镁基新材料产业专班"  # the demo team of the team-scoped editor "zhuanban"


@pytest.fixture
def zhuanban(app: FastAPI) -> Iterator[TestClient]:
    """The demo editor who works in one team only."""
    password = next(d.password for d in DEMO_LOGINS if d.username == "zhuanban")
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post(
        "/api/v1/auth/login", json={"username": "zhuanban", "password": password}
    )
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    yield client
    client.close()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), (10, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def _team_ids(client: TestClient) -> dict[str, int]:
    items = client.get(f"{BASE}/records").json()["items"]
    return {item["team"]: item["team_id"] for item in items if item["team"]}


def _new(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post(f"{BASE}/records", json={"name": "测试线索", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _sign(client: TestClient, record_id: int, **fields: Any) -> dict[str, Any]:
    for stage in ("negotiating", "signed"):
        response = client.post(
            f"{BASE}/records/{record_id}/moves", json={"to_stage": stage, **fields}
        )
        assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_region_wide_editor_runs_a_record_through_its_life(login: Login) -> None:
    editor = login("editor")
    created = _new(
        editor,
        name="年产5万吨镁合金压铸件项目",
        company_name="池州镁业有限公司",
        chain="magnesium-light-alloy",
        investment_cny=3.5e8,
        land_mu=120,
        next_follow_up="2020-01-01",
    )
    assert created["stage"] == "lead" and created["owner"] == "editor"
    assert created["region"] == ""  # the server's home region (not set for these tests)
    record_id = created["id"]
    signed = _sign(editor, record_id, evidence_text="https://example.org/signing")
    assert signed["stage"] == "signed" and signed["awaiting_verification"]
    response = editor.post(
        f"{BASE}/records/{record_id}/activities",
        json={
            "kind": "visit",
            "on": "2026-03-02",
            "notes": "走访企业",
            "next_follow_up": "2099-01-01",
        },
    )
    assert response.status_code == 201
    response = editor.post(
        f"{BASE}/records/{record_id}/amounts",
        json={"kind": "funds", "on": "2026-04-01", "amount_cny": 5e7, "note": "首期到位"},
    )
    assert response.status_code == 201
    patched = editor.patch(
        f"{BASE}/records/{record_id}",
        json={"escalated": True, "promised_tax_cny": 2e7, "remarks": "需配套厂房"},
    ).json()
    assert (patched["escalated"], patched["promised_tax_cny"], patched["remarks"]) == (
        True,
        2e7,
        "需配套厂房",
    )
    assert patched["next_follow_up"] == "2099-01-01"
    owner = editor.patch(f"{BASE}/records/{record_id}", json={"owner": "viewer"}).json()
    assert owner["owner"] == "viewer"
    named = editor.patch(f"{BASE}/records/{record_id}", json={"owner": "外聘顾问 周工"}).json()
    assert named["owner"] == "外聘顾问 周工" and named["escalated"]
    kinds = [
        (e["kind"], e["to_stage"] or e["activity_kind"] or e["amount_kind"])
        for e in patched["history"]
    ]
    assert ("activity", "visit") in kinds and ("amount", "funds") in kinds
    stages = [e["to_stage"] for e in patched["history"] if e["kind"] == "stage"]
    assert stages == ["lead", "negotiating", "signed"]
    signing = patched["history"][[e["to_stage"] for e in patched["history"]].index("signed")]
    assert signing["evidence_text"] == "https://example.org/signing" and signing["who"] == "editor"


def test_forbidden_moves_conflict_and_shelving_needs_a_reason(login: Login) -> None:
    editor = login("editor")
    record_id = _new(editor)["id"]
    response = editor.post(f"{BASE}/records/{record_id}/moves", json={"to_stage": "operating"})
    assert response.status_code == 409
    assert "is not allowed" in response.json()["error"]["message"]
    response = editor.post(f"{BASE}/records/{record_id}/moves", json={"to_stage": "shelved"})
    assert response.status_code == 409 and "needs a reason" in response.json()["error"]["message"]
    response = editor.post(
        f"{BASE}/records/{record_id}/moves", json={"to_stage": "shelved", "reason": "企业暂缓"}
    )
    assert response.json()["stage"] == "shelved" and response.json()["stage_reason"] == "企业暂缓"


def test_a_move_names_a_stage_of_the_pipeline_vocabulary(login: Login) -> None:
    editor = login("editor")
    record_id = _new(editor)["id"]
    response = editor.post(f"{BASE}/records/{record_id}/moves", json={"to_stage": "nowhere"})
    assert response.status_code == 422 and "unknown stage" in response.json()["error"]["message"]
    response = editor.post(f"{BASE}/records/{record_id}/moves", json={"to_stage": "洽谈"})
    assert response.status_code == 201 and response.json()["stage"] == "negotiating"


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "x", "investment_cny": -1},
        {"name": "x", "stage": "signed"},
        {"name": "x", "colour": "red"},
        {"name": "x", "team_id": 999999},
    ],
)
def test_bad_new_records_are_refused_and_nothing_is_stored(login: Login, body: Any) -> None:
    editor = login("editor")
    before = editor.get(f"{BASE}/records").json()["total"]
    assert editor.post(f"{BASE}/records", json=body).status_code == 422
    assert editor.get(f"{BASE}/records").json()["total"] == before


def test_recorder_cannot_verify_their_own_signing_an_admin_can(login: Login) -> None:
    editor, admin = login("editor"), login("admin")
    record_id = _new(editor)["id"]
    _sign(editor, record_id)
    response = editor.post(f"{BASE}/records/{record_id}/verify")
    assert response.status_code == 422
    assert "cannot also verify" in response.json()["error"]["message"]
    verified = admin.post(f"{BASE}/records/{record_id}/verify")
    assert verified.status_code == 200
    signing = next(e for e in verified.json()["history"] if e["to_stage"] == "signed")
    assert signing["verified_by"] == "admin" and not verified.json()["awaiting_verification"]
    again = admin.post(f"{BASE}/records/{record_id}/verify")
    assert again.status_code == 422 and "already verified" in again.json()["error"]["message"]


def test_viewer_gets_403_on_every_write(login: Login) -> None:
    editor, viewer = login("editor"), login("viewer")
    record_id = _new(editor)["id"]
    _sign(editor, record_id)
    assert viewer.get(f"{BASE}/records/{record_id}").status_code == 200
    writes: list[tuple[str, str, dict[str, Any]]] = [
        ("post", f"{BASE}/records", {"json": {"name": "viewer lead"}}),
        ("patch", f"{BASE}/records/{record_id}", {"json": {"escalated": True}}),
        ("post", f"{BASE}/records/{record_id}/moves", {"json": {"to_stage": "construction"}}),
        ("post", f"{BASE}/records/{record_id}/verify", {}),
        ("post", f"{BASE}/records/{record_id}/activities", {"json": {"kind": "call"}}),
        (
            "post",
            f"{BASE}/records/{record_id}/amounts",
            {"json": {"kind": "funds", "amount_cny": 1}},
        ),
        ("post", f"{BASE}/records/{record_id}/attachments", {"files": {"file": ("a.png", _png())}}),
        ("post", f"{BASE}/projects/1/promote", {"json": {}}),
    ]
    for method, url, kwargs in writes:
        response = getattr(viewer, method)(url, **kwargs)
        assert response.status_code == 403, (method, url, response.text)
        assert response.json()["error"]["code"] == "forbidden"
    after = editor.get(f"{BASE}/records/{record_id}").json()
    assert after["stage"] == "signed" and after["awaiting_verification"]
    assert not after["escalated"]


def test_team_editor_sees_and_changes_only_their_team(login: Login, zhuanban: TestClient) -> None:
    editor = login("editor")
    teams = _team_ids(editor)
    outsider = _new(editor, name="别队的线索", team_id=teams["半导体产业招商小分队"])["id"]
    listed = zhuanban.get(f"{BASE}/records").json()["items"]
    assert listed and {item["team"] for item in listed} == {TEAM}
    assert outsider not in {item["id"] for item in listed}
    assert zhuanban.get(f"{BASE}/records/{outsider}").status_code == 403
    assert zhuanban.patch(f"{BASE}/records/{outsider}", json={"remarks": "x"}).status_code == 403
    denied = zhuanban.post(
        f"{BASE}/records", json={"name": "越权", "team_id": teams["半导体产业招商小分队"]}
    )
    assert denied.status_code == 403
    assert zhuanban.post(f"{BASE}/records", json={"name": "全区"}).status_code == 403
    own = _new(zhuanban, name="本专班线索", team_id=teams[TEAM])
    assert own["team"] == TEAM
    patched = zhuanban.patch(f"{BASE}/records/{own['id']}", json={"land_mu": 88})
    assert patched.status_code == 200 and patched.json()["land_mu"] == 88
    _sign(zhuanban, own["id"])
    refused = zhuanban.post(f"{BASE}/records/{own['id']}/verify")
    assert refused.status_code == 403 and "not by the team" in refused.json()["error"]["message"]
    # A region-wide editor who did not record the signing verifies it.
    verified = editor.post(f"{BASE}/records/{own['id']}/verify")
    assert verified.status_code == 200 and not verified.json()["awaiting_verification"]


def test_list_filters(login: Login) -> None:
    editor = login("editor")
    marker = "筛选专用线索甲"
    first = _new(editor, name=marker, next_follow_up="2001-02-03")["id"]
    _new(editor, name="筛选专用线索乙", next_follow_up="2999-01-01")
    found = editor.get(f"{BASE}/records", params={"q": "筛选专用线索"}).json()["items"]
    assert [item["name"] for item in found] == [marker, "筛选专用线索乙"]
    overdue = editor.get(f"{BASE}/records", params={"q": "筛选专用", "overdue": True}).json()
    assert [item["id"] for item in overdue["items"]] == [first]
    by_date = editor.get(
        f"{BASE}/records", params={"q": "筛选专用", "sort": "follow_up", "order": "desc"}
    ).json()["items"]
    assert by_date[0]["name"] == "筛选专用线索乙"
    assert editor.get(f"{BASE}/records", params={"stage": "nowhere"}).status_code == 422


def test_evidence_files_are_checked_and_downloaded(login: Login) -> None:
    editor = login("editor")
    record_id = _new(editor)["id"]
    png = _png()
    response = editor.post(
        f"{BASE}/records/{record_id}/attachments",
        files={"file": ("现场照片.png", png, "application/octet-stream")},
    )
    assert response.status_code == 201, response.text
    stored = response.json()
    assert (stored["content_type"], stored["size"]) == ("image/png", len(png))
    download = editor.get(stored["url"])
    assert download.content == png and download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment;")
    fake = editor.post(
        f"{BASE}/records/{record_id}/attachments",
        files={"file": ("photo.png", b"<html><script>alert(1)</script></html>", "image/png")},
    )
    assert fake.status_code == 422
    assert "'photo.png' is text/html" in fake.json()["error"]["message"]
    big = png + b"\0" * 5000  # the test server allows 4096 bytes
    assert (
        editor.post(
            f"{BASE}/records/{record_id}/attachments", files={"file": ("big.png", big)}
        ).status_code
        == 422
    )
    history = editor.get(f"{BASE}/records/{record_id}").json()["history"]
    assert [a["filename"] for e in history for a in e["attachments"]] == ["现场照片.png"]


def test_promoting_a_project_twice_gives_the_same_record(login: Login) -> None:
    editor = login("editor")
    first = editor.post(f"{BASE}/projects/2/promote", json={})
    assert first.status_code == 201, first.text
    again = editor.post(f"{BASE}/projects/2/promote")
    assert again.json()["id"] == first.json()["id"] and first.json()["project_id"] == 2
    missing = editor.post(f"{BASE}/projects/999999/promote")
    assert missing.status_code == 422 and "no knowledge-base project" in missing.text


def test_missing_records_are_404_and_missing_evidence_documents_422(login: Login) -> None:
    editor = login("editor")
    missing = editor.get(f"{BASE}/records/999999")
    assert missing.status_code == 404 and "no pipeline record with id 999999" in missing.text
    assert editor.patch(f"{BASE}/records/999999", json={}).status_code == 404
    record_id = _new(editor)["id"]
    response = editor.post(
        f"{BASE}/records/{record_id}/moves",
        json={"to_stage": "negotiating", "evidence_document_id": 999999},
    )
    assert response.status_code == 422 and "evidence document 999999" in response.text
    assert editor.get(f"{BASE}/records/{record_id}").json()["stage"] == "lead"


def test_candidate_firm_and_team_member_promotions(login: Login, zhuanban: TestClient) -> None:
    editor = login("editor")
    company = editor.get("/api/v1/companies").json()[0]
    response = editor.post(
        f"{BASE}/candidates/promote",
        json={
            "company_id": company["id"],
            "chain": "magnesium-light-alloy",
            "node": "magnesium-alloy",
            "region": "池州市",
        },
    )
    assert response.status_code == 201, response.text
    lead = response.json()
    assert (lead["company_name"], lead["chain"], lead["node"], lead["region"], lead["stage"]) == (
        company["name"],
        "magnesium-light-alloy",
        "magnesium-alloy",
        "池州市",
        "lead",
    )
    assert lead["name"].startswith(company["name"]) and lead["team"] is None
    bad_node = editor.post(
        f"{BASE}/candidates/promote",
        json={
            "company_id": company["id"],
            "chain": "magnesium-light-alloy",
            "node": "no-such-node",
        },
    )
    assert bad_node.status_code == 422 and "no-such-node" in bad_node.text
    missing = editor.post(
        f"{BASE}/candidates/promote", json={"company_id": 999999, "chain": "magnesium-light-alloy"}
    )
    assert missing.status_code == 422 and "no knowledge-base company" in missing.text
    # A team member's promotion lands in their own team.
    promoted = zhuanban.post(f"{BASE}/projects/4/promote")
    assert promoted.status_code == 201 and promoted.json()["team"] == TEAM


def test_promotion_by_another_team_stays_hidden(login: Login, zhuanban: TestClient) -> None:
    editor = login("editor")
    teams = _team_ids(editor)
    first = editor.post(
        f"{BASE}/projects/5/promote", json={"team_id": teams["半导体产业招商小分队"]}
    )
    assert first.status_code == 201
    again = zhuanban.post(f"{BASE}/projects/5/promote")
    assert again.status_code == 403 and "may not see pipeline record" in again.text
    assert "半导体" not in again.text  # nothing of the other team's record leaks
