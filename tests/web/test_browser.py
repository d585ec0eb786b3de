"""The web app in a real Chromium against a real server and SQLite file.

Each test leaves a screenshot in artifacts/screenshots/<test>.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow

LogIn = Callable[[Page, str], None]


@pytest.mark.parametrize(
    "path", ["/", "/projects", "/projects/1", "/upload", "/chains", "/regions/青阳县", "/search"]
)
def test_logged_out_user_sees_only_the_login_page(page: Page, path: str) -> None:
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("input[type=password]")).to_be_visible()
    expect(page.locator("nav.nav")).to_have_count(0)


def test_wrong_password_stays_on_login(page: Page) -> None:
    page.goto("/login")
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert")).to_contain_text("用户名或密码错误")


def test_dashboard_draws_its_charts(page: Page, log_in: LogIn) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    log_in(page, "viewer")
    expect(page.locator("h1")).to_have_text("驾驶舱")
    expect(page.locator("nav.nav a")).to_have_count(8)
    for chart in ("status", "month", "chain", "region"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    expect(page.locator(".tile strong").nth(1)).to_contain_text("亿元")
    assert outside == []  # every script, style and font is served by the app


def test_dashboard_filter_by_region(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    total = int(page.locator(".tile strong").first.inner_text().replace(",", ""))
    page.fill("form.filters input[name=region]", "安徽")
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"region=%E5%AE%89%E5%BE%BD"))
    filtered = int(page.locator(".tile strong").first.inner_text().replace(",", ""))
    assert 0 < filtered < total


def test_filter_projects(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.goto("/projects")
    everything = page.locator("table.grid tbody tr").count()
    page.fill("form.filters input[name=region]", "江西")
    page.select_option("form.filters select[name=status]", "operating")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.grid tbody tr")
    expect(rows.first.locator("td").nth(3)).to_have_text("投产")
    assert 0 < rows.count() < everything
    for status in rows.locator("td:nth-child(4)").all_inner_texts():
        assert status == "投产"


def test_sorting_swaps_the_list_in_place(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.goto("/projects")
    page.evaluate("window.notReloaded = true")
    page.click("thead a:has-text('投资额')")
    expect(page).to_have_url(re.compile(r"sort=investment"))
    expect(page.locator("thead a:has-text('投资额')")).to_contain_text("▼")
    assert page.evaluate("window.notReloaded === true")  # htmx swapped, no page load
    first = page.locator("table.grid tbody tr").first.locator("td").nth(4).inner_text()
    assert first.endswith("亿元")


def test_project_page_highlights_evidence(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.goto("/projects?sort=mentions")
    page.locator("table.grid tbody tr td a").first.click()
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))
    marks = page.locator("article.evidence mark")
    expect(marks.first).to_be_visible()
    assert marks.count() == page.locator("article.evidence").count() >= 2
    expect(page.locator("ol.timeline li").first).to_contain_text("年")


def test_chain_graph_is_drawn(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.goto("/chains")
    page.locator("table.grid tbody a").first.click()
    expect(page.locator("#chain-graph canvas")).to_have_count(1)
    expect(page.locator(".segments h3")).to_have_count(3)


def test_region_chain_graph_click_a_node(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.click("nav.nav a:has-text('区域')")
    page.fill("form.filters input[name=region]", "青阳县")
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"/regions/%E9%9D%92%E9%98%B3%E5%8E%BF$"))
    expect(page.locator("h1")).to_contain_text("镁")
    expect(page.locator("#region-graph canvas")).to_have_count(1)
    expect(page.locator("#fill details").first).to_be_visible()
    # A real mouse click on the graph node, found through the ECharts API.
    point = page.evaluate(
        """() => {
            const graph = document.getElementById('region-graph');
            graph.scrollIntoView({block: 'center'});
            const chart = echarts.getInstanceByDom(graph);
            const nodes = chart.getOption().series[0].data;
            const node = nodes.find(n => n.id === 'light-alloy-castings');
            const box = document.querySelector('#region-graph canvas').getBoundingClientRect();
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [node.x, node.y]);
            return {x: box.left + x, y: box.top + y};
        }"""
    )
    page.wait_for_timeout(1500)  # ECharts animates the nodes in for a second
    page.mouse.click(point["x"] + 4, point["y"])  # off-centre: the edges end at the centre
    panel = page.locator(".node-panel:visible")
    expect(panel).to_have_count(1)
    expect(panel.locator(".node-firms")).to_contain_text("皖镁新材料科技")
    expect(panel.locator(".node-projects a").first).to_contain_text("镁合金")
    # The list entry of another node swaps the panel.
    page.click(".node-pick[data-node=magnesium-building-products]")
    expect(page.locator(".node-panel:visible .node-projects")).to_contain_text("建筑模板")
    page.locator(".node-panel:visible .node-projects a").first.click()
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))


def test_search_in_chinese_shows_marked_snippets(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.click("nav.nav a:has-text('搜索')")
    page.fill("form[role=search] input[name=q]", "镁合金")
    page.click("form[role=search] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/search\?q=%E9%95%81%E5%90%88%E9%87%91"))
    document = page.locator(".search-hits li.hit-document").first
    expect(document.locator(".snippet mark").first).to_have_text("镁合金")
    expect(page.locator(".search-hits li.hit-project mark").first).to_have_text("镁合金")
    document.locator("a").click()
    expect(page).to_have_url(re.compile(r"/documents/\d+\?q="))
    expect(page.locator(".full-text mark").first).to_have_text("镁合金")


def test_export_xlsx_of_the_current_view(page: Page, log_in: LogIn, tmp_path: Path) -> None:
    log_in(page, "viewer")
    page.goto("/projects?region=安徽&page_size=200")
    shown = page.locator("table.grid tbody tr").count()
    with page.expect_download() as download:
        page.click("#export-xlsx")
    target = tmp_path / "projects.xlsx"
    download.value.save_as(target)
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "项目名称"
    assert len(rows) - 1 == shown > 0


def test_upload_a_file_and_see_its_projects(
    page: Page, log_in: LogIn, tmp_path: Path, screenshot: Callable[[Page, str], None]
) -> None:
    article = tmp_path / "qujing_silicon_signing_2025.txt"
    article.write_text(
        "发布时间：2025-04-02\n"
        "4月1日，曲靖市麒麟区与云南晶硅新材料有限公司签约高纯多晶硅项目，"
        "项目总投资35亿元，计划年内开工建设。\n",
        encoding="utf-8",
    )
    log_in(page, "editor")
    page.goto("/upload")
    page.set_input_files("#upload-input", str(article))
    link = page.locator("#upload-results a.project-link").first
    expect(link).to_contain_text("多晶硅")
    page.reload()
    expect(page.locator("#upload-results a.project-link").first).to_contain_text("多晶硅")
    screenshot(page, "upload_page_after_reload")
    page.locator("#upload-results a.project-link").first.click()
    expect(page.locator("h1")).to_contain_text("多晶硅")
    expect(page.locator("article.evidence mark").first).to_contain_text("35亿元")


def test_upload_shows_errors_per_file(page: Page, log_in: LogIn, tmp_path: Path) -> None:
    wrong = tmp_path / "budget.xls"
    wrong.write_bytes(b"\xd0\xcf\x11\xe0")
    log_in(page, "editor")
    page.goto("/upload")
    page.evaluate("localStorage.clear()")
    page.set_input_files("#upload-input", str(wrong))
    row = page.locator("#upload-results tbody tr").first
    expect(row.locator("td").nth(4)).to_contain_text("'.xls' not accepted")
    expect(row.locator("td").nth(1)).to_have_text("失败")


def test_viewer_cannot_upload(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    response = page.goto("/upload")
    assert response is not None and response.status == 403
    expect(page.locator("#upload-input")).to_have_count(0)
    expect(page.locator(".alert")).to_contain_text("不能上传")


def test_english_switch(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.click("a.lang")
    expect(page.locator("nav.nav a").first).to_have_text("Dashboard")
    page.goto("/projects")
    expect(page.locator("h1")).to_have_text("Projects")
    page.click("a.lang")
    expect(page.locator("nav.nav a").first).to_have_text("驾驶舱")


def test_api_docs_work_offline(page: Page, log_in: LogIn) -> None:
    log_in(page, "admin")
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/projects").first).to_be_visible()
    assert outside == []


def test_logout(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.click("button:has-text('退出')")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/projects")
    expect(page).to_have_url(re.compile(r"/login\?next="))
