"""Dates and intervals in news text, normalised to ISO 8601 against the article's date.

``find_dates(text, begin, end, article_date)`` finds, in ``text[begin:end]`` (one
sentence), each date expression with its offsets and value:

* a day: "August 27, 2018", "27 August 2018", "Aug. 27", "2019-05-03" -> ``2018-08-27``;
* an interval: "May 7 and 8, 2019", "between May 7 and 8", "May 7-8", "7-8 May 2019",
  "from May 7 to May 9" -> ``2019-05-07/2019-05-08``;
* a month or a year: "May 2019" -> ``2019-05``, "in 2025" -> ``2025``;
* a span of years: "2023-28" -> ``2023/2028``, "the next five years" -> ``2023/2028`` in 2023;
* a month relative to the article's month: "last August" (in May 2019) -> ``2018-08``,
  "in December" (in April 2022, past tense) -> ``2021-12``; "this past year" -> the year;
* relative to the article's date: "today", "yesterday", "tomorrow", "on Wednesday"
  (the latest Wednesday on or before the article's date when the sentence is in the
  past tense, the next one after it when it speaks of the future), "last Wednesday",
  "next Wednesday", "next week"/"last week"/"this week" (Monday to Sunday),
  "next month"/"last month"/"this month" (``YYYY-MM``), "next year"/"last year".

The tense is read from the clause before the expression ("..., Hodge said on Friday" is
past although the sentence also says "will lead"), else from the sentence outside its
quotations. A day or month without a year takes the article's year, moved one year back (or on)
when that puts a past event more than six months after the article (or a future one
more than six months before it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "is_future"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_TO = r"\s*(?:-|–|—|and|to|through|until|till)\s*"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER_WORDS = "two|three|four|five|six|seven|eight|nine|ten"
_NUMBERS = {w: i for i, w in enumerate(_NUMBER_WORDS.split("|"), start=2)}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # between May 7 and 8, 2019 / May 7 and 8, 2019 / from May 7 to May 9, 2019 / May 7-8
    (
        "mdd",
        re.compile(
            rf"(?:\b(?:between|from)\s+)?\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_TO}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})\b"
            rf"(?:,?\s+(?P<y>{_YEAR}))?"
        ),
    ),
    # 7-8 May 2019 / 7 and 8 May / from 7 to 9 May
    (
        "ddm",
        re.compile(
            rf"(?:\b(?:between|from)\s+)?\b(?P<d>{_DAY}){_TO}(?P<d2>{_DAY})\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
        ),
    ),
    ("md", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?:,?\s+(?P<y>{_YEAR}))?")),
    ("dm", re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?")),
    ("my", re.compile(rf"\b(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    # 2023-28 / 2023-2028 / 2023–2028: a span of years
    ("yy", re.compile(rf"(?<![\d-])\b(?P<y>{_YEAR})[-–](?P<y2>\d{{2}}|{_YEAR})\b(?![\d-])")),
    # the next five years / the past two years / the coming 3 years
    (
        "span",
        re.compile(
            rf"\b(?:the\s+)?(?P<which>next|coming|past|last|previous)\s+(?P<n>\d{{1,2}}|{_NUMBER_WORDS})\s+years\b",
            re.I,
        ),
    ),
    # this past year / the past year
    ("past", re.compile(r"\b(?:this|the)\s+past\s+(?P<unit>year|month|week)\b", re.I)),
    # last August / next March / this May: the month named, before or after the article's month
    ("mrel", re.compile(rf"\b(?P<which>last|next|this|coming|past)\s+(?P<m>{_MONTH_FULL})\b(?!\s+\d)")),
    # in February / since December: a bare month after a preposition, the nearest one in the tense
    (
        "mbare",
        re.compile(rf"\b(?:in|since|until|by|early|late|mid)\s+(?P<m>{_MONTH_FULL})\b(?!\s+\d)(?!,?\s+(?:19|20)\d\d)"),
    ),
    ("rel", re.compile(r"\b(?P<rel>today|yesterday|tomorrow)\b", re.I)),
    ("week", re.compile(r"\b(?P<which>next|last|this|previous|coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("wday", re.compile(rf"\b(?:(?P<which>last|next|this|on|coming)\s+)?(?P<wd>{_WEEKDAY})\b")),
    ("y", re.compile(rf"(?<![\d-])\b(?P<y>{_YEAR})\b(?![\d-])")),
]

_FUTURE = re.compile(  # case matters: "plans to" is a plan, "Action Plan to" a name
    r"\b(?:[Ww]ill|[Ss]hall|[Ww]ould|is|are)\s+(?:\w+\s+)?(?:set|expected|scheduled|slated|due)\s+to\b|\b[Ww]ill\b|"
    r"\b[Ss]hall\b|\b(?:plans?|planning|intends?|hopes?)\s+to\b|\b[Nn]ext\b|\b[Uu]pcoming\b|\bforthcoming\b|"
    r"\bto be held\b|\bahead of\b"
)


def is_future(sentence: str) -> bool:
    """Whether a sentence speaks of what is still to come ("will", "is set to", "next week")."""
    return bool(_FUTURE.search(sentence))


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text and its ISO value (a date, an interval, a month or a year)."""

    begin: int
    end: int
    text: str
    value: str
    rule: str  # which pattern, in words, for the draft's "why"

    @property
    def start(self) -> str:
        return self.value.split("/")[0]

    @property
    def finish(self) -> str | None:
        return self.value.split("/")[1] if "/" in self.value else None


