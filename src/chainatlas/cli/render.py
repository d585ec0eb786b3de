"""Rich renderings of library results for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from chainatlas.extract.model import Extraction
from chainatlas.formatting import STATUS_NAMES, format_amount
from chainatlas.ingest.pipeline import IngestReport
from chainatlas.store.documents import KnowledgeBaseSummary
from chainatlas.store.models import Document

STATUS_LABELS = {
    **{status: f"{name} {status}" for status, name in STATUS_NAMES.items()},
    "unknown": "未知 unknown",
}


def print_ingest_report(out: Console, err: Console, report: IngestReport) -> None:
    added, unchanged, same = (report.count(o) for o in ("added", "unchanged", "same_text"))
    out.print(
        f"[bold]{added}[/] added, {unchanged} unchanged, {same} already stored from another "
        f"source, {report.near_duplicates} near-duplicates grouped, "
        f"[{'red' if report.errors else 'green'}]{len(report.errors)} skipped[/]"
    )
    if report.items and added == 0 and not report.errors:
        out.print("nothing new: every document was already stored")
    for item in report.items:
        if item.near_duplicate_of is not None:
            out.print(
                f"  {item.name}: same story as document {item.near_duplicate_of} "
                f"(similarity {item.similarity})"
            )
    for problem in report.errors:
        err.print(f"[yellow]skipped[/] {problem.where}: {problem.reason}")


def print_summary(out: Console, summary: KnowledgeBaseSummary) -> None:
    period = f"{summary.published_from} – {summary.published_to}" if summary.published_from else "—"
    out.print(
        f"[bold]Knowledge base[/]: {summary.documents} documents in {summary.stories} stories "
        f"({summary.sources} sources), published {period}"
    )
    if summary.facts_by_kind:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.facts_by_kind.items()))
        out.print(f"facts: {kinds}")
    if summary.projects_by_status:
        table = Table(title="项目 by status (each project once)")
        table.add_column("status")
        table.add_column("projects", justify="right")
        order = list(STATUS_LABELS)
        for status, count in sorted(
            summary.projects_by_status.items(),
            key=lambda item: order.index(item[0]) if item[0] in order else len(order),
        ):
            table.add_row(STATUS_LABELS.get(status, status), str(count))
        out.print(table)
    if summary.amount_by_region:
        table = Table(title="项目投资 by region")
        table.add_column("region")
        table.add_column("projects", justify="right")
        table.add_column("counted investment", justify="right")
        for region, value, count in summary.amount_by_region:
            table.add_row(region, str(count), format_amount(value))
        out.print(table)


def print_documents(out: Console, docs: Sequence[Document]) -> None:
    table = Table()
    for column in ("id", "published", "name", "title / first line", "story", "facts"):
        table.add_column(column)
    for doc in docs:
        first = doc.title or doc.normalised_text.strip().split("\n", 1)[0][:40]
        table.add_row(
            str(doc.id),
            str(doc.published or "—"),
            doc.name,
            first,
            str(doc.story_id),
            str(len(doc.facts)),
        )
    out.print(table)


def print_document(out: Console, doc: Document, show_original: bool) -> None:
    out.print(f"[bold]#{doc.id} {doc.title or doc.name}[/]")
    out.print(
        f"published {doc.published or '—'} · source {doc.source or '—'} · story {doc.story_id}"
    )
    for src in doc.sources:
        out.print(f"  found at {src.origin}" + (f" ({src.url})" if src.url else ""))
    out.print(doc.normalised_text, markup=False)
    if show_original:
        out.rule("original")
        out.print(doc.original_text, markup=False)
    if doc.facts:
        table = Table(title="facts")
        for column in ("kind", "name", "status", "region", "value", "sentence"):
            table.add_column(column)
        for fact in doc.facts:
            table.add_row(
                fact.kind,
                fact.name,
                fact.status or "",
                fact.region or "",
                format_amount(fact.value_cny) if fact.value_cny is not None else "",
                (fact.sentence or "")[:60],
            )
        out.print(table)


def print_extraction_table(out: Console, name: str, result: Extraction) -> None:
    out.rule(f"{name} · published {result.published or '—'}")
    out.print("regions: " + "、".join(r.name for r in result.regions))
    out.print("companies: " + "、".join(c.name for c in result.companies))
    table = Table(title="projects")
    for column in ("project", "company", "region", "investment", "status"):
        table.add_column(column)
    for p in result.projects:
        table.add_row(
            p.name, p.company or "", p.region or "", format_amount(p.investment_cny), p.status or ""
        )
    out.print(table)
    out.print("amounts: " + "、".join(a.text for a in result.amounts))
