"""scale: indexes of the complaint list (sorted pages, filters, prefix search)

Revision ID: 0007_scale
Revises: 0002_lifecycle
Create Date: 2026-11-23 01:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007_scale"
down_revision = "0002_lifecycle"
branch_labels = None
depends_on = None

LIST_INDEXES = {
    "ix_complaint_received_at_id": ["received_at", "id"],
    "ix_complaint_status_received_at_id": ["status", "received_at", "id"],
    "ix_complaint_severity_received_at_id": ["severity", "received_at", "id"],
    "ix_complaint_complained_dept_received_at_id": [
        "complained_department_id",
        "received_at",
        "id",
    ],
    "ix_complaint_responsible_dept_received_at_id": [
        "responsible_department_id",
        "received_at",
        "id",
    ],
}
PREFIX_INDEXES = {
    "ix_complaint_number_prefix": "number",
    "ix_complaint_plate_number_prefix": "plate_number",
    "ix_complaint_complainant_phone_prefix": "complainant_phone",
    "ix_complaint_complainant_name_prefix": "complainant_name",
}


def upgrade():
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        for name, columns in LIST_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
        for name, column in PREFIX_INDEXES.items():
            batch_op.create_index(
                name, [column], unique=False, postgresql_ops={column: "varchar_pattern_ops"}
            )


def downgrade():
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        for name in [*PREFIX_INDEXES, *LIST_INDEXES]:
            batch_op.drop_index(name)
