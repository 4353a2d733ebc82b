"""What states commit to: the lead commitment, the ministry's commitments, their framework, the agreement to be signed."""

from __future__ import annotations

import datetime as dt

from relgraph.synthetic.model import Framework, Plan
from relgraph.synthetic.scene import Scene, Session
from relgraph.synthetic.tables import (
    AFRICA,
    COMMITMENTS,
    PILLARS,
)
from relgraph.synthetic.text import en, lit, say_date


def write_lead(scene: Scene) -> str:
    """The lead: a commitment, and the claim that states it; returns the headline."""
    art, a, b = scene.art, scene.a, scene.b
    world, add = art.world, art.doc.add
    _, _, intent, adjective = PILLARS[scene.pillar]
    pillar = scene.pillar
    headline = f"{a.name} seeks {adjective} cooperation with {b.name}"
    m = art.sentence(
        f"{a.name} has embarked on a plan to seek {adjective} cooperation with {b.name}.", "AuthorNarration"
    )
    lead = f"reld:commitment-{world.next_id('commitment')}"
    add(lead, "a", "rel:Commitment")
    add(lead, "rdfs:label", en(f"{a.name} to seek {adjective} cooperation with {b.name}"))
    add(lead, "rel:content", lit(f"seek {adjective} cooperation with {b.name}"))
    add(lead, "rel:committedBy", art.state(a))
    add(lead, "rel:committedTowards", art.state(b))
    add(lead, "rel:sourceActor", a.iri)
    add(lead, "rel:targetActor", b.iri)
    add(lead, "rel:eventType", world.event_type(intent))
    add(lead, "rel:underPillar", art.pillar(pillar))
    add(lead, "rel:status", "rel:StatedIntent")
    add(lead, "rel:denotedBy", m)
    art.claim(
        headline,
        f"{a.name} has embarked on a plan to seek {adjective} cooperation with {b.name}.",
        [lead, a.iri, b.iri],
        m,
    )
    return headline


def write_commitments(scene: Scene, s: Session) -> tuple[Framework | str | None, str]:
    """Commitments, quoted from the ministry's statement or reported; returns the framework named and the ministry."""
    art, a, b, mech = scene.art, scene.a, scene.b, scene.mech
    rng = art.rng
    ministry = art.ministry(a, "foreign-affairs")
    statement = f"{s.iri}-statement-{a.local}-{art.local}"
    framework: Framework | str | None = None
    chosen = rng.sample(mech.pillars, min(len(mech.pillars), rng.randrange(1, 3)))
    for i, p in enumerate(chosen):
        content = rng.choice(COMMITMENTS[p])
        joint = rng.random() < 0.5
        who = f"{a.name} and {b.name}" if joint else a.name
        under = ""
        if i == 0 and p in (0, 1, 2, 9):
            framework, under = _first_framework(scene, p)
        commitment = f"reld:commitment-{art.world.next_id('commitment')}"
        m = _commitment_sentence(scene, s.iri, statement, ministry, p, f"{who} will seek to {content}{under}")
        _add_commitment(scene, commitment, m, p, who, content, under, joint=joint)
        if i == 0:
            _add_framework_link(scene, commitment, m, framework)
        if rng.random() < 0.4:
            _plan_commitment(scene, commitment, p, f"{who} to {content}", content)
    return framework, ministry


def _first_framework(scene: Scene, p: int) -> tuple[Framework | str | None, str]:
    """The framework the first commitment falls under (AGOA, or one of the pair's), and the words that say so."""
    art, a, b = scene.art, scene.a, scene.b
    if p == 0 and b.iso3 == "USA" and a.iso3 in AFRICA:
        return "agoa", " under the African Growth and Opportunity Act (AGOA)"
    if art.rng.random() < 0.6:
        kind = {0: 0, 1: 1, 2: 2, 9: 3}[p]
        framework = art.world.framework(a, b, kind, art.day)
        return framework, f" under the {framework.label}"
    return None, ""


def _commitment_sentence(scene: Scene, session: str, statement: str, ministry: str, p: int, says: str) -> str:
    """The sentence of one commitment: a quote from the ministry's statement, or reported speech."""
    art, a = scene.art, scene.a
    add = art.doc.add
    if art.rng.random() < 0.6:
        m = art.sentence(f"“{says},” a statement from the Ministry read.", "DirectQuote", ministry, statement)
        add(statement, "a", "rel:Statement")
        add(
            statement,
            "rdfs:label",
            en(f"Statement of the Ministry of Foreign Affairs ({a.name}), {say_date(art.day)}"),
        )
        add(statement, "rel:issuedBy", ministry)
        add(statement, "rel:about", session)
        add(statement, "rel:denotedBy", m)
        return m
    return art.sentence(f"On {PILLARS[p][1]}, the Ministry said {says}.", "ReportedSpeech", ministry)


