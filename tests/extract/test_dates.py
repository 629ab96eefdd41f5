import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from threadline.extract.dates import MONTHS, find_dates, parse_published


def values(text, ref=None):
    return [(h.value, h.precision, h.relative) for h in find_dates(text, ref)]


def test_absolute_dates_keep_their_precision():
    assert values("The decree took effect on 1 September 2023.") == [("2023-09-01", "day", False)]
    assert values("It was exposed in September 2022.") == [("2022-09", "month", False)]
    assert values("The group was founded in 2017.") == [("2017", "year", False)]
    assert values("Arrests followed on April 17, 2023.") == [("2023-04-17", "day", False)]
    assert values("Le rapport publié en 2022.") == [("2022", "year", False)]
    assert values("Le 5 décembre 2022, le ministre a parlé.") == [("2022-12-05", "day", False)]


def test_no_date_in_numbers_copyright_or_modal_may():
    assert values("About 230,000 people were persuaded to return.") == []
    assert values("Copyright © 2025 Example Times.") == []
    assert values("Such networks may violate the convention.") == []
    assert values("A 31 February 2023 date is impossible.") == [("2023-02", "month", False)]


def test_relative_dates_need_a_publication_date():
    assert values("In May, the leaders signed a declaration.") == []
    ref = dt.date(2023, 6, 6)  # a Tuesday
    assert values("In May, the leaders signed a declaration.", ref) == [("2023-05", "month", True)]
    assert values("In December the ministry replied.", ref) == [("2022-12", "month", True)]
    assert values("On Wednesday, the department said no permission was sought.", ref) == [("2023-05-31", "day", True)]
    assert values("It opened earlier this year.", ref) == [("2023", "year", True)]


def test_parse_published():
    assert parse_published("2022-11-02") == dt.date(2022, 11, 2)
    assert parse_published("2022-11") == dt.date(2022, 11, 1)
    assert parse_published(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    assert parse_published("yesterday") is None
    assert parse_published(None) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), st.sampled_from([0, 2, 3, 4]))
def test_written_dates_round_trip(day, lang):
    month = MONTHS[day.month][0 if lang == 0 else min(lang, len(MONTHS[day.month]) - 1)]
    hits = find_dates(f"It happened on {day.day} {month} {day.year}, officials said.")
    assert [h.value for h in hits] == [day.isoformat()]


def test_chinese_absolute_dates():
    assert values("2022年9月4日，代表团抵达罗马。") == [("2022-09-04", "day", False)]
    assert values("该会成立于2017年。") == [("2017", "year", False)]
    assert values("二〇二二年九月，国务院确认。") == [("2022-09", "month", False)]
    assert values("２０２２年１０月３日") == [("2022-10-03", "day", False)]  # full-width digits
    assert values("2022 年 9 月 4 日") == [("2022-09-04", "day", False)]
    assert values("2023年2月31日") == [("2023-02", "month", False)]
    assert values("三个月内，共1200年，每月") == []


def test_chinese_relative_dates_need_a_publication_date():
    assert values("九月四日，警方到场。") == []
    ref = dt.date(2023, 3, 15)
    assert values("九月四日，警方到场。", ref) == [("2022-09-04", "day", True)]
    assert values("3月2日，该站关闭。", ref) == [("2023-03-02", "day", True)]
    assert values("去年十月，荷兰外交部证实。", ref) == [("2022-10", "month", True)]
    assert values("今年，该站关闭。", ref) == [("2023", "year", True)]
    assert values("去年该站关闭。", ref) == [("2022", "year", True)]
    assert values("前年3月5日", ref) == [("2021-03-05", "day", True)]
    assert values("十二月", ref) == [("2022-12", "month", True)]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_chinese_dates_round_trip(day):
    text = f"{day.year}年{day.month}月{day.day}日"
    assert values(text) == [(day.isoformat(), "day", False)]
    digits = "〇一二三四五六七八九"
    chinese_year = "".join(digits[int(c)] for c in str(day.year))
    assert values(f"{chinese_year}年{day.month}月") == [(day.isoformat()[:7], "month", False)]
