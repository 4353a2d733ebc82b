"""A pair of states as data: the coded items between them with their Goldstein scores over time
(the dyad page's chart), their bilateral mechanisms and pillars, and their commitments with the
status each article reports."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from relgraph.browse import evidence as q
from relgraph.browse.common import records, value
from relgraph.errors import EntityError
from relgraph.model.namespaces import compact_iri
from relgraph.query.entities import labels_for
from relgraph.store import Dataset, Term

__all__ = ["CodedItem", "DyadCommitment", "DyadView", "dyad_view"]


@dataclass(frozen=True)
class CodedItem:
    """An event or commitment between the two states, with its CAMEO type and Goldstein score."""

    item: str
    date: str | None
    goldstein: float
    cameo: str | None
    type: str | None
    running_mean: float  # the mean Goldstein score of the items up to this one (the chart's line)


@dataclass(frozen=True)
class DyadCommitment:
    commitment: str
    by: tuple[str, ...]
    pillar: str | None
    status: str | None  # the latest report's
    reported_on: str | None


@dataclass(frozen=True)
class DyadView:
    """Everything the dyad page shows besides the canned timeline (``dyad_timeline``)."""

    state_a: str
    state_b: str
    items: tuple[CodedItem, ...]
    mean: float | None  # as dyad_scores' goldstein_mean
    mechanisms: tuple[tuple[str, tuple[str, ...]], ...]  # (mechanism, its pillars)
    commitments: tuple[DyadCommitment, ...]
    labels: dict[str, str] = field(default_factory=dict)

    def name(self, iri: str | None) -> str:
        return "" if iri is None else self.labels.get(iri) or compact_iri(iri)

    def chart(self) -> dict[str, list]:
        """The chart's data: dates, each item's score and the running mean (dated items only)."""
        dated = [i for i in self.items if i.date]
        return {
            "dates": [i.date for i in dated],
            "scores": [i.goldstein for i in dated],
            "mean": [i.running_mean for i in dated],
            "labels": [self.name(i.item) for i in dated],
        }


def dyad_view(dataset: Dataset, state_a: str, state_b: str, *, timeout: float | None = 60.0) -> DyadView:
    """The dyad page of two states (IRIs); EntityError if they are the same."""
    if state_a == state_b:
        raise EntityError("A dyad is two different states; both names give the same one.")
    bound = {"state_a": ox.NamedNode(state_a), "state_b": ox.NamedNode(state_b)}
    item_rows = records(dataset, q.DYAD_ITEMS, bound, timeout=timeout)
    items: list[CodedItem] = []
    total = 0.0
    for row in item_rows:
        score = row["goldstein"]
        if not isinstance(score, ox.Literal):
            continue
        try:
            goldstein = float(score.value)
        except ValueError:
            continue
        total += goldstein
        items.append(
            CodedItem(
                value(row["item"]) or "",
                value(row["date"]),
                goldstein,
                value(row["cameo"]),
                value(row["type"]),
                round(total / (len(items) + 1), 2),
            )
        )
    mechanisms: dict[str, list[str]] = {}
    for row in records(dataset, q.DYAD_MECHANISMS, bound, timeout=timeout):
        mechanism, pillar = value(row["mechanism"]), value(row["pillar"])
        if mechanism:
            pillars = mechanisms.setdefault(mechanism, [])
            if pillar and pillar not in pillars:
                pillars.append(pillar)
    commitments: dict[str, dict] = {}
    for row in records(dataset, q.DYAD_COMMITMENTS, bound, timeout=timeout):
        iri = value(row["commitment"])
        if not iri:
            continue
        entry = commitments.setdefault(iri, {"by": [], "pillar": value(row["pillar"]), "reports": set()})
        by = value(row["by"])
        if by and by not in entry["by"]:
            entry["by"].append(by)
        if row["status"] is not None:
            entry["reports"].add((value(row["reported_on"]) or "", value(row["status"])))
    commitment_list = []
    for iri, entry in sorted(commitments.items()):
        latest = max(entry["reports"]) if entry["reports"] else ("", None)
        commitment_list.append(DyadCommitment(iri, tuple(entry["by"]), entry["pillar"], latest[1], latest[0] or None))
    wanted: list[Term | None] = [ox.NamedNode(state_a), ox.NamedNode(state_b)]
    wanted += [ox.NamedNode(i.item) for i in items if i.item]
    wanted += [ox.NamedNode(m) for m in mechanisms] + [ox.NamedNode(p) for ps in mechanisms.values() for p in ps]
    for c in commitment_list:
        wanted += [ox.NamedNode(c.commitment), *(ox.NamedNode(b) for b in c.by)]
        wanted += [ox.NamedNode(x) for x in (c.pillar, c.status) if x]
    return DyadView(
        state_a,
        state_b,
        tuple(items),
        round(total / len(items), 2) if items else None,
        tuple((m, tuple(ps)) for m, ps in sorted(mechanisms.items())),
        tuple(commitment_list),
        labels_for(dataset, wanted),
    )
