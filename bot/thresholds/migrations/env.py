"""Alembic environment: runs on the connection handed over by bot.thresholds.db.migrate."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from bot.thresholds.models import Base

config = context.config
connection = config.attributes.get("connection")

if connection is not None:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
else:  # `alembic` command line with sqlalchemy.url set in a config file
    connectable = engine_from_config(config.get_section(config.config_ini_section), poolclass=pool.NullPool)
    with connectable.connect() as new_connection:
        context.configure(connection=new_connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
