"""Names of states, their adjectives and capitals: the dictionary the drafter knows without the graph.

State names come from ``pycountry`` (ISO 3166-1, shipped inside the package: no
download). The adjectives ("Kenyan", "Chinese") and capitals are a short table of
our own for the states news on relations between states names most; a state missing
here is still found by its name. Everything here is only a proposal: the graph's own
labels always win (``relgraph.drafting.lexicon``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["StateName", "capital_cities", "state_names"]

# fmt: off
#: ISO alpha-3 -> (adjectives, capital city)
_EXTRA: dict[str, tuple[tuple[str, ...], str]] = {
    "AFG": (("Afghan",), "Kabul"), "DZA": (("Algerian",), "Algiers"), "AGO": (("Angolan",), "Luanda"),
    "ARG": (("Argentine", "Argentinian"), "Buenos Aires"), "AUS": (("Australian",), "Canberra"),
    "AUT": (("Austrian",), "Vienna"), "BGD": (("Bangladeshi",), "Dhaka"), "BEL": (("Belgian",), "Brussels"),
    "BRA": (("Brazilian",), "Brasília"), "BDI": (("Burundian",), "Gitega"), "KHM": (("Cambodian",), "Phnom Penh"),
    "CMR": (("Cameroonian",), "Yaoundé"), "CAN": (("Canadian",), "Ottawa"), "CHL": (("Chilean",), "Santiago"),
    "CHN": (("Chinese",), "Beijing"), "COL": (("Colombian",), "Bogotá"), "COD": (("Congolese",), "Kinshasa"),
    "CUB": (("Cuban",), "Havana"), "DNK": (("Danish",), "Copenhagen"), "DJI": (("Djiboutian",), "Djibouti"),
    "EGY": (("Egyptian",), "Cairo"), "ERI": (("Eritrean",), "Asmara"), "ETH": (("Ethiopian",), "Addis Ababa"),
    "FIN": (("Finnish",), "Helsinki"), "FRA": (("French",), "Paris"), "DEU": (("German",), "Berlin"),
    "GHA": (("Ghanaian",), "Accra"), "GRC": (("Greek",), "Athens"), "HUN": (("Hungarian",), "Budapest"),
    "IND": (("Indian",), "New Delhi"), "IDN": (("Indonesian",), "Jakarta"), "IRN": (("Iranian",), "Tehran"),
    "IRQ": (("Iraqi",), "Baghdad"), "IRL": (("Irish",), "Dublin"), "ISR": (("Israeli",), "Jerusalem"),
    "ITA": (("Italian",), "Rome"), "JPN": (("Japanese",), "Tokyo"), "JOR": (("Jordanian",), "Amman"),
    "KAZ": (("Kazakh",), "Astana"), "KEN": (("Kenyan",), "Nairobi"), "KOR": (("South Korean",), "Seoul"),
    "PRK": (("North Korean",), "Pyongyang"), "KWT": (("Kuwaiti",), "Kuwait City"), "LBN": (("Lebanese",), "Beirut"),
    "LBY": (("Libyan",), "Tripoli"), "MYS": (("Malaysian",), "Kuala Lumpur"), "MEX": (("Mexican",), "Mexico City"),
    "MAR": (("Moroccan",), "Rabat"), "MOZ": (("Mozambican",), "Maputo"), "NLD": (("Dutch",), "Amsterdam"),
    "NZL": (("New Zealand",), "Wellington"), "NGA": (("Nigerian",), "Abuja"), "NOR": (("Norwegian",), "Oslo"),
    "PAK": (("Pakistani",), "Islamabad"), "PSE": (("Palestinian",), "Ramallah"), "PHL": (("Philippine", "Filipino"), "Manila"),
    "POL": (("Polish",), "Warsaw"), "PRT": (("Portuguese",), "Lisbon"), "QAT": (("Qatari",), "Doha"),
    "ROU": (("Romanian",), "Bucharest"), "RUS": (("Russian",), "Moscow"), "RWA": (("Rwandan",), "Kigali"),
    "SAU": (("Saudi", "Saudi Arabian"), "Riyadh"), "SEN": (("Senegalese",), "Dakar"), "SGP": (("Singaporean",), "Singapore"),
    "SOM": (("Somali",), "Mogadishu"), "ZAF": (("South African",), "Pretoria"), "SSD": (("South Sudanese",), "Juba"),
    "ESP": (("Spanish",), "Madrid"), "SDN": (("Sudanese",), "Khartoum"), "SWE": (("Swedish",), "Stockholm"),
    "CHE": (("Swiss",), "Bern"), "SYR": (("Syrian",), "Damascus"), "TWN": (("Taiwanese",), "Taipei"),
    "TZA": (("Tanzanian",), "Dodoma"), "THA": (("Thai",), "Bangkok"), "TUN": (("Tunisian",), "Tunis"),
    "TUR": (("Turkish",), "Ankara"), "UGA": (("Ugandan",), "Kampala"), "UKR": (("Ukrainian",), "Kyiv"),
    "ARE": (("Emirati",), "Abu Dhabi"), "GBR": (("British",), "London"), "USA": (("American", "U.S.", "US"), "Washington"),
    "VNM": (("Vietnamese",), "Hanoi"), "YEM": (("Yemeni",), "Sanaa"), "ZMB": (("Zambian",), "Lusaka"),
    "ZWE": (("Zimbabwean",), "Harare"), "VEN": (("Venezuelan",), "Caracas"), "PER": (("Peruvian",), "Lima"),
    "SRB": (("Serbian",), "Belgrade"), "CZE": (("Czech",), "Prague"), "BWA": (("Botswanan",), "Gaborone"),
    "NAM": (("Namibian",), "Windhoek"), "MWI": (("Malawian",), "Lilongwe"), "CIV": (("Ivorian",), "Yamoussoukro"),
    "MLI": (("Malian",), "Bamako"), "NER": (("Nigerien",), "Niamey"), "TCD": (("Chadian",), "N'Djamena"),
}
#: Short names that pycountry spells officially ("Korea, Republic of").
_COMMON = {
    "USA": ("United States", "United States of America", "U.S.", "US", "USA", "U.S.A."),
    "GBR": ("United Kingdom", "Britain", "Great Britain", "UK", "U.K."), "RUS": ("Russia",), "KOR": ("South Korea",),
    "PRK": ("North Korea",), "IRN": ("Iran",), "SYR": ("Syria",), "TZA": ("Tanzania",), "VNM": ("Vietnam", "Viet Nam"),
    "VEN": ("Venezuela",), "BOL": ("Bolivia",), "COD": ("Democratic Republic of the Congo", "DR Congo", "DRC"),
    "COG": ("Republic of the Congo",), "LAO": ("Laos",), "MDA": ("Moldova",), "TWN": ("Taiwan",), "PSE": ("Palestine",),
    "CZE": ("Czech Republic", "Czechia"), "CIV": ("Ivory Coast", "Côte d'Ivoire"), "ARE": ("United Arab Emirates", "UAE"),
    "TUR": ("Turkey", "Türkiye"), "NLD": ("Netherlands", "the Netherlands"), "SAU": ("Saudi Arabia",),
}
# fmt: on


@dataclass(frozen=True)
class StateName:
    """A state as the dictionary knows it: ISO code, the names it goes by, adjectives and capital."""

    alpha3: str
    label: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None


@functools.cache
def state_names() -> dict[str, StateName]:
    """Every ISO 3166-1 state by alpha-3 code."""
    import pycountry

    states: dict[str, StateName] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        common = _COMMON.get(code, ())
        label = common[0] if common else getattr(country, "common_name", None) or country.name
        names = [label, *common[1:], country.name]
        official = getattr(country, "official_name", None)
        if official:
            names.append(official)
        adjectives, capital = _EXTRA.get(code, ((), None))
        states[code] = StateName(
            code, label, tuple(dict.fromkeys(n for n in names if "," not in n)), adjectives, capital
        )
    return states


@functools.cache
def capital_cities() -> dict[str, str]:
    """Capital city -> the alpha-3 code of its state."""
    return {s.capital: code for code, s in state_names().items() if s.capital}
