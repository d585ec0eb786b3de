"""Projects, companies, documents, chains and the dashboard through the API."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    Login = Callable[[str], TestClient]


def test_projects_page_through_the_list(login: Login) -> None:
    client = login("viewer")
    first = client.get("/api/v1/projects", params={"page_size": 5}).json()
    second = client.get("/api/v1/projects", params={"page_size": 5, "page": 2}).json()
    assert first["total"] == second["total"] > 10
    assert first["pages"] == -(-first["total"] // 5)
    assert len(first["items"]) == 5
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_region_filter_includes_lower_levels(login: Login) -> None:
    found = login("viewer").get("/api/v1/projects", params={"region": "安徽"}).json()
    assert found["total"] > 0
    assert all(p["region_code"].startswith("34") for p in found["items"])


@pytest.mark.parametrize(("order", "pick"), [("desc", max), ("asc", min)])
def test_sort_by_investment(login: Login, order: str, pick: Callable[..., float]) -> None:
    items = (
        login("viewer")
        .get("/api/v1/projects", params={"sort": "investment", "order": order, "page_size": 200})
        .json()["items"]
    )
    amounts = [p["investment_cny"] for p in items if p["investment_cny"] is not None]
    assert items[0]["investment_cny"] == pick(amounts)


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"page_size": 201}, "query.page_size"),
        ({"page": 0}, "query.page"),
        ({"sort": "secret"}, "query.sort"),
        ({"status": "sold"}, "query.status"),
        ({"since": "last year"}, "query.since"),
        ({"until": "0"}, "query.until"),
    ],
)
def test_bad_parameters_get_the_envelope(
    login: Login, params: dict[str, str | int], where: str
) -> None:
    response = login("viewer").get("/api/v1/projects", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["details"][0]["where"].startswith(where)
    assert where in error["message"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/projects/999999", "/api/v1/companies/999999", "/api/v1/documents/999999",
     "/api/v1/chains/no-such-chain", "/api/v1/nothing-here"],
)  # fmt: skip
def test_missing_things_are_404_envelopes(login: Login, path: str) -> None:
    response = login("viewer").get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/api/v1/projects/0", "/api/v1/projects/18446744073709551616", "/api/v1/documents/-1"]
)
def test_ids_out_of_range_are_422(login: Login, path: str) -> None:
    response = login("viewer").get(path)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_blank_dates_mean_no_bound(login: Login) -> None:
    client = login("viewer")
    everything = client.get("/api/v1/projects").json()["total"]
    assert client.get("/api/v1/projects?since=&until=").json()["total"] == everything


def test_method_not_allowed_names_the_allowed_ones(login: Login) -> None:
    response = login("viewer").delete("/api/v1/chains")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_project_detail_has_evidence_and_timeline(login: Login) -> None:
    client = login("viewer")
    items = client.get("/api/v1/projects", params={"sort": "mentions", "page_size": 1}).json()
    record = client.get(f"/api/v1/projects/{items['items'][0]['id']}").json()
    assert len(record["evidence"]) >= 2
    assert all(e["sentence"] for e in record["evidence"])
    assert record["timeline"]


def test_company_detail(login: Login) -> None:
    client = login("viewer")
    company = client.get("/api/v1/companies", params={"limit": 1}).json()[0]
    record = client.get(f"/api/v1/companies/{company['id']}").json()
    assert record["company"]["name"] == company["name"]
    assert record["documents"] and {"id", "name", "published"} <= set(record["documents"][0])


def test_document_detail_has_fact_spans(login: Login) -> None:
    client = login("viewer")
    document = client.get("/api/v1/documents", params={"page_size": 1}).json()[0]
    detail = client.get(f"/api/v1/documents/{document['id']}").json()
    fact = next(f for f in detail["facts"] if f["start"] is not None)
    assert detail["normalised_text"][fact["start"] : fact["end"]]


def test_chains(login: Login) -> None:
    client = login("viewer")
    chains = client.get("/api/v1/chains").json()
    chain = client.get(f"/api/v1/chains/{chains[0]['id']}").json()
    assert len(chain["nodes"]) == chains[0]["nodes"]
    assert len(chain["edges"]) == chains[0]["edges"]


def test_dashboard_totals_add_up(login: Login) -> None:
    board = login("viewer").get("/api/v1/dashboard").json()
    assert sum(b["projects"] for b in board["by_status"]) == board["projects"]
    assert board["signed_cny"] <= board["investment_cny"]


def test_export_xlsx_matches_the_filter(login: Login) -> None:
    client = login("viewer")
    listed = client.get("/api/v1/projects", params={"region": "安徽"}).json()
    response = client.get("/api/v1/projects/export.xlsx", params={"region": "安徽"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "项目名称"
    assert sorted(r[0] for r in rows[1:]) == sorted(p["id"] for p in listed["items"])


def test_export_csv_has_a_bom_for_excel(login: Login) -> None:
    response = login("viewer").get("/api/v1/projects/export.csv", params={"status": "signed"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff编号,项目名称")
    assert all(",signed," in line for line in text.splitlines()[1:])


def test_region_analysis(login: Login) -> None:
    client = login("viewer")
    found = client.get("/api/v1/regions/青阳县/chains/镁铝轻合金")
    assert found.status_code == 200
    assert found.json()["region"]["code"] == "341723"
    missing = client.get("/api/v1/regions/青阳县/chains/no-such-chain")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_openapi_schema_lists_every_route(login: Login) -> None:
    schema = login("viewer").get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/health", "/api/v1/me", "/api/v1/projects", "/api/v1/projects/{project_id}",
        "/api/v1/projects/export.{fmt}", "/api/v1/companies", "/api/v1/chains/{chain_id}",
        "/api/v1/regions/{region}/chains/{chain}", "/api/v1/uploads", "/api/v1/uploads/{job_id}",
        "/api/v1/documents/{document_id}", "/api/v1/dashboard",
    } <= paths  # fmt: skip
    assert "ErrorEnvelope" in schema["components"]["schemas"]


def test_docs_are_served_locally(login: Login) -> None:
    client = login("viewer")
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
