"""What the browser pages of ``relgraph serve`` show, as data built from SPARQL.

A feature of the library like ``queries`` or ``graphview``: each function takes a
``Dataset`` and returns frozen dataclasses, so the pages (and any other front end, or a
notebook) stay thin. The look-ups run like a user's query, in the query child under a
time limit. How a fact is tied to its sentences is known only to ``evidence`` (its
SPARQL texts), so moving from entity-level to fact-level evidence is a change there.

    entity_profile   an entity's names, classes, identifiers, facts, sentences, status, timeline
    article_view     an article's metadata, verbatim text cut into highlighted sentences, what each supports
    dyad_view        a pair of states: items with Goldstein scores over time, mechanisms, commitments
    LabelIndex       every label and alternative label, for the search box and its type-ahead
"""

from __future__ import annotations

from relgraph.browse.article import ArticleView, Segment, article_view
from relgraph.browse.common import Evidence
from relgraph.browse.dyad import DyadView, dyad_view
from relgraph.browse.entity import EntityProfile, FactGroup, FactValue, StatusReport, TimelineItem, entity_profile
from relgraph.browse.search import LabelIndex, Match

__all__ = [
    "ArticleView",
    "DyadView",
    "EntityProfile",
    "Evidence",
    "FactGroup",
    "FactValue",
    "LabelIndex",
    "Match",
    "Segment",
    "StatusReport",
    "TimelineItem",
    "article_view",
    "dyad_view",
    "entity_profile",
]
