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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import ProjectError
from relgraph.namespaces import PREFIXES, REL, RELD
from relgraph.paths import Project, bundled_project

__all__ = ["CorpusInfo", "generate_corpus", "refresh_corpus"]

GENERATOR = "relgraph.synthetic"

# ----- the world: every ISO 3166-1 entry, with an English short name -------------------------------
# From Debian's iso-codes (iso_3166-1.json, its common names where it has them), a few names shortened.

_STATES_TABLE = (
    "ABW:Aruba;AFG:Afghanistan;AGO:Angola;AIA:Anguilla;ALA:Åland Islands;ALB:Albania;AND:Andorra;"
    "ARE:United Arab Emirates;ARG:Argentina;ARM:Armenia;ASM:American Samoa;ATA:Antarctica;"
    "ATF:French Southern Territories;ATG:Antigua and Barbuda;AUS:Australia;AUT:Austria;AZE:Azerbaijan;"
    "BDI:Burundi;BEL:Belgium;BEN:Benin;BES:Caribbean Netherlands;BFA:Burkina Faso;BGD:Bangladesh;"
    "BGR:Bulgaria;BHR:Bahrain;BHS:Bahamas;BIH:Bosnia and Herzegovina;BLM:Saint Barthélemy;BLR:Belarus;"
    "BLZ:Belize;BMU:Bermuda;BOL:Bolivia;BRA:Brazil;BRB:Barbados;BRN:Brunei;BTN:Bhutan;BVT:Bouvet Island;"
    "BWA:Botswana;CAF:Central African Republic;CAN:Canada;CCK:Cocos Islands;CHE:Switzerland;CHL:Chile;"
    "CHN:China;CIV:Côte d'Ivoire;CMR:Cameroon;COD:Democratic Republic of the Congo;COG:Congo;"
    "COK:Cook Islands;COL:Colombia;COM:Comoros;CPV:Cabo Verde;CRI:Costa Rica;CUB:Cuba;CUW:Curaçao;"
    "CXR:Christmas Island;CYM:Cayman Islands;CYP:Cyprus;CZE:Czechia;DEU:Germany;DJI:Djibouti;"
    "DMA:Dominica;DNK:Denmark;DOM:Dominican Republic;DZA:Algeria;ECU:Ecuador;EGY:Egypt;ERI:Eritrea;"
    "ESH:Western Sahara;ESP:Spain;EST:Estonia;ETH:Ethiopia;FIN:Finland;FJI:Fiji;FLK:Falkland Islands;"
    "FRA:France;FRO:Faroe Islands;FSM:Micronesia;GAB:Gabon;GBR:United Kingdom;GEO:Georgia;GGY:Guernsey;"
    "GHA:Ghana;GIB:Gibraltar;GIN:Guinea;GLP:Guadeloupe;GMB:Gambia;GNB:Guinea-Bissau;"
    "GNQ:Equatorial Guinea;GRC:Greece;GRD:Grenada;GRL:Greenland;GTM:Guatemala;GUF:French Guiana;"
    "GUM:Guam;GUY:Guyana;HKG:Hong Kong;HMD:Heard Island and McDonald Islands;HND:Honduras;HRV:Croatia;"
    "HTI:Haiti;HUN:Hungary;IDN:Indonesia;IMN:Isle of Man;IND:India;IOT:British Indian Ocean Territory;"
    "IRL:Ireland;IRN:Iran;IRQ:Iraq;ISL:Iceland;ISR:Israel;ITA:Italy;JAM:Jamaica;JEY:Jersey;JOR:Jordan;"
    "JPN:Japan;KAZ:Kazakhstan;KEN:Kenya;KGZ:Kyrgyzstan;KHM:Cambodia;KIR:Kiribati;"
    "KNA:Saint Kitts and Nevis;KOR:South Korea;KWT:Kuwait;LAO:Laos;LBN:Lebanon;LBR:Liberia;LBY:Libya;"
    "LCA:Saint Lucia;LIE:Liechtenstein;LKA:Sri Lanka;LSO:Lesotho;LTU:Lithuania;LUX:Luxembourg;"
    "LVA:Latvia;MAC:Macao;MAF:Saint Martin;MAR:Morocco;MCO:Monaco;MDA:Moldova;MDG:Madagascar;"
    "MDV:Maldives;MEX:Mexico;MHL:Marshall Islands;MKD:North Macedonia;MLI:Mali;MLT:Malta;MMR:Myanmar;"
    "MNE:Montenegro;MNG:Mongolia;MNP:Northern Mariana Islands;MOZ:Mozambique;MRT:Mauritania;"
    "MSR:Montserrat;MTQ:Martinique;MUS:Mauritius;MWI:Malawi;MYS:Malaysia;MYT:Mayotte;NAM:Namibia;"
    "NCL:New Caledonia;NER:Niger;NFK:Norfolk Island;NGA:Nigeria;NIC:Nicaragua;NIU:Niue;NLD:Netherlands;"
    "NOR:Norway;NPL:Nepal;NRU:Nauru;NZL:New Zealand;OMN:Oman;PAK:Pakistan;PAN:Panama;PCN:Pitcairn;"
    "PER:Peru;PHL:Philippines;PLW:Palau;PNG:Papua New Guinea;POL:Poland;PRI:Puerto Rico;"
    "PRK:North Korea;PRT:Portugal;PRY:Paraguay;PSE:Palestine;PYF:French Polynesia;QAT:Qatar;"
    "REU:Réunion;ROU:Romania;RUS:Russia;RWA:Rwanda;SAU:Saudi Arabia;SDN:Sudan;SEN:Senegal;SGP:Singapore;"
    "SGS:South Georgia and the South Sandwich Islands;SHN:Saint Helena;SJM:Svalbard and Jan Mayen;"
    "SLB:Solomon Islands;SLE:Sierra Leone;SLV:El Salvador;SMR:San Marino;SOM:Somalia;"
    "SPM:Saint Pierre and Miquelon;SRB:Serbia;SSD:South Sudan;STP:Sao Tome and Principe;SUR:Suriname;"
    "SVK:Slovakia;SVN:Slovenia;SWE:Sweden;SWZ:Eswatini;SXM:Sint Maarten;SYC:Seychelles;SYR:Syria;"
    "TCA:Turks and Caicos Islands;TCD:Chad;TGO:Togo;THA:Thailand;TJK:Tajikistan;TKL:Tokelau;"
    "TKM:Turkmenistan;TLS:Timor-Leste;TON:Tonga;TTO:Trinidad and Tobago;TUN:Tunisia;TUR:Türkiye;"
    "TUV:Tuvalu;TWN:Taiwan;TZA:Tanzania;UGA:Uganda;UKR:Ukraine;UMI:United States Minor Outlying Islands;"
    "URY:Uruguay;USA:United States;UZB:Uzbekistan;VAT:Holy See;VCT:Saint Vincent and the Grenadines;"
    "VEN:Venezuela;VGB:British Virgin Islands;VIR:United States Virgin Islands;VNM:Vietnam;VUT:Vanuatu;"
    "WLF:Wallis and Futuna;WSM:Samoa;YEM:Yemen;ZAF:South Africa;ZMB:Zambia;ZWE:Zimbabwe;"
)

_CAPITALS = {
    "KEN": "Nairobi",
    "USA": "Washington",
    "FRA": "Paris",
    "DEU": "Berlin",
    "GBR": "London",
    "CHN": "Beijing",
    "JPN": "Tokyo",
    "IND": "New Delhi",
    "BRA": "Brasília",
    "ZAF": "Pretoria",
    "NGA": "Abuja",
    "ETH": "Addis Ababa",
    "EGY": "Cairo",
    "RUS": "Moscow",
    "TUR": "Ankara",
    "SAU": "Riyadh",
    "ARE": "Abu Dhabi",
    "TZA": "Dodoma",
    "UGA": "Kampala",
    "RWA": "Kigali",
    "CAN": "Ottawa",
    "MEX": "Mexico City",
    "ARG": "Buenos Aires",
    "AUS": "Canberra",
    "IDN": "Jakarta",
    "KOR": "Seoul",
    "ITA": "Rome",
    "ESP": "Madrid",
    "NLD": "The Hague",
    "BEL": "Brussels",
    "SWE": "Stockholm",
    "NOR": "Oslo",
    "POL": "Warsaw",
    "UKR": "Kyiv",
    "PAK": "Islamabad",
    "GHA": "Accra",
    "SEN": "Dakar",
    "MAR": "Rabat",
    "DZA": "Algiers",
    "SOM": "Mogadishu",
    "SSD": "Juba",
    "QAT": "Doha",
    "ISR": "Jerusalem",
    "IRN": "Tehran",
    "VNM": "Hanoi",
    "THA": "Bangkok",
    "SGP": "Singapore",
}