def _month(name: str) -> int:
    return _MONTHS[name[:3].casefold()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _year_for(month: int, day: int, article: dt.date, future: bool) -> int:
    year = article.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return year
    if not future and (candidate - article).days > 183:
        return year - 1
    if future and (article - candidate).days > 183:
        return year + 1
    return year


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _value(kind: str, m: re.Match[str], article: dt.date, future: bool) -> tuple[str, str] | None:
    g = m.groupdict()
    if kind == "iso":
        day = _safe(int(g["y"]), int(g["m"]), int(g["d"]))
        return (day.isoformat(), "an ISO date") if day else None
    if kind in ("mdd", "ddm"):
        m1 = _month(g["m"])
        m2 = _month(g["m2"]) if g.get("m2") else m1
        d1, d2 = _day(g["d"]), _day(g["d2"])
        year = int(g["y"]) if g.get("y") else _year_for(m1, d1, article, future)
        first, last = _safe(year, m1, d1), _safe(year, m2, d2)
        if not first or not last or last < first:
            return None
        why = "a range of days" + ("" if g.get("y") else f" in the article's year {year}")
        return f"{first.isoformat()}/{last.isoformat()}", why
    if kind in ("md", "dm"):
        month, day_ = _month(g["m"]), _day(g["d"])
        year = int(g["y"]) if g.get("y") else _year_for(month, day_, article, future)
        day = _safe(year, month, day_)
        if not day:
            return None
        return day.isoformat(), "a date" + ("" if g.get("y") else f" without a year: {year}, near the article's date")
    if kind == "my":
        return f"{int(g['y']):04d}-{_month(g['m']):02d}", "a month"
    if kind == "y":
        return g["y"], "a year"
    if kind in ("yy", "span", "past", "mrel", "mbare"):
        return _relative_span(kind, g, article, future)
    if kind == "rel":
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["rel"].casefold()]
        return (article + dt.timedelta(days=shift)).isoformat(), f"'{g['rel']}' from the article's date"
    if kind == "week":
        which, unit = g["which"].casefold(), g["unit"].casefold()
        step = {"next": 1, "coming": 1, "last": -1, "previous": -1, "this": 0}[which]
        if unit == "week":
            monday = article - dt.timedelta(days=article.weekday()) + dt.timedelta(weeks=step)
            return (
                f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}",
                f"'{which} {unit}': Monday to Sunday from the article's date",
            )
        if unit == "month":
            index = article.year * 12 + article.month - 1 + step
            return f"{index // 12:04d}-{index % 12 + 1:02d}", f"'{which} month' from the article's date"
        return f"{article.year + step:04d}", f"'{which} year' from the article's date"
    if kind == "wday":
        which = (g.get("which") or "").casefold()
        target = _WEEKDAYS.index(g["wd"].casefold())
        ahead = which in ("next", "coming") or (which not in ("last",) and future)
        if ahead:
            days = (target - article.weekday()) % 7 or 7
            return (article + dt.timedelta(days=days)).isoformat(), f"the next {g['wd']} after the article's date"
        days = (article.weekday() - target) % 7
        return (article - dt.timedelta(days=days)).isoformat(), f"the latest {g['wd']} on or before the article's date"
    return None


