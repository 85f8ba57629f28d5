"""Dumps PyPI's `chinesecalendar` (an independent, widely used record of China's official
holidays) as JSON for GridDuty's calendar cross-check. Exit 3 when the package is missing."""
import datetime
import json
import sys

try:
    import chinese_calendar as cc
except ImportError:
    sys.exit(3)

first, last = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
days = []
day = first
while day <= last:
    days.append(day)
    day += datetime.timedelta(days=1)

workday = {d: cc.is_workday(d) for d in days}
named = {d: cc.get_holiday_detail(d)[1] is not None and not workday[d] for d in days}
# A holiday break is a run of days off that contains a named holiday: its weekend days too
# ("与周末连休"), so a branch that opens on Saturdays stays closed on them.
in_break = {}
run = []
for d in days + [None]:
    if d is not None and not workday[d]:
        run.append(d)
        continue
    flag = any(named[x] for x in run)
    for x in run:
        in_break[x] = flag
    run = []

qingming = {}
for year in range(1901, 2101):
    terms = cc.get_solar_terms(datetime.date(year, 4, 1), datetime.date(year, 4, 10))
    qingming[str(year)] = [d.isoformat() for d, name in terms if name == "清明"][0]

json.dump(
    {
        "version": getattr(cc, "__version__", "?"),
        "days": {d.isoformat(): {"workday": workday[d], "holiday_break": in_break.get(d, False),
                                 "named": named[d]} for d in days},
        "qingming": qingming,
    },
    sys.stdout,
)