# States that news about relations mentions most, most often first (the rest follow in a seeded order).
_PROMINENT = (
    "USA",
    "KEN",
    "CHN",
    "GBR",
    "FRA",
    "DEU",
    "RUS",
    "IND",
    "JPN",
    "ZAF",
    "NGA",
    "ETH",
    "TUR",
    "BRA",
    "SAU",
    "ARE",
    "EGY",
    "TZA",
    "UGA",
    "CAN",
    "ITA",
    "KOR",
    "AUS",
    "IDN",
    "MEX",
    "RWA",
    "SOM",
    "QAT",
    "ISR",
    "PAK",
)

_FIRST_NAMES = [
    "Amina",
    "Peter",
    "Grace",
    "John",
    "Fatuma",
    "David",
    "Wanjiru",
    "James",
    "Aisha",
    "Daniel",
    "Mary",
    "Samuel",
    "Leila",
    "Ahmed",
    "Sofia",
    "Lucas",
    "Chen",
    "Wei",
    "Yuki",
    "Hiroshi",
    "Priya",
    "Arjun",
    "Olga",
    "Ivan",
    "Elena",
    "Marco",
    "Ana",
    "Carlos",
    "Lucia",
    "Pierre",
    "Claire",
    "Hans",
    "Ingrid",
    "Lars",
    "Maria",
    "Jose",
    "Fernanda",
    "Kofi",
    "Ama",
    "Kwame",
    "Nadia",
    "Omar",
    "Hassan",
    "Zainab",
    "Ibrahim",
    "Ruth",
    "Joseph",
    "Esther",
    "Musa",
    "Halima",
    "Tomas",
    "Eva",
    "Anders",
    "Kerstin",
    "Rafael",
    "Beatriz",
    "Mehmet",
    "Ayse",
    "Dmitri",
    "Svetlana",
    "Kenji",
    "Akiko",
    "Rahul",
    "Anjali",
    "Kwabena",
    "Efua",
    "Tariq",
    "Salma",
]
_LAST_NAMES = [
    "Otieno",
    "Kamau",
    "Mwangi",
    "Njoroge",
    "Achieng",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Martinez",
    "Dubois",
    "Laurent",
    "Muller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Silva",
    "Santos",
    "Ivanov",
    "Petrova",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Kim",
    "Park",
    "Lee",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Singh",
    "Patel",
    "Sharma",
    "Gupta",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Asante",
    "Diallo",
    "Traore",
    "Haddad",
    "Nasser",
    "Yilmaz",
    "Demir",
    "Kowalski",
    "Nowak",
    "Andersson",
    "Johansson",
    "Hansen",
    "Larsen",
    "Novak",
    "Horvat",
    "Popescu",
    "Georgiou",
    "Papadopoulos",
    "Cohen",
    "Levi",
    "Mbeki",
    "Dlamini",
    "Nkosi",
    "Banda",
    "Phiri",
    "Mutua",
    "Kariuki",
    "Wafula",
    "Chebet",
    "Kiprono",
    "Abdi",
    "Hussein",
    "Farah",
    "Mohamed",
    "Ali",
    "Khan",
    "Rahman",
    "Hossain",
    "Nguyen",
    "Tran",
    "Pham",
    "Santos",
    "Reyes",
    "Cruz",
    "Fernandez",
    "Lopez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
]

_AFRICA = frozenset(
    [
        "AGO",
        "BDI",
        "BEN",
        "BFA",
        "BWA",
        "CAF",
        "CIV",
        "CMR",
        "COD",
        "COG",
        "COM",
        "CPV",
        "DJI",
        "DZA",
        "EGY",
        "ERI",
        "ETH",
        "GAB",
        "GHA",
        "GIN",
        "GMB",
        "GNB",
        "GNQ",
        "KEN",
        "LBR",
        "LBY",
        "LSO",
        "MAR",
        "MDG",
        "MLI",
        "MOZ",
        "MRT",
        "MUS",
        "MWI",
        "NAM",
        "NER",
        "NGA",
        "RWA",
        "SDN",
        "SEN",
        "SLE",
        "SOM",
        "SSD",
        "STP",
        "SWZ",
        "SYC",
        "TCD",
        "TGO",
        "TUN",
        "TZA",
        "UGA",
        "ZAF",
        "ZMB",
        "ZWE",
    ]
)

# ----- what the articles talk about ----------------------------------------------------------------
# Pillars: the four of the bundled article (the same IRIs and labels) and more of the same kind.
_PILLARS = (
    # (IRI, label, CAMEO code of the intent to cooperate on it, the adjective a headline uses)
    (
        "reld:pillar-economic-prosperity-trade-and-investment",
        "Economic Prosperity, Trade and Investment",
        "0311",
        "economic",
    ),
    ("reld:pillar-defence-cooperation", "Defence Cooperation", "0312", "military"),
    (
        "reld:pillar-democracy-governance-and-civilian-security",
        "Democracy, Governance and Civilian Security",
        "030",
        "governance",
    ),
    ("reld:pillar-multilateral-and-regional-issues", "Multilateral and Regional Issues", "030", "diplomatic"),
    ("reld:pillar-energy-and-infrastructure", "Energy and Infrastructure", "0311", "energy"),
    ("reld:pillar-health", "Health", "030", "health"),
    ("reld:pillar-climate-and-environment", "Climate and Environment", "030", "climate"),
    ("reld:pillar-education-and-culture", "Education and Culture", "030", "cultural"),
    ("reld:pillar-agriculture-and-food-security", "Agriculture and Food Security", "0311", "agricultural"),
    ("reld:pillar-counter-terrorism", "Counter-Terrorism", "0312", "counter-terrorism"),
    ("reld:pillar-migration-and-mobility", "Migration and Mobility", "030", "migration"),
    ("reld:pillar-science-and-technology", "Science and Technology", "0311", "technology"),
)
_SEED_PILLARS = 4  # the first four are the bundled article's, in its scheme

_COMMITMENTS = (
    (
        "deepen economic ties by expanding market access for each other's exports",
        "double bilateral trade within five years",
        "set up a joint investment promotion council",
    ),
    (
        "enhance cooperation in strengthening military responses to regional security challenges",
        "hold joint naval exercises",
        "train officers at each other's staff colleges",
    ),
    (
        "deliberate on shared democratic values and anti-corruption efforts",
        "support electoral institutions with technical assistance",
        "increase civilian security cooperation",
    ),
    (
        "coordinate positions in multilateral fora such as the United Nations",
        "pursue a stronger diplomatic partnership that upholds a rules-based order",
    ),
    ("finance a regional power interconnector", "expand cooperation on renewable energy"),
    ("strengthen disease surveillance and vaccine supply", "train health workers"),
    ("cooperate on climate adaptation finance", "protect shared water resources"),
    ("expand scholarships for students", "open cultural centres in each other's capitals"),
    ("improve food security through joint research", "ease phytosanitary barriers to trade"),
    ("share intelligence on violent extremism", "secure their borders against trafficking"),
    ("ease visa requirements for business travellers", "protect the rights of migrant workers"),
    ("build technical capacity in the digital economy", "cooperate on space research"),
)

_MECHANISM_KINDS = (
    "Joint Commission",
    "Strategic Dialogue",
    "Binational Commission",
    "Political Consultations",
    "Joint Cooperation Committee",
)

# Posts: (key, title, class, ministry key or None for the government itself)
_ROLES = (
    ("president", "President", "rel:HeadOfStatePost", None),
    ("foreign", "Minister of Foreign Affairs", "rel:MinisterialPost", "foreign-affairs"),
    ("defence", "Minister of Defence", "rel:MinisterialPost", "defence"),
    ("trade", "Minister of Trade", "rel:MinisterialPost", "trade"),
)
_MINISTRIES = {"foreign-affairs": "Foreign Affairs", "defence": "Defence", "trade": "Trade"}
_HEAD, _FOREIGN = 0, 1

