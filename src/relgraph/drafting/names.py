"""The vocabulary and the types of the drafter's names: tokens, titles, head words, mentions, new entities.

``mentions`` finds the names of a text with them, ``classify`` says what a new name is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from relgraph.drafting.lexicon import name_key
from relgraph.model.namespaces import iri_slug

__all__ = [
    "CONNECTORS",
    "DOMESTIC",
    "HEADS",
    "HEAD_OF_STATE",
    "HONORIFICS",
    "IO_ACRONYMS",
    "PLACE_PREPOSITIONS",
    "STOP",
    "TITLE_HEADS",
    "TITLE_WORDS",
    "EntityMention",
    "Found",
    "NewEntity",
    "Token",
    "add_entity",
    "resolve_class",
    "slug",
    "tokenize",
]  # fmt: skip

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s)|[\w][\w’'.&]*[\w]|[\w]|[-–—()]")
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de", "da", "do", "dos", "van", "von", "bin", "&", "-", "–"})

# fmt: off
#: Words of titles and offices ("Assistant Secretary of State for African Affairs").
TITLE_HEADS = frozenset({
    "president", "vice", "prime", "minister", "ministers", "secretary", "secretary-general", "cs", "ambassador",
    "amb.", "chancellor", "king", "queen", "prince", "princess", "emir", "sheikh", "sultan", "premier", "senator",
    "sen.", "rep.", "representative", "congressman", "congresswoman", "governor", "mayor", "envoy", "commissioner",
    "chairman", "chairperson", "chair", "director", "director-general", "spokesperson", "spokesman", "spokeswoman",
    "general", "gen.", "admiral", "adm.", "chief", "speaker", "chargé", "consul", "attorney", "advisor", "adviser",
    "counsellor", "counselor", "deputy", "assistant", "under", "principal", "permanent", "head", "leader",
})
HONORIFICS = frozenset({"dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "prof.", "h.e.", "hon.", "hon", "amb."})
TITLE_WORDS = TITLE_HEADS | HONORIFICS | frozenset({
    "foreign", "affairs", "state", "defence", "defense", "trade", "finance", "treasury", "interior", "home",
    "commerce", "economic", "development", "african", "political", "international", "cooperation", "security",
    "national", "homeland", "health", "agriculture", "energy", "investment", "industry", "tourism", "information",
    "justice", "public", "service", "planning", "environment", "education", "labour", "labor", "transport",
    "infrastructure", "relations", "east", "asian", "european", "special", "staff", "high", "senior", "cabinet",
    "united", "nations", "states", "of", "for", "and", "the", "to", "on", "africa", "army", "military", "navy",
    "excellency", "his", "her", "mining", "petroleum", "water", "immigration", "interim", "acting", "first", "lady",
    "crown", "resident", "coordinator", "trade representative",
})
#: Head words of organisations, documents and mechanisms -> class (the first the ontology has).
HEADS: dict[str, tuple[str, ...]] = {
    "ministry": ("Ministry",), "department": ("Ministry",), "treasury": ("Ministry",),
    "government": ("GovernmentBody",), "parliament": ("GovernmentBody",), "congress": ("GovernmentBody",),
    "senate": ("GovernmentBody",), "assembly": ("GovernmentBody",), "presidency": ("GovernmentBody",),
    "embassy": ("GovernmentBody",), "agency": ("GovernmentBody",), "authority": ("GovernmentBody",),
    "forces": ("GovernmentBody",), "army": ("GovernmentBody",), "navy": ("GovernmentBody",), "office": ("GovernmentBody",),
    "cabinet": ("GovernmentBody",), "house": ("Place",), "high commission": ("GovernmentBody",),
    "union": ("InternationalOrganization",), "nations": ("InternationalOrganization",),
    "organization": ("InternationalOrganization",), "organisation": ("InternationalOrganization",),
    "bank": ("InternationalOrganization",), "fund": ("InternationalOrganization",),
    "community": ("InternationalOrganization",), "alliance": ("InternationalOrganization",),
    "council": ("InternationalOrganization",),
    "agreement": ("Agreement",), "treaty": ("Agreement",), "accord": ("Agreement",), "memorandum": ("Agreement",),
    "pact": ("Agreement",), "protocol": ("Agreement",), "convention": ("Agreement",), "deal": ("Agreement",),
    "mou": ("Agreement",), "charter": ("Agreement",),
    "plan": ("ActionPlan",), "roadmap": ("ActionPlan",), "strategy": ("ActionPlan",),
    "dialogue": ("BilateralMechanism",), "commission": ("BilateralMechanism",), "committee": ("BilateralMechanism",),
    "mechanism": ("BilateralMechanism",), "forum": ("BilateralMechanism",), "consultations": ("BilateralMechanism",),
    "summit": ("BilateralMechanism",), "partnership": ("RelationshipStatus",), "police": ("GovernmentBody",),
    "palace": ("Place",), "villa": ("Place",), "headquarters": ("Place",),
    "act": ("TradeFramework",), "framework": ("Framework",), "initiative": ("Framework",), "programme": ("Framework",),
    "program": ("Framework",),
    "communique": ("JointCommunique",), "communiqué": ("JointCommunique",), "statement": ("Statement",),
    "declaration": ("Statement",),
}
#: International organisations by acronym.
IO_ACRONYMS = frozenset({
    "UN", "AU", "EU", "NATO", "WTO", "IMF", "WHO", "IGAD", "EAC", "ECOWAS", "SADC", "ASEAN", "OPEC", "OECD", "G7",
    "G20", "UNSC", "UNGA", "BRICS", "APEC", "COMESA", "AfDB", "UNDP", "UNHCR", "WFP", "FAO", "ICC", "SCO", "OAS",
})
STOP = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "in", "on", "at", "as",
    "but", "and", "or", "for", "with", "after", "before", "during", "while", "when", "since", "according", "under",
    "both", "its", "his", "her", "their", "our", "there", "also", "however", "meanwhile", "further", "furthermore",
    "by", "to", "from", "of", "if", "so", "yet", "last", "next", "earlier", "later", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "regards", "among", "between", "through", "following",
    "speaking", "asked", "addressing", "mr", "today", "yesterday", "tomorrow", "several", "two", "many", "all",
    "other", "each", "such", "one", "some", "more", "most", "no", "not", "what", "which", "who", "where", "why",
})
#: Modifiers of a state that make a heading word into a domestic body ("National Security Council").
DOMESTIC = frozenset({"national", "federal", "state", "county", "provincial", "presidential", "security"})
HEAD_OF_STATE = frozenset({"president", "king", "queen", "emir", "sultan"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "visit", "visited", "visiting", "near", "outside"})
# fmt: on


@dataclass(frozen=True)
class Token:
    text: str
    begin: int
    end: int

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and self.text[-1:].isupper())


def tokenize(text: str, begin: int, end: int) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, begin, end)]


def slug(text: str, limit: int = 60) -> str:
    return iri_slug(text, limit, empty="entity")


@dataclass
class NewEntity:
    """An entity the graph does not have, proposed by the draft."""

    name: str  # reld: local name (slug)
    cls: str  # rel: class local name
    label: str
    why: str
    alt: list[str] = field(default_factory=list)
    state: str | None = None  # IRI or new-entity name of the state it belongs to (posts)
    holds: str | None = None  # a person's post (name of a new post or IRI of a known one)
    first: int = 0  # offset of its first mention


@dataclass(frozen=True)
class EntityMention:
    """A span of the text that names an entity: known (``iri``) or new (``new``, a NewEntity name)."""

    begin: int
    end: int
    text: str
    sentence: int  # Sentence.index
    cls: str
    iri: str | None = None  # an entity of the graph
    new: str | None = None  # the name of a NewEntity
    why: str = ""

    @property
    def ref(self) -> str:
        """How the fact sheet names it: a reld: local name or the new entity's name."""
        if self.iri is not None:
            return self.iri.rsplit("/", 1)[-1]
        return self.new or ""


