"""A bilateral mechanism's sessions: the delegation, what the session is for, its pillars, how the mechanism began, its communique."""

from __future__ import annotations

import datetime as dt

from relgraph.synthetic.model import Plan
from relgraph.synthetic.scene import Scene, Session
from relgraph.synthetic.tables import (
    FOREIGN,
    HEAD,
    MONTHS,
    PILLARS,
)
from relgraph.synthetic.text import en, join, lower_first, ordinal, say_date, typed, upper_first


def write_session(scene: Scene) -> Session:
    """A delegation travels to the mechanism's next session (a plan a later article reports on)."""
    art, a, b, mech = scene.art, scene.a, scene.b, scene.mech
    world, rng, add, day = art.world, art.rng, art.doc.add, art.day
    mech.sessions += 1
    n = mech.sessions
    session = mech.session_iri.format(mechanism=mech.iri, n=n)
    begin = day + dt.timedelta(days=rng.randrange(4, 30))
    end = begin + dt.timedelta(days=rng.randrange(0, 3))
    minister = world.holder(a, FOREIGN, day)
    _, title = art.post(a, FOREIGN)
    when = "next week" if (begin - day).days <= 9 else f"on {say_date(begin)}"
    which = "an inaugural" if n == 1 else f"the {ordinal(n)} session of the"
    where = b.capital or b.name
    m = art.sentence(
        f"This comes as {title} {minister.name} {when} leads a delegation from {a.name} to {where} for {which} "
        f"{mech.label}.",
        "AuthorNarration",
    )
    art.official(a, FOREIGN, m)
    art.mechanism(mech)
    add(mech.iri, "rel:hasSession", session)
    add(mech.iri, "rel:denotedBy", m)
    session_label = f"{'Inaugural' if n == 1 else upper_first(ordinal(n))} session of the {mech.label}"
    art.event(session, "rel:DialogueSession", session_label, "Planned", world.event_type("040"), [a, b], m)
    add(session, "rel:sessionOf", mech.iri)
    add(session, "rel:sessionNumber", typed(n, "positiveInteger"))
    if n == 1:
        add(session, "rel:isInaugural", "true")
    art.when(session, begin, end)
    add(session, "rel:place", art.place(b))
    add(session, "rel:concernsRelation", art.relation(mech))
    delegation = f"{session}-delegation-{a.local}"
    add(delegation, "a", "rel:Delegation")
    add(delegation, "rdfs:label", en(f"Delegation of {a.name} to the {lower_first(session_label)}"))
    add(delegation, "rel:represents", a.iri)
    add(delegation, "rel:ledBy", minister.person)
    add(delegation, "rel:denotedBy", m)
    add(session, "rel:hasParticipant", delegation)
    add(session, "rel:hasParticipant", minister.person)
    visit = None
    if rng.random() < 0.5:  # the trip itself, as the bundled article has it
        visit = f"reld:visit-{world.next_id('visit')}"
        visit_label = (
            f"Visit of the delegation of {a.name} led by {minister.name} to {b.name}, "
            f"{MONTHS[begin.month - 1]} {begin.year}"
        )
        art.event(visit, "rel:Visit", visit_label, "Planned", world.event_type("042"), [], m)
        add(visit, "rel:place", art.place(b))
        add(visit, "rel:sourceActor", delegation)
        add(visit, "rel:targetActor", b.iri)
        add(visit, "rel:hasParticipant", delegation)
        add(visit, "rel:hasSubEvent", session)
    world.add_plan(
        Plan(
            "session",
            session,
            "rel:DialogueSession",
            session_label,
            f"the {lower_first(session_label)}",
            begin,
            a,
            b,
            world.event_type("040"),
            where,
            end,
            mech,
        )
    )
    return Session(session, session_label, n, begin, end, minister, visit)


def write_session_aim(scene: Scene, s: Session) -> None:
    """What the session is for: an unattributed claim."""
    art, a, b, mech = scene.art, scene.a, scene.b, scene.mech
    add = art.doc.add
    session, session_label, begin, end = s.iri, s.label, s.begin, s.end
    span = (
        f"between {MONTHS[begin.month - 1]} {begin.day} and {end.day}"
        if end != begin and end.month == begin.month
        else f"on {say_date(begin)}"
    )
    m = art.sentence(
        f"The meeting set to be held {span} is said to be key to elevating {a.name}–{b.name} relations to a "
        "Strategic Partnership.",
        "UnattributedReport",
    )
    add(session, "rel:aimsAt", "rel:StrategicPartnership")
    add(session, "rel:denotedBy", m)
    art.claim(
        f"The {lower_first(session_label)} is key to a Strategic Partnership",
        f"The {lower_first(session_label)} is key to elevating {a.name}–{b.name} relations to a Strategic Partnership.",
        [session, "rel:StrategicPartnership", mech.relation],
        m,
    )


