"""The things the synthetic world is made of: states, office holders' tenures, mechanisms, frameworks, plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(eq=False)
class State:
    iso3: str
    name: str
    local: str  # local name under reld:
    capital: str | None

    @property
    def iri(self) -> str:
        return f"reld:{self.local}"


@dataclass(eq=False)
class Tenure:
    person: str
    name: str
    state: State
    role: int
    begin: dt.date
    end: dt.date  # articles dated before it do not know it


@dataclass(eq=False)
class Mechanism:
    iri: str
    label: str
    a: State
    b: State
    pillars: tuple[int, ...]
    relation: str
    sessions: int = 0
    session_iri: str = "{mechanism}-session-{n}"


@dataclass(eq=False)
class Framework:
    iri: str
    label: str
    cls: str
    a: State
    b: State
    expires: int
    pillar: int


@dataclass(eq=False)
class Plan:
    """Something an article said would happen, for a later article to report on."""

    kind: str  # session, meeting, signing, communique, visit, commitment
    iri: str
    cls: str
    label: str
    phrase: str  # how a follow-up sentence names it
    due: dt.date
    a: State
    b: State
    event_type: str
    place: str = "the capital"
    end: dt.date | None = None  # the last day, where the plan gave one
    mechanism: Mechanism | None = None  # a session's mechanism
    postponed: bool = False
