"""Interface language: Simplified Chinese by default, English on request (``lang`` cookie).

Messages are keyed by a short id; a missing English text falls back to Chinese and
a missing key shows the key itself, so a gap is visible but never breaks a page.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

DEFAULT_LANG = "zh-CN"
LANGS = ("zh-CN", "en")
LANG_COOKIE = "lang"

MESSAGES: dict[str, tuple[str, str]] = {
    "app.name": ("产业链招商图谱", "ChainAtlas"),
    "nav.dashboard": ("驾驶舱", "Dashboard"),
    "nav.projects": ("项目", "Projects"),
    "nav.companies": ("企业", "Companies"),
    "nav.regions": ("区域", "Regions"),
    "nav.chains": ("产业链", "Chains"),
    "nav.search": ("搜索", "Search"),
    "nav.upload": ("上传", "Upload"),
    "nav.pipeline": ("招商项目库", "Pipeline"),
    "tab.records": ("项目库", "Records"),
    "tab.targets": ("目标进度", "Targets"),
    "tab.compare": ("比学赶超", "Comparison"),
    "tab.land": ("亩均效益", "Per-mu yield"),
    "tab.import": ("导入", "Import"),
    "tab.briefing": ("工作简报", "Briefing"),
    "tab.teams": ("专班与团队", "Teams"),
    "nav.api": ("接口文档", "API docs"),
    "nav.logout": ("退出", "Log out"),
    "nav.switch": ("English", "中文"),
    "login.title": ("登录", "Log in"),
    "login.username": ("用户名", "Username"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码错误", "Wrong username or password"),
    "filter.region": ("地区", "Region"),
    "filter.chain": ("产业链", "Chain"),
    "filter.status": ("状态", "Status"),
    "filter.since": ("起始日期", "From"),
    "filter.until": ("截止日期", "Until"),
    "filter.apply": ("筛选", "Filter"),
    "filter.reset": ("重置", "Reset"),
    "filter.any": ("全部", "Any"),
    "dash.projects": ("项目总数", "Projects"),
    "dash.investment": ("计划投资", "Investment"),
    "dash.signed": ("签约投资", "Signed investment"),
    "dash.signed_projects": ("已签约及以后阶段项目", "Signed or later"),
    "dash.by_status": ("按状态", "By status"),
    "dash.by_chain": ("按产业链", "By chain"),
    "dash.by_region": ("按地区", "By region"),
    "dash.by_month": ("按月趋势", "Trend by month"),
    "dash.latest": ("最新项目", "Latest projects"),
    "col.name": ("项目名称", "Project"),
    "col.company": ("企业", "Company"),
    "col.region": ("地区", "Region"),
    "col.status": ("状态", "Status"),
    "col.investment": ("投资额", "Investment"),
    "col.chain": ("产业链", "Chain"),
    "col.node": ("环节", "Node"),
    "col.last_seen": ("最近报道", "Last reported"),
    "col.first_seen": ("首次报道", "First reported"),
    "col.documents": ("来源", "Sources"),
    "col.projects": ("项目数", "Projects"),
    "col.aliases": ("别名", "Aliases"),
    "col.segment": ("环节分段", "Segment"),
    "col.nodes": ("节点数", "Nodes"),
    "col.edges": ("关系数", "Edges"),
    "projects.title": ("项目库", "Projects"),
    "projects.count": ("共 {n} 个项目", "{n} projects"),
    "projects.export_csv": ("导出 CSV", "Export CSV"),
    "projects.export_xlsx": ("导出 Excel", "Export XLSX"),
    "projects.none": ("没有符合条件的项目", "No matching projects"),
    "page.prev": ("上一页", "Previous"),
    "page.next": ("下一页", "Next"),
    "page.of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "project.record": ("项目档案", "Record"),
    "project.timeline": ("状态时间线", "Status timeline"),
    "project.evidence": ("证据原文", "Evidence"),
    "project.sources": ("来源", "Sources"),
    "project.conflicts": ("数据冲突", "Conflicts"),
    "project.no_conflicts": ("未发现冲突", "No conflicts"),
    "project.investment_conflict": ("各来源投资额不一致", "Sources disagree on the investment"),
    "project.counted": ("计入规则", "Counting rule"),
    "project.phases": ("分期", "Phases"),
    "project.phase_n": ("{n}期", "phase {n}"),
    "project.capacity": ("产能", "Capacity"),
    "project.parent": ("总项目", "Parent project"),
    "project.planned": ("计划", "planned"),
    "project.full_text": ("查看全文", "Full text"),
    "project.decisions": ("人工合并与拆分", "Merge and split"),
    "project.merge_with": ("与项目编号合并", "Merge with project id"),
    "project.merge": ("合并", "Merge"),
    "project.split": ("拆分所选证据为新项目", "Split the ticked evidence off"),
    "project.split_pick": ("拆分此条", "split this off"),
    "project.reason": ("理由", "Reason"),
    "companies.title": ("企业库", "Companies"),
    "companies.search": ("企业名称", "Company name"),
    "company.projects": ("项目", "Projects"),
    "company.documents": ("来源文章", "Source articles"),
    "company.alias_reason": ("关联依据", "Why linked"),
    "company.project_regions": ("项目所在地", "Project regions"),
    "company.chain_nodes": ("产业链环节", "Chain nodes"),
    "chains.title": ("产业链图谱", "Chain library"),
    "chain.graph": ("产业链图", "Chain graph"),
    "chain.nodes": ("节点", "Nodes"),
    "regions.title": ("区域产业链", "Regions"),
    "regions.with_projects": ("有项目的地区", "Regions with projects"),
    "region.region": ("地区", "Region"),
    "region.main_chain": ("项目最多的产业链", "Chain with most projects"),
    "region.show": ("查看", "Show"),
    "region.no_chain": ("该地区尚无产业链项目，请选择产业链", "No chain projects: pick a chain"),
    "region.covered": ("已覆盖环节", "Nodes covered"),
    "region.graph": ("产业链覆盖图", "Chain coverage"),
    "region.node": ("环节详情", "Node details"),
    "region.click_node": ("点击图中或列表中的环节查看企业与项目", "Click a node: firms, projects"),
    "region.firms": ("企业", "Firms"),
    "region.leaders": ("链主企业", "Chain leaders"),
    "region.fill": ("补链：缺失环节与招商对象", "Fill (补链): missing nodes and leads"),
    "region.extend": ("延链：可延伸环节", "Extend (延链): next nodes"),
    "region.strengthen": ("强链：需加强环节", "Strengthen (强链): weak nodes"),
    "region.unplaced": ("未归入环节的项目", "Projects on no node"),
    "region.no_candidates": ("暂无候选企业", "No candidates"),
    "region.none": ("无", "None"),
    "strength.strong": ("强", "strong"),
    "strength.medium": ("中", "medium"),
    "strength.weak": ("弱", "weak"),
    "strength.missing": ("缺失", "missing"),
    "direction.downstream": ("向下游延伸", "downstream"),
    "direction.upstream": ("向上游延伸", "upstream"),
    "direction.both": ("上下游", "both ways"),
    "search.title": ("全文搜索", "Search"),
    "search.query": ("关键词", "Words"),
    "search.submit": ("搜索", "Search"),
    "search.kind": ("范围", "In"),
    "search.any": ("全部", "Everything"),
    "search.kind_document": ("文章", "Articles"),
    "search.kind_project": ("项目", "Projects"),
    "search.kind_company": ("企业", "Companies"),
    "search.none": ("没有找到结果", "Nothing found"),
    "search.count": ("找到 {n} 条结果", "{n} results"),
    "upload.title": ("上传文件", "Upload files"),
    "upload.drop": ("将文件拖到此处，或点击选择文件", "Drop files here, or click to choose"),
    "upload.limits": (
        "单个文件不超过 {mb} MB，每次最多 {n} 个；支持 {types}",
        "Up to {n} files of {mb} MB each; accepted: {types}",
    ),
    "upload.forbidden": ("您的角色(只读)不能上传文件", "Your role (viewer) cannot upload files"),
    "upload.results": ("处理结果", "Results"),
    "upload.file": ("文件", "File"),
    "upload.state": ("进度", "Progress"),
    "upload.added": ("新增文章", "Documents added"),
    "upload.found": ("识别项目", "Projects found"),
    "upload.errors": ("错误", "Errors"),
    "upload.state_done": ("完成", "done"),
    "upload.state_error": ("失败", "error"),
    "upload.state_running": ("处理中", "processing"),
    "upload.state_queued": ("排队中", "queued"),
    "upload.state_uploading": ("上传中", "uploading"),
    "error.title": ("出错了", "Something went wrong"),
    "error.back": ("返回驾驶舱", "Back to the dashboard"),
    "status.planned": ("谋划", "planned"),
    "status.negotiating": ("洽谈", "negotiating"),
    "status.signed": ("签约", "signed"),
    "status.construction": ("在建", "under construction"),
    "status.trial": ("试产", "trial production"),
    "status.operating": ("投产", "operating"),
    "status.unknown": ("未知", "unknown"),
    "segment.上游": ("上游", "Upstream"),
    "segment.中游": ("中游", "Midstream"),
    "segment.下游": ("下游", "Downstream"),
}


def register_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Add a page module's own messages; a key may not be given two different texts."""
    for key, texts in messages.items():
        known = MESSAGES.get(key)
        if known is not None and known != texts:
            raise ValueError(f"message {key!r} is already {known!r}, not {texts!r}")
        MESSAGES[key] = texts


def request_lang(request: Request) -> str:
    """The language the ``lang`` cookie asks for, Chinese otherwise."""
    wanted = request.cookies.get(LANG_COOKIE, DEFAULT_LANG)
    return wanted if wanted in LANGS else DEFAULT_LANG


def translate(key: str, lang: str, **values: object) -> str:
    zh, en = MESSAGES.get(key, (key, key))
    text = en if lang == "en" and en else zh
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    return t


def status_label(status: str | None, lang: str) -> str:
    return translate(f"status.{status or 'unknown'}", lang)
