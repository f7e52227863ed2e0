"""analyst review: review status of records, overrides, machine versions

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('records') as batch:
        batch.add_column(sa.Column('review', sa.String(length=12), server_default='machine', nullable=False))
        batch.create_index('ix_records_review', ['review'], unique=False)
    op.create_table('overrides',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('record_id', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=True),
    sa.Column('op', sa.String(length=10), nullable=True),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('other_id', sa.String(length=200), nullable=True),
    sa.Column('machine', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('flag', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('pk')
    )
    op.create_index('ix_overrides_record_id', 'overrides', ['record_id'], unique=False)
    op.create_index('ix_overrides_other_id', 'overrides', ['other_id'], unique=False)
    op.create_table('machine_records',
    sa.Column('record_id', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('vanished', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('record_id')
    )


def downgrade() -> None:
    op.drop_table('machine_records')
    op.drop_index('ix_overrides_other_id', table_name='overrides')
    op.drop_index('ix_overrides_record_id', table_name='overrides')
    op.drop_table('overrides')
    with op.batch_alter_table('records') as batch:
        batch.drop_index('ix_records_review')
        batch.drop_column('review')
