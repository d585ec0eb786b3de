"""Query parameters of project lists, shared by the API, the pages and the exports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from annotated_types import Ge, Le
from fastapi import Depends, Query
from pydantic import BeforeValidator

from chainatlas.store.dashboard import SORTABLE, ProjectFilter

# Database ids: positive and within the 64-bit integers SQLite and PostgreSQL store
# (larger numbers would overflow the driver rather than simply find nothing).
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Ge(1), Le(MAX_ROW_ID)]

STATUSES = ("planned", "negotiating", "signed", "construction", "trial", "operating")
SortKey = Annotated[str, Query(pattern="^(" + "|".join(SORTABLE) + ")$")]


@dataclass
class ProjectListParams:
    selection: ProjectFilter
    sort: str
    descending: bool
    page: int
    page_size: int

    def query_string(self, **changes: object) -> str:
        """This view's URL query, with ``changes`` applied (for links and exports)."""
        from urllib.parse import urlencode

        values: dict[str, object] = {
            "region": self.selection.region,
            "chain": self.selection.chain,
            "status": self.selection.status,
            "since": self.selection.since,
            "until": self.selection.until,
            "sort": self.sort,
            "order": "desc" if self.descending else "asc",
            "page": self.page,
            "page_size": self.page_size,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _iso_day(value: object) -> object:
    # Pydantic's lax dates take numbers as Unix times (?until=0 → 1970-01-01); a filter
    # date must be written as a date.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"{value!r} is not a date written as YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
# An empty date field of a GET form arrives as ?since= ; it means "no bound", and the
# schema says so (an ISO date or the empty string).
OptionalDay = IsoDay | Literal[""] | None


def _day(value: OptionalDay) -> date | None:
    return value if isinstance(value, date) else None


def _blank_as_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def project_filter(
    region: Annotated[str | None, Query(max_length=100, description="Region at any level")] = None,
    chain: Annotated[
        str | None, Query(max_length=100, description="Chain id, name or alias")
    ] = None,
    status: Annotated[str | None, Query(pattern="^(" + "|".join(STATUSES) + ")?$")] = None,
    since: Annotated[OptionalDay, Query(description="Reported on or after")] = None,
    until: Annotated[OptionalDay, Query(description="First reported on or before")] = None,
) -> ProjectFilter:
    return ProjectFilter(
        _blank_as_none(region),
        _blank_as_none(chain),
        _blank_as_none(status),
        _day(since),
        _day(until),
    )


ProjectFilterParams = Annotated[ProjectFilter, Depends(project_filter)]


def project_list_params(
    selection: ProjectFilterParams,
    sort: SortKey = "last_seen",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProjectListParams:
    return ProjectListParams(selection, sort, order == "desc", page, page_size)


ProjectListQuery = Annotated[ProjectListParams, Depends(project_list_params)]
