"""Office holders: a new holder of a post, and whom they succeeded."""

from __future__ import annotations

import datetime as dt

from relgraph.synthetic.scene import Scene
from relgraph.synthetic.tables import (
    ROLES,
    START,
)
from relgraph.synthetic.text import say_date


def write_new_office_holder(scene: Scene) -> None:
    """A new office holder, when one of the two states' posts changed hands in the last year."""
    art, a, b = scene.art, scene.a, scene.b
    world, rng, day = art.world, art.rng, art.day
    role = rng.randrange(len(ROLES))
    other = rng.choice((a, b))
    current = world.holder(other, role, day)
    if current.begin > START and (day - current.begin).days < 365:
        before = world.holder(other, role, current.begin - dt.timedelta(days=1))
        post_label = art._post_label(other, role)
        m = art.sentence(
            f"{current.name} took office as {post_label} on {say_date(current.begin)}, succeeding {before.name}.",
            "AuthorNarration",
        )
        art.official(other, role, m)
        art.official(other, role, m, before.begin)
        art.claim(
            f"{current.name} succeeded {before.name} as {post_label}",
            f"{current.name} succeeded {before.name} as {post_label} on {say_date(current.begin)}.",
            [current.person, before.person],
            m,
        )
