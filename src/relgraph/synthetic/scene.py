"""What the parts of one article share: its pair of states and their mechanism, and the session it reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from relgraph.synthetic.article import Article
from relgraph.synthetic.model import Mechanism, State, Tenure

__all__ = ["Scene", "Session"]


@dataclass(frozen=True, eq=False)
class Scene:
    """One article's subject: two states, the mechanism through which they talk, and the pillar in the lead."""

    art: Article
    a: State
    b: State
    mech: Mechanism
    pillar: int


@dataclass(frozen=True, eq=False)
class Session:
    """The mechanism's next session, which the article announces."""

    iri: str
    label: str
    number: int
    begin: dt.date
    end: dt.date
    minister: Tenure  # the foreign minister who leads the delegation
    visit: str | None  # the delegation's visit, where the article reports one

    @property
    def surname(self) -> str:
        return self.minister.name.split()[-1]