@dataclass
class Found:
    """What a draft has found so far: mentions, new entities, and the context later names need."""

    mentions: list[EntityMention] = field(default_factory=list)
    entities: dict[str, NewEntity] = field(default_factory=dict)
    pending: list[tuple[int, list[Token]]] = field(default_factory=list)  # name-shaped, no cue yet
    offices: dict[str, str] = field(default_factory=dict)  # acronym defined in a title -> the office's name
    last_post: tuple[int, str] | None = None  # (end offset, entity name) of the last post named alone
    states: list = field(default_factory=list)  # the states the text names (conventions.StateName)
    lookup: Callable[[str], list] | None = None  # the graph's entities by a name (LabelIndex.lookup)


def add_entity(found: Found, entity: NewEntity) -> NewEntity:
    """Reuse a new entity of the same key (reconciliation within the text)."""
    key = name_key(entity.label)
    for other in found.entities.values():
        if other.cls == entity.cls and (name_key(other.label) == key or key in {name_key(a) for a in other.alt}):
            return other
    name = entity.name
    n = 2
    while name in found.entities:
        name = f"{entity.name}-{n}"
        n += 1
    entity.name = name
    found.entities[name] = entity
    return entity


def resolve_class(wanted: tuple[str, ...], classes: frozenset[str], fallback: str) -> str:
    for c in wanted:
        if c in classes:
            return c
    return fallback if fallback in classes or not classes else sorted(classes)[0]
