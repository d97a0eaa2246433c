"""Working days (French public holidays excluded) and month arithmetic."""

import datetime

import holidays


def add_business_days(day: datetime.date, count: int) -> datetime.date:
    """`count` working days after `day`: weekends and French public holidays excluded."""
    public_holidays = holidays.France(years=range(day.year, day.year + 2))
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in public_holidays:
            count -= 1
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)