# Frameworks a dyad can share: (key, label pattern, class, pillar, years it runs)
_FRAMEWORKS = (
    (
        "trade-and-investment-framework",
        "{a}–{b} Trade and Investment Framework Agreement",
        "rel:TradeFramework",
        0,
        (8, 15),
    ),
    ("defence-cooperation-agreement", "{a}–{b} Defence Cooperation Agreement", "rel:Agreement", 1, (5, 10)),
    ("security-governance-action-plan", "{a}–{b} Security Governance Action Plan", "rel:ActionPlan", 2, (3, 6)),
    ("security-partnership", "{a}–{b} Security Partnership", "rel:SecurityGovernanceFramework", 9, (5, 10)),
)

# What becomes of a plan, and how often.
_OUTCOMES = {
    "session": (("Completed", 80), ("Postponed", 15), ("Cancelled", 5)),
    "meeting": (("Completed", 85), ("Postponed", 10), ("Cancelled", 5)),
    "signing": (("Completed", 75), ("Postponed", 15), ("Cancelled", 10)),
    "communique": (("Completed", 85), ("Cancelled", 15)),
    "visit": (("Completed", 70), ("Postponed", 20), ("Cancelled", 10)),
    "commitment": (("Completed", 50), ("Postponed", 30), ("Cancelled", 20)),
}
_DONE = {
    "session": "was held in {place} on {date}",
    "meeting": "was held in {place} on {date}",
    "signing": "took place on {date}",
    "communique": "was issued on {date}",
    "visit": "went ahead on {date}",
}

_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_START = dt.date(2010, 1, 4)
_SPAN_DAYS = 15 * 365
_BSD_FROM = dt.date(2019, 5, 9)  # the Kenya-US dyad talks in the bundled article's BSD after its first session
_TRIPLES_PER_ARTICLE = 230  # a first guess; the real average steers when to stop


