"""One article's sentences and facts, in the patterns of data/triples.ttl, written part by part.

The order of the parts is the order of the random draws: the same seed gives the same
corpus only as long as it stays the same.
"""

from __future__ import annotations

from relgraph.synthetic.article import Article
from relgraph.synthetic.commitments import write_agreement, write_commitments, write_framework, write_lead
from relgraph.synthetic.followups import write_follow_ups
from relgraph.synthetic.meetings import write_state_visit, write_summit
from relgraph.synthetic.model import Framework, State
from relgraph.synthetic.offices import write_new_office_holder
from relgraph.synthetic.scene import Scene
from relgraph.synthetic.sessions import (
    write_communique,
    write_origin,
    write_session,
    write_session_aim,
    write_session_pillars,
)

__all__ = ["compose"]


def compose(art: Article, newcomers: list[State]) -> str:
    """Write one article (``newcomers``: states no article has named yet); returns its headline."""
    world, rng = art.world, art.rng
    a, b = world.pick_pair()
    mech = world.mechanism(a, b, art.day)
    scene = Scene(art, a, b, mech, rng.choice(mech.pillars))
    headline = write_lead(scene)
    session = write_session(scene)
    write_session_aim(scene, session)
    write_session_pillars(scene, session)
    if session.number == 1:
        write_origin(scene, session)
    framework, ministry = write_commitments(scene, session)
    if isinstance(framework, Framework):
        write_framework(scene, framework, ministry)
    write_agreement(scene, session)
    if rng.random() < 0.7:
        write_communique(scene, session)
    if rng.random() < 0.2:
        write_state_visit(scene)
    write_new_office_holder(scene)
    write_summit(scene, newcomers)
    write_follow_ups(scene)
    return headline