def _relative_span(kind: str, g: dict, article: dt.date, future: bool) -> tuple[str, str] | None:
    """Spans of years, "the next five years", "this past year", "last August", "in February"."""
    if kind == "yy":
        first, second = int(g["y"]), g["y2"]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        return (f"{first}/{last}", "a span of years") if last > first else None
    if kind == "span":
        n = int(g["n"]) if g["n"].isdigit() else _NUMBERS[g["n"].casefold()]
        if g["which"].casefold() in ("next", "coming"):
            return f"{article.year}/{article.year + n}", f"the next {n} years from the article's year"
        return f"{article.year - n}/{article.year}", f"the past {n} years up to the article's year"
    if kind == "past":
        unit = g["unit"].casefold()
        if unit == "year":
            return f"{article.year:04d}", "'this past year': the article's year"
        if unit == "month":
            return f"{article.year:04d}-{article.month:02d}", "'this past month': the article's month"
        monday = article - dt.timedelta(days=article.weekday())
        return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "'this past week'"
    month = _month(g["m"])
    which = (g.get("which") or "").casefold()
    if which in ("next", "coming") or (kind == "mbare" and future and which != "last"):
        year = article.year if month > article.month else article.year + 1
        return f"{year:04d}-{month:02d}", f"the next {g['m']} after the article's month"
    if which == "this":
        return f"{article.year:04d}-{month:02d}", f"{g['m']} of the article's year"
    if which in ("last", "past"):
        year = article.year if month < article.month else article.year - 1
        return f"{year:04d}-{month:02d}", f"the {g['m']} before the article's month"
    year = article.year if month <= article.month else article.year - 1
    return f"{year:04d}-{month:02d}", f"the latest {g['m']} up to the article's month"


_PAST_CUE = re.compile(
    r"\b(?:\w+ed|met|said|told|held|made|took|gave|came|went|spoke|saw|began|led|sent|won|struck|set|"
    r"was|were|had|did|paid|signed|began|left|wrote|read|became|brought|sought|found|announced)\b"
)


def _tense_before(sentence: str, at: int) -> bool | None:
    """The tense of the clause that leads to ``sentence[at]`` (True: future), or None if it gives none.

    "..., USTR spokesperson Adam Hodge said on Friday": the clause after the comma is past
    although the sentence also says "will lead".
    """
    clause = re.split(r"[,;:“”\"]", sentence[:at])[-1]
    if _FUTURE.search(clause):
        return True
    if _PAST_CUE.search(clause):
        return False
    return None


def _outside_quotes(sentence: str) -> str:
    """The sentence with its quotations blanked (a quoted "we will" is not the narration's tense)."""
    return re.sub(r"“[^”]*”?|\"[^\"]*\"?", lambda m: " " * len(m.group(0)), sentence)


def find_dates(text: str, begin: int, end: int, article_date: dt.date) -> list[DateMention]:
    """The date expressions of ``text[begin:end]``, longest first where they overlap, in text order."""
    sentence = text[begin:end]
    whole = is_future(_outside_quotes(sentence)) if _outside_quotes(sentence).strip() else is_future(sentence)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            b, e = (m.start("m"), m.end()) if kind == "mbare" else (m.start(), m.end())
            if any(b < te and tb < e for tb, te in taken):
                continue
            if kind == "y" and re.search(r"(?:No\.|\$|€|£)\s*$", sentence[:b]):
                continue
            if kind == "dm" and not re.search(r"[A-Za-z]", m.group("m")):
                continue
            local = _tense_before(sentence, b)
            value = _value(kind, m, article_date, whole if local is None else local)
            if value is None:
                continue
            taken.append((b, e))
            found.append(DateMention(begin + b, begin + e, sentence[b:e], value[0], value[1]))
    return sorted(found, key=lambda d: d.begin)
