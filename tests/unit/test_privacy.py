"""Personal data never reaches a log unmasked."""

from skilldesk.core.privacy import mask_personal
from skilldesk.core.rules.identity import mask_id_number


def test_mask_id_number_keeps_region_and_last_four() -> None:
    assert mask_id_number("330822199012153420") == "330822********3420"


def test_mask_personal_masks_ids_and_phones_in_text() -> None:
    text = "考生 330822199012153420 手机 13812345678 旧证 330822901215342；金额 12345"
    masked = mask_personal(text)
    assert "330822199012153420" not in masked
    assert "13812345678" not in masked
    assert "330822901215342" not in masked
    assert "330822********3420" in masked
    assert "138****5678" in masked
    assert "12345" in masked


def test_mask_personal_handles_lowercase_check_digit() -> None:
    assert "11010119900307123x" not in mask_personal("id=11010119900307123x")
