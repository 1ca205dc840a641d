"""Recurring reception days, alone: RRULEs and simple choices over a period, the 2025 National
Day week from chinese_calendar (Oct 1–8 holidays, Oct 6 中秋节; Sep 28 and Oct 11 make-up
working days) flagged or moved, bad rules refused, more than 400 refused, unknown years said."""

from datetime import date

import pytest

from liaison.errors import ValidationFailed
from liaison.models.venues import HolidayPolicy
from liaison.venues import recurrence
from liaison.venues.errors import TooManySessions
from liaison.venues.recurrence import Occurrence, Repeat

D = date
FLAG, MOVE = HolidayPolicy.flag, HolidayPolicy.move


def problems(raised) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in raised.value.problems]


def test_the_package_knows_the_2025_national_day_week_and_its_make_up_days():
    assert [recurrence.holiday_of(D(2025, 10, d)) for d in range(1, 9)] == [
        "国庆节", "国庆节", "国庆节", "国庆节", "国庆节", "中秋节", "国庆节", "国庆节"]
    # Ordinary weekends are no public holiday; make-up working days are working days.
    assert [recurrence.holiday_of(d) for d in (D(2025, 9, 27), D(2025, 9, 28),
                                              D(2025, 10, 11))] == [None, None, None]
    assert recurrence.next_working_day(D(2025, 10, 1)) == D(2025, 10, 9)
    assert recurrence.next_working_day(D(2025, 10, 10)) == D(2025, 10, 11)  # Saturday, 补班
    assert recurrence.next_working_day(D(2025, 9, 26)) == D(2025, 9, 28)  # Sunday, 补班
    assert recurrence.holiday_of(D(2025, 1, 1)) == "元旦"
    assert recurrence.holiday_of(D(2025, 1, 29)) == "春节"


def test_every_second_thursday_of_the_month():
    rule, dates = recurrence.expand("FREQ=MONTHLY;BYDAY=2TH", D(2025, 1, 1), D(2025, 6, 30))
    assert rule == "FREQ=MONTHLY;BYDAY=2TH"
    assert dates == [D(2025, 1, 9), D(2025, 2, 13), D(2025, 3, 13), D(2025, 4, 10),
                     D(2025, 5, 8), D(2025, 6, 12)]
    assert recurrence.expand(" rrule:freq=monthly;byday=2th ", D(2025, 1, 1),
                             D(2025, 2, 28)) == ("FREQ=MONTHLY;BYDAY=2TH",
                                                 [D(2025, 1, 9), D(2025, 2, 13)])


def test_simple_choices_become_rrules():
    assert recurrence.simple_rule(Repeat.weekly, 3) == "FREQ=WEEKLY;BYDAY=TH"
    assert recurrence.simple_rule(Repeat.weekly, 0, interval=2) == \
        "FREQ=WEEKLY;BYDAY=MO;INTERVAL=2"
    assert recurrence.simple_rule(Repeat.monthly, 3, ordinal=2) == "FREQ=MONTHLY;BYDAY=2TH"
    assert recurrence.simple_rule(Repeat.monthly, 4, ordinal=-1) == "FREQ=MONTHLY;BYDAY=-1FR"
    for call, expected in (
            (lambda: recurrence.simple_rule(Repeat.weekly, 7),
             ("weekday", "星期须为 0（周一）到 6（周日）")),
            (lambda: recurrence.simple_rule(Repeat.weekly, 1, interval=5),
             ("interval", "间隔周数须为 1 到 4")),
            (lambda: recurrence.simple_rule(Repeat.monthly, 1),
             ("ordinal", "每月第几个须为 1 到 4，或 -1（最后一个）"))):
        with pytest.raises(ValidationFailed) as raised:
            call()
        assert problems(raised) == [expected]


def test_holidays_flagged_across_the_national_day_week():
    plan = recurrence.plan("FREQ=DAILY", D(2025, 9, 27), D(2025, 10, 11), FLAG)
    flagged = {o.on: o.holiday_name for o in plan.occurrences if o.holiday_name}
    assert flagged == {D(2025, 10, d): "国庆节" for d in (1, 2, 3, 4, 5, 7, 8)} | {
        D(2025, 10, 6): "中秋节"}
    assert [o.on for o in plan.occurrences] == [D(2025, 9, 27 + i) if i < 4
                                                else D(2025, 10, i - 3) for i in range(15)]
    assert all(o.moved_from is None for o in plan.occurrences)
    assert plan.unknown_years == () and plan.notes == []


def test_holidays_moved_to_the_next_working_day_make_up_days_count():
    # Every Sunday: Sep 28 is a make-up working day (kept), Oct 5 moves to Thursday Oct 9.
    sundays = recurrence.plan("FREQ=WEEKLY;BYDAY=SU", D(2025, 9, 20), D(2025, 10, 19), MOVE)
    assert list(sundays.occurrences) == [
        Occurrence(D(2025, 9, 21)), Occurrence(D(2025, 9, 28)),
        Occurrence(D(2025, 10, 9), moved_from=D(2025, 10, 5)),
        Occurrence(D(2025, 10, 12)), Occurrence(D(2025, 10, 19))]
    # Every Wednesday and Saturday: Oct 1, 4 and 8 all move to Oct 9; Oct 11 (补班) stays.
    twice = recurrence.plan("FREQ=WEEKLY;BYDAY=WE,SA", D(2025, 9, 27), D(2025, 10, 11), MOVE)
    assert list(twice.occurrences) == [
        Occurrence(D(2025, 9, 27)), Occurrence(D(2025, 10, 9), moved_from=D(2025, 10, 1)),
        Occurrence(D(2025, 10, 9), moved_from=D(2025, 10, 4)),
        Occurrence(D(2025, 10, 9), moved_from=D(2025, 10, 8)), Occurrence(D(2025, 10, 11))]
    # 元旦 2026 (Thu–Sat): the next working day is Sunday Jan 4, a make-up working day.
    assert recurrence.plan("FREQ=MONTHLY;BYMONTHDAY=1", D(2026, 1, 1), D(2026, 2, 1),
                           MOVE).occurrences == (
        Occurrence(D(2026, 1, 4), moved_from=D(2026, 1, 1)),
        Occurrence(D(2026, 2, 1)))  # an ordinary Sunday: no public holiday, kept


