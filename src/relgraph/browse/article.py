"""An article's page as data: its metadata, its verbatim text cut into plain and highlighted
segments (one per sentence mention, by code-point offsets), and what each sentence supports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from relgraph.browse import evidence as q
from relgraph.browse.common import Evidence, literal, records, value
from relgraph.errors import EntityError, StoreError
from relgraph.model.namespaces import PREFIXES, REL, compact_iri
from relgraph.query.entities import labels_for
from relgraph.store import Dataset, Term, read_file

__all__ = ["ArticleView", "Segment", "Support", "article_view"]

MAX_TEXT_BYTES = 8 * 1024 * 1024  # as the article checks: an article's text is far smaller


@dataclass(frozen=True)
class Support:
    """Something one sentence supports: an entity (entity-level evidence) or a fact about it."""

    subject: str
    predicate: str | None = None
    object: Term | None = None
    status: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of the article's text: plain, or one sentence mention with what it supports."""

    text: str
    begin: int
    end: int
    mention: Evidence | None = None
    supports: tuple[Support, ...] = ()

    @property
    def anchor(self) -> str:
        """The mention IRI's fragment (``char=B,E``), the id of its span on the page."""
        if self.mention is not None and "#" in self.mention.mention:
            return self.mention.mention.rsplit("#", 1)[1]
        return f"char={self.begin},{self.end}"


@dataclass(frozen=True)
class ArticleView:
    """Everything the article page shows."""

    iri: str
    title: str
    published: str | None
    url: str | None
    publisher: str | None
    identifier: str | None
    kinds: tuple[str, ...]
    text_file: str | None
    text_found: bool  # False: the text file is missing or does not match its digest; sentences only
    text_note: str | None
    segments: tuple[Segment, ...]
    mentions: int
    labels: dict[str, str] = field(default_factory=dict)

    def name(self, term: Term | str | None) -> str:
        if term is None:
            return ""
        iri = term if isinstance(term, str) else (term.value if isinstance(term, ox.NamedNode) else None)
        if iri is None:
            return str(term.value) if isinstance(term, ox.Literal) else str(term)
        return self.labels.get(iri) or compact_iri(iri)


def _first(head: dict[str, list[Term]], *props: str) -> str | None:
    for prop in props:
        for val in head.get(prop, []):
            return str(val.value)
    return None


def article_view(dataset: Dataset, iri: str, *, timeout: float | None = 60.0) -> ArticleView:
    """The article page of ``iri`` (EntityError if it is not an article of the graph)."""
    node = ox.NamedNode(iri)
    head: dict[str, list[Term]] = {}
    for row in records(dataset, q.ARTICLE_HEAD, {"article": node}, timeout=timeout):
        prop, val = value(row["property"]), row["value"]
        if prop and val is not None:
            head.setdefault(prop, []).append(val)
    kinds = tuple(sorted(v.value for v in head.get(PREFIXES["rdf"] + "type", []) if isinstance(v, ox.NamedNode)))
    if not any(k in q.ARTICLE_KINDS for k in kinds):
        raise EntityError(f"{compact_iri(iri)} is not an article of the graph.")
    rows = records(dataset, q.ARTICLE_EVIDENCE, {"article": node}, timeout=timeout)
    mentions = _mentions(rows)

    text_file = _first(head, REL + "textFile")
    text, note = _read_text(dataset, text_file, _first(head, REL + "textSha256"))
    segments = _segments(text, mentions) if text is not None else _sentences_only(mentions)

    wanted: list[Term | None] = [node, *(ox.NamedNode(k) for k in kinds)]
    for seg in segments:
        if seg.mention is not None:
            m = seg.mention
            wanted += [ox.NamedNode(s) for s in m.speakers]
            wanted += [ox.NamedNode(x) for x in (m.mode, m.quoted_from) if x]
        for sup in seg.supports:
            wanted += [ox.NamedNode(sup.subject), sup.object]
            wanted += [ox.NamedNode(x) for x in (sup.predicate, sup.status) if x]
    labels = labels_for(dataset, wanted)
    url = _first(head, PREFIXES["schema"] + "url")
    return ArticleView(
        iri=iri,
        title=_first(head, PREFIXES["dcterms"] + "title", PREFIXES["schema"] + "headline", PREFIXES["rdfs"] + "label")
        or compact_iri(iri),
        published=_first(head, PREFIXES["schema"] + "datePublished"),
        url=url if url and url.startswith(("https://", "http://")) else None,
        publisher=_first(head, PREFIXES["schema"] + "publisher", PREFIXES["dcterms"] + "publisher"),
        identifier=_first(head, PREFIXES["dcterms"] + "identifier"),
        kinds=kinds,
        text_file=text_file,
        text_found=text is not None,
        text_note=note,
        segments=tuple(segments),
        mentions=len(mentions),
        labels=labels,
    )