def _ordinal(n: int) -> str:
    if n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _say_date(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----- Turtle, written by hand (fast, and the same bytes every time) -------------------------------


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _en(text: str) -> str:
    return _lit(text) + "@en"


def _date(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def _typed(value: int, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


_HEADER_PREFIXES = ("reld", "rel", "rdfs", "xsd", "dcterms", "skos", "org", "schema", "foaf", "time")


class _Doc:
    """The triples of one article file, subject by subject, without repeats."""

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, list[str]]] = {}
        self.count = 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        objects = self.subjects.setdefault(subject, {}).setdefault(predicate, [])
        if obj not in objects:
            objects.append(obj)
            self.count += 1

    def turtle(self, header: str) -> str:
        out = [header]
        for subject, predicates in self.subjects.items():
            body = " ;\n    ".join(f"{p} {', '.join(objs)}" for p, objs in predicates.items())
            out.append(f"{subject}\n    {body} .\n")
        return "\n".join(out)


# ----- the world model -----------------------------------------------------------------------------


@dataclass(eq=False)
class _State:
    iso3: str
    name: str
    local: str  # local name under reld:
    capital: str | None

    @property
    def iri(self) -> str:
        return f"reld:{self.local}"


@dataclass(eq=False)
class _Tenure:
    person: str
    name: str
    state: _State
    role: int
    begin: dt.date
    end: dt.date  # articles dated before it do not know it


@dataclass(eq=False)
class _Mechanism:
    iri: str
    label: str
    a: _State
    b: _State
    pillars: tuple[int, ...]
    relation: str
    sessions: int = 0
    session_iri: str = "{mechanism}-session-{n}"


@dataclass(eq=False)
class _Framework:
    iri: str
    label: str
    cls: str
    a: _State
    b: _State
    expires: int
    pillar: int


@dataclass(eq=False)
class _Plan:
    """Something an article said would happen, for a later article to report on."""

    kind: str  # session, meeting, signing, communique, visit, commitment
    iri: str
    cls: str
    label: str
    phrase: str  # how a follow-up sentence names it
    due: dt.date
    a: _State
    b: _State
    event_type: str
    place: str = "the capital"
    end: dt.date | None = None  # the last day, where the plan gave one
    mechanism: _Mechanism | None = None  # a session's mechanism
    postponed: bool = False


_PICK_TRIES = 64  # weighted draws before pick_state falls back to a plain choice among the states left


class _World:
    """Everything that outlives one article: states, office holders, mechanisms, open plans."""

    def __init__(self, seed: int, event_types: dict[str, str]) -> None:
        self.seed = seed
        self.rng = rng = random.Random(seed)
        self.event_types = event_types
        self.states: list[_State] = []
        for entry in _STATES_TABLE.rstrip(";").split(";"):
            iso3, name = entry.split(":", 1)
            local = {"KEN": "kenya", "USA": "united-states"}.get(iso3, iso3.lower())
            self.states.append(_State(iso3, name, local, _CAPITALS.get(iso3)))
        self.state_iris = {s.iri for s in self.states}
        by_iso = {s.iso3: s for s in self.states}
        self.by_iso = by_iso
        rest = [s for s in self.states if s.iso3 not in _PROMINENT]
        rng.shuffle(rest)
        self.ranked = [by_iso[i] for i in _PROMINENT] + rest
        # The k-th most prominent state is in the news about 1/k^0.8 as often as the first.
        self.cumulative: list[float] = []
        total = 0.0
        for k in range(len(self.ranked)):
            total += 1.0 / (k + 1) ** 0.8
            self.cumulative.append(total)
        self.unnamed = list(self.states)  # states no article has named yet
        rng.shuffle(self.unnamed)
        self.tenures: dict[tuple[str, int], list[_Tenure]] = {}
        self.names: set[str] = set()
        self.named: set[str] = set()  # persons some article has named
        self.mechanisms: dict[tuple[str, str], _Mechanism] = {}
        self.frameworks: dict[tuple[str, str, int], _Framework] = {}
        self.plans: list[_Plan] = []
        self.counters: dict[str, int] = {}
        kenya, usa = by_iso["KEN"], by_iso["USA"]
        self.bsd = _Mechanism(
            "reld:bilateral-strategic-dialogue",
            "Kenya–United States Bilateral Strategic Dialogue",
            kenya,
            usa,
            (0, 1, 2, 3),
            "reld:kenya-us-relations",
            sessions=1,
            session_iri="reld:bsd-session-{n}",
        )
        # The bundled article's planned session: a later article says what became of it.
        self.plans.append(
            _Plan(
                "session",
                "reld:bsd-session-1",
                "rel:DialogueSession",
                "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019",
                "the inaugural session of the Kenya–US Bilateral Strategic Dialogue",
                dt.date(2019, 5, 7),
                kenya,
                usa,
                self.event_type("040"),
                "Washington",
                dt.date(2019, 5, 8),
                self.bsd,
            )
        )

    def event_type(self, cameo: str) -> str:
        found = self.event_types.get(cameo) or self.event_types.get(cameo[:3]) or self.event_types.get("040")
        if found is None:
            raise ProjectError("The ontology has no rel:EventType individuals with CAMEO codes to type events with.")
        return found

    def next_id(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def pick_state(self, *, avoid: tuple[_State, ...] = ()) -> _State:
        """A state by prominence, not one of ``avoid`` (unless ``avoid`` holds every state)."""
        for _ in range(_PICK_TRIES):
            x = self.rng.random() * self.cumulative[-1]
            lo, hi = 0, len(self.cumulative) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if self.cumulative[mid] < x:
                    lo = mid + 1
                else:
                    hi = mid
            if self.ranked[lo] not in avoid:
                return self.ranked[lo]
        # Nearly every state is avoided (a small corpus names them all in its first articles,
        # and a summit's guests are those newcomers): pick among the rest, or among all.
        left = [s for s in self.ranked if s not in avoid]
        return self.rng.choice(left or self.ranked)

    def pick_pair(self) -> tuple[_State, _State]:
        """Two states in the news together: often a pair that already talks, else a new pair."""
        if self.mechanisms and self.rng.random() < 0.6:
            mech = self.mechanisms[self.rng.choice(list(self.mechanisms))]
            return (mech.a, mech.b) if self.rng.random() < 0.5 else (mech.b, mech.a)
        a = self.pick_state()
        return a, self.pick_state(avoid=(a,))

    def _new_person(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
            if name in self.names:
                name = f"{rng.choice(_FIRST_NAMES)} {chr(65 + rng.randrange(26))}. {name.split()[-1]}"
            if name not in self.names:
                self.names.add(name)
                return f"reld:{_slug(name)}", name

    def holder(self, state: _State, role: int, day: dt.date) -> _Tenure:
        """Who holds the post on ``day``: posts change hands every two to seven years."""
        chain = self.tenures.setdefault((state.iso3, role), [])
        if not chain:
            chain.append(self._tenure(state, role, _START - dt.timedelta(days=self.rng.randrange(200, 2000))))
        while chain[-1].end <= day:
            chain.append(self._tenure(state, role, chain[-1].end))
        for tenure in reversed(chain):
            if tenure.begin <= day:
                return tenure
        return chain[0]

    def _tenure(self, state: _State, role: int, begin: dt.date) -> _Tenure:
        person, name = self._new_person()
        end = begin + dt.timedelta(days=self.rng.randrange(2 * 365, 7 * 365))
        return _Tenure(person, name, state, role, begin, end)

    def mechanism(self, a: _State, b: _State, day: dt.date) -> _Mechanism:
        first, second = (a, b) if a.iso3 < b.iso3 else (b, a)
        if (first.iso3, second.iso3) == ("KEN", "USA") and day >= _BSD_FROM:
            return self.bsd
        found = self.mechanisms.get((first.iso3, second.iso3))
        if found is None:
            kind = self.rng.choice(_MECHANISM_KINDS)
            pillars = tuple(sorted(self.rng.sample(range(len(_PILLARS)), self.rng.randrange(2, 5))))
            relation = (
                "reld:kenya-us-relations"
                if (first.iso3, second.iso3) == ("KEN", "USA")
                else f"reld:{first.local}-{second.local}-relations"
            )
            found = _Mechanism(
                f"reld:{_slug(kind)}-{first.local}-{second.local}",
                f"{first.name}–{second.name} {kind}",
                first,
                second,
                pillars,
                relation,
            )
            self.mechanisms[(first.iso3, second.iso3)] = found
        return found

    def framework(self, a: _State, b: _State, kind: int, day: dt.date) -> _Framework:
        first, second = (a, b) if a.iso3 < b.iso3 else (b, a)
        found = self.frameworks.get((first.iso3, second.iso3, kind))
        if found is None or found.expires < day.year:
            key, pattern, cls, pillar, (lo, hi) = _FRAMEWORKS[kind]
            generation = int(found.iri.rsplit("-", 1)[1]) + 1 if found else 1
            label = pattern.format(a=first.name, b=second.name) + (f" ({day.year})" if generation > 1 else "")
            found = _Framework(
                f"reld:{key}-{first.local}-{second.local}-{generation}",
                label,
                cls,
                first,
                second,
                day.year + self.rng.randrange(lo, hi),
                pillar,
            )
            self.frameworks[(first.iso3, second.iso3, kind)] = found
        return found

    def add_plan(self, plan: _Plan) -> None:
        index = len(self.plans)
        while index and self.plans[index - 1].due > plan.due:
            index -= 1
        self.plans.insert(index, plan)

    def due_plans(self, day: dt.date, a: _State, b: _State, limit: int) -> list[_Plan]:
        """Plans due before ``day`` to report on (the article's own pair first); stale ones are forgotten."""
        due: list[_Plan] = []
        for plan in self.plans:
            if plan.due >= day:
                break
            due.append(plan)
        fresh = [p for p in due if (day - p.due).days <= 120 or p.iri == "reld:bsd-session-1"]
        pair = {a.iso3, b.iso3}
        chosen = [p for p in fresh if {p.a.iso3, p.b.iso3} == pair][:limit]
        chosen += [p for p in fresh if p not in chosen][: limit - len(chosen)]
        gone = set(map(id, chosen)) | {id(p) for p in due if p not in fresh}
        self.plans = [p for p in self.plans if id(p) not in gone]
        return chosen


# ----- one article -------------------------------------------------------------------------------------


class _Article:
    """One article's text and triples, built together so every mention's offsets are right."""

    def __init__(self, world: _World, number: int, day: dt.date) -> None:
        self.world = world
        self.rng = world.rng
        self.number = number
        self.day = day
        self.local = f"article-{number:06d}"
        self.iri = f"reld:{self.local}"
        self.doc = _Doc()
        dateline = f"date {day.isoformat()} "
        self.parts = [dateline]
        self.position = len(dateline)
        self.sentences = 0
        self.described: set[str] = set()
        self.claims = 0

    # --- text and mentions
    def sentence(self, text: str, mode: str, by: str | None = None, quoted_from: str | None = None) -> str:
        """Add a sentence (a paragraph of its own); returns its mention's IRI."""
        if self.sentences:
            self.parts.append("\n\n")
            self.position += 2
        begin = self.position
        self.parts.append(text)
        self.position += len(text)
        self.sentences += 1
        mention = f"<{RELD}{self.local}#char={begin},{self.position}>"
        add = self.doc.add
        add(mention, "a", "rel:Mention")
        add(mention, "rel:inArticle", self.iri)
        add(mention, "rel:sentenceIndex", _typed(self.sentences, "positiveInteger"))
        add(mention, "rel:beginIndex", _typed(begin, "nonNegativeInteger"))
        add(mention, "rel:endIndex", _typed(self.position, "nonNegativeInteger"))
        add(mention, "rel:exactText", _lit(text))
        add(mention, "rel:attributionMode", f"rel:{mode}")
        if by:
            add(mention, "rel:attributedTo", by)
        if quoted_from:
            add(mention, "rel:quotedFrom", quoted_from)
        return mention

    def once(self, iri: str) -> bool:
        """True the first time an entity is met in this article (describe it then)."""
        if iri in self.described:
            return False
        self.described.add(iri)
        return True

    # --- entities
    def state(self, state: _State) -> str:
        if self.once(state.iri):
            add = self.doc.add
            add(state.iri, "a", "rel:State")
            add(state.iri, "rdfs:label", _en(state.name))
            add(state.iri, "rel:iso3166Alpha3", _lit(state.iso3))
        return state.iri

    def place(self, state: _State) -> str:
        """The capital where there is one, else the state's territory."""
        add = self.doc.add
        territory = f"reld:{state.local}-territory"
        if self.once(territory):
            add(territory, "a", "rel:Place")
            add(territory, "rdfs:label", _en(f"{state.name} (territory)"))
            add(territory, "rel:territoryOf", self.state(state))
        if state.capital is None:
            return territory
        if state.iso3 == "USA":
            city, label = "reld:washington-dc", "Washington, D.C."
        else:
            city, label = f"reld:{_slug(state.capital)}-{state.local}", state.capital
        if self.once(city):
            add(city, "a", "rel:City")
            add(city, "rdfs:label", _en(label))
            add(city, "rel:locatedIn", territory)
        return city

    def government(self, state: _State) -> str:
        iri = f"reld:government-of-{state.local}"
        if self.once(iri):
            add = self.doc.add
            add(iri, "a", "rel:GovernmentBody")
            add(iri, "rdfs:label", _en(f"Government of {state.name}"))
            add(iri, "rel:governmentBodyOf", self.state(state))
        return iri

    def ministry(self, state: _State, key: str) -> str:
        iri = f"reld:ministry-of-{key}-{state.local}"
        if self.once(iri):
            add = self.doc.add
            add(iri, "a", "rel:Ministry")
            add(iri, "rdfs:label", _en(f"Ministry of {_MINISTRIES[key]} ({state.name})"))
            add(iri, "rel:governmentBodyOf", self.state(state))
            add(iri, "org:subOrganizationOf", self.government(state))
        return iri

    def post(self, state: _State, role: int) -> tuple[str, str]:
        """The post's IRI and title."""
        _, title, cls, ministry = _ROLES[role]
        if state.iso3 == "KEN" and role == _FOREIGN:
            iri, title = "reld:post-cabinet-secretary-foreign-affairs-kenya", "Cabinet Secretary for Foreign Affairs"
        elif state.iso3 == "USA" and role == _HEAD:
            iri = "reld:post-president-of-the-united-states"
        else:
            iri = f"reld:post-{_slug(title)}-{state.local}"
        if self.once(iri):
            add = self.doc.add
            label = (
                "President of the United States"
                if state.iso3 == "USA" and role == _HEAD
                else (f"President of {state.name}" if role == _HEAD else f"{title} ({state.name})")
            )
            add(iri, "a", cls)
            add(iri, "rdfs:label", _en(label))
            add(iri, "org:postIn", self.ministry(state, ministry) if ministry else self.government(state))
            add(iri, "rel:postOfState", self.state(state))
        return iri, title

    def official(self, state: _State, role: int, mention: str | None, day: dt.date | None = None) -> _Tenure:
        """Who held a post on a day, with their tenure as far as the article's date knows it."""
        on = day or self.day
        tenure = self.world.holder(state, role, on)
        post, _ = self.post(state, role)
        add = self.doc.add
        if self.once(tenure.person):
            self.world.named.add(tenure.person)
            add(tenure.person, "a", "rel:Person")
            add(tenure.person, "rdfs:label", _en(tenure.name))
            add(tenure.person, "foaf:name", _lit(tenure.name))
            add(tenure.person, "org:holds", post)
        t = f"{tenure.person}-{post[len('reld:post-') :]}"
        t = "reld:tenure-" + t[len("reld:") :]
        if self.once(t):
            add(t, "a", "rel:Tenure")
            add(t, "rdfs:label", _en(f"{tenure.name} as {self._post_label(state, role)}"))
            add(t, "rel:holder", tenure.person)
            add(t, "rel:post", post)
            interval = t + "-interval"
            add(t, "rel:heldDuring", interval)
            add(interval, "a", "time:Interval")
            add(interval, "time:hasBeginning", t + "-begin")
            add(t + "-begin", "time:inXSDDate", _date(tenure.begin))
            if tenure.end <= self.day:  # over, as far as this article knows; else ongoing
                add(interval, "time:hasEnd", t + "-end")
                add(t + "-end", "time:inXSDDate", _date(tenure.end))
        add(t, "rel:attestedOn", _date(on))
        if mention:
            add(t, "rel:denotedBy", mention)
        return tenure

    def _post_label(self, state: _State, role: int) -> str:
        if state.iso3 == "USA" and role == _HEAD:
            return "President of the United States"
        if role == _HEAD:
            return f"President of {state.name}"
        title = "Cabinet Secretary for Foreign Affairs" if state.iso3 == "KEN" and role == _FOREIGN else _ROLES[role][1]
        return f"{title} ({state.name})"

    def pillar(self, index: int) -> str:
        iri, label, _, _ = _PILLARS[index]
        if self.once(iri):
            add = self.doc.add
            scheme = "reld:bsd-pillars" if index < _SEED_PILLARS else "reld:dialogue-pillars"
            add(iri, "a", "rel:Pillar")
            add(iri, "rdfs:label", _en(label))
            add(iri, "skos:prefLabel", _en(label))
            add(iri, "skos:inScheme", scheme)
            if self.once(scheme):
                title = (
                    "Pillars and themes of the Kenya–US Bilateral Strategic Dialogue"
                    if index < _SEED_PILLARS
                    else "Pillars of bilateral dialogues"
                )
                add(scheme, "a", "skos:ConceptScheme")
                add(scheme, "rdfs:label", _en(title))
                add(scheme, "skos:prefLabel", _en(title))
        return iri

    def relation(self, mech: _Mechanism) -> str:
        iri = mech.relation
        if self.once(iri):
            add = self.doc.add
            label = (
                "Kenya–United States relations"
                if iri == "reld:kenya-us-relations"
                else f"{mech.a.name}–{mech.b.name} relations"
            )
            add(iri, "a", "rel:BilateralRelation")
            add(iri, "rdfs:label", _en(label))
            add(iri, "rel:relationBetween", self.state(mech.a))
            add(iri, "rel:relationBetween", self.state(mech.b))
            add(mech.a.iri, "rel:hasBilateralRelationWith", mech.b.iri)
            add(mech.b.iri, "rel:hasBilateralRelationWith", mech.a.iri)
        return iri

    def mechanism(self, mech: _Mechanism) -> str:
        if self.once(mech.iri):
            add = self.doc.add
            add(mech.iri, "a", "rel:BilateralMechanism")
            add(mech.iri, "rdfs:label", _en(mech.label))
            add(mech.iri, "rel:mechanismParty", self.state(mech.a))
            add(mech.iri, "rel:mechanismParty", self.state(mech.b))
            add(mech.iri, "rel:concernsRelation", self.relation(mech))
        return mech.iri

    def event(
        self, iri: str, cls: str, label: str, status: str, event_type: str, parties: list[_State], mention: str
    ) -> str:
        add = self.doc.add
        add(iri, "a", cls)
        add(iri, "rdfs:label", _en(label))
        add(iri, "rel:eventType", event_type)
        add(iri, "rel:status", f"rel:{status}")
        for state in parties:
            add(iri, "rel:hasParty", self.state(state))
        add(iri, "rel:denotedBy", mention)
        return iri

    def when(self, iri: str, begin: dt.date, end: dt.date | None = None) -> None:
        add = self.doc.add
        if end is None or end == begin:
            add(iri, "rel:date", _date(begin))
        add(iri, "rel:startDate", _date(begin))
        add(iri, "rel:endDate", _date(end or begin))

    def claim(self, label: str, text: str, about: list[str], mention: str) -> str:
        self.claims += 1
        iri = f"reld:{self.local}-claim-{self.claims}"
        add = self.doc.add
        add(iri, "a", "rel:Claim")
        add(iri, "rdfs:label", _en(label))
        add(iri, "rel:claimText", _lit(text))
        for thing in about:
            add(iri, "rel:about", thing)
        add(iri, "rel:denotedBy", mention)
        return iri

    # --- the article node
    def finish(self, headline: str) -> tuple[str, str]:
        """Add the article's own triples; returns the Turtle file and the text."""
        text = "".join(self.parts) + "\n"
        add, a = self.doc.add, self.iri
        add(a, "a", "rel:NewsArticle")
        add(a, "rdfs:label", _en(f"{headline} ({self.day.isoformat()})"))
        add(a, "dcterms:title", _en(headline))
        add(a, "schema:headline", _en(headline))
        add(a, "schema:datePublished", _date(self.day))
        add(a, "dcterms:identifier", _lit(self.local))
        add(a, "schema:inLanguage", _lit("en"))
        add(a, "rel:textFile", _lit(f"articles/{self.local}.txt"))
        add(a, "rel:textSha256", _lit(hashlib.sha256(text.encode("utf-8")).hexdigest()))
        subjects = self.doc.subjects
        self.doc.subjects = {a: subjects.pop(a), **subjects}  # the article first
        header = (
            f"# A synthetic news article made by {GENERATOR} (seed {self.world.seed}); not real news.\n"
            f"# Its text is {self.local}.txt; mention offsets are code points into it, end exclusive.\n\n"
            + "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in _HEADER_PREFIXES)
        )
        return self.doc.turtle(header), text


# ----- what an article says ------------------------------------------------------------------------------


def _choose(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    x = rng.randrange(sum(w for _, w in weighted))
    for value, weight in weighted:
        if x < weight:
            return value
        x -= weight
    return weighted[-1][0]


def _compose(art: _Article, newcomers: list[_State]) -> str:
    """Write one article's sentences and facts, in the patterns of data/triples.ttl; returns the headline."""
    world, rng, add, day = art.world, art.rng, art.doc.add, art.day
    a, b = world.pick_pair()
    mech = world.mechanism(a, b, day)
    pillar = rng.choice(mech.pillars)
    _, pillar_label, intent, adjective = _PILLARS[pillar]

    # 1. The lead: a commitment, and the claim that states it.
    headline = f"{a.name} seeks {adjective} cooperation with {b.name}"
    m = art.sentence(
        f"{a.name} has embarked on a plan to seek {adjective} cooperation with {b.name}.", "AuthorNarration"
    )
    lead = f"reld:commitment-{world.next_id('commitment')}"
    add(lead, "a", "rel:Commitment")
    add(lead, "rdfs:label", _en(f"{a.name} to seek {adjective} cooperation with {b.name}"))
    add(lead, "rel:content", _lit(f"seek {adjective} cooperation with {b.name}"))
    add(lead, "rel:committedBy", art.state(a))
    add(lead, "rel:committedTowards", art.state(b))
    add(lead, "rel:sourceActor", a.iri)
    add(lead, "rel:targetActor", b.iri)
    add(lead, "rel:eventType", world.event_type(intent))
    add(lead, "rel:underPillar", art.pillar(pillar))
    add(lead, "rel:status", "rel:StatedIntent")
    add(lead, "rel:denotedBy", m)
    art.claim(
        headline,
        f"{a.name} has embarked on a plan to seek {adjective} cooperation with {b.name}.",
        [lead, a.iri, b.iri],
        m,
    )

    # 2. A delegation travels to the mechanism's next session.
    mech.sessions += 1
    n = mech.sessions
    session = mech.session_iri.format(mechanism=mech.iri, n=n)
    begin = day + dt.timedelta(days=rng.randrange(4, 30))
    end = begin + dt.timedelta(days=rng.randrange(0, 3))
    minister = world.holder(a, _FOREIGN, day)
    _, title = art.post(a, _FOREIGN)
    when = "next week" if (begin - day).days <= 9 else f"on {_say_date(begin)}"
    which = "an inaugural" if n == 1 else f"the {_ordinal(n)} session of the"
    where = b.capital or b.name
    m = art.sentence(
        f"This comes as {title} {minister.name} {when} leads a delegation from {a.name} to {where} for {which} "
        f"{mech.label}.",
        "AuthorNarration",
    )
    art.official(a, _FOREIGN, m)
    art.mechanism(mech)
    add(mech.iri, "rel:hasSession", session)
    add(mech.iri, "rel:denotedBy", m)
    session_label = f"{'Inaugural' if n == 1 else _upper_first(_ordinal(n))} session of the {mech.label}"
    art.event(session, "rel:DialogueSession", session_label, "Planned", world.event_type("040"), [a, b], m)
    add(session, "rel:sessionOf", mech.iri)
    add(session, "rel:sessionNumber", _typed(n, "positiveInteger"))
    if n == 1:
        add(session, "rel:isInaugural", "true")
    art.when(session, begin, end)
    add(session, "rel:place", art.place(b))
    add(session, "rel:concernsRelation", art.relation(mech))
    delegation = f"{session}-delegation-{a.local}"
    add(delegation, "a", "rel:Delegation")
    add(delegation, "rdfs:label", _en(f"Delegation of {a.name} to the {_lower_first(session_label)}"))
    add(delegation, "rel:represents", a.iri)
    add(delegation, "rel:ledBy", minister.person)
    add(delegation, "rel:denotedBy", m)
    add(session, "rel:hasParticipant", delegation)
    add(session, "rel:hasParticipant", minister.person)
    visit = None
    if rng.random() < 0.5:  # the trip itself, as the bundled article has it
        visit = f"reld:visit-{world.next_id('visit')}"
        visit_label = (
            f"Visit of the delegation of {a.name} led by {minister.name} to {b.name}, "
            f"{_MONTHS[begin.month - 1]} {begin.year}"
        )
        art.event(visit, "rel:Visit", visit_label, "Planned", world.event_type("042"), [], m)
        add(visit, "rel:place", art.place(b))
        add(visit, "rel:sourceActor", delegation)
        add(visit, "rel:targetActor", b.iri)
        add(visit, "rel:hasParticipant", delegation)
        add(visit, "rel:hasSubEvent", session)
    world.add_plan(
        _Plan(
            "session",
            session,
            "rel:DialogueSession",
            session_label,
            f"the {_lower_first(session_label)}",
            begin,
            a,
            b,
            world.event_type("040"),
            where,
            end,
            mech,
        )
    )

    # 3. What the session is for: an unattributed claim.
    span = (
        f"between {_MONTHS[begin.month - 1]} {begin.day} and {end.day}"
        if end != begin and end.month == begin.month
        else f"on {_say_date(begin)}"
    )
    m = art.sentence(
        f"The meeting set to be held {span} is said to be key to elevating {a.name}–{b.name} relations to a "
        "Strategic Partnership.",
        "UnattributedReport",
    )
    add(session, "rel:aimsAt", "rel:StrategicPartnership")
    add(session, "rel:denotedBy", m)
    art.claim(
        f"The {_lower_first(session_label)} is key to a Strategic Partnership",
        f"The {_lower_first(session_label)} is key to elevating {a.name}–{b.name} relations to a Strategic Partnership.",
        [session, "rel:StrategicPartnership", mech.relation],
        m,
    )

    # 4. The pillars, as the minister put it.
    labels = [_PILLARS[p][1] for p in mech.pillars]
    surname = minister.name.split()[-1]
    m = art.sentence(
        f"According to {surname}, the dialogue will focus on {_join(labels)}.", "ReportedSpeech", minister.person
    )
    for p in mech.pillars:
        add(mech.iri, "rel:hasPillar", art.pillar(p))
        add(session, "rel:focusesOn", _PILLARS[p][0])
    add(session, "rel:denotedBy", m)
    if n == 1:
        art.claim(
            f"The {_lower_first(session_label)} will focus on {len(labels)} pillars",
            f"The {_lower_first(session_label)} will focus on {'; '.join(labels)}.",
            [session, *(_PILLARS[p][0] for p in mech.pillars)],
            m,
        )

    # 5. How the mechanism began (said in its first session's article).
    if n == 1:
        met = day - dt.timedelta(days=rng.randrange(60, 500))
        head_a, head_b = world.holder(a, _HEAD, met), world.holder(b, _HEAD, met)
        venue = rng.choice((a, b))
        m = art.sentence(
            f"{surname} said the {mech.label} was established during the meeting between President {head_a.name} "
            f"and President {head_b.name} held in {venue.capital or venue.name} on {_say_date(met)}.",
            "ReportedSpeech",
            minister.person,
        )
        art.official(a, _HEAD, m, met)
        art.official(b, _HEAD, m, met)
        meeting = f"reld:meeting-{world.next_id('meeting')}"
        art.event(
            meeting,
            "rel:Meeting",
            f"Meeting of President {head_a.name} and President {head_b.name} in "
            f"{venue.capital or venue.name}, {_say_date(met)}",
            "Completed",
            world.event_type("040"),
            [a, b],
            m,
        )
        art.when(meeting, met)
        add(meeting, "rel:place", art.place(venue))
        add(meeting, "rel:hasParticipant", head_a.person)
        add(meeting, "rel:hasParticipant", head_b.person)
        add(meeting, "rel:established", mech.iri)
        add(mech.iri, "rel:establishedDuring", meeting)
        add(mech.iri, "rel:denotedBy", m)
        art.claim(
            f"The {mech.label} was established at the meeting of {_say_date(met)}",
            f"The {mech.label} was established during the meeting between President {head_a.name} and "
            f"President {head_b.name} on {_say_date(met)}.",
            [mech.iri, meeting],
            m,
        )

    # 6. Commitments: quoted from the ministry's statement, or reported.
    ministry = art.ministry(a, "foreign-affairs")
    statement = f"{session}-statement-{a.local}-{art.local}"
    framework = None
    chosen = rng.sample(mech.pillars, min(len(mech.pillars), rng.randrange(1, 3)))
    for i, p in enumerate(chosen):
        content = rng.choice(_COMMITMENTS[p])
        joint = rng.random() < 0.5
        who = f"{a.name} and {b.name}" if joint else a.name
        under = ""
        if i == 0 and p in (0, 1, 2, 9):
            if p == 0 and b.iso3 == "USA" and a.iso3 in _AFRICA:
                framework = "agoa"
                under = " under the African Growth and Opportunity Act (AGOA)"
            elif rng.random() < 0.6:
                kind = {0: 0, 1: 1, 2: 2, 9: 3}[p]
                framework = world.framework(a, b, kind, day)
                under = f" under the {framework.label}"
        commitment = f"reld:commitment-{world.next_id('commitment')}"
        if rng.random() < 0.6:
            m = art.sentence(
                f"“{who} will seek to {content}{under},” a statement from the Ministry read.",
                "DirectQuote",
                ministry,
                statement,
            )
            add(statement, "a", "rel:Statement")
            add(
                statement,
                "rdfs:label",
                _en(f"Statement of the Ministry of Foreign Affairs ({a.name}), {_say_date(day)}"),
            )
            add(statement, "rel:issuedBy", ministry)
            add(statement, "rel:about", session)
            add(statement, "rel:denotedBy", m)
        else:
            m = art.sentence(
                f"On {_PILLARS[p][1]}, the Ministry said {who} will seek to {content}{under}.",
                "ReportedSpeech",
                ministry,
            )
        add(commitment, "a", "rel:Commitment")
        add(commitment, "rdfs:label", _en(f"{who} to {content}"))
        add(commitment, "rel:content", _lit(content + under))
        add(commitment, "rel:committedBy", art.state(a))
        if joint:
            add(commitment, "rel:committedBy", art.state(b))
        else:
            add(commitment, "rel:committedTowards", art.state(b))
            add(commitment, "rel:sourceActor", a.iri)
            add(commitment, "rel:targetActor", b.iri)
        add(commitment, "rel:eventType", world.event_type(_PILLARS[p][2]))
        add(commitment, "rel:underPillar", art.pillar(p))
        add(commitment, "rel:status", "rel:StatedIntent")
        add(commitment, "rel:denotedBy", m)
        if framework == "agoa" and i == 0:
            add(commitment, "rel:underFramework", "reld:agoa")
            add("reld:agoa", "a", "rel:TradeFramework")
            add("reld:agoa", "rdfs:label", _en("African Growth and Opportunity Act"))
            add("reld:agoa", "rel:benefitsState", art.state(a))
            add("reld:agoa", "rel:denotedBy", m)
        elif isinstance(framework, _Framework) and i == 0:
            add(commitment, "rel:underFramework", framework.iri)
        if rng.random() < 0.4:
            world.add_plan(
                _Plan(
                    "commitment",
                    commitment,
                    "rel:Commitment",
                    f"{who} to {content}",
                    content,
                    day + dt.timedelta(days=rng.randrange(60, 400)),
                    a,
                    b,
                    world.event_type(_PILLARS[p][2]),
                )
            )

    # 7. A framework and when it ends.
    if isinstance(framework, _Framework):
        m = art.sentence(
            f"{a.name} will also seek to maximise its benefits under the {framework.label}, which runs until "
            f"{framework.expires}.",
            "ReportedSpeech",
            ministry,
        )
        f = framework.iri
        add(f, "a", framework.cls)
        add(f, "rdfs:label", _en(framework.label))
        add(f, "rel:expiryYear", f'"{framework.expires}"^^xsd:gYear')
        add(f, "rel:benefitsState", art.state(framework.a))
        add(f, "rel:benefitsState", art.state(framework.b))
        add(f, "rel:underPillar", art.pillar(framework.pillar))
        add(f, "rel:denotedBy", m)

    # 8. An agreement to be signed at the session.
    p = rng.choice(mech.pillars)
    agreement = f"reld:agreement-{world.next_id('agreement')}"
    agreement_label = f"Agreement on {_PILLARS[p][1]} between {a.name} and {b.name} ({begin.year})"
    purpose = rng.choice(_COMMITMENTS[p])
    m = art.sentence(
        f"{surname} will then sign the agreement on {_PILLARS[p][1].lower()} to {purpose}.", "AuthorNarration"
    )
    add(agreement, "a", "rel:Agreement")
    add(agreement, "rdfs:label", _en(agreement_label))
    add(agreement, "rel:purpose", _lit(f"to {purpose}"))
    add(agreement, "rel:underPillar", art.pillar(p))
    add(agreement, "rel:denotedBy", m)
    signing = f"reld:signing-{world.next_id('signing')}"
    signing_label = f"Signing by {minister.name} of the {agreement_label}"
    art.event(signing, "rel:Signing", signing_label, "Planned", world.event_type("057"), [], m)
    add(signing, "rel:sourceActor", minister.person)
    add(signing, "rel:signatory", minister.person)
    add(signing, "rel:hasParticipant", minister.person)
    add(signing, "rel:signs", agreement)
    if visit:
        add(visit, "rel:hasSubEvent", signing)
    world.add_plan(
        _Plan(
            "signing",
            signing,
            "rel:Signing",
            signing_label,
            f"the signing of the {agreement_label}",
            end,
            a,
            b,
            world.event_type("057"),
        )
    )

    # 9. The communique.
    if rng.random() < 0.7:
        m = art.sentence("A Joint Communique will be issued at the end of the meeting.", "AuthorNarration")
        communique = f"{session}-joint-communique"
        issuing = f"{session}-communique-issuance"
        add(communique, "a", "rel:JointCommunique")
        add(communique, "rdfs:label", _en(f"Joint Communique of the {_lower_first(session_label)}"))
        add(communique, "rel:issuedBy", a.iri)
        add(communique, "rel:issuedBy", b.iri)
        add(communique, "rel:about", session)
        add(communique, "rel:denotedBy", m)
        issuing_label = f"Issuing of the Joint Communique at the end of the {_lower_first(session_label)}"
        art.event(issuing, "rel:CommuniqueIssuance", issuing_label, "Planned", world.event_type("010"), [a, b], m)
        add(issuing, "rel:issues", communique)
        add(session, "rel:hasSubEvent", issuing)
        add(session, "rel:denotedBy", m)
        world.add_plan(
            _Plan(
                "communique",
                issuing,
                "rel:CommuniqueIssuance",
                issuing_label,
                f"the Joint Communique of the {_lower_first(session_label)}",
                end,
                a,
                b,
                world.event_type("010"),
            )
        )

    # 10. A state visit to come.
    if rng.random() < 0.2:
        head = world.holder(a, _HEAD, day)
        on = day + dt.timedelta(days=rng.randrange(20, 120))
        m = art.sentence(
            f"President {head.name} is expected to make a state visit to {b.name} on {_say_date(on)}.",
            "UnattributedReport",
        )
        art.official(a, _HEAD, m)
        state_visit = f"reld:visit-{world.next_id('visit')}"
        label = f"State visit of President {head.name} to {b.name}, {_say_date(on)}"
        art.event(state_visit, "rel:Visit", label, "Planned", world.event_type("042"), [a, b], m)
        art.when(state_visit, on)
        add(state_visit, "rel:place", art.place(b))
        add(state_visit, "rel:sourceActor", head.person)
        add(state_visit, "rel:targetActor", b.iri)
        add(state_visit, "rel:hasParticipant", head.person)
        world.add_plan(
            _Plan(
                "visit",
                state_visit,
                "rel:Visit",
                label,
                f"the state visit of President {head.name} to {b.name}",
                on,
                a,
                b,
                world.event_type("042"),
                b.capital or b.name,
            )
        )

    # 11. A new office holder.
    role = rng.randrange(len(_ROLES))
    other = rng.choice((a, b))
    current = world.holder(other, role, day)
    if current.begin > _START and (day - current.begin).days < 365:
        before = world.holder(other, role, current.begin - dt.timedelta(days=1))
        post_label = art._post_label(other, role)
        m = art.sentence(
            f"{current.name} took office as {post_label} on {_say_date(current.begin)}, succeeding {before.name}.",
            "AuthorNarration",
        )
        art.official(other, role, m)
        art.official(other, role, m, before.begin)
        art.claim(
            f"{current.name} succeeded {before.name} as {post_label}",
            f"{current.name} succeeded {before.name} as {post_label} on {_say_date(current.begin)}.",
            [current.person, before.person],
            m,
        )

    # 12. A summit coming up: where states that no article has named yet first appear.
    guests = [g for g in newcomers if g is not a and g is not b]
    if not guests and rng.random() < 0.2:
        guests = list(dict.fromkeys(world.pick_state(avoid=(a, b)) for _ in range(rng.randrange(2, 5))))
    if guests:
        host = world.pick_state(avoid=(a, b, *guests))
        on = day + dt.timedelta(days=rng.randrange(10, 90))
        city = host.capital or host.name
        summit = f"reld:summit-{world.next_id('summit')}"
        label = f"Summit on {pillar_label} in {city}, {_say_date(on)}"
        m = art.sentence(
            f"The talks come ahead of a summit on {pillar_label.lower()} in {city} on {_say_date(on)}, which "
            f"delegations from {_join([g.name for g in [a, b, *guests]])} are expected to attend.",
            "AuthorNarration",
        )
        art.event(summit, "rel:Meeting", label, "Planned", world.event_type("044"), [host, a, b, *guests], m)
        art.when(summit, on)
        add(summit, "rel:place", art.place(host))
        add(summit, "rel:focusesOn", art.pillar(pillar))
        world.add_plan(
            _Plan(
                "meeting",
                summit,
                "rel:Meeting",
                label,
                f"the summit on {pillar_label.lower()}",
                on,
                host,
                a,
                world.event_type("044"),
                city,
            )
        )

    # 13. What became of earlier plans: the same IRIs with a new status, in this article's graph.
    for plan in world.due_plans(day, a, b, limit=2):
        outcome = _choose(rng, _OUTCOMES[plan.kind])
        if plan.kind == "commitment":
            who = plan.a.name
            text = {
                "Completed": f"{who} has delivered on its pledge to {plan.phrase}.",
                "Postponed": f"{who}'s pledge to {plan.phrase} has been put off.",
                "Cancelled": f"{who} has dropped its pledge to {plan.phrase}.",
            }[outcome]
            m = art.sentence(text, "AuthorNarration")
            add(plan.iri, "a", "rel:Commitment")
            add(plan.iri, "rdfs:label", _en(plan.label))
            add(plan.iri, "rel:content", _lit(plan.phrase))
            add(plan.iri, "rel:committedBy", art.state(plan.a))
            add(plan.iri, "rel:eventType", plan.event_type)
            add(plan.iri, "rel:status", f"rel:{outcome}")
            add(plan.iri, "rel:denotedBy", m)
        else:
            if outcome == "Completed":
                done = _DONE[plan.kind].format(place=plan.place, date=_say_date(plan.due))
                if plan.postponed:  # held after all, on a day the plan did not give
                    done = done.split(" on ")[0] + " after all"
                text = f"{_upper_first(plan.phrase)} {done}."
            else:
                verb = "postponed" if outcome == "Postponed" else "called off"
                text = f"{_upper_first(plan.phrase)}, planned for {_say_date(plan.due)}, has been {verb}."
            m = art.sentence(text, "AuthorNarration")
            art.event(plan.iri, plan.cls, plan.label, outcome, plan.event_type, [plan.a, plan.b], m)
            if plan.mechanism is not None:
                add(plan.iri, "rel:sessionOf", art.mechanism(plan.mechanism))
                add(plan.mechanism.iri, "rel:hasSession", plan.iri)
            if outcome == "Completed" and not plan.postponed:  # the dates the plan gave; a new date would clash
                art.when(plan.iri, plan.due, plan.end)
        if outcome == "Postponed" and not plan.postponed:
            plan.postponed = True
            plan.due = day + dt.timedelta(days=rng.randrange(30, 120))
            world.add_plan(plan)
    return headline


# ----- the corpus ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusInfo:
    """What ``generate_corpus`` wrote."""

    root: Path
    seed: int
    requested: int
    triples: int  # every triple of the dataset: the ontology's, the bundled article's and the synthetic ones
    base_triples: int  # of those, the ontology's and the bundled article's
    articles: int  # synthetic articles
    states: int  # states named in the data
    persons: int  # office holders named in the synthetic articles

    @property
    def project(self) -> Project:
        return Project(self.root)


def _count_triples(paths: list[Path]) -> int:
    return sum(sum(1 for _ in ox.parse(path=p, format=ox.RdfFormat.TURTLE)) for p in paths)


def _event_types(project: Project) -> dict[str, str]:
    """The ontology's rel:EventType individuals by CAMEO code, as prefixed names."""
    store = ox.Store()
    for path in project.ontology_files():
        store.load(path=path, format=ox.RdfFormat.TURTLE)
    found: dict[str, str] = {}
    query = "SELECT ?type ?code WHERE { ?type a rel:EventType ; rel:cameoCode ?code } ORDER BY ?code ?type"
    for iri, code in store.query(query, prefixes=PREFIXES):
        local = iri.value[len(REL) :] if iri.value.startswith(REL) else ""
        found.setdefault(code.value, f"rel:{local}" if re.fullmatch(r"\w+", local) else f"<{iri.value}>")
    return found


def _copy_bundle(source: Project, root: Path) -> list[Path]:
    """Copy the ontology, the queries and the bundled articles (Turtle and text); returns the data files.

    Over an existing corpus, the ontology and queries are replaced and changed files copied again.
    """
    for name in ("ontology", "queries"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(getattr(source, f"{name}_dir"), root / name)
    (root / "data" / "articles").mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(source.data_dir.glob("*")) + sorted(source.articles_dir.glob("*")):
        if path.is_file() and path.suffix in (".ttl", ".txt"):
            target = root / "data" / path.relative_to(source.data_dir)
            if not target.is_file() or target.read_bytes() != path.read_bytes():
                shutil.copyfile(path, target)
            copied.append(target)
    return [p for p in copied if p.suffix == ".ttl"]


def refresh_corpus(root: Path) -> Project:
    """Bring a generated corpus up to date with the bundled graph, keeping its synthetic articles.

    The ontology and the queries are replaced by the current ones and the bundled articles
    (Turtle and text) copied over, as ``generate_corpus`` would copy them today: a cached
    corpus then answers the current queries and their examples without being made again.
    """
    root = Path(root)
    if not (root / "data" / "articles").is_dir():
        raise ProjectError(f"{root} is not a generated corpus (it has no data/articles folder).")
    _copy_bundle(bundled_project(), root)
    return Project(root)


def _articles(world: _World, budget: int) -> Iterator[tuple[_Article, str, str]]:
    """Articles in date order, as (article, Turtle, text), until about ``budget`` triples are written."""
    estimate = max(1, round(budget / _TRIPLES_PER_ARTICLE))
    spread = max(1, min(60, estimate // 2))  # every state is named within the first articles
    written = number = 0
    while True:
        average = written / number if number else _TRIPLES_PER_ARTICLE
        if number and written + average / 2 >= budget:
            return
        number += 1
        day = _START + dt.timedelta(days=(number - 1) * _SPAN_DAYS // estimate)
        take = -(-len(world.unnamed) // max(1, spread - number + 1)) if world.unnamed else 0
        newcomers, world.unnamed = world.unnamed[:take], world.unnamed[take:]
        article = _Article(world, number, day)
        turtle, text = article.finish(_compose(article, newcomers))
        written += article.doc.count
        yield article, turtle, text


def generate_corpus(
    out_dir: str | Path,
    *,
    triples: int,
    seed: int = 0,
    progress: bool = False,
) -> CorpusInfo:
    """Write a synthetic graph folder of about ``triples`` triples into ``out_dir`` (new or empty).

    The count takes in the ontology and the bundled article; the real count is in the
    returned CorpusInfo. The same ``triples`` and ``seed`` give the same bytes.
    """
    from tqdm import tqdm

    if triples < 1:
        raise ValueError(f"triples must be a positive number, not {triples}")
    root = Path(out_dir)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ProjectError(f"{root} exists and is not empty; give a new folder for the synthetic corpus.")
    root.mkdir(parents=True, exist_ok=True)
    data_files = _copy_bundle(bundled_project(), root)
    project = Project(root.resolve())
    base = _count_triples(project.ontology_files() + data_files)
    world = _World(seed, _event_types(project))
    total, count = base, 0
    states: set[str] = set()
    with tqdm(
        total=triples,
        initial=base,
        unit="triple",
        unit_scale=True,
        disable=not progress,
        desc="synthetic corpus",
        dynamic_ncols=True,
    ) as bar:
        for article, turtle, text in _articles(world, triples - base):
            (project.articles_dir / f"{article.local}.ttl").write_text(turtle, encoding="utf-8")
            (project.articles_dir / f"{article.local}.txt").write_text(text, encoding="utf-8")
            total += article.doc.count
            count += 1
            states.update(s for s in article.described if s in world.state_iris)
            bar.update(article.doc.count)
    return CorpusInfo(project.root, seed, triples, total, base, count, len(states), len(world.named))
