"""Reconciliation: entities of a new article that look like ones already in the graph.

A new article often mints an IRI for something the graph already has under another
name: "Cabinet Secretary for Foreign Affairs Ambassador Monica Juma" for
``reld:monica-juma``, "Security Governance Initiative (SGI)" for
``reld:security-governance-initiative``, "U.S." for ``reld:united-states``. For each
entity of the article that is new to the graph, ``find_matches`` derives the names
it may go by -- the label itself; without a part in parentheses, and that part as an
acronym; without leading titles and middle initials; with dashes, "&"/"and" and a
leading "the" normalised; dotted and undotted acronyms; the other names of a few
states ("U.S.", "US", "USA", "United States", ...) -- and looks each one up as an
exact label (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``foaf:name``) in
the graph. Names of a pair are tried in both orders and with the other names of
their states ("U.S.-Kenya relations" for "Kenya-US relations", "U.S.-Kenya Bilateral
Strategic Dialogue" for "Kenya–United States Bilateral Strategic Dialogue"). The
look-ups go through Oxigraph's object index, so their cost does not grow with the
graph; a candidate whose classes are declared disjoint with the new entity's (a person
named like a state) is dropped. Two new entities of one file that go by a common name
are reported too: the file mints two IRIs for one thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from relgraph.ingest.staging import ArticleContext, StagedArticle
from relgraph.model.namespaces import REL, compact_iri
from relgraph.model.terms import Vocabulary
from relgraph.query.entities import labels_for
from relgraph.store import Dataset

__all__ = ["Match", "find_matches", "name_variants", "pair_variants"]

LABEL_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://xmlns.com/foaf/0.1/name",
)

#: Words of titles and posts that precede a name ("Cabinet Secretary for Foreign Affairs
#: Ambassador Monica Juma", "Deputy Secretary of State John J. Sullivan").
# fmt: off
TITLE_WORDS = frozenset({
    "president", "vice", "deputy", "prime", "minister", "ministers", "secretary", "cabinet", "cs",
    "ambassador", "amb", "dr", "mr", "mrs", "ms", "hon", "honourable", "honorable", "prof", "professor",
    "he", "h.e", "his", "her", "excellency", "foreign", "affairs", "interior", "trade", "defence", "defense",
    "state", "of", "for", "the", "and", "general", "assistant", "under", "principal", "chief", "senator",
    "sen", "rep", "representative", "governor", "chancellor", "commissioner", "director", "head",
    "spokesperson", "spokesman", "spokeswoman", "political", "diplomatic", "permanent", "us", "u.s",
    "kenyan", "american",
})
# fmt: on

#: Other names of states that the graph's labels may not carry.
STATE_ALIASES = (
    frozenset({"US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "the United States"}),
    frozenset({"UK", "U.K.", "United Kingdom", "Britain", "Great Britain", "the United Kingdom"}),
)

_PARENS = re.compile(r"\s*\(([^()]*)\)")
_DASHES = re.compile(r"\s*[–—]\s*|\s+-\s+")
_INITIAL = re.compile(r"^[A-Z]\.$")


@dataclass(frozen=True)
class Match:
    """An entity of the new article that looks like one already in the graph."""

    entity: str  # the IRI the article uses
    label: str  # the article's name for it
    existing: str  # the IRI already in the graph, to reuse
    existing_label: str
    reason: str  # why they look alike, in words
    in_file: bool = False  # the other entity is new too, minted by the same file

    def describe(self) -> str:
        where = "in the same file" if self.in_file else "already in the graph"
        return (
            f"{compact_iri(self.entity)} ({self.label!r}) looks like {compact_iri(self.existing)} "
            f"({self.existing_label!r}) {where}: {self.reason}. "
            f"If it is the same, use {compact_iri(self.existing)} instead of a new IRI."
        )


def _titles_stripped(label: str) -> str:
    tokens = label.split()
    start = 0
    while start < len(tokens) - 1 and tokens[start].casefold().strip(".,") in TITLE_WORDS:
        start += 1
    rest = tokens[start:]
    if len(rest) > 2:  # middle initials: "John J. Sullivan" -> "John Sullivan"
        rest = [rest[0], *[t for t in rest[1:-1] if not _INITIAL.match(t)], rest[-1]]
    return " ".join(rest)


def _punctuation_variants(label: str) -> set[str]:
    found = {label}
    found.add(_DASHES.sub("-", label))
    found.add(_DASHES.sub("–", label))
    found.add(re.sub(r"(?<=\w)-(?=\w)", "–", label))
    found.add(re.sub(r"(?<=\w)–(?=\w)", "-", label))
    found.add(label.replace(" & ", " and "))
    found.add(label.replace(" and ", " & "))
    if label.casefold().startswith("the "):
        found.add(label[4:])
    return {v.strip() for v in found if v.strip()}


def _acronym_variants(label: str) -> set[str]:
    found: set[str] = set()
    if re.fullmatch(r"(?:[A-Z]\.){2,}", label):  # U.S. -> US
        found.add(label.replace(".", ""))
    elif re.fullmatch(r"[A-Z]{2,5}", label):  # US -> U.S.
        found.add("".join(c + "." for c in label))
    for group in STATE_ALIASES:
        if label in group:
            found |= group
    return found - {label}


#: The names of a pair ("Kenya-U.S.", "U.S.–Kenya") joined by a hyphen, an en dash or a slash.
_PAIR = re.compile(r"(?<![\w.])(?P<a>[A-Z][\w.]*)(?P<dash>\s*[-–/]\s*)(?P<b>[A-Z][\w.]*)(?![\w-])")


def _aliases(name: str) -> set[str]:
    for group in STATE_ALIASES:
        if name in group:
            return {n for n in group if not n.startswith("the ")}
    return {name}


def pair_variants(label: str) -> set[str]:
    """The label with the names of its first pair swapped and spelt the other ways of their states.

    "U.S.-Kenya relations" -> "Kenya-US relations", "Kenya–United States relations", ...
    """
    match = _PAIR.search(label)
    if not match:
        return set()
    head, tail = label[: match.start()], label[match.end() :]
    found: set[str] = set()
    for a in _aliases(match.group("a")):
        for b in _aliases(match.group("b")):
            for dash in ("-", "–"):
                found.add(f"{head}{a}{dash}{b}{tail}")
                found.add(f"{head}{b}{dash}{a}{tail}")
    found.discard(label)
    return found


def name_variants(label: str) -> dict[str, str]:
    """The names an entity labelled ``label`` may go by, each with the reason in words."""
    label = " ".join(label.split())
    variants: dict[str, str] = {}

    def add(name: str, reason: str) -> None:
        name = name.strip(" ,;:")
        if name and name not in variants:
            variants[name] = reason

    add(label, "the same name")
    bare = _PARENS.sub("", label).strip()
    if bare != label:
        for inner in _PARENS.findall(label):
            add(bare, f"the same name without '({inner})'")
            # an acronym in parentheses names the whole only where it closes the name: in "Security
            # Governance Initiative (SGI) Joint Country Action Plan" it names the initiative, not the plan
            closes = label.rstrip().endswith(f"({inner})")
            if closes and re.fullmatch(r"[A-Z][A-Za-z.&]{1,9}", inner.strip()):
                add(inner.strip(), f"'{inner.strip()}' is its acronym")
    for base in (label, bare):
        for variant in _punctuation_variants(base):
            add(variant, "the same name up to punctuation")
        stripped = _titles_stripped(base)
        if stripped != base:
            add(stripped, f"the same name without the titles in {label!r}")
        for variant in _acronym_variants(base):
            add(variant, f"{base!r} and {variant!r} name the same thing")
        for variant in sorted(pair_variants(base)):
            add(variant, "the same pair of names in another order or spelling")
    cased: dict[str, str] = {}
    for name, reason in variants.items():
        for form in (name, name[:1].upper() + name[1:], name.title() if name.islower() else name):
            cased.setdefault(form, reason)
    return cased


# The needles first, the labels through the union graph: Oxigraph then looks each one up
# in its object index (milliseconds at 1M triples); the same pattern inside GRAPH ?g with
# the property as a variable made it scan every label instead (0.8 s at 1M).
_LOOKUP = """
SELECT DISTINCT ?needle ?entity WHERE {{
  VALUES ?needle {{ {values} }}
  ?entity rdfs:label|skos:prefLabel|skos:altLabel|foaf:name ?needle .
  FILTER(isIRI(?entity) && !STRSTARTS(STR(?entity), "{ontology}"))
}}"""

_TYPES = "SELECT DISTINCT ?entity ?type WHERE {{ VALUES ?entity {{ {values} }} ?entity a ?type }}"


def _labels_in_file(staged: StagedArticle, entity: ox.NamedNode) -> list[str]:
    labels: list[str] = []
    for prop in LABEL_PROPERTIES:
        for value in staged.values(entity, prop):
            if isinstance(value, ox.Literal) and value.value.strip() and value.value not in labels:
                labels.append(value.value)
    return labels


def find_matches(
    dataset: Dataset,
    staged: StagedArticle,
    context: ArticleContext,
    vocabulary: Vocabulary,
) -> list[Match]:
    """Entities the article mints (IRIs new to the graph) that look like existing ones."""
    new_entities = sorted(
        (
            s
            for s in staged.subjects()
            if s.value not in context.known
            and s != staged.article
            and not staged.types(s) & {"https://w3id.org/relgraph/ontology#Mention"}
        ),
        key=str,
    )
    wanted: dict[str, list[tuple[ox.NamedNode, str, str]]] = {}
    for entity in new_entities:
        for label in _labels_in_file(staged, entity):
            for name, reason in name_variants(label).items():
                wanted.setdefault(name, []).append((entity, label, reason))
    if not wanted:
        return []
    twins = _twins_in_file(staged, wanted, vocabulary)
    hits: list[tuple[str, ox.NamedNode]] = []
    names = sorted(wanted)
    for start in range(0, len(names), 300):
        chunk = names[start : start + 300]
        values = " ".join(f"{ox.Literal(n)} {ox.Literal(n, language='en')}" for n in chunk)
        query = _LOOKUP.format(values=values, ontology=REL)
        hits += [(needle.value, entity) for needle, entity in dataset.select(query).rows]
    existing = sorted({entity for _, entity in hits}, key=str)
    if not existing:
        return twins
    existing_types: dict[str, set[str]] = {}
    values = " ".join(str(e) for e in existing)
    for entity, type_ in dataset.select(_TYPES.format(values=values)).rows:
        existing_types.setdefault(entity.value, set()).add(type_.value)
    labels = labels_for(dataset, existing)
    best: dict[tuple[str, str], Match] = {}
    rank = {"the same name": 0}
    for needle, found in hits:
        for entity, label, reason in wanted.get(needle, []):
            if found == entity or vocabulary.disjoint(staged.types(entity), existing_types.get(found.value, ())):
                continue
            match = Match(entity.value, label, found.value, labels.get(found.value, compact_iri(found.value)), reason)
            key = (entity.value, found.value)
            if key not in best or rank.get(reason, 1) < rank.get(best[key].reason, 1):
                best[key] = match
    return sorted([*best.values(), *twins], key=lambda m: (m.entity, m.existing))


def _twins_in_file(
    staged: StagedArticle, wanted: dict[str, list[tuple[ox.NamedNode, str, str]]], vocabulary: Vocabulary
) -> list[Match]:
    """New entities of one file that go by a common name: the later IRI should be the earlier one.

    Each pair is reported once, on the IRI that sorts last, pointing to the first; the
    reason is the way the later one's name reaches the earlier one's own label.
    """
    own: dict[str, list[tuple[ox.NamedNode, str]]] = {}
    for name, sources in wanted.items():
        for entity, label, reason in sources:
            if reason == "the same name":
                own.setdefault(name.casefold(), []).append((entity, label))
    found: dict[tuple[str, str], Match] = {}
    for name, sources in wanted.items():
        for entity, label, reason in sources:
            for other, other_label in own.get(name.casefold(), []):
                if str(other) >= str(entity) or vocabulary.disjoint(staged.types(entity), staged.types(other)):
                    continue
                key = (entity.value, other.value)
                if key not in found or reason == "the same name":
                    found[key] = Match(entity.value, label, other.value, other_label, reason, in_file=True)
    return list(found.values())
