"""The brochure "Партнерская программа Dell, 1 квартал 2016" as data: product lines, the three Q1
2016 programs (tiers, groups, RUB rates, classification rules), courses and training gates.
seed_program loads it; vendor staff change everything afterwards in the admin.

Rows of the brochure's tables that join several product families with the same rate are split
where a training gate concerns only one family (Latitude Rugged, Precision), so that the gate can
hold back exactly those units. The rates are the brochure's."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")
QUARTER = "2016-Q1"
# "До 01 апреля 2016 г. необходимо подтвердить свое участие": from 00:00 Moscow time it is too late.
ACCEPT_DEADLINE = datetime(2016, 4, 1, 0, 0, tzinfo=MOSCOW)

# (code, name, segment) — brochure p.10: consumer, commercial, monitors. Monitor lines are also
# named by their series letters in Dell's price lists (ALIASES).
LINES = [
    ("inspiron", "Inspiron", "consumer"),
    ("xps", "XPS", "consumer"),
    ("alienware", "Alienware", "consumer"),
    ("vostro", "Vostro", "commercial"),
    ("optiplex", "OptiPlex", "commercial"),
    ("latitude", "Latitude", "commercial"),
    ("latitude-rugged", "Latitude Rugged", "commercial"),
    ("precision", "Precision", "commercial"),
    ("venue-pro", "Venue Pro", "commercial"),
    ("poweredge", "PowerEdge", "commercial"),
    ("powervault", "PowerVault", "commercial"),
    ("networking", "Dell Networking", "commercial"),
    ("monitor-in", "Monitors IN", "monitors"),
    ("monitor-s", "Monitors S", "monitors"),
    ("monitor-se", "Monitors SE", "monitors"),  # not in the monitors program
    ("monitor-st", "Monitors ST", "monitors"),
    ("monitor-aw", "Alienware monitors (AW)", "monitors"),
    ("monitor-e", "Monitors E", "monitors"),
    ("monitor-p", "Monitors P", "monitors"),
    ("ultrasharp", "UltraSharp", "monitors"),
]

ALIASES = {
    "monitor-in": "IN",
    "monitor-s": "S",
    "monitor-se": "SE",
    "monitor-st": "ST",
    "monitor-aw": "AW",
    "monitor-e": "E",
    "monitor-p": "P",
    "ultrasharp": "U, Ultra Sharp",
}

MONITOR_LINES = ["monitor-in", "monitor-s", "monitor-st", "monitor-aw", "monitor-e", "monitor-p", "ultrasharp"]


def rule(lines, series="", form_factors="", diagonal_min=None, diagonal_below=None, priority=100):
    return {
        "lines": lines,
        "series": series,
        "form_factors": form_factors,
        "diagonal_min": Decimal(diagonal_min) if diagonal_min is not None else None,
        "diagonal_below": Decimal(diagonal_below) if diagonal_below is not None else None,
        "priority": priority,
    }


# All-in-ones are named before the series rows, so an Inspiron AIO 5xxx lands in the AIO group.
AIO_FIRST = 10

PROGRAMS = [
    {
        "kind": "client",
        "name_ru": "Потребительские и коммерческие ноутбуки, десктопы, моноблоки",
        "name_en": "Consumer and commercial notebooks, desktops, all-in-ones",
        "tiers": [50, 150],
        "requires_confirmation": False,
        "groups": [
            (
                "vostro-3xxx",
                "Vostro DT & NB 3xxx",
                "Vostro DT & NB 3xxx",
                [154, 231],
                [rule(["vostro"], "3xxx", "desktop,notebook")],
            ),
            (
                "optiplex-dt-3xxx",
                "OptiPlex DT 3xxx",
                "OptiPlex DT 3xxx",
                [231, 385],
                [rule(["optiplex"], "3xxx", "desktop")],
            ),
            (
                "inspiron-nb-3xxx",
                "Inspiron NB 3xxx",
                "Inspiron NB 3xxx",
                [154, 308],
                [rule(["inspiron"], "3xxx", "notebook")],
            ),
            (
                "mainstream",
                "Inspiron 5xxx/7xxx, OptiPlex 5xxx/7xxx/9xxx, Latitude 3xxx",
                "Inspiron 5xxx/7xxx, OptiPlex 5xxx/7xxx/9xxx, Latitude 3xxx",
                [539, 539],
                [
                    rule(["inspiron"], "5xxx,7xxx", "notebook,desktop"),
                    rule(["optiplex"], "5xxx,7xxx,9xxx", "desktop"),
                    rule(["latitude"], "3xxx"),
                ],
            ),
            (
                "premium",
                "Latitude 5xxx/7xxx, Vostro NB 5xxx, OptiPlex AIO, Inspiron AIO, Venue Pro, XPS DT & NB",
                "Latitude 5xxx/7xxx, Vostro NB 5xxx, OptiPlex AIO, Inspiron AIO, Venue Pro, XPS DT & NB",
                [1155, 1155],
                [
                    rule(["optiplex", "inspiron"], form_factors="aio", priority=AIO_FIRST),
                    rule(["latitude"], "5xxx,7xxx"),
                    rule(["vostro"], "5xxx", "notebook"),
                    rule(["venue-pro"], form_factors="tablet"),
                    rule(["xps"], form_factors="desktop,notebook"),
                ],
            ),
            ("latitude-rugged", "Latitude Rugged", "Latitude Rugged", [1155, 1155], [rule(["latitude-rugged"])]),
            ("precision", "Рабочие станции Precision", "Precision workstations", [1925, 1925], [rule(["precision"])]),
            (
                "alienware",
                "Alienware DT & NB",
                "Alienware DT & NB",
                [1925, 1925],
                [rule(["alienware"], form_factors="desktop,notebook")],
            ),
        ],
    },
    {
        "kind": "monitors",
        "name_ru": 'Мониторы 17"–55" (серии IN/S/ST/AW/E/P/UltraSharp)',
        "name_en": 'Monitors 17"–55" (IN/S/ST/AW/E/P/UltraSharp series)',
        "tiers": [100, 300],
        "requires_confirmation": False,
        # Bands are half-open on the panel's diagonal: 21.5" is sold as a 22" monitor, 23.8" as 24".
        "groups": [
            (
                "diag-17-20",
                '17"–20"',
                '17"–20"',
                [0, 77],
                [rule(MONITOR_LINES, diagonal_min="17", diagonal_below="21.5")],
            ),
            (
                "diag-22-23",
                '22"–23"',
                '22"–23"',
                [0, 154],
                [rule(MONITOR_LINES, diagonal_min="21.5", diagonal_below="23.5")],
            ),
            (
                "diag-24-25",
                '24"–25"',
                '24"–25"',
                [231, 385],
                [rule(MONITOR_LINES, diagonal_min="23.5", diagonal_below="26.5")],
            ),
            (
                "diag-27-29",
                '27"–29"',
                '27"–29"',
                [308, 462],
                [rule(MONITOR_LINES, diagonal_min="26.5", diagonal_below="29.5")],
            ),
            (
                "diag-30-55",
                '30"–55"',
                '30"–55"',
                [770, 1155],
                [rule(MONITOR_LINES, diagonal_min="29.5", diagonal_below="55.5")],
            ),
        ],
    },
    {
        "kind": "enterprise",
        "name_ru": "Коммерческое оборудование для предприятий (Enterprise)",
        "name_en": "Enterprise hardware",
        "tiers": [5],
        "requires_confirmation": True,
        "groups": [
            ("pe-t20-t1xx", "PowerEdge T20, T1xx", "PowerEdge T20, T1xx", [770], [rule(["poweredge"], "T20,T1xx")]),
            (
                "pe-2xx-3xx",
                "PowerEdge T/R 2xx, 3xx",
                "PowerEdge T/R 2xx, 3xx",
                [1540],
                [rule(["poweredge"], "T2xx,R2xx,T3xx,R3xx")],
            ),
            (
                "pe-4xx-5xx-networking",
                "PowerEdge T/R 4xx и 5xx, Dell Networking PowerConnect 28xx, 35xx",
                "PowerEdge T/R 4xx & 5xx, Dell Networking PowerConnect 28xx, 35xx",
                [3080],
                [rule(["poweredge"], "T4xx,R4xx,T5xx,R5xx"), rule(["networking"], "28xx,35xx")],
            ),
            (
                "pe-6xx-9xx-powervault",
                "PowerEdge T/R 6xx, 7xx, 8xx, 9xx, PowerVault",
                "PowerEdge T/R 6xx, 7xx, 8xx, 9xx, PowerVault",
                [4620],
                [rule(["poweredge"], "T6xx,R6xx,T7xx,R7xx,T8xx,R8xx,T9xx,R9xx"), rule(["powervault"])],
            ),
        ],
    },
]

# (code, title, kind)
COURSES = [
    ("DPWS0212WBTS", "Precision Product Line Overview", "sales"),
    ("DPWT0212WBTT", "Dell Precision Workstation Technical Training", "technical"),
    ("DBSS0109WBTS", "Dell Blade Server Solutions", "sales"),
    ("DTRSS0309WBTS", "Dell Tower and Rack Server Solutions", "sales"),
    ("VRTX0613WBTS", "PowerEdge VRTX Sales Overview", "sales"),
    ("DDCN0613WBTS", "Dell Data Center and Campus Networking", "sales"),
    ("DBSSTT0409WBTT", "Dell Blade Server Solutions – Technical", "technical"),
    ("DPES0909WBTT", "Dell PowerEdge Server Technical", "technical"),
    ("VRTXT0613WBTT", "PowerEdge VRTX Technical Overview", "technical"),
    ("DAN0214WBTT", "Dell Networking OS 9 Product Overview", "technical"),
]

# (program kind, group code or None for the whole program, name_ru, name_en, kind, min, course codes)
GATES = [
    ("client", "precision", "Precision: курс по продажам", "Precision: sales course", "sales", 1, ["DPWS0212WBTS"]),
    (
        "client",
        "precision",
        "Precision: технический курс",
        "Precision: technical course",
        "technical",
        1,
        ["DPWT0212WBTT"],
    ),
    # The brochure names no course for Latitude Rugged: the gate waits until vendor staff add one.
    ("client", "latitude-rugged", "Latitude Rugged: курс по продажам", "Latitude Rugged: sales course", "sales", 1, []),
    (
        "enterprise",
        None,
        "Enterprise: курс по продажам",
        "Enterprise: sales course",
        "sales",
        1,
        ["DBSS0109WBTS", "DTRSS0309WBTS", "VRTX0613WBTS", "DDCN0613WBTS"],
    ),
    (
        "enterprise",
        None,
        "Enterprise: технический курс",
        "Enterprise: technical course",
        "technical",
        1,
        ["DBSSTT0409WBTT", "DPES0909WBTT", "VRTXT0613WBTT", "DAN0214WBTT"],
    ),
]
