"""Japanese eras (明治 to 令和) and dates written in them (wareki).

>>> to_wareki(datetime.date(2019, 4, 30)), to_wareki(datetime.date(2019, 5, 1))
('平成31年4月30日', '令和元年5月1日')
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: datetime.date

    @property
    def first_year(self) -> int:
        return self.start.year


#: Japanese eras with their official first day in the Gregorian calendar.
ERAS = (
    Era("明治", "M", datetime.date(1868, 10, 23)),
    Era("大正", "T", datetime.date(1912, 7, 30)),
    Era("昭和", "S", datetime.date(1926, 12, 25)),
    Era("平成", "H", datetime.date(1989, 1, 8)),
    Era("令和", "R", datetime.date(2019, 5, 1)),
)
#: Japan adopted the Gregorian calendar on 明治6年1月1日.
GREGORIAN_IN_JAPAN = datetime.date(1873, 1, 1)


def era_of(d: datetime.date) -> Era | None:
    found = None
    for era in ERAS:
        if era.start <= d:
            found = era
    return found


def to_wareki(d: datetime.date) -> str:
    """``2019-04-30`` → ``平成31年4月30日`` (only for dates from 1873 on)."""
    era = era_of(d)
    if era is None or d < GREGORIAN_IN_JAPAN:
        return d.isoformat()
    n = d.year - era.first_year + 1
    year = "元" if n == 1 else str(n)
    return f"{era.name}{year}年{d.month}月{d.day}日"
