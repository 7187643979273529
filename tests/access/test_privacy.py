"""Phone masking: who sees what."""

import pytest

from panel.access.privacy import mask_phone, sees_full_phone
from panel.organisation.models.user import Role


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("028-86123456", "028-****3456"),
        ("02886123456", "028****3456"),
        ("010-12345678", "010-****5678"),
        ("0831-2345678", "0831-***5678"),
        ("028-86123456-801", "028-****3456-801"),
        ("400-820-8820", "400-820-8820"),
        ("12", "**"),
        ("abcdefgh", "****efgh"),
        (None, None),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_only_clerk_and_advisor_see_full_numbers():
    assert {r for r in Role if sees_full_phone(r)} == {Role.CLERK, Role.ADVISOR}
    assert not sees_full_phone(None)
