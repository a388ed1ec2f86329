"""What area 1 must reproduce: the figures the board's reports publish, and the assumptions
that fill the gaps between them.

Each constant says where its figures come from (the seeds, the reports, ``synthetic.yaml``), so
a figure that looks wrong can be traced to the sentence it was taken from.
"""

from __future__ import annotations

# -- early help assessments ------------------------------------------------------------------------
EHA_CALENDAR_YEARS = {
    2017: 1233,
    2018: 1480,
    2019: 1935,
    2020: 1684,
    2021: 2300,
    2022: 3860,
    2023: 4560,
}
"""Area 1's EHAs per calendar year, the pilot's included. 2017 to 2020 are the task and finish
group's table; 2021 to 2023 are the brief's "about 2,300, 4,000 and 4,700" pulled towards each
other so that 2022/23 can also come out near the 3,750 the March 2023 report projected: a year
that starts and ends in flat months (January to March 2022 and 2023 about equal) cannot be far
from the calendar year 2022, so 2022 sits 3.5% low and 2022/23 about 1.5% high (3,800)."""

EHA_TREND = {
    (2016, 7): 95,
    (2017, 7): 103,
    (2018, 7): 123,
    (2019, 7): 160,
    (2020, 7): 145,
    (2021, 3): 160,
    (2021, 12): 235,
    (2022, 2): 335,
    (2022, 12): 320,
    (2023, 2): 280,
    (2023, 3): 285,
    (2023, 5): 395,
    (2023, 12): 405,
    (2024, 3): 410,
}
"""Deseasonalised monthly EHAs (area 1) between the yearly totals: the shape within a year. The
flat 2022 and the step in spring 2023 are what lets both 2022 and 2022/23 land (see above)."""

EHA_SEASON = (1.05, 1.1, 1.15, 0.85, 1.05, 1.1, 0.95, 0.55, 0.95, 1.15, 1.15, 0.85)
"""January to December, as ``synthetic.yaml`` has it for 1.4: schools complete most assessments."""

EHA_COVID = {(2020, 4): 0.55, (2020, 5): 0.6, (2020, 6): 0.8, (2020, 7): 0.95, (2021, 1): 0.75,
             (2021, 2): 0.85}  # fmt: skip
"""Schools closed: fewer EHAs in these months (the year's total still as published)."""

EHA_ORGANISATIONS_2020: tuple[tuple[str, str, int], ...] = (
    ("Education", "Education - Primary", 609),
    ("Education", "Education - Secondary", 327),
    ("Education", "Nursery/Preschool", 26),
    ("County Council", "LA Services - LCSS worker", 217),
    ("Health", "Health - Health Visitor", 44),
    ("Health", "Health - Midwives", 3),
    ("Health", "Health Services - other primary health", 35),
    ("Health", "Health - School Nurse", 6),
    ("Health", "Health - CAMHS", 27),
    ("Other", "Family - self", 30),
    ("Police", "Police", 2),
    ("Other", "Voluntary Sector", 3),
    ("Other", "Housing", 0),
)
"""Seed 004's "EHA Data 2020" table, mapped to the agency groups. The seed's mixed dashes
("Education – Primary", "Health Services- other primary health") are written as " - ", the way
one case system would spell them all."""

HOUSING_WEIGHT = 1
"""Housing completed none in 2020; a token weight keeps it a live organisation type."""

EHA_AGES = {
    "Education - Primary": (4, 11),
    "Education - Secondary": (11, 16),
    "Nursery/Preschool": (2, 4),
    "LA Services - LCSS worker": (0, 17),
    "Health - Health Visitor": (0, 4),
    "Health - Midwives": (0, 0),
    "Health Services - other primary health": (0, 15),
    "Health - School Nurse": (5, 16),
    "Health - CAMHS": (8, 17),
    "Family - self": (0, 17),
    "Police": (5, 17),
    "Voluntary Sector": (0, 17),
    "Housing": (0, 17),
}
"""Ages at assessment by who completed it: a health visitor sees the under-fives."""

PILOT_ORGANISATION = "Health - Health Visitor"
PILOT_RAMP = {(2022, 4): 0.5, (2022, 5): 0.8}
"""The pilot's first months at part strength; full from June 2022 and carrying on after."""

LOCALITIES = ("Central", "North", "South")
LOCALITY_WEIGHTS = (0.4, 0.3, 0.3)
LOCALITY_MISSING = 0.01

