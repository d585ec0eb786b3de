"""The comparison (/pipeline/compare) and 亩均 (/pipeline/land) pages through the ASGI app,
on a small dataset of our own, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from html import unescape

import pytest

from chainatlas.api.settings import WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

PASSWORD = "evaluation-pass-1"
COMPARE = "/pipeline/compare?year=2026&as_of=2026-06-30"


@pytest.fixture
def client(
    database_url: str,
    evaluation_pipeline: Callable[..., None],
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[TestClient]:
    evaluation_pipeline(database_url, second_name="乙区<b>电池</b>项目")
    with page_client(WebSettings(database_url=database_url)) as made:
        yield made


def log_in(client: TestClient, username: str) -> TestClient:
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 303
    return client


def groups(page: str) -> list[str]:
    ranking = page.split('id="ranking"')[1].split("</table>")[0]
    return [unescape(g) for g in re.findall(r'<tr data-group="([^"]*)">', ranking)]


def test_logged_out_user_goes_to_login(client: TestClient) -> None:
    for path in ("/pipeline/compare", "/pipeline/land"):
        response = client.get(path)
        assert response.status_code == 303
        assert "/login" in response.headers["location"]


def test_compare_page_ranks_with_values_and_ranks(client: TestClient) -> None:
    page = log_in(client, "pj-viewer").get(COMPARE)
    assert page.status_code == 200
    text = page.text
    assert groups(text) == ["甲区", "乙区"]
    first = text.split('<tr data-group="甲区">')[1].split("</tr>")[0]
    assert "80.0" in first and "12亿元" in first and "10.00万元/亩" in first
    assert 'name="w_funds" value="20"' in text
    assert "w_targets" not in text  # a team-only indicator
    chart = json.loads(unescape(text.split("data-chart='")[1].split("'")[0]))
    assert chart["yAxis"]["data"] == ["甲区", "乙区"]
    assert chart["series"][0]["data"] == [80.0, 30.0]
    assert "指标说明" in text and "只计增量" in text


def test_a_weight_changes_the_order(client: TestClient) -> None:
    text = log_in(client, "pj-viewer").get(COMPARE + "&w_funds=200&w_signed=").text
    assert groups(text) == ["乙区", "甲区"]
    assert 'name="w_funds" value="200"' in text


def test_bad_weight_shows_the_error_and_the_default_ranking(client: TestClient) -> None:
    page = log_in(client, "pj-viewer").get(COMPARE + "&w_funds=abc")
    assert page.status_code == 422
    assert "权重有误" in page.text and "weight of funds must be a number" in page.text
    assert groups(page.text) == ["甲区", "乙区"]


def test_team_member_sees_own_team_with_note(client: TestClient) -> None:
    text = log_in(client, "pj-team").get(COMPARE + "&by=team").text
    assert groups(text) == ["甲组"]
    assert "排名在全部 2 个专班中计算" in text
    assert 'name="w_targets"' in text
    region = client.get(COMPARE).text
    assert groups(region) == ["甲区"]
    assert "仅统计本专班的项目" in region


def test_land_page_grades_and_reasons(client: TestClient) -> None:
    page = log_in(client, "pj-viewer").get("/pipeline/land")
    assert page.status_code == 200
    text = page.text
    assert '<span class="grade grade-A" title="优先发展">A</span>' in text
    assert "用地面积为0" in text
    assert "乙区&lt;b&gt;电池&lt;/b&gt;项目" in text  # names are escaped
    assert 'id="shortfalls"' in text and "66.7%" in text
    assert 'id="land-regions"' in text and 'data-group="甲区"' in text
    assert 'id="land-teams"' in text and 'data-group="甲组"' in text
    assert '<strong id="total-tax-per-mu">10.00万元/亩</strong>' in text


def test_land_page_filters_and_benchmark(client: TestClient) -> None:
    log_in(client, "pj-viewer")
    text = client.get("/pipeline/land?benchmark=20&shortfall=50").text
    assert 'class="grade grade-C"' in text and 'id="shortfalls"' not in text
    assert "乙区" not in client.get("/pipeline/land?region=甲").text.split('id="land-records"')[1]
    bad = client.get("/pipeline/land?benchmark=abc")
    assert bad.status_code == 422 and "benchmark must be a number" in bad.text


def test_team_member_sees_only_their_records_in_land(client: TestClient) -> None:
    text = log_in(client, "pj-team").get("/pipeline/land").text
    assert "甲区电机项目" in text and "电池" not in text
