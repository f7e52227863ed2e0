"""Alembic environment. The database comes, in order, from a connection handed over by
:func:`alliancegraph.store.db.migrate`, ``alembic -x db=URL``, ``ALLIANCEGRAPH_DB``, or
``sqlalchemy.url`` in alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from alliancegraph.config import Settings
from alliancegraph.store.db import database_url, include_object
from alliancegraph.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    x = context.get_x_argument(as_dictionary=True)
    if "db" in x:
        return database_url(x["db"])
    import os

    if os.environ.get("ALLIANCEGRAPH_DB"):
        return database_url(Settings.load().db)
    return config.get_main_option("sqlalchemy.url") or database_url(Settings().db)


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      include_object=include_object, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          include_object=include_object, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url())
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata,
                          include_object=include_object, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
