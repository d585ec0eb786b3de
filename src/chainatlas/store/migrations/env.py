"""Alembic environment: migrations run on the engine the caller passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from chainatlas.accounts import models as _accounts  # noqa: F401  (tables on Base)
from chainatlas.pipeline import models as _pipeline  # noqa: F401  (tables on Base)
from chainatlas.store.models import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through chainatlas.store.db.upgrade_schema")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
