"""The open plans: what articles said would happen, kept in the order they fall due.

Each article reports on up to two plans that fell due before its date, its own pair of
states first, and forgets plans more than ``STALE_DAYS`` overdue. Plans are kept sorted
by (due date, the order they were made), and also under their pair of states, so that
choosing costs a few steps at the head of a list however many plans are open (a scan of
every due plan per article made 10M triples quadratic).
"""

from __future__ import annotations

import datetime as dt
from bisect import insort

from relgraph.synthetic.model import Plan, State

__all__ = ["STALE_DAYS", "PlanBook"]

STALE_DAYS = 120  # a plan this many days overdue is no longer news
_NEVER_STALE = "reld:bsd-session-1"  # the bundled article's session: a later article always tells its fate

_Entry = tuple[dt.date, int, Plan]  # (due, order made, plan): sorts as the plans fall due, ties as made


class PlanBook:
    """Open plans sorted by due date (ties in the order they were added), and by pair of states."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._by_pair: dict[frozenset[str], list[_Entry]] = {}
        self._made = 0

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, plan: Plan) -> None:
        self._made += 1
        entry = (plan.due, self._made, plan)
        insort(self._entries, entry)
        insort(self._by_pair.setdefault(_pair(plan.a, plan.b), []), entry)

    def take_due(self, day: dt.date, a: State, b: State, limit: int) -> list[Plan]:
        """Up to ``limit`` plans due before ``day`` (those of the pair ``a``, ``b`` first), taken out of the book."""
        self._forget_stale(day - dt.timedelta(days=STALE_DAYS))
        chosen: list[_Entry] = []
        for entry in self._by_pair.get(_pair(a, b), ()):
            if entry[0] >= day or len(chosen) == limit:
                break
            chosen.append(entry)
        taken = {entry[1] for entry in chosen}
        for entry in self._entries:
            if entry[0] >= day or len(chosen) >= limit:
                break
            if entry[1] not in taken:
                chosen.append(entry)
        for entry in chosen:
            self._remove(entry)
        return [entry[2] for entry in chosen]

    def _forget_stale(self, before: dt.date) -> None:
        """Drop the plans due before ``before`` (a prefix of the sorted list, the BSD session excepted)."""
        kept: list[_Entry] = []
        count = 0
        for entry in self._entries:
            if entry[0] >= before:
                break
            count += 1
            if entry[2].iri == _NEVER_STALE:
                kept.append(entry)
            else:
                self._by_pair[_pair(entry[2].a, entry[2].b)].remove(entry)
        if count:
            self._entries[:count] = kept

    def _remove(self, entry: _Entry) -> None:
        self._entries.remove(entry)
        self._by_pair[_pair(entry[2].a, entry[2].b)].remove(entry)


def _pair(a: State, b: State) -> frozenset[str]:
    return frozenset((a.iso3, b.iso3))