def write_session_pillars(scene: Scene, s: Session) -> None:
    """The pillars, as the minister put it."""
    art, mech = scene.art, scene.mech
    add = art.doc.add
    session, session_label = s.iri, s.label
    minister, surname, n = s.minister, s.surname, s.number
    labels = [PILLARS[p][1] for p in mech.pillars]
    surname = minister.name.split()[-1]
    m = art.sentence(
        f"According to {surname}, the dialogue will focus on {join(labels)}.", "ReportedSpeech", minister.person
    )
    for p in mech.pillars:
        add(mech.iri, "rel:hasPillar", art.pillar(p))
        add(session, "rel:focusesOn", PILLARS[p][0])
    add(session, "rel:denotedBy", m)
    if n == 1:
        art.claim(
            f"The {lower_first(session_label)} will focus on {len(labels)} pillars",
            f"The {lower_first(session_label)} will focus on {'; '.join(labels)}.",
            [session, *(PILLARS[p][0] for p in mech.pillars)],
            m,
        )


def write_origin(scene: Scene, s: Session) -> None:
    """How the mechanism began (said in its first session's article)."""
    art, a, b, mech = scene.art, scene.a, scene.b, scene.mech
    world, rng, add, day = art.world, art.rng, art.doc.add, art.day
    minister, surname = s.minister, s.surname
    met = day - dt.timedelta(days=rng.randrange(60, 500))
    head_a, head_b = world.holder(a, HEAD, met), world.holder(b, HEAD, met)
    venue = rng.choice((a, b))
    m = art.sentence(
        f"{surname} said the {mech.label} was established during the meeting between President {head_a.name} "
        f"and President {head_b.name} held in {venue.capital or venue.name} on {say_date(met)}.",
        "ReportedSpeech",
        minister.person,
    )
    art.official(a, HEAD, m, met)
    art.official(b, HEAD, m, met)
    meeting = f"reld:meeting-{world.next_id('meeting')}"
    art.event(
        meeting,
        "rel:Meeting",
        f"Meeting of President {head_a.name} and President {head_b.name} in "
        f"{venue.capital or venue.name}, {say_date(met)}",
        "Completed",
        world.event_type("040"),
        [a, b],
        m,
    )
    art.when(meeting, met)
    add(meeting, "rel:place", art.place(venue))
    add(meeting, "rel:hasParticipant", head_a.person)
    add(meeting, "rel:hasParticipant", head_b.person)
    add(meeting, "rel:established", mech.iri)
    add(mech.iri, "rel:establishedDuring", meeting)
    add(mech.iri, "rel:denotedBy", m)
    art.claim(
        f"The {mech.label} was established at the meeting of {say_date(met)}",
        f"The {mech.label} was established during the meeting between President {head_a.name} and "
        f"President {head_b.name} on {say_date(met)}.",
        [mech.iri, meeting],
        m,
    )


def write_communique(scene: Scene, s: Session) -> None:
    """The joint communique to be issued at the end of the session."""
    art, a, b = scene.art, scene.a, scene.b
    world, add = art.world, art.doc.add
    session, session_label, end = s.iri, s.label, s.end
    m = art.sentence("A Joint Communique will be issued at the end of the meeting.", "AuthorNarration")
    communique = f"{session}-joint-communique"
    issuing = f"{session}-communique-issuance"
    add(communique, "a", "rel:JointCommunique")
    add(communique, "rdfs:label", en(f"Joint Communique of the {lower_first(session_label)}"))
    add(communique, "rel:issuedBy", a.iri)
    add(communique, "rel:issuedBy", b.iri)
    add(communique, "rel:about", session)
    add(communique, "rel:denotedBy", m)
    issuing_label = f"Issuing of the Joint Communique at the end of the {lower_first(session_label)}"
    art.event(issuing, "rel:CommuniqueIssuance", issuing_label, "Planned", world.event_type("010"), [a, b], m)
    add(issuing, "rel:issues", communique)
    add(session, "rel:hasSubEvent", issuing)
    add(session, "rel:denotedBy", m)
    world.add_plan(
        Plan(
            "communique",
            issuing,
            "rel:CommuniqueIssuance",
            issuing_label,
            f"the Joint Communique of the {lower_first(session_label)}",
            end,
            a,
            b,
            world.event_type("010"),
        )
    )
