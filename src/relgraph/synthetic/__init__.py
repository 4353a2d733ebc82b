"""Synthetic corpora in relgraph's own ontology, for benchmarks and scale tests.

``generate_corpus(out_dir, triples=100_000)`` writes a complete graph folder:

* ``ontology/`` and ``queries/`` copied from the bundled graph;
* the bundled article (``data/triples.ttl`` and its text) copied as it is, so every
  canned query's example parameters (Kenya, Monica Juma, AGOA, ...) resolve here too;
* ``data/articles/article-NNNNNN.ttl`` and ``.txt``: one made-up news article each,
  written in the same patterns as ``data/triples.ttl`` -- states, officials whose
  posts change over time, ministries, delegations, bilateral mechanisms with
  numbered sessions, meetings, visits, signings, communiques, frameworks with end
  dates, commitments, claims, CAMEO event types, and for every event, commitment
  and claim a mention whose offsets cut its sentence out of the article's text.

Plans come back: an event or commitment reported as planned in one article is
reported completed, postponed or cancelled by a later one, under the same IRI, so
status histories run across articles (each in its own named graph).

The corpus is a pure function of ``(triples, seed)``: the same arguments give the
same bytes. Articles are written one at a time, so 10M triples need no more
memory than 10k; only the world model (states, officials, mechanisms, open plans)
stays in memory. Nothing here is real news.

The package writes it part by part: ``tables`` (what articles talk about), ``text``
(words and Turtle terms), ``model`` and ``world`` (the world model), ``plans`` (the
open plans), ``article`` (one article's text and triples), ``compose`` and the parts
it calls (``sessions``, ``commitments``, ``meetings``, ``offices``, ``followups``),
and ``corpus`` (the files).
"""

from __future__ import annotations

from relgraph.synthetic.corpus import CorpusInfo, generate_corpus, refresh_corpus
from relgraph.synthetic.tables import GENERATOR

__all__ = ["GENERATOR", "CorpusInfo", "generate_corpus", "refresh_corpus"]
