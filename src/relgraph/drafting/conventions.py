"""News-text conventions for names, beside the vocabulary of ``mentions``.

Small, separately tested rules that say what a stretch of capitalised words is from the
words around it:

* ``list_members``: "the Departments of State, Labor, Commerce and Agriculture" is four
  departments, each named by one word;
* ``state_forms``: the forms a title or a body takes in the graph's labels when the text
  leaves its state out ("Secretary of State" -> "Secretary of State (United States)",
  "Department of State" -> "U.S. Department of State", "Foreign Affairs Cabinet
  Secretary" -> "Cabinet Secretary for Foreign Affairs (Kenya)");
* ``metonymy``: a capital that stands for its state ("talks with Nairobi", "between
  Berlin and Paris", "Beijing's growing clout") rather than a place ("met in Beijing");
* ``REGIONS``, ``RANKS``, ``LOWER_HEADS``, ``ROLE_NOUNS``: regions that are places and not
  cities, rank words that make another post ("Deputy U.S. Trade Representative" is not
  the U.S. Trade Representative), lower-case head words that close a name ("Biden
  administration", "U.S. delegation", "Defence headquarters"), and lower-case role nouns
  before a person's name ("trade negotiator Katherine Tai", "his US counterpart Lloyd
  Austin").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from relgraph.drafting.gazetteer import StateName, capital_cities, state_names

__all__ = [
    "LOWER_HEADS",
    "RANKS",
    "REGIONS",
    "ROLE_NOUNS",
    "capital_state",
    "list_members",
    "metonymy",
    "state_forms",
    "states_in",
]

# fmt: off
#: Regions, continents and areas: places, never cities or states.
REGIONS = frozenset({
    "Africa", "East Africa", "West Africa", "North Africa", "Southern Africa", "Central Africa", "Horn of Africa",
    "Sub-Saharan Africa", "Asia", "East Asia", "South Asia", "Southeast Asia", "Central Asia", "Europe",
    "Eastern Europe", "Western Europe", "Middle East", "Latin America", "South America", "North America",
    "Central America", "Caribbean", "Pacific", "Indo-Pacific", "Asia-Pacific", "Sahel", "Balkans", "Gulf",
    "Arctic", "Antarctica", "Oceania", "Great Lakes", "Red Sea", "Indian Ocean", "Mediterranean",
})
#: Words before an office that make another office ("Deputy", "Assistant", "Vice", "Under").
RANKS = frozenset({"deputy", "assistant", "vice", "under", "associate"})
#: Lower-case head words that close a name before them, and the class they give.
LOWER_HEADS = {
    "administration": "GovernmentBody", "government": "GovernmentBody", "delegation": "Delegation",
    "headquarters": "Place", "police": "GovernmentBody",
}
#: Lower-case role nouns after which capitalised words are a person's name.
ROLE_NOUNS = frozenset({
    "negotiator", "counterpart", "peer", "spokesperson", "spokesman", "spokeswoman", "envoy", "minister",
    "secretary", "president", "ambassador", "official", "diplomat", "adviser", "advisor", "chief", "leader",
    "premier", "chancellor", "representative", "governor", "commissioner", "director",
})
#: Words that close a post's title ("Foreign Affairs Cabinet Secretary" -> office "Cabinet Secretary").
_OFFICE_WORDS = frozenset({"cabinet", "secretary", "minister", "principal", "permanent", "chief", "cs"})
#: A capital is its place after these words.
_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "outside", "visit", "visited", "visiting", "into", "around"})
# fmt: on

_LIST = re.compile(
    r"\b(?P<head>Departments|Ministries)\s+of\s+(?P<items>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?"
    r"(?:(?:\s*,\s*|\s*,?\s+and\s+)[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)+)"
)


def list_members(text: str, begin: int, end: int) -> list[tuple[int, int, str]]:
    """Members of "the Departments of State, Labor, Commerce and Agriculture": (begin, end, "Department of X")."""
    out: list[tuple[int, int, str]] = []
    for m in _LIST.finditer(text, begin, end):
        singular = "Department" if m.group("head") == "Departments" else "Ministry"
        for item in re.finditer(r"[A-Z][\w-]+(?:\s+(?!and\b)[A-Z][\w-]+)?", m.group("items")):
            b = m.start("items") + item.start()
            out.append((b, b + len(item.group(0)), f"{singular} of {item.group(0)}"))
    return out


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@functools.cache
def _capitals() -> dict[str, StateName]:
    return {_plain(capital): state_names()[code] for capital, code in capital_cities().items()}


@functools.cache
def capital_state(name: str) -> StateName | None:
    """The state whose capital ``name`` is (accents and case do not matter: "BRASILIA", "Brasilia")."""
    return _capitals().get(_plain(name))


@functools.cache
def _state_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every state's names and adjectives (longest first), and the state of each."""
    names: dict[str, str] = {}
    for state in state_names().values():
        for name in (*state.names, *state.adjectives):
            names.setdefault(name, state.alpha3)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])"), names


def states_in(text: str) -> list[StateName]:
    """The states the text names (by name or adjective), in order of first appearance."""
    pattern, names = _state_pattern()
    seen: dict[str, StateName] = {}
    for m in pattern.finditer(text):
        code = names[m.group(0)]
        seen.setdefault(code, state_names()[code])
    return list(seen.values())


def _short_names(state: StateName) -> tuple[str, ...]:
    """The names a title puts before itself: the label and the abbreviations ("U.S.", "US", "UK")."""
    return (state.label, *[n for n in state.names if len(n.replace(".", "")) <= 3])


def state_forms(span: str, states: Iterable[StateName]) -> set[str]:
    """Labels a title or body may have in the graph when the text leaves its state out."""
    words = span.split()
    forms = {span}
    tail = len(words)
    while tail > 0 and words[tail - 1].casefold() in _OFFICE_WORDS:
        tail -= 1
    if 0 < tail < len(words) and all(w[:1].isupper() for w in words[:tail]):  # "Foreign Affairs Cabinet Secretary"
        office, portfolio = " ".join(words[tail:]), " ".join(words[:tail])
        forms |= {f"{office} for {portfolio}", f"{office} of {portfolio}"}
    out = set(forms)
    for state in states:
        for form in forms:
            out |= {f"{form} ({state.label})", f"{state.label} {form}"}
            out |= {f"{name} {form}" for name in _short_names(state)}
        own = {w for w in words if w in state.adjectives or w in state.names}
        office = " ".join(w for w in words if w not in own)
        if own and office:  # "Kenyan President" -> "President of Kenya", "President (Kenya)"
            out |= {f"{office} of {state.label}", f"{office} ({state.label})"}
    return out


def metonymy(before: list[str], after: str, span: str = "") -> bool:
    """Whether a capital, with the words ``before`` it (nearest last) and the text ``after`` it, stands for its state.

    "talks with Nairobi", "between Berlin and Paris", "Beijing's growing diplomatic clout": yes;
    "met in Beijing", "Meseberg Palace near Berlin", "in Nairobi and Mombasa": no.
    """
    if re.match(r"[’']s\b", after) or re.search(r"[’']s$", span):
        return True
    previous = before[-1].casefold() if before else ""
    if previous in ("with", "between", "against"):
        return True
    if previous == "and" and len(before) >= 3:  # "between Berlin and Paris": the first of the pair decides
        return before[-3].casefold() in ("with", "between", "against")
    return False
