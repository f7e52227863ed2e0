"""query tables: record facts (with a substring index over their text) and record actors,
filled from the stored records

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-26 16:10:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TEXT_TABLE = "record_text"


def create_text_index() -> None:
    """SQLite: an FTS5 trigram index over record_facts.text kept in step by triggers (substring
    GLOB queries use it). PostgreSQL: a pg_trgm GIN index when the extension can be created
    (else substring search scans the table, with the same answers)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE {TEXT_TABLE} USING fts5(text, content='record_facts', content_rowid='pk', "
                   "tokenize='trigram case_sensitive 1')")
        op.execute(f"CREATE TRIGGER {TEXT_TABLE}_ai AFTER INSERT ON record_facts BEGIN "
                   f"INSERT INTO {TEXT_TABLE}(rowid, text) VALUES (new.pk, new.text); END")
        op.execute(f"CREATE TRIGGER {TEXT_TABLE}_ad AFTER DELETE ON record_facts BEGIN "
                   f"INSERT INTO {TEXT_TABLE}({TEXT_TABLE}, rowid, text) VALUES ('delete', old.pk, old.text); END")
        op.execute(f"CREATE TRIGGER {TEXT_TABLE}_au AFTER UPDATE OF text ON record_facts BEGIN "
                   f"INSERT INTO {TEXT_TABLE}({TEXT_TABLE}, rowid, text) VALUES ('delete', old.pk, old.text); "
                   f"INSERT INTO {TEXT_TABLE}(rowid, text) VALUES (new.pk, new.text); END")
        return
    if bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                bind.exec_driver_sql("CREATE INDEX ix_record_facts_text_trgm ON record_facts "
                                     "USING gin (text gin_trgm_ops)")
        except sa.exc.DBAPIError:
            pass  # no pg_trgm here: substring search scans record_facts


def upgrade() -> None:
    op.create_table('record_facts',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('record_id', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('disputed', sa.Boolean(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('card', sa.JSON(), nullable=False),
    sa.Column('spans', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('record_id')
    )
    with op.batch_alter_table('record_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_facts_year'), ['year'], unique=False)
        batch_op.create_index('ix_record_facts_order', ['type', 'year', 'name', 'record_id'], unique=False)
    op.create_table('record_actors',
    sa.Column('record_id', sa.String(length=200), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', 'actor', 'role')
    )
    with op.batch_alter_table('record_actors', schema=None) as batch_op:
        batch_op.create_index('ix_record_actors_actor', ['actor', 'kind'], unique=False)
    with op.batch_alter_table('record_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_sources_document_pk'), ['document_pk'], unique=False)
    create_text_index()
    from alliancegraph.store.facts import rebuild_facts

    rebuild_facts(Session(bind=op.get_bind()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {TEXT_TABLE}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {TEXT_TABLE}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_record_facts_text_trgm")
    with op.batch_alter_table('record_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_sources_document_pk'))
    with op.batch_alter_table('record_actors', schema=None) as batch_op:
        batch_op.drop_index('ix_record_actors_actor')
    op.drop_table('record_actors')
    with op.batch_alter_table('record_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_record_facts_order')
        batch_op.drop_index(batch_op.f('ix_record_facts_year'))
    op.drop_table('record_facts')
