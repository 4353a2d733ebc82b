"""Follow-ups: what became of the plans earlier articles reported (held, postponed, called off)."""

from __future__ import annotations

import datetime as dt
import random

from relgraph.synthetic.scene import Scene
from relgraph.synthetic.tables import (
    DONE,
    OUTCOMES,
)
from relgraph.synthetic.text import en, lit, say_date, upper_first


def choose(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """A value drawn by weight."""
    x = rng.randrange(sum(w for _, w in weighted))
    for value, weight in weighted:
        if x < weight:
            return value
        x -= weight
    return weighted[-1][0]


def write_follow_ups(scene: Scene) -> None:
    """What became of earlier plans: the same IRIs with a new status, in this article's graph."""
    art, a, b = scene.art, scene.a, scene.b
    world, rng, add, day = art.world, art.rng, art.doc.add, art.day
    for plan in world.due_plans(day, a, b, limit=2):
        outcome = choose(rng, OUTCOMES[plan.kind])
        if plan.kind == "commitment":
            who = plan.a.name
            text = {
                "Completed": f"{who} has delivered on its pledge to {plan.phrase}.",
                "Postponed": f"{who}'s pledge to {plan.phrase} has been put off.",
                "Cancelled": f"{who} has dropped its pledge to {plan.phrase}.",
            }[outcome]
            m = art.sentence(text, "AuthorNarration")
            add(plan.iri, "a", "rel:Commitment")
            add(plan.iri, "rdfs:label", en(plan.label))
            add(plan.iri, "rel:content", lit(plan.phrase))
            add(plan.iri, "rel:committedBy", art.state(plan.a))
            add(plan.iri, "rel:eventType", plan.event_type)
            add(plan.iri, "rel:status", f"rel:{outcome}")
            add(plan.iri, "rel:denotedBy", m)
        else:
            if outcome == "Completed":
                done = DONE[plan.kind].format(place=plan.place, date=say_date(plan.due))
                if plan.postponed:  # held after all, on a day the plan did not give
                    done = done.split(" on ")[0] + " after all"
                text = f"{upper_first(plan.phrase)} {done}."
            else:
                verb = "postponed" if outcome == "Postponed" else "called off"
                text = f"{upper_first(plan.phrase)}, planned for {say_date(plan.due)}, has been {verb}."
            m = art.sentence(text, "AuthorNarration")
            art.event(plan.iri, plan.cls, plan.label, outcome, plan.event_type, [plan.a, plan.b], m)
            if plan.mechanism is not None:
                add(plan.iri, "rel:sessionOf", art.mechanism(plan.mechanism))
                add(plan.mechanism.iri, "rel:hasSession", plan.iri)
            if outcome == "Completed" and not plan.postponed:  # the dates the plan gave; a new date would clash
                art.when(plan.iri, plan.due, plan.end)
        if outcome == "Postponed" and not plan.postponed:
            plan.postponed = True
            plan.due = day + dt.timedelta(days=rng.randrange(30, 120))
            world.add_plan(plan)