def _mentions(rows: list[dict[str, Term | None]]) -> list[tuple[Evidence, tuple[Support, ...]]]:
    """One entry per mention, in text order, with everything it supports."""
    found: dict[str, dict] = {}
    for row in rows:
        mention = value(row["mention"])
        if mention is None:
            continue
        b, e = literal(row["begin"]), literal(row["end"])
        entry = found.setdefault(
            mention,
            {
                "evidence": dict(
                    article=value(row["article"]) or "",
                    published=None,
                    mention=mention,
                    begin=b,
                    end=e,
                    sentence=value(row["sentence"]) or "",
                    mode=value(row["mode"]),
                    quoted_from=value(row["quoted_from"]),
                ),
                "speakers": [],
                "supports": [],
            },
        )
        speaker = value(row["speaker"])
        if speaker and speaker not in entry["speakers"]:
            entry["speakers"].append(speaker)
        subject = value(row["subject"])
        if subject:
            support = Support(subject, value(row["predicate"]), row["object"], value(row["status"]))
            if support not in entry["supports"]:
                entry["supports"].append(support)
    out = [(Evidence(**e["evidence"], speakers=tuple(e["speakers"])), tuple(e["supports"])) for e in found.values()]
    return sorted(out, key=lambda m: (m[0].begin is None, m[0].begin or 0, m[0].end or 0, m[0].mention))


def _read_text(dataset: Dataset, text_file: str | None, digest: str | None) -> tuple[str | None, str | None]:
    """The article's verbatim text, or None and why not."""
    if not text_file:
        return None, "The article names no text file (rel:textFile); its sentences are shown alone."
    data_dir = dataset.project.data_dir.resolve()
    path = (data_dir / text_file).resolve()
    if Path(text_file).is_absolute() or not path.is_relative_to(data_dir):
        return None, f"rel:textFile {text_file!r} points outside the data folder; its sentences are shown alone."
    try:
        data = read_file(path, max_bytes=MAX_TEXT_BYTES)
    except StoreError:
        return None, f"The article's text ({text_file}) is not in the graph folder; its sentences are shown alone."
    if digest and hashlib.sha256(data).hexdigest() != digest:
        return None, f"The text file {text_file} is not the text the offsets were counted on (its SHA-256 differs)."
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, f"The text file {text_file} is not UTF-8; its sentences are shown alone."


def _segments(text: str, mentions: list[tuple[Evidence, tuple[Support, ...]]]) -> list[Segment]:
    """The text cut at the mentions' code-point offsets; an overlapping or out-of-range mention is
    left out of the highlighting (its sentence still lists under the text)."""
    segments: list[Segment] = []
    at = 0
    for mention, supports in mentions:
        if mention.begin is None or mention.end is None:
            continue
        if mention.begin < at or mention.end > len(text) or mention.begin >= mention.end:
            continue
        if mention.begin > at:
            segments.append(Segment(text[at : mention.begin], at, mention.begin))
        segments.append(Segment(text[mention.begin : mention.end], mention.begin, mention.end, mention, supports))
        at = mention.end
    if at < len(text):
        segments.append(Segment(text[at:], at, len(text)))
    return segments


def _sentences_only(mentions: list[tuple[Evidence, tuple[Support, ...]]]) -> list[Segment]:
    out: list[Segment] = []
    for mention, supports in mentions:
        begin, end = mention.begin or 0, mention.end or 0
        out.append(Segment(mention.sentence, begin, end, mention, supports))
        out.append(Segment("\n\n", end, end))
    return out
