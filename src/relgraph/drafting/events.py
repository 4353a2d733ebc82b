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

from relgraph.drafting.attribution import Attribution, at_trigger
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
            r"\b(?:communiqu[eé]|joint (?:statement|declaration))\b[^.;“”\"]{0,60}?\b(?:issued|released|adopted|read|"
            r"published)\b|\b(?:issued|released|adopted) (?:a |the )?(?:joint )?communiqu[eé]\b|"
            r"\b(?:in|through) (?:their|a|the) joint (?:declaration|statement)\b",
            _I,
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(?:issued|released|published) (?:a |the )?(?:joint )?(?:statement|readout|declaration)\b|\bannounced\b|"
            r"\bstatement\b[^.;“”\"]{0,60}?\bread\b",
            _I,
        ),
    ),
    (
        "sign",
        re.compile(
            r"\b(?:sign(?:ed|s|ing)?|inked|countersigned)\b|\b(?:struck|sealed|clinched) (?:\w+ ){0,3}?(?:agreements?|"
            r"deals?|accords?)\b|\bpresided over the (?:signing|ceremony|event)\b",
            _I,
        ),
    ),
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
            r"\b(?:held|hold|holds|holding|conducted)\b (?:\w+ ){0,3}?(?:talks|negotiations|consultations|discussions)\b|"
            r"\bnegotiat(?:ed|ing)\b|\b(?:two|three) days of talks\b|\b(?:launched|launch|began|begin|resumed|resume|"
            r"engag(?:ed|ing) in|freeze|froze|frozen|suspended) (?:[\w-]+ ){0,3}?(?:talks|negotiations)\b|"
            r"\b(?:talks|negotiations) (?:\w+ ){0,2}?on ice\b",
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
    ("meet", re.compile(r"\b(?:met|meets|meet|meetings?|summit|talks|gathering|discussed|reviewed|discussions)\b", _I)),
    (
        "commit",
        re.compile(
            r"\b(?:agreed|agree|agrees|committed|commit|commits|pledged|pledge|pledges|vowed|promised|resolved to|"
            r"reaffirmed|undertook to|intends? to|embarked on a plan|assured|(?:is|was|are|were|stands?) ready to|"
            r"secured (?:\w+ )?commitments?|stressed the need|emphasi[sz]ed the importance|underscored the need|"
            r"(?:emphasis|focus) on (?:enhancing|strengthening|deepening|expanding|improving)|"
            r"(?:upgraded|elevated|raised) the (?:status|level)|"
            r"(?:relationship|relations|ties) (?:had |has |have )?(?:become|been (?:elevated|upgraded))|"
            r"continue (?:working|to work) together|"
            r"(?:expand|expanding|deepen|deepening|strengthen|strengthening|enhance|enhancing|boost|boosting) "
            r"(?:\w+ ){0,2}?(?:cooperation|ties|partnership|relations)|"
            r"commitment to)\b|\b(?:will|would) (?:seek|pursue|deepen|enhance|expand|strengthen|cooperate|collaborate|"
            r"work|explore|support|continue|increase|boost|deliberate|establish|launch|step up|provide|fund|finance|"
            r"offer|help|train)\b",
            _I,
        ),
    ),
]
_CLASS = {
    "communique": "CommuniqueIssuance", "statement": "StatementIssuance", "sign": "Signing", "session": "DialogueSession",
    "talks": "Meeting", "host": "Visit", "visit": "Visit", "meet": "Meeting", "commit": "Commitment",
}  # fmt: skip
_POSTPONED = re.compile(
    r"\b(?:postponed|delayed|deferred|rescheduled|pushed back|freeze|froze|frozen|on ice|suspended|paused)\b", _I
)
_CANCELLED = re.compile(r"\b(?:cancell?ed|called off|scrapped|abandoned)\b", _I)
# Lower case only: "Trade Principal Secretary" and "Political and Diplomatic Ambassador" are names, not subjects.
_MILITARY = re.compile(
    r"\b(?:military|militaries|defen[cs]e|armed|troops?|army|navy|naval|weapons?|arms|counter-?terrorism|security|"
    r"surveillance|intelligence|terroris[tm]s?|interoperability)\b"
)
_DIPLOMATIC = re.compile(
    r"\b(?:diplomatic|coordination|(?:relationship|relations|ties) (?:had |has |have )?(?:become|been (?:elevated|upgraded)))\b"
)
_FUNDING = re.compile(
    r"\b(?:provide|fund\w*|financ\w*|grants?|loans?)\b[^.;]{0,40}?(?:\$|Sh\s?\d|€|£|\d (?:million|billion))|\bfinancing\b"
)
_ECONOMIC = re.compile(
    r"\b(?:econom\w*|trade|investment|business|jobs|market|tariffs?|exports?|imports?|growth|finance|financial|loans?|"
    r"infrastructure|digital)\b"
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
    """Funding: 0311 for economic projects, else the root 030; then diplomatic 032, military 0312, economic 0311."""
    if _FUNDING.search(clause):
        return "0311" if _ECONOMIC.search(clause) else "030"
    if _DIPLOMATIC.search(clause):
        return "032"
    if _MILITARY.search(clause):
        return "0312"
    if _ECONOMIC.search(clause):
        return "0311"
    return "030"


_WISH = re.compile(r"\b(?:look(?:s|ing)? forward to|hope[sd]? to|wish(?:es)? to|would like to)\b", _I)


def _status(kind: str, clause: str, sentence_text: str) -> str:
    if _CANCELLED.search(clause):
        return "Cancelled"
    if _POSTPONED.search(clause):
        return "Postponed"
    if kind == "commit" or _WISH.search(clause):
        return "StatedIntent"  # "I look forward to other meeting with President Ruto": a wish, no plan
    return "Planned" if _FUTURE_CLAUSE.search(clause) else "Completed"


def _code(kind: str, status: str, clause: str, third_place: bool, rest: str = "") -> tuple[str, str]:
    """The CAMEO code and the reason, following the codebook's distinctions (``rest``: the words after the trigger)."""
    planned = status == "Planned"
    if kind == "commit":
        if re.match(r"\W*(?:\w+\s+){0,2}?(?:meet|negotiat|talk|deliberat|discuss|consult|hold talks)", rest, _I):
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
    if kind in ("meet", "talks", "session", "visit") and status in ("Planned", "StatedIntent"):
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


_BOUNDARY = re.compile(r"[,;:“”\"]|\b(?:where|which|who|that|while|but|despite|although|though|because)\b")


def _local_clause(text: str, sentence: Sentence, begin: int, end: int) -> str:
    """The trigger's own clause, between commas and "where/which/that" ("Tai met virtually in December with
    Maina, a move the Biden administration says will deepen ...": the meeting is not future)."""
    before = list(_BOUNDARY.finditer(text, sentence.begin, begin))
    after = _BOUNDARY.search(text, end, sentence.end)
    return text[(before[-1].end() if before else sentence.begin) : (after.start() if after else sentence.end)]


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
    """The events and commitments ``sentence`` states: one per class and status, the first trigger of each."""
    taken: list[tuple[int, int]] = []
    found: list[EventProposal] = []
    here = [m for m in mentions if sentence.begin <= m.begin < sentence.end]
    context = _Context(text, sentence, here, dates, attribution, types, state_of, main_states, capitals)
    for kind, b, e in _triggers(text, sentence, here, dates):
        if any(b < te and tb < e for tb, te in taken):
            continue
        event = _propose(context, kind, b, e)
        if any(p.cls == event.cls and p.status == event.status for p in found):
            continue  # one event of a class and status per sentence ("met ... the meeting")
        found.append(event)
        taken.append((b, e))
    return found


@dataclass(frozen=True)
class _Context:
    text: str
    sentence: Sentence
    here: list[EntityMention]
    dates: list[DateMention]
    attribution: Attribution
    types: EventTypes
    state_of: dict[str, str]
    main_states: list[str]
    capitals: dict[str, str]


_SESSION_CUE = re.compile(
    r"\b(?:at|for|during|inaugural|annual|opening of)\s+(?:the\s+|a\s+|their\s+)?(?:[\w-]+\s+){0,2}$", _I
)


def _triggers(
    text: str, sentence: Sentence, here: list[EntityMention], dates: list[DateMention]
) -> list[tuple[str, int, int]]:
    """(kind, begin, end) of each trigger: a session of a named mechanism first, then the trigger words in order."""
    body = sentence.text
    out: list[tuple[str, int, int]] = []
    for m in here:  # "for the Annual Summit ...", "at the Franco-German Council of Ministers": a session
        if m.cls == "BilateralMechanism" and _SESSION_CUE.search(text[max(sentence.begin, m.begin - 40) : m.begin]):
            out.append(("session", m.begin, m.end))
    for kind, pattern in _TRIGGERS:
        for match in pattern.finditer(body):
            if _passes(kind, match, body, here, dates, sentence.begin):
                out.append((kind, sentence.begin + match.start(), sentence.begin + match.end()))
    return out


def _passes(kind: str, match: re.Match[str], body: str, here: list[EntityMention], dates: list, offset: int) -> bool:
    """Whether a trigger word states an event here (not a meeting named in passing, not "announced that")."""
    word = match.group(0).casefold()
    if kind == "meet" and word in ("meeting", "meetings", "summit", "talks", "gathering"):
        named = re.match(r"\s+(?:\w+\s+){0,1}(?:between|with)\b", body[match.end() :]) or re.search(
            r"\b(?:recent|previous|earlier|other|another|the)\s+$", body[: match.start()], _I
        )
        held = re.search(r"\b(?:held|hold|took place|set to|will|attend\w*|during|at the)\b", body, _I)
        if not (dates or held or named):
            return False  # a meeting named in passing, with no time or holding
    if kind == "statement" and re.match(r"announced\s+(?:that|it|plans)\b", body[match.start() :], _I):
        return False  # "X announced that ..." reports speech
    hosted = any(m.cls in ("Person", "Delegation") for m in here if m.begin > offset + match.end())
    return kind != "host" or hosted  # "hosted" needs the guest named after it


def _propose(c: _Context, kind: str, b: int, e: int) -> EventProposal:
    text, sentence = c.text, c.sentence
    clause = _clause(text, sentence, b, e)
    local = _local_clause(text, sentence, b, e)
    status = _status(kind, local, sentence.text)
    parties = _parties(c, kind, clause)
    people = [m for m in c.here if m.cls == "Person"]
    place, third = _place(c, parties)
    code_clause = text[text.find(local, sentence.begin) if local else b : sentence.end] if kind == "commit" else clause
    code, why_code = _code(kind, status, code_clause, third, text[e : sentence.end])
    date = min(c.dates, key=lambda d: abs(d.begin - b)) if c.dates and kind != "commit" else None
    cls = _CLASS[kind]
    attribution = at_trigger(text, sentence, c.attribution, b, c.here)
    return EventProposal(
        name=slug(f"{cls}-{date.start if date else ''}-{'-'.join(parties[:2])}-s{sentence.index}"), cls=cls,
        label=_label(cls, kind, sentence.text, c.here, date, parties), kind=kind, code=code,
        event_type=c.types.get(code), status=status, sentence=sentence.index, trigger=text[b:e], trigger_begin=b,
        trigger_end=e, attribution=attribution, parties=parties, participants=[m.ref for m in people], place=place,
        date=date, signs=_objects(c, kind, b), content=clause.strip() if kind == "commit" else None,
        why=f"trigger '{text[b:e]}' -> {cls}; {why_code}; status {status}"
        + (" (a future or planned clause)" if status == "Planned" else ""),
    )  # fmt: skip


def _parties(c: _Context, kind: str, clause: str) -> list[str]:
    """The states of the event: named, those of the people named, "the two countries", or the speakers."""
    parties = [m.ref for m in c.here if m.cls == "State"]
    if kind != "commit":  # the states of the people named take part too
        for m in c.here:
            state = c.state_of.get(m.iri or "") or c.state_of.get(m.new or "") if m.cls == "Person" else None
            if state:
                parties.append(state.rsplit("/", 1)[-1])
    if re.search(r"\b(?:the two|both) (?:countries|governments|sides|nations|states|leaders|presidents)\b", clause, _I):
        parties = [*c.main_states[:2], *parties]
    elif re.search(r"\b[Tt]hey\b", clause) and not parties:
        parties = list(c.main_states[:2])
    if kind == "session" and len(set(parties)) < 2:  # a session of a bilateral mechanism: the article's two states
        parties = [*c.main_states[:2], *parties]
    if kind == "commit" and not parties:  # a commitment needs a committing party
        if re.search(r"\b(?:[Ww]e|[Tt]hey|[Oo]ur|[Tt]heir)\b", clause) or not c.attribution.speakers:
            parties = list(c.main_states[:2])
        else:
            parties = list(c.attribution.speakers)
    return list(dict.fromkeys(parties))


def _place(c: _Context, parties: list[str]) -> tuple[str | None, bool]:
    """The place named in the sentence, and whether it lies in a third state (044)."""
    places = [m for m in c.here if m.cls in ("City", "Place")]
    if not places:
        return None, False
    place_state = c.state_of.get(places[0].iri or "") or c.capitals.get(places[0].text)
    third = bool(place_state and parties) and (place_state or "").rsplit("/", 1)[-1] not in parties
    return places[0].ref, third


_SIGNED = ("Agreement", "ActionPlan", "TradeFramework", "Framework", "SecurityGovernanceFramework")


def _objects(c: _Context, kind: str, b: int) -> list[str]:
    """What a signing signs, the document an issuing issues, the mechanism a session belongs to."""
    if kind == "sign":
        return [m.ref for m in c.here if m.cls in _SIGNED and m.begin > b]
    if kind in ("statement", "communique"):
        signs = [m.ref for m in c.here if m.cls in ("Statement", "JointCommunique")]
        return signs or ([slug(c.attribution.document)] if c.attribution.document else [])
    if kind == "session":
        return [m.ref for m in c.here if m.cls == "BilateralMechanism"][:1]
    return []


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
