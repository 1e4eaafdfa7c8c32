"""Alembic environment: runs against the engine kzfacts hands it, or KZFACTS_DB."""

from logging.config import fileConfig

from alembic import context

from kzfacts.store.engine import make_engine, resolve_url
from kzfacts.store.models import metadata

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(resolve_url(None))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations rebuild a table and rename the copy into place; SQLite's modern
            # rename checks every view, and a view of the table (fact_view) names a table that
            # is missing for that moment. The legacy rename leaves views alone.
            connection.exec_driver_sql("PRAGMA legacy_alter_table = ON")
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
