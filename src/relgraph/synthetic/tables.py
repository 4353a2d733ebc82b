"""What the synthetic articles talk about: the states, names, pillars, posts and phrases they are made of."""

from __future__ import annotations

import datetime as dt

GENERATOR = "relgraph.synthetic"

# ----- the world: every ISO 3166-1 entry, with an English short name -------------------------------
# From Debian's iso-codes (iso_3166-1.json, its common names where it has them), a few names shortened.

STATES_TABLE = (
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

CAPITALS = {
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
PROMINENT = (
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

FIRST_NAMES = [
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
LAST_NAMES = [
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

AFRICA = frozenset(
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
PILLARS = (
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
SEED_PILLARS = 4  # the first four are the bundled article's, in its scheme

COMMITMENTS = (
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

MECHANISM_KINDS = (
    "Joint Commission",
    "Strategic Dialogue",
    "Binational Commission",
    "Political Consultations",
    "Joint Cooperation Committee",
)

# Posts: (key, title, class, ministry key or None for the government itself)
ROLES = (
    ("president", "President", "rel:HeadOfStatePost", None),
    ("foreign", "Minister of Foreign Affairs", "rel:MinisterialPost", "foreign-affairs"),
    ("defence", "Minister of Defence", "rel:MinisterialPost", "defence"),
    ("trade", "Minister of Trade", "rel:MinisterialPost", "trade"),
)
MINISTRIES = {"foreign-affairs": "Foreign Affairs", "defence": "Defence", "trade": "Trade"}
HEAD, FOREIGN = 0, 1

# Frameworks a dyad can share: (key, label pattern, class, pillar, years it runs)
FRAMEWORKS = (
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
OUTCOMES = {
    "session": (("Completed", 80), ("Postponed", 15), ("Cancelled", 5)),
    "meeting": (("Completed", 85), ("Postponed", 10), ("Cancelled", 5)),
    "signing": (("Completed", 75), ("Postponed", 15), ("Cancelled", 10)),
    "communique": (("Completed", 85), ("Cancelled", 15)),
    "visit": (("Completed", 70), ("Postponed", 20), ("Cancelled", 10)),
    "commitment": (("Completed", 50), ("Postponed", 30), ("Cancelled", 20)),
}
DONE = {
    "session": "was held in {place} on {date}",
    "meeting": "was held in {place} on {date}",
    "signing": "took place on {date}",
    "communique": "was issued on {date}",
    "visit": "went ahead on {date}",
}

ORDINALS = [
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
MONTHS = [
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

START = dt.date(2010, 1, 4)
SPAN_DAYS = 15 * 365
BSD_FROM = dt.date(2019, 5, 9)  # the Kenya-US dyad talks in the bundled article's BSD after its first session
TRIPLES_PER_ARTICLE = 230  # a first guess; the real average steers when to stop
