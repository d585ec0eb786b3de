"""A ready-to-try server: the demo corpus ingested and resolved, and one user per role.

Used by ``chainatlas serve --demo`` and by the web tests; the demo passwords are
public, so this is for a laptop, never for a shared server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chainatlas.config import Settings
from chainatlas.store.db import Database

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "data" / "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


DEMO_LOGINS = (
    DemoLogin("admin", "admin-demo-1", "admin"),
    DemoLogin("editor", "editor-demo-1", "editor"),
    DemoLogin("viewer", "viewer-demo-1", "viewer"),
    # An editor of 镁基新材料产业专班 only: sees and changes that team's records.
    DemoLogin("zhuanban", "zhuanban-demo-1", "editor"),
)
DEMO_REGION = "池州市"


def seed_demo(
    settings: Settings, corpus: Path = DEMO_CORPUS, today: date | None = None
) -> tuple[DemoLogin, ...]:
    """Ingest ``corpus`` (extracted and resolved), create the demo users if missing and load
    the demo region's pipeline and targets (see chainatlas.pipeline.demo)."""
    import chainatlas.accounts.models  # noqa: F401  (registers the account tables)
    from chainatlas.accounts.users import create_user, get_user
    from chainatlas.ingest.pipeline import Ingestor, extraction_step
    from chainatlas.pipeline.demo import seed_demo_pipeline

    database = Database(settings.database_url)
    try:
        Ingestor(database, settings, extract=extraction_step()).ingest([str(corpus)])
        with database.session() as session:
            for login in DEMO_LOGINS:
                if get_user(session, login.username) is None:
                    create_user(session, login.username, login.password, login.role)
            seed_demo_pipeline(session, today or date.today())
    finally:
        database.dispose()
    return DEMO_LOGINS
