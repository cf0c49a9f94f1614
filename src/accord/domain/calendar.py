"""Month arithmetic: the rules engine counts time in whole months since the regime starts.

The simulator steps month by month and the ledger records dated events; both meet on
the month index, so a rule evaluated at a date and at that date's month gives one answer.
"""

from __future__ import annotations

import calendar
from datetime import date


def month_index(start: date, when: date) -> int:
    """Whole calendar months from ``start``'s month to ``when``'s month (negative before)."""
    return (when.year - start.year) * 12 + (when.month - start.month)


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, the day clipped to the month's length."""
    y, m0 = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def month_start(start: date, index: int) -> date:
    """First day of month ``index`` of a regime that starts at ``start``."""
    return add_months(date(start.year, start.month, 1), index)
