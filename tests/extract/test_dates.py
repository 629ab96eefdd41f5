import datetime as dt

from hypothesis import given, strategies as st

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
