"""The search box: every label and alternative label of every entity, read once, searched in memory.

A type-ahead asks at every key press; a SPARQL scan of all labels per key press costs tens of
milliseconds at a million triples, this index a fraction of one. The graph a server holds does not
change while it runs (it is read-only), so reading it once is enough.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from relgraph.browse import evidence as q
from relgraph.browse.common import records, value
from relgraph.model.namespaces import REL
from relgraph.store import Dataset

__all__ = ["LabelIndex", "Match"]


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a label ("Kenya–US" and "kenya-us" match)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("\u2013", "-").replace("\u2014", "-")


@dataclass(frozen=True)
class Match:
    """An entity whose label matches: its IRI, the label that matched, its preferred label and class."""

    iri: str
    label: str
    matched: str
    class_name: str | None


class LabelIndex:
    """Labels folded for matching: prefixes of whole labels first, then of words, then substrings."""

    def __init__(self, entries: list[tuple[str, str, str | None]], names: dict[str, str]):
        self._names = names  # iri -> preferred label
        self._classes: dict[str, str | None] = {}
        self._entries = sorted({(_fold(label), label, iri) for iri, label, _ in entries})
        self._keys = [e[0] for e in self._entries]
        words = set()
        for folded, label, iri in self._entries:
            for i, ch in enumerate(folded):
                if i and not folded[i - 1].isalnum() and ch.isalnum():
                    words.add((folded[i:], label, iri))
        self._words = sorted(words)
        self._word_keys = [w[0] for w in self._words]
        for iri, _label, cls in entries:
            if cls and not self._classes.get(iri):
                self._classes[iri] = cls
            self._classes.setdefault(iri, cls)

    @classmethod
    def build(cls, dataset: Dataset, *, timeout: float | None = 120.0) -> LabelIndex:
        entries: list[tuple[str, str, str | None]] = []
        names: dict[str, str] = {}
        for row in records(dataset, q.LABEL_INDEX, {}, timeout=timeout):
            iri, label, klass = value(row["entity"]), value(row["label"]), value(row["class"])
            if not iri or label is None:
                continue
            entries.append((iri, label, klass.removeprefix(REL) if klass else None))
            names.setdefault(iri, label)
        import pyoxigraph as ox

        from relgraph.query.entities import labels_for

        names.update(labels_for(dataset, [ox.NamedNode(i) for i in names]))
        return cls(entries, names)

    def __len__(self) -> int:
        return len(self._names)

    def name(self, iri: str) -> str | None:
        return self._names.get(iri)

    def search(self, text: str, *, limit: int = 12) -> list[Match]:
        """Entities whose label starts with ``text``, then those with a word that does, then any containing it."""
        needle = _fold(text.strip())
        if not needle:
            return []
        found: dict[str, Match] = {}

        def take(rows) -> None:
            for _folded, label, iri in rows:
                if len(found) >= limit:
                    return
                if iri not in found:
                    found[iri] = Match(iri, self._names.get(iri, label), label, self._classes.get(iri))

        take(self._prefixed(self._entries, self._keys, needle))
        take(self._prefixed(self._words, self._word_keys, needle))
        if len(found) < limit and len(needle) >= 3:
            take(e for e in self._entries if needle in e[0])
        return list(found.values())

    @staticmethod
    def _prefixed(rows, keys, needle: str):
        at = bisect_left(keys, needle)
        while at < len(rows) and keys[at].startswith(needle):
            yield rows[at]
            at += 1
