"""Words and Turtle terms, written by hand (fast, and the same bytes every time)."""

from __future__ import annotations

import datetime as dt
import re

from relgraph.synthetic.tables import MONTHS, ORDINALS


def ordinal(n: int) -> str:
    if n < len(ORDINALS):
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def say_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def en(text: str) -> str:
    return lit(text) + "@en"


def date(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def typed(value: int, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


HEADER_PREFIXES = ("reld", "rel", "rdfs", "xsd", "dcterms", "skos", "org", "schema", "foaf", "time")


class Doc:
    """The triples of one article file, subject by subject, without repeats."""

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, list[str]]] = {}
        self.count = 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        objects = self.subjects.setdefault(subject, {}).setdefault(predicate, [])
        if obj not in objects:
            objects.append(obj)
            self.count += 1

    def turtle(self, header: str) -> str:
        out = [header]
        for subject, predicates in self.subjects.items():
            body = " ;\n    ".join(f"{p} {', '.join(objs)}" for p, objs in predicates.items())
            out.append(f"{subject}\n    {body} .\n")
        return "\n".join(out)
