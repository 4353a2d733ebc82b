"""One article: its text and its triples, built together so every mention's offsets are right."""

from __future__ import annotations

import datetime as dt
import hashlib

from relgraph.model.namespaces import PREFIXES, RELD
from relgraph.synthetic.model import Mechanism, State, Tenure
from relgraph.synthetic.tables import FOREIGN, GENERATOR, HEAD, MINISTRIES, PILLARS, ROLES, SEED_PILLARS
from relgraph.synthetic.text import HEADER_PREFIXES, Doc, date, en, lit, slug, typed
from relgraph.synthetic.world import World

#: Attribution written on a sentence, moved onto the assertions of the facts it supports.
_ATTRIBUTION = ("rel:attributionMode", "rel:attributedTo", "rel:quotedFrom")
#: What describes an entity rather than states a fact (as relgraph.ingest.checks.EXEMPT_PROPERTIES).
_NOT_FACTS = frozenset(
    {
        "a",
        "rdfs:label",
        "rdfs:comment",
        "skos:prefLabel",
        "skos:altLabel",
        "skos:inScheme",
        "skos:topConceptOf",
        "skos:hasTopConcept",
        "foaf:name",
        "rel:denotedBy",
    }
)


class Article:
    """One article's text and triples, built together so every mention's offsets are right."""

    def __init__(self, world: World, number: int, day: dt.date) -> None:
        self.world = world
        self.rng = world.rng
        self.number = number
        self.day = day
        self.local = f"article-{number:06d}"
        self.iri = f"reld:{self.local}"
        self.doc = Doc()
        dateline = f"date {day.isoformat()} "
        self.parts = [dateline]
        self.position = len(dateline)
        self.sentences = 0
        self.described: set[str] = set()
        self.claims = 0

    # --- text and mentions
    def sentence(self, text: str, mode: str, by: str | None = None, quoted_from: str | None = None) -> str:
        """Add a sentence (a paragraph of its own); returns its mention's IRI."""
        if self.sentences:
            self.parts.append("\n\n")
            self.position += 2
        begin = self.position
        self.parts.append(text)
        self.position += len(text)
        self.sentences += 1
        mention = f"<{RELD}{self.local}#char={begin},{self.position}>"
        add = self.doc.add
        add(mention, "a", "rel:Mention")
        add(mention, "rel:inArticle", self.iri)
        add(mention, "rel:sentenceIndex", typed(self.sentences, "positiveInteger"))
        add(mention, "rel:beginIndex", typed(begin, "nonNegativeInteger"))
        add(mention, "rel:endIndex", typed(self.position, "nonNegativeInteger"))
        add(mention, "rel:exactText", lit(text))
        add(mention, "rel:attributionMode", f"rel:{mode}")
        if by:
            add(mention, "rel:attributedTo", by)
        if quoted_from:
            add(mention, "rel:quotedFrom", quoted_from)
        return mention

    def once(self, iri: str) -> bool:
        """True the first time an entity is met in this article (describe it then)."""
        if iri in self.described:
            return False
        self.described.add(iri)
        return True

    # --- entities
    def state(self, state: State) -> str:
        if self.once(state.iri):
            add = self.doc.add
            add(state.iri, "a", "rel:State")
            add(state.iri, "rdfs:label", en(state.name))
            add(state.iri, "rel:iso3166Alpha3", lit(state.iso3))
        return state.iri

    def place(self, state: State) -> str:
        """The capital where there is one, else the state's territory."""
        add = self.doc.add
        territory = f"reld:{state.local}-territory"
        if self.once(territory):
            add(territory, "a", "rel:Place")
            add(territory, "rdfs:label", en(f"{state.name} (territory)"))
            add(territory, "rel:territoryOf", self.state(state))
        if state.capital is None:
            return territory
        if state.iso3 == "USA":
            city, label = "reld:washington-dc", "Washington, D.C."
        else:
            city, label = f"reld:{slug(state.capital)}-{state.local}", state.capital
        if self.once(city):
            add(city, "a", "rel:City")
            add(city, "rdfs:label", en(label))
            add(city, "rel:locatedIn", territory)
        return city

    def government(self, state: State) -> str:
        iri = f"reld:government-of-{state.local}"
        if self.once(iri):
            add = self.doc.add
            add(iri, "a", "rel:GovernmentBody")
            add(iri, "rdfs:label", en(f"Government of {state.name}"))
            add(iri, "rel:governmentBodyOf", self.state(state))
        return iri

    def ministry(self, state: State, key: str) -> str:
        iri = f"reld:ministry-of-{key}-{state.local}"
        if self.once(iri):
            add = self.doc.add
            add(iri, "a", "rel:Ministry")
            add(iri, "rdfs:label", en(f"Ministry of {MINISTRIES[key]} ({state.name})"))
            add(iri, "rel:governmentBodyOf", self.state(state))
            add(iri, "org:subOrganizationOf", self.government(state))
        return iri

    def post(self, state: State, role: int) -> tuple[str, str]:
        """The post's IRI and title."""
        _, title, cls, ministry = ROLES[role]
        if state.iso3 == "KEN" and role == FOREIGN:
            iri, title = "reld:post-cabinet-secretary-foreign-affairs-kenya", "Cabinet Secretary for Foreign Affairs"
        elif state.iso3 == "USA" and role == HEAD:
            iri = "reld:post-president-of-the-united-states"
        else:
            iri = f"reld:post-{slug(title)}-{state.local}"
        if self.once(iri):
            add = self.doc.add
            label = (
                "President of the United States"
                if state.iso3 == "USA" and role == HEAD
                else (f"President of {state.name}" if role == HEAD else f"{title} ({state.name})")
            )
            add(iri, "a", cls)
            add(iri, "rdfs:label", en(label))
            add(iri, "org:postIn", self.ministry(state, ministry) if ministry else self.government(state))
            add(iri, "rel:postOfState", self.state(state))
        return iri, title

    def official(self, state: State, role: int, mention: str | None, day: dt.date | None = None) -> Tenure:
        """Who held a post on a day, with their tenure as far as the article's date knows it."""
        on = day or self.day
        tenure = self.world.holder(state, role, on)
        post, _ = self.post(state, role)
        add = self.doc.add
        if self.once(tenure.person):
            self.world.named.add(tenure.person)
            add(tenure.person, "a", "rel:Person")
            add(tenure.person, "rdfs:label", en(tenure.name))
            add(tenure.person, "foaf:name", lit(tenure.name))
            add(tenure.person, "org:holds", post)
        t = f"{tenure.person}-{post[len('reld:post-') :]}"
        t = "reld:tenure-" + t[len("reld:") :]
        if self.once(t):
            add(t, "a", "rel:Tenure")
            add(t, "rdfs:label", en(f"{tenure.name} as {self._post_label(state, role)}"))
            add(t, "rel:holder", tenure.person)
            add(t, "rel:post", post)
            interval = t + "-interval"
            add(t, "rel:heldDuring", interval)
            add(interval, "a", "time:Interval")
            add(interval, "time:hasBeginning", t + "-begin")
            add(t + "-begin", "time:inXSDDate", date(tenure.begin))
            if tenure.end <= self.day:  # over, as far as this article knows; else ongoing
                add(interval, "time:hasEnd", t + "-end")
                add(t + "-end", "time:inXSDDate", date(tenure.end))
        add(t, "rel:attestedOn", date(on))
        if mention:
            add(t, "rel:denotedBy", mention)
        return tenure

    def _post_label(self, state: State, role: int) -> str:
        if state.iso3 == "USA" and role == HEAD:
            return "President of the United States"
        if role == HEAD:
            return f"President of {state.name}"
        title = "Cabinet Secretary for Foreign Affairs" if state.iso3 == "KEN" and role == FOREIGN else ROLES[role][1]
        return f"{title} ({state.name})"

    def pillar(self, index: int) -> str:
        iri, label, _, _ = PILLARS[index]
        if self.once(iri):
            add = self.doc.add
            scheme = "reld:bsd-pillars" if index < SEED_PILLARS else "reld:dialogue-pillars"
            add(iri, "a", "rel:Pillar")
            add(iri, "rdfs:label", en(label))
            add(iri, "skos:prefLabel", en(label))
            add(iri, "skos:inScheme", scheme)
            if self.once(scheme):
                title = (
                    "Pillars and themes of the Kenya–US Bilateral Strategic Dialogue"
                    if index < SEED_PILLARS
                    else "Pillars of bilateral dialogues"
                )
                add(scheme, "a", "skos:ConceptScheme")
                add(scheme, "rdfs:label", en(title))
                add(scheme, "skos:prefLabel", en(title))
        return iri

    def relation(self, mech: Mechanism) -> str:
        iri = mech.relation
        if self.once(iri):
            add = self.doc.add
            label = (
                "Kenya–United States relations"
                if iri == "reld:kenya-us-relations"
                else f"{mech.a.name}–{mech.b.name} relations"
            )
            add(iri, "a", "rel:BilateralRelation")
            add(iri, "rdfs:label", en(label))
            add(iri, "rel:relationBetween", self.state(mech.a))
            add(iri, "rel:relationBetween", self.state(mech.b))
            add(mech.a.iri, "rel:hasBilateralRelationWith", mech.b.iri)
            add(mech.b.iri, "rel:hasBilateralRelationWith", mech.a.iri)
        return iri

    def mechanism(self, mech: Mechanism) -> str:
        if self.once(mech.iri):
            add = self.doc.add
            add(mech.iri, "a", "rel:BilateralMechanism")
            add(mech.iri, "rdfs:label", en(mech.label))
            add(mech.iri, "rel:mechanismParty", self.state(mech.a))
            add(mech.iri, "rel:mechanismParty", self.state(mech.b))
            add(mech.iri, "rel:concernsRelation", self.relation(mech))
        return mech.iri

    def event(
        self, iri: str, cls: str, label: str, status: str, event_type: str, parties: list[State], mention: str
    ) -> str:
        add = self.doc.add
        add(iri, "a", cls)
        add(iri, "rdfs:label", en(label))
        add(iri, "rel:eventType", event_type)
        add(iri, "rel:status", f"rel:{status}")
        for state in parties:
            add(iri, "rel:hasParty", self.state(state))
        add(iri, "rel:denotedBy", mention)
        return iri

    def when(self, iri: str, begin: dt.date, end: dt.date | None = None) -> None:
        add = self.doc.add
        if end is None or end == begin:
            add(iri, "rel:date", date(begin))
        add(iri, "rel:startDate", date(begin))
        add(iri, "rel:endDate", date(end or begin))

    def claim(self, label: str, text: str, about: list[str], mention: str) -> str:
        self.claims += 1
        iri = f"reld:{self.local}-claim-{self.claims}"
        add = self.doc.add
        add(iri, "a", "rel:Claim")
        add(iri, "rdfs:label", en(label))
        add(iri, "rel:claimText", lit(text))
        for thing in about:
            add(iri, "rel:about", thing)
        add(iri, "rel:denotedBy", mention)
        return iri

    # --- fact-level provenance
    def _assert_facts(self) -> None:
        """Give every fact of a described entity its rel:Assertion, attributed as its first sentence is.

        Sentences are written with their attribution (``sentence``); here it moves onto the
        assertions of the facts they support, and each mention becomes a pure span, as the
        compiler of fact sheets writes them (ontology/README.md, "Fact-level provenance").
        """
        subjects = self.doc.subjects
        attribution: dict[str, dict[str, list[str]]] = {}
        for subject, predicates in subjects.items():
            if "rel:inArticle" in predicates:
                attribution[subject] = {p: predicates.pop(p, []) for p in _ATTRIBUTION}
        add = self.doc.add
        number = 0
        for subject, predicates in list(subjects.items()):
            mentions = predicates.get("rel:denotedBy")
            if subject == self.iri or subject in attribution or not mentions:
                continue
            said = attribution.get(mentions[0], {})
            for predicate, objects in list(predicates.items()):
                if predicate in _NOT_FACTS:
                    continue
                for obj in list(objects):
                    number += 1
                    node = f"<{RELD}{self.local}#fact-{number:05d}>"
                    add(node, "a", "rel:Assertion")
                    add(node, "rel:factSubject", subject)
                    add(node, "rel:factPredicate", predicate)
                    add(node, "rel:factObject", obj)
                    add(node, "rel:supportedBy", mentions[0])
                    add(node, "rel:attributionMode", (said.get("rel:attributionMode") or ["rel:AuthorNarration"])[0])
                    for prop in ("rel:attributedTo", "rel:quotedFrom"):
                        for value in said.get(prop, []):
                            add(node, prop, value)
        self.doc.count = sum(len(objs) for predicates in subjects.values() for objs in predicates.values())

    # --- the article node
    def finish(self, headline: str) -> tuple[str, str]:
        """Add the article's own triples; returns the Turtle file and the text."""
        text = "".join(self.parts) + "\n"
        add, a = self.doc.add, self.iri
        add(a, "a", "rel:Article")
        add(a, "a", "rel:NewsArticle")
        add(a, "rdfs:label", en(f"{headline} ({self.day.isoformat()})"))
        add(a, "dcterms:title", en(headline))
        add(a, "schema:headline", en(headline))
        add(a, "schema:datePublished", date(self.day))
        add(a, "dcterms:identifier", lit(self.local))
        add(a, "schema:inLanguage", lit("en"))
        add(a, "rel:textFile", lit(f"articles/{self.local}.txt"))
        add(a, "rel:textSha256", lit(hashlib.sha256(text.encode("utf-8")).hexdigest()))
        self._assert_facts()
        subjects = self.doc.subjects
        self.doc.subjects = {a: subjects.pop(a), **subjects}  # the article first
        header = (
            f"# A synthetic news article made by {GENERATOR} (seed {self.world.seed}); not real news.\n"
            f"# Its text is {self.local}.txt; mention offsets are code points into it, end exclusive.\n\n"
            + "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in HEADER_PREFIXES)
        )
        return self.doc.turtle(header), text


# ----- what an article says ------------------------------------------------------------------------------
