"""Events and commitments from trigger words, coded as the CAMEO codebook distinguishes them.

Each trigger gives a kind of event; the tense and modality of its clause give the
status; the kind, the status and the sentence's subject matter give the CAMEO code,
whose event type (Goldstein score, PLOVER category) is read from the ontology:

========================  ==================  =========================================
trigger                   class               CAMEO (status)
========================  ==================  =========================================
met, meeting, summit      Meeting             040, 044 at a third state's place or "on
                                              the sidelines"; 036 when still to come
held talks, negotiated    Meeting             046; 036 when still to come
held ... session/round    DialogueSession     046; 036 when still to come
visited, a visit to       Visit               042; 036 when still to come
hosted, welcomed          Visit               043
signed, inked             Signing             057; "will sign": 030/0311/0312 (intent)
agreed/committed/pledged  Commitment          030, 0311 economic, 0312 military,
  to, will seek/pursue                        036 meet or negotiate (StatedIntent)
announced, issued a       StatementIssuance   010
  statement
communique issued         CommuniqueIssuance  010
========================  ==================  =========================================

"will", "plans to", "is expected to", "is set to", "to be held", "next week" make an
event Planned; "postponed", "delayed" Postponed; "cancelled", "called off" Cancelled;
otherwise it is Completed. A commitment is a StatedIntent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relgraph.drafting.attribution import Attribution
from relgraph.drafting.dates import DateMention, is_future
from relgraph.drafting.lexicon import EventType, EventTypes
from relgraph.drafting.mentions import EntityMention, slug
from relgraph.ingest.sentences import Sentence

__all__ = ["EventProposal", "find_events"]

_I = re.I
_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    (
        "communique",
        re.compile(
            r"\bcommuniqu[eé]\b[^.]*?\b(?:issued|released|adopted)\b|\b(?:issued|released|adopted) (?:a |the )?(?:joint )?communiqu[eé]\b",
            _I,
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(?:issued|released|published) (?:a |the )?(?:joint )?(?:statement|readout|declaration)\b|\bannounced\b",
            _I,
        ),
    ),
    ("sign", re.compile(r"\b(?:sign(?:ed|s|ing)?|inked|countersigned)\b", _I)),
    (
        "session",
        re.compile(
            r"\b(?:held|hold|holds|holding|convened|opened)\b (?:\w+ ){0,4}?(?:session|round)s?\b|\b(?:session|round) of (?:the |their )?(?:\w+ ){0,4}?(?:dialogue|talks|consultations|negotiations)\b",
            _I,
        ),
    ),
    (
        "talks",
        re.compile(
            r"\b(?:held|hold|holds|holding|conducted)\b (?:\w+ ){0,3}?(?:talks|negotiations|consultations|discussions)\b|\bnegotiat(?:ed|ing)\b|\b(?:two|three) days of talks\b",
            _I,
        ),
    ),
    ("host", re.compile(r"\b(?:hosted|hosts|hosting|welcomed|received)\b", _I)),
    (
        "visit",
        re.compile(
            r"\b(?:visit(?:ed|s|ing)?|(?:state|official|working) visit|trip to|travel(?:l?ed|s)? to|leads? a [\w ]{0,20}delegation to)\b",
            _I,
        ),
    ),
    ("meet", re.compile(r"\b(?:met|meets|meet|meeting|summit|talks)\b", _I)),
    (
        "commit",
        re.compile(
            r"\b(?:agreed|agree|agrees|committed|commit|commits|pledged|pledge|pledges|vowed|promised|resolved to|reaffirmed|undertook to|intends? to|embarked on a plan)\b|\bwill (?:seek|pursue|deepen|enhance|expand|strengthen|cooperate|collaborate|work|explore|support|continue|increase|boost|deliberate|establish|launch|step up)\b",
            _I,
        ),
    ),
]
_CLASS = {
    "communique": "CommuniqueIssuance", "statement": "StatementIssuance", "sign": "Signing", "session": "DialogueSession",
    "talks": "Meeting", "host": "Visit", "visit": "Visit", "meet": "Meeting", "commit": "Commitment",
}  # fmt: skip
_POSTPONED = re.compile(r"\b(?:postponed|delayed|deferred|rescheduled|pushed back)\b", _I)
_CANCELLED = re.compile(r"\b(?:cancell?ed|called off|scrapped|abandoned)\b", _I)
_MILITARY = re.compile(
    r"\b(?:military|defen[cs]e|armed|troops?|army|navy|naval|weapons?|arms|counter-?terrorism|security)\b", _I
)
_ECONOMIC = re.compile(
    r"\b(?:econom\w*|trade|investment|business|jobs|market|tariffs?|exports?|imports?|growth|finance|financial|loans?|infrastructure)\b",
    _I,
)
_NEGOTIATE = re.compile(r"\b(?:meet|meeting|negotiat\w*|talks|deliberat\w*|discuss\w*|dialogue|consult\w*)\b", _I)
# Case matters: "plans to" is a plan, "Action Plan to enhance" is a name.
_FUTURE_CLAUSE = re.compile(
    r"\b(?:[Ww]ill|[Ss]hall|to be|is set to|are set to|set to be|is expected to|are expected to|plans? to|"
    r"planning to|scheduled|slated|due to|next|upcoming|[Ww]ould)\b"
)


@dataclass
class EventProposal:
    """An event or commitment the draft proposes, with its evidence and coding."""

    name: str
    cls: str
    label: str
    kind: str
    code: str
    event_type: EventType | None
    status: str
    sentence: int
    trigger: str
    trigger_begin: int
    trigger_end: int
    attribution: Attribution
    parties: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    date: DateMention | None = None
    signs: list[str] = field(default_factory=list)  # what a signing signs, or the document an issuing issues
    content: str | None = None
    why: str = ""


def _intent_code(clause: str) -> str:
    if _MILITARY.search(clause):
        return "0312"
    if _ECONOMIC.search(clause):
        return "0311"
    return "030"


def _status(kind: str, clause: str, sentence_text: str) -> str:
    if _CANCELLED.search(clause):
        return "Cancelled"
    if _POSTPONED.search(clause):
        return "Postponed"
    if kind == "commit":
        return "StatedIntent"
    return "Planned" if _FUTURE_CLAUSE.search(clause) else "Completed"


def _code(kind: str, status: str, clause: str, third_place: bool) -> tuple[str, str]:
    """The CAMEO code and the reason, following the codebook's distinctions."""
    planned = status == "Planned"
    if kind == "commit":
        if re.match(r"\W*(?:\w+\s+){0,2}?(?:meet|negotiat|talk|deliberat|discuss|consult|hold talks)", clause, _I):
            return "036", "a commitment to meet, negotiate or deliberate: 036"
        code = _intent_code(clause)
        return (
            code,
            f"a commitment, an intent to cooperate{' militarily' if code == '0312' else ' economically' if code == '0311' else ''}: {code}",
        )
    if kind == "sign":
        if planned:
            code = _intent_code(clause)
            return code, f"a promise to sign is intent (03x), not 057: {code}"
        return "057", "a signing that happened: 057"
    if kind in ("meet", "talks", "session", "visit") and planned:
        return "036", "a meeting, talks or a visit still to come is an intent to meet or negotiate: 036"
    if kind in ("talks", "session"):
        return "046", "talks held: engage in negotiation, 046"
    if kind == "visit":
        return "042", "a visit: 042"
    if kind == "host":
        return "043", "hosting a visit: 043"
    if kind == "meet":
        if third_place or re.search(r"\bsidelines?\b", clause, _I):
            return "044", "a meeting at a third location: 044"
        return "040", "a meeting: consult, 040"
    return "010", "a statement issued: 010"