def _add_commitment(
    scene: Scene, commitment: str, m: str, p: int, who: str, content: str, under: str, *, joint: bool
) -> None:
    """The commitment node: who commits (both states when joint, else one towards the other), its pillar and type."""
    art, a, b = scene.art, scene.a, scene.b
    add = art.doc.add
    add(commitment, "a", "rel:Commitment")
    add(commitment, "rdfs:label", en(f"{who} to {content}"))
    add(commitment, "rel:content", lit(content + under))
    add(commitment, "rel:committedBy", art.state(a))
    if joint:
        add(commitment, "rel:committedBy", art.state(b))
    else:
        add(commitment, "rel:committedTowards", art.state(b))
        add(commitment, "rel:sourceActor", a.iri)
        add(commitment, "rel:targetActor", b.iri)
    add(commitment, "rel:eventType", art.world.event_type(PILLARS[p][2]))
    add(commitment, "rel:underPillar", art.pillar(p))
    add(commitment, "rel:status", "rel:StatedIntent")
    add(commitment, "rel:denotedBy", m)


def _add_framework_link(scene: Scene, commitment: str, m: str, framework: Framework | str | None) -> None:
    """The first commitment's framework: AGOA described here, a pair's framework by its IRI."""
    art, a = scene.art, scene.a
    add = art.doc.add
    if framework == "agoa":
        add(commitment, "rel:underFramework", "reld:agoa")
        add("reld:agoa", "a", "rel:TradeFramework")
        add("reld:agoa", "rdfs:label", en("African Growth and Opportunity Act"))
        add("reld:agoa", "rel:benefitsState", art.state(a))
        add("reld:agoa", "rel:denotedBy", m)
    elif isinstance(framework, Framework):
        add(commitment, "rel:underFramework", framework.iri)


def _plan_commitment(scene: Scene, commitment: str, p: int, label: str, content: str) -> None:
    """A follow-up the world will report later: the commitment kept (or not) 60-400 days on."""
    art, a, b = scene.art, scene.a, scene.b
    art.world.add_plan(
        Plan(
            "commitment",
            commitment,
            "rel:Commitment",
            label,
            content,
            art.day + dt.timedelta(days=art.rng.randrange(60, 400)),
            a,
            b,
            art.world.event_type(PILLARS[p][2]),
        )
    )


def write_framework(scene: Scene, framework: Framework, ministry: str) -> None:
    """A framework the commitment falls under, and when it ends."""
    art, a = scene.art, scene.a
    add = art.doc.add
    m = art.sentence(
        f"{a.name} will also seek to maximise its benefits under the {framework.label}, which runs until "
        f"{framework.expires}.",
        "ReportedSpeech",
        ministry,
    )
    f = framework.iri
    add(f, "a", framework.cls)
    add(f, "rdfs:label", en(framework.label))
    add(f, "rel:expiryYear", f'"{framework.expires}"^^xsd:gYear')
    add(f, "rel:benefitsState", art.state(framework.a))
    add(f, "rel:benefitsState", art.state(framework.b))
    add(f, "rel:underPillar", art.pillar(framework.pillar))
    add(f, "rel:denotedBy", m)


def write_agreement(scene: Scene, s: Session) -> None:
    """An agreement to be signed at the session."""
    art, a, b, mech = scene.art, scene.a, scene.b, scene.mech
    world, rng, add = art.world, art.rng, art.doc.add
    begin, end = s.begin, s.end
    minister, surname = s.minister, s.surname
    visit = s.visit
    p = rng.choice(mech.pillars)
    agreement = f"reld:agreement-{world.next_id('agreement')}"
    agreement_label = f"Agreement on {PILLARS[p][1]} between {a.name} and {b.name} ({begin.year})"
    purpose = rng.choice(COMMITMENTS[p])
    m = art.sentence(
        f"{surname} will then sign the agreement on {PILLARS[p][1].lower()} to {purpose}.", "AuthorNarration"
    )
    add(agreement, "a", "rel:Agreement")
    add(agreement, "rdfs:label", en(agreement_label))
    add(agreement, "rel:purpose", lit(f"to {purpose}"))
    add(agreement, "rel:underPillar", art.pillar(p))
    add(agreement, "rel:denotedBy", m)
    signing = f"reld:signing-{world.next_id('signing')}"
    signing_label = f"Signing by {minister.name} of the {agreement_label}"
    art.event(signing, "rel:Signing", signing_label, "Planned", world.event_type("057"), [], m)
    add(signing, "rel:sourceActor", minister.person)
    add(signing, "rel:signatory", minister.person)
    add(signing, "rel:hasParticipant", minister.person)
    add(signing, "rel:signs", agreement)
    if visit:
        add(visit, "rel:hasSubEvent", signing)
    world.add_plan(
        Plan(
            "signing",
            signing,
            "rel:Signing",
            signing_label,
            f"the signing of the {agreement_label}",
            end,
            a,
            b,
            world.event_type("057"),
        )
    )
