"""The world model: everything that outlives one article (states, office holders, mechanisms, open plans)."""

from __future__ import annotations

import datetime as dt
import random

from relgraph.errors import ProjectError
from relgraph.synthetic.model import Framework, Mechanism, Plan, State, Tenure
from relgraph.synthetic.plans import PlanBook
from relgraph.synthetic.tables import (
    BSD_FROM,
    CAPITALS,
    FIRST_NAMES,
    FRAMEWORKS,
    LAST_NAMES,
    MECHANISM_KINDS,
    PILLARS,
    PROMINENT,
    START,
    STATES_TABLE,
)
from relgraph.synthetic.text import slug

__all__ = ["PICK_TRIES", "World"]


PICK_TRIES = 64  # weighted draws before pick_state falls back to a plain choice among the states left


class World:
    """Everything that outlives one article: states, office holders, mechanisms, open plans."""

    def __init__(self, seed: int, event_types: dict[str, str]) -> None:
        self.seed = seed
        self.rng = rng = random.Random(seed)
        self.event_types = event_types
        self.states: list[State] = []
        for entry in STATES_TABLE.rstrip(";").split(";"):
            iso3, name = entry.split(":", 1)
            local = {"KEN": "kenya", "USA": "united-states"}.get(iso3, iso3.lower())
            self.states.append(State(iso3, name, local, CAPITALS.get(iso3)))
        self.state_iris = {s.iri for s in self.states}
        by_iso = {s.iso3: s for s in self.states}
        self.by_iso = by_iso
        rest = [s for s in self.states if s.iso3 not in PROMINENT]
        rng.shuffle(rest)
        self.ranked = [by_iso[i] for i in PROMINENT] + rest
        # The k-th most prominent state is in the news about 1/k^0.8 as often as the first.
        self.cumulative: list[float] = []
        total = 0.0
        for k in range(len(self.ranked)):
            total += 1.0 / (k + 1) ** 0.8
            self.cumulative.append(total)
        self.unnamed = list(self.states)  # states no article has named yet
        rng.shuffle(self.unnamed)
        self.tenures: dict[tuple[str, int], list[Tenure]] = {}
        self.names: set[str] = set()
        self.named: set[str] = set()  # persons some article has named
        self.mechanisms: dict[tuple[str, str], Mechanism] = {}
        self.mechanism_keys: list[tuple[str, str]] = []  # in the order they were made, to draw from
        self.frameworks: dict[tuple[str, str, int], Framework] = {}
        self.plans = PlanBook()
        self.counters: dict[str, int] = {}
        kenya, usa = by_iso["KEN"], by_iso["USA"]
        self.bsd = Mechanism(
            "reld:bilateral-strategic-dialogue",
            "Kenya–United States Bilateral Strategic Dialogue",
            kenya,
            usa,
            (0, 1, 2, 3),
            "reld:kenya-us-relations",
            sessions=1,
            session_iri="reld:bsd-session-{n}",
        )
        # The bundled article's planned session: a later article says what became of it.
        self.plans.add(
            Plan(
                "session",
                "reld:bsd-session-1",
                "rel:DialogueSession",
                "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019",
                "the inaugural session of the Kenya–US Bilateral Strategic Dialogue",
                dt.date(2019, 5, 7),
                kenya,
                usa,
                self.event_type("040"),
                "Washington",
                dt.date(2019, 5, 8),
                self.bsd,
            )
        )

    def event_type(self, cameo: str) -> str:
        found = self.event_types.get(cameo) or self.event_types.get(cameo[:3]) or self.event_types.get("040")
        if found is None:
            raise ProjectError("The ontology has no rel:EventType individuals with CAMEO codes to type events with.")
        return found

    def next_id(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def pick_state(self, *, avoid: tuple[State, ...] = ()) -> State:
        """A state by prominence, not one of ``avoid`` (unless ``avoid`` holds every state)."""
        for _ in range(PICK_TRIES):
            x = self.rng.random() * self.cumulative[-1]
            lo, hi = 0, len(self.cumulative) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if self.cumulative[mid] < x:
                    lo = mid + 1
                else:
                    hi = mid
            if self.ranked[lo] not in avoid:
                return self.ranked[lo]
        # Nearly every state is avoided (a small corpus names them all in its first articles,
        # and a summit's guests are those newcomers): pick among the rest, or among all.
        left = [s for s in self.ranked if s not in avoid]
        return self.rng.choice(left or self.ranked)

    def pick_pair(self) -> tuple[State, State]:
        """Two states in the news together: often a pair that already talks, else a new pair."""
        if self.mechanisms and self.rng.random() < 0.6:
            mech = self.mechanisms[self.rng.choice(self.mechanism_keys)]
            return (mech.a, mech.b) if self.rng.random() < 0.5 else (mech.b, mech.a)
        a = self.pick_state()
        return a, self.pick_state(avoid=(a,))

    def _new_person(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name in self.names:
                name = f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randrange(26))}. {name.split()[-1]}"
            if name not in self.names:
                self.names.add(name)
                return f"reld:{slug(name)}", name

    def holder(self, state: State, role: int, day: dt.date) -> Tenure:
        """Who holds the post on ``day``: posts change hands every two to seven years."""
        chain = self.tenures.setdefault((state.iso3, role), [])
        if not chain:
            chain.append(self._tenure(state, role, START - dt.timedelta(days=self.rng.randrange(200, 2000))))
        while chain[-1].end <= day:
            chain.append(self._tenure(state, role, chain[-1].end))
        for tenure in reversed(chain):
            if tenure.begin <= day:
                return tenure
        return chain[0]

    def _tenure(self, state: State, role: int, begin: dt.date) -> Tenure:
        person, name = self._new_person()
        end = begin + dt.timedelta(days=self.rng.randrange(2 * 365, 7 * 365))
        return Tenure(person, name, state, role, begin, end)

    def mechanism(self, a: State, b: State, day: dt.date) -> Mechanism:
        first, second = (a, b) if a.iso3 < b.iso3 else (b, a)
        if (first.iso3, second.iso3) == ("KEN", "USA") and day >= BSD_FROM:
            return self.bsd
        found = self.mechanisms.get((first.iso3, second.iso3))
        if found is None:
            kind = self.rng.choice(MECHANISM_KINDS)
            pillars = tuple(sorted(self.rng.sample(range(len(PILLARS)), self.rng.randrange(2, 5))))
            relation = (
                "reld:kenya-us-relations"
                if (first.iso3, second.iso3) == ("KEN", "USA")
                else f"reld:{first.local}-{second.local}-relations"
            )
            found = Mechanism(
                f"reld:{slug(kind)}-{first.local}-{second.local}",
                f"{first.name}–{second.name} {kind}",
                first,
                second,
                pillars,
                relation,
            )
            self.mechanisms[(first.iso3, second.iso3)] = found
            self.mechanism_keys.append((first.iso3, second.iso3))
        return found

    def framework(self, a: State, b: State, kind: int, day: dt.date) -> Framework:
        first, second = (a, b) if a.iso3 < b.iso3 else (b, a)
        found = self.frameworks.get((first.iso3, second.iso3, kind))
        if found is None or found.expires < day.year:
            key, pattern, cls, pillar, (lo, hi) = FRAMEWORKS[kind]
            generation = int(found.iri.rsplit("-", 1)[1]) + 1 if found else 1
            label = pattern.format(a=first.name, b=second.name) + (f" ({day.year})" if generation > 1 else "")
            found = Framework(
                f"reld:{key}-{first.local}-{second.local}-{generation}",
                label,
                cls,
                first,
                second,
                day.year + self.rng.randrange(lo, hi),
                pillar,
            )
            self.frameworks[(first.iso3, second.iso3, kind)] = found
        return found

    def add_plan(self, plan: Plan) -> None:
        self.plans.add(plan)

    def due_plans(self, day: dt.date, a: State, b: State, limit: int) -> list[Plan]:
        """Plans due before ``day`` to report on (the article's own pair first); stale ones are forgotten."""
        return self.plans.take_due(day, a, b, limit)


# ----- one article -------------------------------------------------------------------------------------