def _clause(text: str, sentence: Sentence, begin: int, end: int) -> str:
    """The words of the trigger's clause (up to the sentence's ends, cut at ';')."""
    left = text.rfind(";", sentence.begin, begin)
    right = text.find(";", end, sentence.end)
    return text[(left + 1 if left >= 0 else sentence.begin) : (right if right >= 0 else sentence.end)]


def find_events(
    text: str,
    sentence: Sentence,
    mentions: list[EntityMention],
    dates: list[DateMention],
    attribution: Attribution,
    types: EventTypes,
    *,
    state_of: dict[str, str],
    main_states: list[str],
    capitals: dict[str, str],
) -> list[EventProposal]:
    """The events and commitments ``sentence`` states."""
    taken: list[tuple[int, int]] = []
    found: list[EventProposal] = []
    seen: set[str] = set()
    body = sentence.text
    here = [m for m in mentions if sentence.begin <= m.begin < sentence.end]
    for kind, pattern in _TRIGGERS:
        for match in pattern.finditer(body):
            b, e = sentence.begin + match.start(), sentence.begin + match.end()
            if any(b < te and tb < e for tb, te in taken) or _CLASS[kind] in seen:
                continue
            if (
                kind == "meet"
                and match.group(0).casefold() in ("meeting", "summit", "talks")
                and not (
                    dates or re.search(r"\b(?:held|hold|took place|set to|will|attend\w*|during|at the)\b", body, _I)
                )
            ):
                continue  # a meeting named in passing, with no time or holding
            if kind == "statement" and re.match(r"announced\s+(?:that|it|plans)\b", body[match.start() :], _I):
                continue  # "X announced that ..." reports speech
            if kind == "host" and not any(m.cls in ("Person", "Delegation") for m in here if m.begin > e):
                continue
            clause = _clause(text, sentence, b, e)
            status = _status(kind, clause, body)
            parties = [m.ref for m in here if m.cls == "State"]
            people = [m for m in here if m.cls == "Person"]
            if kind != "commit":  # the states of the people named take part too
                for m in people:
                    state = state_of.get(m.iri or "") or state_of.get(m.new or "")
                    if state:
                        parties.append(state.rsplit("/", 1)[-1])
            if re.search(
                r"\b(?:the two|both) (?:countries|governments|sides|nations|states|leaders|presidents)\b", clause, _I
            ):
                parties = [*main_states[:2], *parties]
            elif re.search(r"\b[Tt]hey\b", clause) and not parties:
                parties = list(main_states[:2])
            if kind == "commit" and not parties:  # a commitment needs a committing party
                if re.search(r"\b(?:[Ww]e|[Tt]hey|[Oo]ur|[Tt]heir)\b", clause) or not attribution.speakers:
                    parties = list(main_states[:2])
                else:
                    parties = list(attribution.speakers)
            parties = list(dict.fromkeys(parties))
            places = [m for m in here if m.cls in ("City", "Place")]
            place = places[0].ref if places else None
            third = False
            if place:
                place_state = state_of.get(places[0].iri or "") or capitals.get(places[0].text)
                third = bool(place_state and parties) and (place_state or "").rsplit("/", 1)[-1] not in parties
            code, why_code = _code(kind, status, text[e : sentence.end] if kind == "commit" else clause, third)
            event_type = types.get(code)
            date = min(dates, key=lambda d: abs(d.begin - b)) if dates and kind != "commit" else None
            signs = [m.ref for m in here if m.cls in ("Agreement", "ActionPlan", "TradeFramework", "Framework",
                                                     "SecurityGovernanceFramework") and m.begin > b] if kind == "sign" else []  # fmt: skip
            if kind in ("statement", "communique"):
                signs = [m.ref for m in here if m.cls in ("Statement", "JointCommunique")]
                if not signs and attribution.document:
                    signs = [slug(attribution.document)]
            if kind == "session":  # the mechanism the session belongs to
                signs = [m.ref for m in here if m.cls == "BilateralMechanism"][:1]
            cls = _CLASS[kind]
            label = _label(cls, kind, body, here, date, parties)
            name = slug(f"{cls}-{date.start if date else ''}-{'-'.join(parties[:2])}-s{sentence.index}")
            found.append(
                EventProposal(
                    name=name, cls=cls, label=label, kind=kind, code=code, event_type=event_type, status=status,
                    sentence=sentence.index, trigger=match.group(0), trigger_begin=b, trigger_end=e,
                    attribution=attribution, parties=parties, participants=[m.ref for m in people], place=place,
                    date=date, signs=signs, content=clause.strip() if kind == "commit" else None,
                    why=f"trigger '{match.group(0)}' -> {cls}; {why_code}; status {status}"
                    + (" (a future or planned clause)" if status == "Planned" else ""),
                )
            )  # fmt: skip
            taken.append((b, e))
            seen.add(cls)
    return found


def _label(
    cls: str, kind: str, body: str, here: list[EntityMention], date: DateMention | None, parties: list[str]
) -> str:
    words = {
        "Meeting": "Meeting", "DialogueSession": "Dialogue session", "Visit": "Visit", "Signing": "Signing",
        "Commitment": "Commitment", "StatementIssuance": "Issuing of a statement",
        "CommuniqueIssuance": "Issuing of a communique",
    }  # fmt: skip
    who = " and ".join(dict.fromkeys(m.text for m in here if m.cls in ("State", "Person")))
    label = words.get(cls, cls)
    if cls == "Commitment":
        return f"Commitment: {body[:90].rstrip()}{'...' if len(body) > 90 else ''}"
    if who:
        label += f" of {who}" if cls != "Visit" else f" by {who}"
    if date:
        label += f", {date.value}"
    return label


def is_future_sentence(sentence: Sentence) -> bool:
    return is_future(sentence.text)
