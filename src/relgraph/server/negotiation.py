"""Content negotiation: which of the formats we offer a client's Accept header prefers."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "BOOLEAN_FORMATS",
    "FORMAT_MEDIA",
    "GRAPH_FORMATS",
    "MEDIA_FORMAT",
    "SELECT_FORMATS",
    "choose",
]

#: Our short format names and the media type each is sent as.
FORMAT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "html": "text/html",
}
#: Media types a client may ask for, and the format that answers each.
MEDIA_FORMAT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
SELECT_FORMATS = ("json", "xml", "csv", "tsv")
BOOLEAN_FORMATS = ("json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")


def _parse(accept: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each part of an Accept header; a malformed q counts as 0."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, raw = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(raw)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _specificity(media: str) -> int:
    return 0 if media == "*/*" else 1 if media.endswith("/*") else 2


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered format the client prefers (the first offered on a tie or with no Accept);
    None when it accepts none of them (a 406)."""
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _parse(accept)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for index, fmt in enumerate(offered):
        media_types = [m for m, f in MEDIA_FORMAT.items() if f == fmt]
        for media in media_types:
            # The most specific matching range decides this media type's q (RFC 9110, 12.5.1).
            matches = [
                (r, q, pos)
                for r, q, pos in ranges
                if r == media or r == "*/*" or (r.endswith("/*") and media.startswith(r[:-1]))
            ]
            if not matches:
                continue
            r, q, pos = max(matches, key=lambda m: (_specificity(m[0]), -m[2]))
            if q <= 0:
                continue
            key = (q, _specificity(r), -index, -pos)
            if best is None or key > best:
                best, chosen = key, fmt
    return chosen
