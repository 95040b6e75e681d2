"""Alembic environment: runs migrations on the connection SkillDesk hands over."""

from alembic import context

from skilldesk.core.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from a shell
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url", "")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only change tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
