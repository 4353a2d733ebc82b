"""Meetings beyond the session: a state visit to come, a summit where new states appear."""

from __future__ import annotations

import datetime as dt

from relgraph.synthetic.model import Plan, State
from relgraph.synthetic.scene import Scene
from relgraph.synthetic.tables import (
    HEAD,
    PILLARS,
)
from relgraph.synthetic.text import join, say_date


def write_state_visit(scene: Scene) -> None:
    """A state visit to come."""
    art, a, b = scene.art, scene.a, scene.b
    world, rng, add, day = art.world, art.rng, art.doc.add, art.day
    head = world.holder(a, HEAD, day)
    on = day + dt.timedelta(days=rng.randrange(20, 120))
    m = art.sentence(
        f"President {head.name} is expected to make a state visit to {b.name} on {say_date(on)}.",
        "UnattributedReport",
    )
    art.official(a, HEAD, m)
    state_visit = f"reld:visit-{world.next_id('visit')}"
    label = f"State visit of President {head.name} to {b.name}, {say_date(on)}"
    art.event(state_visit, "rel:Visit", label, "Planned", world.event_type("042"), [a, b], m)
    art.when(state_visit, on)
    add(state_visit, "rel:place", art.place(b))
    add(state_visit, "rel:sourceActor", head.person)
    add(state_visit, "rel:targetActor", b.iri)
    add(state_visit, "rel:hasParticipant", head.person)
    world.add_plan(
        Plan(
            "visit",
            state_visit,
            "rel:Visit",
            label,
            f"the state visit of President {head.name} to {b.name}",
            on,
            a,
            b,
            world.event_type("042"),
            b.capital or b.name,
        )
    )


def write_summit(scene: Scene, newcomers: list[State]) -> None:
    """A summit coming up: where states that no article has named yet first appear."""
    art, a, b = scene.art, scene.a, scene.b
    world, rng, add, day = art.world, art.rng, art.doc.add, art.day
    pillar = scene.pillar
    pillar_label = PILLARS[pillar][1]
    guests = [g for g in newcomers if g is not a and g is not b]
    if not guests and rng.random() < 0.2:
        guests = list(dict.fromkeys(world.pick_state(avoid=(a, b)) for _ in range(rng.randrange(2, 5))))
    if guests:
        host = world.pick_state(avoid=(a, b, *guests))
        on = day + dt.timedelta(days=rng.randrange(10, 90))
        city = host.capital or host.name
        summit = f"reld:summit-{world.next_id('summit')}"
        label = f"Summit on {pillar_label} in {city}, {say_date(on)}"
        m = art.sentence(
            f"The talks come ahead of a summit on {pillar_label.lower()} in {city} on {say_date(on)}, which "
            f"delegations from {join([g.name for g in [a, b, *guests]])} are expected to attend.",
            "AuthorNarration",
        )
        art.event(summit, "rel:Meeting", label, "Planned", world.event_type("044"), [host, a, b, *guests], m)
        art.when(summit, on)
        add(summit, "rel:place", art.place(host))
        add(summit, "rel:focusesOn", art.pillar(pillar))
        world.add_plan(
            Plan(
                "meeting",
                summit,
                "rel:Meeting",
                label,
                f"the summit on {pillar_label.lower()}",
                on,
                host,
                a,
                world.event_type("044"),
                city,
            )
        )
