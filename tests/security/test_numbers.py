"""Numbers typed by people: digits that are not ASCII, and numbers too long for ``int``."""

from datetime import date

import pytest

from liaison.errors import ValidationFailed
from liaison.validation import small_int
from liaison.venues.recurrence import expand


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12), ("0", 0), ("²", None), ("١٢", None), ("１２", None), ("-1", None),
    ("1.5", None), ("", None), (None, None), ("9" * 10, None), ("9" * 5000, None)])
def test_small_int_takes_short_ascii_whole_numbers_only(text, expected):
    assert small_int(text) == expected


@pytest.mark.parametrize(("interval", "message"), [
    ("²", "重复规则须为一条 RFC 5545 RRULE，例如 FREQ=MONTHLY;BYDAY=2TH"),
    ("9" * 5000, "重复规则不超过 200 个字符"),
    ("9" * 20, "INTERVAL 须为 1 到 1000 的整数"),
    ("0", "INTERVAL 须为 1 到 1000 的整数"), ("1001", "INTERVAL 须为 1 到 1000 的整数")])
def test_a_rule_with_a_strange_interval_is_a_typed_error(interval, message):
    with pytest.raises(ValidationFailed) as caught:
        expand(f"FREQ=WEEKLY;INTERVAL={interval}", date(2025, 10, 1), date(2025, 10, 31))
    assert [(p.field, p.message) for p in caught.value.problems] == [("rrule", message)]
