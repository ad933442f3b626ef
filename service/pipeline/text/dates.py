"""Publication dates written the ways pages write them, to ISO 8601.

`find_date(text)` reads one line ("16 January 2026 11:37", "Fri 16 Jan 2026 | 02:21 PM",
"Updated 1:39 am EST, Wednesday, November 20, 2019", "24 сентября 2018", "2019-11-19T10:00+02:00")
and returns "2026-01-16T11:37:00", "2019-11-20T01:39:00-05:00", "2018-09-24", ... or None.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from service.pipeline.vocabulary import lowered_pattern, table

# Month names and abbreviations (lower case) -> month number, in the languages the pipeline meets most.
MONTHS = {name: int(number) for number, names in table("month_names").items() for name in names}
_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"

# Zone abbreviations that name one offset unambiguously enough for news pages.
ZONES = table("time_zones")
# US zone names that name a region, standard or daylight time by the date ("ET"): after am/pm only.
REGIONS = table("time_zone_regions")

_YEAR = r"(?P<year>(19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(st|nd|rd|th|er|º|\.)?"
# The patterns read the line lower-cased; numbers with dots or slashes day first ("02.12.2026", "02/12/2026"),
# with slashes month first where day first cannot be a date ("12/25/2026").
_NAMED = [
    lowered_pattern(p)
    for p in (
        rf"\b{_YEAR}-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)",
        rf"\b{_DAY}\s*(de\s+|of\s+)?{_MONTH}(\s+de|,)?\s+{_YEAR}\b",
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
    )
]
_DAY_FIRST = lowered_pattern(rf"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./]{_YEAR}\b")
_SLASHED_MONTH_FIRST = lowered_pattern(rf"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/{_YEAR}\b")
_YEAR_FIRST = [
    lowered_pattern(p)
    for p in (
        rf"\b{_YEAR}[./](?P<month>[01]?\d)[./](?P<day>[0-3]?\d)\b",
        rf"{_YEAR}\s*년\s*(?P<month>[01]?\d)\s*월\s*(?P<day>[0-3]?\d)\s*일",
    )
]
_DATE_PATTERNS = [*_NAMED, _DAY_FIRST, _SLASHED_MONTH_FIRST, *_YEAR_FIRST]
_AMERICAN_PATTERNS = [*_NAMED, _SLASHED_MONTH_FIRST, _DAY_FIRST, *_YEAR_FIRST]  # a line with an American time
_DAY_FIRST_PATTERNS = [*_NAMED, _DAY_FIRST, *_YEAR_FIRST]
_YEAR_LIKE = re.compile(r"(19|20)\d\d")  # every date pattern has a year: a cheap test first
_ZONE_NAMES = "|".join(ZONES)
# "09:12", "9h12", and "09.12" when am/pm or a zone follows ("09.12 GMT", "9.12pm"; else it may be a number).
_TIME = lowered_pattern(
    r"(?<![\d:.])(?P<hour>[0-2]?\d)([:h]|\.(?=[0-5]\d\s*([ap]\.?\s?m\b|\(?(" + _ZONE_NAMES + r")\b)))"
    r"(?P<minute>[0-5]\d)(:(?P<second>[0-5]\d))?(?![\d])"
    r"(\s*(?P<ampm>[ap])\.?\s?m\b\.?(\s*(?P<region>" + "|".join(REGIONS) + r")\b)?)?"
    r"(\s*(?P<offset>[+-]\d\d:?\d\d|z\b)|\s*\(?(?P<zone>" + _ZONE_NAMES + r")\b"
    r"(\s*(?P<zone_shift>[+-]\d{1,2}))?)?"
)


def _month_number(value: str) -> int | None:
    return int(value) if value.isdigit() else MONTHS.get(value.lower().rstrip("."))


def _time_part(text: str, day: date) -> str:
    """ "THH:MM:SS[+HH:MM]" for the first time of day in `text` (on `day`), or "" when it gives none."""
    for match in _TIME.finditer(text):
        hour, minute = int(match["hour"]), int(match["minute"])
        if match["ampm"]:
            hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
        if hour > 23:
            continue
        clock = f"T{hour:02d}:{minute:02d}:{int(match['second'] or 0):02d}"
        if match["region"]:
            at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(REGIONS[match["region"]]))
            offset = at.isoformat()[-6:]  # "-05:00" in winter, "-04:00" in summer
        elif match["offset"]:
            offset = match["offset"].upper()
            offset = "+00:00" if offset == "Z" else offset if ":" in offset else offset[:3] + ":" + offset[3:]
        elif match["zone"] and match["zone_shift"]:
            offset = f"{int(match['zone_shift']):+03d}:00"
        elif match["zone"]:
            offset = ZONES[match["zone"].lower()]
        else:
            offset = ""
        return clock + offset
    return ""


def find_date(text: str, month_first: bool = False) -> str | None:
    """The first calendar date in `text` as ISO 8601, with its time and offset when given. A date in
    numbers and slashes is read day first ("02/12/2026": 2 December); with `month_first` (the
    published date) also month first where day first cannot be a date ("12/25/2026") and first of all
    where the line's time is American ("7/4/2026 10:30 am ET": 4 July). The cleaning models' features
    read day first only, as they were trained (with month first the retrained text model lost 0.002
    held out by source)."""
    if not _YEAR_LIKE.search(text):
        return None
    text = text.lower()
    if not month_first:
        patterns = _DAY_FIRST_PATTERNS
    else:
        patterns = _AMERICAN_PATTERNS if _american(text) else _DATE_PATTERNS
    for pattern in patterns:
        for match in pattern.finditer(text):
            month = _month_number(match["month"])
            try:
                day = date(int(match["year"]), month or 0, int(match["day"]))
            except ValueError:
                continue
            rest = text[: match.start()] + " " + text[match.end() :]
            return day.isoformat() + _time_part(rest, day)
    return None


def _american(text: str) -> bool:
    """Whether the lower-cased line gives a time in a North American zone by name ("10:30 am et",
    "9:12 edt": the zone names west of Greenwich, `time_zones.toml`); a bare offset ("-04:00") may be
    South America's, which writes the day first."""
    time = _TIME.search(text) if "/" in text else None
    return time is not None and (bool(time["region"]) or ZONES.get(time["zone"] or "", "").startswith("-"))


def date_from_url(url: str | None) -> str | None:
    """The date a URL path carries, as in /2019/11/19/ or /2019-11-19-, or None."""
    match = re.search(r"/((19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?=[/-])", url or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[3]), int(match[4])).isoformat()
    except ValueError:
        return None