# -- MASH contacts ---------------------------------------------------------------------------------
CONTACT_TREND = {
    (2016, 7): 1020,
    (2017, 7): 1080,
    (2018, 7): 1140,
    (2019, 7): 1185,
    (2020, 6): 1200,
    (2020, 12): 1300,
    (2021, 3): 1700,
    (2021, 9): 1900,
    (2022, 6): 1935,
    (2023, 3): 1975,
    (2024, 3): 2050,
}
"""Deseasonalised monthly contacts (area 1) before scaling: flat to 2020, the post-lockdown
surge of 2021, then slow growth. The level is rescaled so that 2022/23 matches the EHAs through
the ratio table; the shape gives 2022 about 60% above 2019 and 2022/23 about 4% above 2021/22."""

CONTACT_SEASON = (1.05, 1.05, 1.1, 0.85, 1.0, 1.1, 1.05, 0.75, 1.0, 1.1, 1.1, 0.85)
"""January to December, as ``synthetic.yaml`` has it for 1.5."""

CONTACT_SHARES = {
    "Police": 0.346,
    "Other": 0.256,
    "Education": 0.233,
    "Health": 0.145,
    "County Council": 0.02,
}
"""Where contacts come from. Few from the county council's own services: they complete 1.8 EHAs
for every contact, so their contacts must be a small fraction of their ~800 EHAs."""

CONTACT_COVID = {
    "Education": {(2020, 4): 0.3, (2020, 5): 0.35, (2020, 6): 0.6, (2020, 7): 0.85,
                  (2021, 1): 0.6, (2021, 2): 0.7},
    "Health": {(2020, 4): 0.75, (2020, 5): 0.8, (2020, 6): 0.9},
    "Police": {(2020, 4): 0.85, (2020, 5): 0.9},
    "Other": {(2020, 4): 0.8, (2020, 5): 0.85, (2020, 6): 0.95},
    "County Council": {(2020, 4): 0.8, (2020, 5): 0.85},
}  # fmt: skip
"""Lockdowns: contacts from schools collapsed while they were closed; the 2020 dip."""

RATIO_YEAR = ((2022, 4), (2023, 3))
"""The financial year of the March 2023 report's ratio table."""

EHAS_PER_CONTACT = {
    "County Council": 1.8,
    "Health": 1 / 4.1,
    "Education": 1 / 3.7,
    "Police": 1 / 75,
    "Other": 1 / 55,
}
"""The ratio table, as EHAs per contact (County Council "1.8 S&Ns per MASH contact", the others
"N MASH contacts per S&N"), without the pilot."""

HEALTH_CONTACTS_PER_EHA_WITH_PILOT = 2.5

NO_FURTHER_ACTION = {
    "Police": 0.66,
    "Other": 0.63,
    "Education": 0.58,
    "Health": 0.59,
    "County Council": 0.57,
}
"""Share of each agency's contacts ending in no further action: 57% for the county council, and
62% overall with the shares above ("62% ... including 57% from county council sources")."""

OTHER_OUTCOMES = {"early_help": 0.40, "social_care_assessment": 0.48, "other": 0.12}
"""How the contacts that are not NFA divide."""

URGENCY = ("red", "amber", "green")
URGENCY_BY_OUTCOME = {
    "no_further_action": (0.015, 0.235, 0.75),
    "early_help": (0.04, 0.46, 0.50),
    "social_care_assessment": (0.40, 0.45, 0.15),
    "other": (0.08, 0.42, 0.50),
}
"""RAG at screening by what was decided: about 10% red overall."""

URGENCY_MISSING = 0.005
DECISION_HOURS = {"red": (4.0, 0.8), "amber": (28.0, 0.6), "green": (55.0, 0.6)}
"""Median hours to the decision and the lognormal sigma: 99% of red contacts inside 24 hours."""

PRECEDING_EHA_SHARE = 0.12
"""Seed 002: "88% of MASH contacts do not have a preceding strength and needs document"."""

RECONTACT_SHARE = 0.35
"""Of the other contacts, those about a child already contacted about in the 12 months before."""

LINK_WINDOW_DAYS = 364
"""A day inside the measures' 365-day "in the 12 months before"."""

# -- plans -----------------------------------------------------------------------------------------
CP_OPEN = {
    (2017, 4): 620,
    (2018, 3): 600,
    (2019, 3): 578,
    (2020, 3): 560,
    (2021, 3): 585,
    (2022, 3): 625,
    (2022, 11): 655,
    (2022, 12): 648,
    (2023, 2): 615,
    (2023, 3): 605,
    (2024, 3): 602,
}
"""Children on a child protection plan at month ends (area 1): 648 in December 2022 and 605 by
March 2023 (the reports), the rest as ``synthetic.yaml`` has indicator 1.2."""

CIN_OPEN = {(2017, 4): 380, (2020, 3): 340, (2022, 3): 360, (2024, 3): 370}
"""Children on a child in need plan (assumed): present so measures must tell plan types apart."""

