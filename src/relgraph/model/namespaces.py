"""The namespaces relgraph writes and reads, and the prefixes every query may use.

``rel:`` is the ontology, ``reld:`` the data (entities, articles, mentions). Both are
stable: an IRI minted under them is never reused for something else.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "GRAPH_INFERRED",
    "GRAPH_ONTOLOGY",
    "GRAPH_UNION",
    "PREFIXES",
    "REL",
    "RELD",
    "SOURCE_CLASSES",
    "XSD_INTEGER_TYPES",
    "compact_iri",
    "expand_curie",
    "iri_slug",
]

REL = "https://w3id.org/relgraph/ontology#"
RELD = "https://w3id.org/relgraph/id/"

#: Named graph of the ontology inside the dataset.
GRAPH_ONTOLOGY = "https://w3id.org/relgraph/graph/ontology"
#: Named graph of the reasoner's inferences (kept apart from hand-written data).
GRAPH_INFERRED = "https://w3id.org/relgraph/graph/inferred"
#: Named graph that a remote engine holds the merged union of the ontology and article graphs in
#: (each triple once): relgraph's remote queries take it as their default graph (``relgraph.store.remote``).
GRAPH_UNION = "https://w3id.org/relgraph/graph/union"

#: Classes whose one instance in a data file names that file's graph: an article (``rel:Article``;
#: its kinds are accepted too, for files typed with the kind alone) or a graph of background knowledge.
SOURCE_CLASSES = (REL + "Article", REL + "NewsArticle", REL + "OfficialRelease", REL + "BackgroundSource")

#: Prefixes known to every query and used when writing Turtle; the order is the output order.
PREFIXES: dict[str, str] = {
    "rel": REL,
    "reld": RELD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}

#: The XML Schema datatypes derived from xsd:integer: one value space, which stores and checks
#: compare as integers (a store keeps ``"1"^^xsd:positiveInteger`` as ``xsd:integer``).
XSD_INTEGER_TYPES = frozenset(
    PREFIXES["xsd"] + name
    for name in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)


def iri_slug(text: str, limit: int, empty: str) -> str:
    """A local name for a new IRI under ``reld:`` made from ``text``: ASCII words joined by '-',
    cut at a word boundary within ``limit`` characters; ``empty`` when no word is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.casefold()):
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or empty


def compact_iri(iri: str) -> str:
    """Return ``prefix:local`` for an IRI under a known namespace, else the IRI itself."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if not best:
        return iri
    local = iri[len(PREFIXES[best]) :]
    if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
        return f"{best}:{local}"
    return iri


def expand_curie(text: str) -> str | None:
    """Return the IRI of a ``prefix:local`` name with a known prefix, else None."""
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in PREFIXES or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local