def test_a_year_without_holiday_data_is_neither_flagged_nor_moved_and_says_so():
    plan = recurrence.plan("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", D(2026, 1, 1), D(2027, 12, 31),
                           MOVE)
    assert list(plan.occurrences) == [Occurrence(D(2026, 1, 4), moved_from=D(2026, 1, 1)),
                                      Occurrence(D(2027, 1, 1))]
    assert plan.unknown_years == (2027,)
    assert plan.notes == ["2027 年的法定节假日安排尚未发布，该年的接待日未做节假日标注或顺延"]
    assert recurrence.holiday_name(D(2027, 10, 1)) is None


@pytest.mark.parametrize(("rule", "message"), [
    ("FREQ=HOURLY", "FREQ 须为 DAILY、WEEKLY、MONTHLY 或 YEARLY"),
    ("BYDAY=MO", "FREQ 须为 DAILY、WEEKLY、MONTHLY 或 YEARLY"),
    ("FREQ=WEEKLY;BYHOUR=9", "重复规则不支持 BYHOUR（时间由开始、结束时间决定）"),
    ("FREQ=WEEKLY;FREQ=DAILY", "重复规则中 FREQ 出现了两次"),
    ("FREQ=WEEKLY;BYDAY", "重复规则的“BYDAY”无法识别"),
    ("DTSTART:20250101\nRRULE:FREQ=WEEKLY",
     "重复规则须为一条 RFC 5545 RRULE，例如 FREQ=MONTHLY;BYDAY=2TH"),
    ("", "重复规则须为一条 RFC 5545 RRULE，例如 FREQ=MONTHLY;BYDAY=2TH"),
    ("FREQ=WEEKLY;" + "BYDAY=MO;" * 25, "重复规则不超过 200 个字符"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL 须为 1 到 1000 的整数"),
    ("FREQ=WEEKLY;COUNT=-1", "COUNT 须为 1 到 1000 的整数"),
    ("FREQ=WEEKLY;BYDAY=XX", "无法解析的重复规则：请检查 BYDAY、BYMONTHDAY、BYSETPOS 等的取值"),
    ("FREQ=MONTHLY;BYDAY=9TH", "无法解析的重复规则：请检查 BYDAY、BYMONTHDAY、BYSETPOS 等的取值"),
    ("FREQ=WEEKLY;UNTIL=20251301", "UNTIL 须为日期，例如 20251231：20251301"),
    ("FREQ=WEEKLY;UNTIL=20260101", "UNTIL（2026-01-01）超出期间（至 2025-12-31）"),
    ("FREQ=WEEKLY;COUNT=60", "COUNT=60 超出期间：期间内只有 53 次"),
    ("FREQ=WEEKLY;UNTIL=20241231", "该规则在期间内没有接待日"),
])
def test_bad_rules_are_refused_with_the_reason(rule, message):
    with pytest.raises(ValidationFailed) as raised:
        recurrence.expand(rule, D(2025, 1, 1), D(2025, 12, 31))
    assert problems(raised) == [("rrule", message)]


def test_count_and_until_within_the_period_are_kept():
    assert recurrence.expand("FREQ=WEEKLY;BYDAY=TH;COUNT=3", D(2025, 1, 1), D(2025, 12, 31))[1] \
        == [D(2025, 1, 2), D(2025, 1, 9), D(2025, 1, 16)]
    assert recurrence.expand("FREQ=WEEKLY;BYDAY=TH;UNTIL=20250110T000000Z", D(2025, 1, 1),
                             D(2025, 12, 31))[1] == [D(2025, 1, 2), D(2025, 1, 9)]


def test_the_period_is_checked():
    for first, last, message in ((D(2025, 2, 1), D(2025, 1, 1), "结束日期不能早于开始日期"),
                                 (D(2025, 1, 1), D(2027, 1, 2), "期间最长两年")):
        with pytest.raises(ValidationFailed) as raised:
            recurrence.expand("FREQ=WEEKLY", first, last)
        assert problems(raised) == [("lastOn", message)]


def test_more_than_400_sessions_are_refused_and_400_are_not():
    with pytest.raises(TooManySessions) as raised:
        recurrence.plan("FREQ=DAILY", D(2025, 1, 1), D(2026, 2, 5), FLAG)  # 401 days
    assert (raised.value.count, raised.value.limit, raised.value.code) == (
        401, 400, "TOO_MANY_SESSIONS")
    assert str(raised.value) == "该规则在期间内产生 401 次接待日，超过上限 400 次；请缩短期间"
    assert len(recurrence.plan("FREQ=DAILY", D(2025, 1, 1), D(2026, 2, 4), FLAG)
               .occurrences) == 400


def test_a_rule_that_never_matches_is_refused():
    for rule in ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
                 "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4"):
        with pytest.raises(ValidationFailed):
            recurrence.expand(rule, D(2025, 1, 1), D(2026, 12, 31))