CP_DURATION = ((1.0, 240.0, 0.62),)
"""Plan length in days, (weight, median, sigma) of a lognormal mixture: a mean of about ten
months, with 7 to 8% of open plans past 18 months (about 45 of 600: "a few dozen")."""

CIN_DURATION = ((1.0, 200.0, 0.7),)

REPEAT_SHARE = 0.29
"""New protection plans made repeats (seed 002: 29%), chosen evenly through time; almost all
find an earlier plan to follow (retries settle clashes over the same one)."""

REPEAT_WINDOW_DAYS = 729
"""A repeat follows a plan that ended within two years (730 days) before it starts."""

CATEGORY_SHARES = {
    "neglect": 0.45,
    "physical_abuse": 0.08,
    "emotional_abuse": 0.35,
    "sexual_abuse": 0.04,
    "multiple": 0.08,
}

EHA_BEFORE_PLAN = {"neglect": 0.37, "other": 0.22}
"""Chance that a new (not repeat) plan is for a child with an EHA in the 12 months before. With
repeats (whose EHA is mostly older) this leaves about 30% of all new neglect plans: "less than 1
in 3 ... had evidenced a strengths and needs document"."""

CONTACT_BEFORE_PLAN_DAYS = 90
"""Other new plans follow a contact ending in a social care assessment in the quarter before."""

# -- care ------------------------------------------------------------------------------------------
CARED_FOR = {
    (2017, 4): 690,
    (2018, 3): 712,
    (2019, 3): 735,
    (2020, 3): 748,
    (2021, 3): 762,
    (2022, 3): 790,
    (2022, 9): 812,
    (2022, 12): 803,
    (2023, 3): 770,
    (2023, 9): 768,
    (2024, 3): 765,
}
"""Children we care for at month ends (area 1), UASC included: 803 in December 2022 and 770 in
March 2023 (the reports' table), the path as ``synthetic.yaml`` has indicator 1.1."""

UASC_CARED_FOR = {
    (2017, 4): 45,
    (2019, 3): 48,
    (2021, 3): 40,
    (2022, 3): 70,
    (2022, 12): 110,
    (2023, 3): 124,
    (2024, 3): 118,
}
"""Unaccompanied asylum-seeking children among them: 110 in December 2022 and 124 in spring
2023, the gap between the reports' text and table figures (913 - 803, 894 - 770)."""

UNREGISTERED = {
    (2017, 4): 2,
    (2021, 3): 4,
    (2022, 4): 6,
    (2022, 12): 8,
    (2023, 2): 5,
    (2023, 3): 5,
    (2024, 3): 3,
}
"""Children in unregistered placements at month ends: 8 in December 2022, 5 in February 2023."""

CARE_DURATION = ((0.35, 75.0, 0.9), (0.65, 1000.0, 0.9))
"""Periods of care in days: short stays and long ones. The short ones let the count fall by 33
in the three months to March 2023 while unaccompanied children still arrive."""

UASC_DURATION = ((1.0, 450.0, 0.5),)
"""Unaccompanied children mostly arrive at 16 or 17 and leave care at 18."""

UNREGISTERED_DURATION = ((1.0, 45.0, 0.7),)

CONTACT_BEFORE_CARE = 0.45
CONTACT_BEFORE_CARE_DAYS = 180

LEGAL_STATUSES = ("C2", "C1", "V2", "E1", "J2", "L2")
LEGAL_STATUS_WEIGHTS = (0.55, 0.13, 0.18, 0.08, 0.03, 0.03)
UASC_LEGAL_STATUS_WEIGHTS = (0.05, 0.0, 0.95, 0.0, 0.0, 0.0)

PLACEMENT_TYPES = ("U1", "U3", "U4", "U6", "K2", "H5", "P1", "A5", "R1", "Z1")
"""SSDA903 placement codes: foster care (U1 to U6), children's homes (K2), supported
accommodation (H5), placed with parents (P1), for adoption (A5), residential (R1), other (Z1)."""
PLACEMENT_WEIGHTS = (0.06, 0.06, 0.3, 0.2, 0.11, 0.08, 0.06, 0.05, 0.03, 0.05)
UASC_PLACEMENT_WEIGHTS = (0.0, 0.0, 0.3, 0.2, 0.05, 0.45, 0.0, 0.0, 0.0, 0.0)
UNREGISTERED_PLACEMENT_WEIGHTS = (0.0, 0.0, 0.0, 0.0, 0.25, 0.4, 0.0, 0.0, 0.0, 0.35)

PLACEMENT_MOVE = 0.35
"""Periods of care longer than six months with one change of placement (a new episode)."""
