"""What the drafter found in one text: the proposal that ``sheet`` writes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from relgraph.drafting.attribution import Attribution
from relgraph.drafting.dates import DateMention
from relgraph.drafting.events import EventProposal
from relgraph.drafting.mentions import EntityMention, NewEntity
from relgraph.ingest.sentences import Segment, Sentence

__all__ = ["Proposal"]


@dataclass
class Proposal:
    """What the drafter found in one text."""

    text: str
    date: dt.date
    segments: list[Segment]
    sentences: list[Sentence]
    mentions: list[EntityMention]
    entities: dict[str, NewEntity]
    dates: list[DateMention]
    events: list[EventProposal]
    attributions: dict[int, Attribution]  # by sentence index
    documents: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # known IRI -> label
    main_states: list[str] = field(default_factory=list)  # the (up to) two states named most
