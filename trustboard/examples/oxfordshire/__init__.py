"""The example partnership: its files, and the cast and script of its demo.

The files beside this module are the example's framework, synthetic-data calibration, published
statistics, measures, board report words and action plan. The constants below are what the demo
adds to them: who can sign in, which indicators come from records, and the round of early help
returns that shows each state a return can be in. Nothing outside :mod:`trustboard.examples`
reads them; a real partnership names its own files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trustboard.web.accounts.roles import Role

FOLDER = Path(__file__).parent
FRAMEWORK = FOLDER / "framework.yaml"
CALIBRATION = FOLDER / "synthetic.yaml"
"""How the synthetic series is calibrated to the published figures (its header says how)."""
PUBLISHED = FOLDER / "published"
"""Published statistics (DfE files) the demo imports as they are."""
REPORT = FOLDER / "report.yaml"
"""The words of the board's March 2023 report for Q3 2022/23."""
MEASURES = FOLDER / "measures.yaml"
PLAN_AS_AT = date(2022, 5, 31)
"""The date the action plan's Progress column is as at (the plan's May 2022 update)."""

FROM_RECORDS = frozenset({"1.4", "1.5", "4.1", "4.2"})
"""Indicators the demo computes from synthetic records rather than taking from the series."""
RECORD_MEASURES = (
    "eha_started",
    "eha_started_pilot",
    "mash_contacts",
    "mash_nfa",
    "mash_nfa_12_months",
    "mash_contacts_per_eha",
    "eha_per_mash_contact",
    "mash_contacts_per_eha_without_pilot",
    "mash_with_preceding_eha",
)
"""The early help measures the demo runs; every indicator they write is in FROM_RECORDS. The
plan and care measures are left to ``trustboard compute``: the published series tells the
reports' story exactly, and running them would restate those figures as new vintages."""


@dataclass(frozen=True)
class Login:
    """A demo sign-in. The passwords are printed for anyone to use: synthetic data only."""

    username: str
    password: str
    role: Role
    description: str
    agency: str = ""
    """The code of the agency a contributor works for."""


LOGINS = (
    Login(
        "analyst",
        "analyst-demo-password",
        Role.ANALYST,
        "Analyst: imports figures, sees everything",
    ),
    Login("board", "board-demo-password", Role.BOARD_MEMBER, "Board member: reads the dashboard"),
    Login("owner", "owner-demo-password", Role.OWNER, "Indicator owner: writes commentary"),
    Login(
        "health",
        "health-demo-password",
        Role.CONTRIBUTOR,
        "Contributor: Health's early help return",
        agency="health",
    ),
    Login(
        "police",
        "police-demo-password",
        Role.CONTRIBUTOR,
        "Contributor: Police's early help return",
        agency="police",
    ),
)


@dataclass(frozen=True)
class ReturnsRound:
    """A round of early help returns, opened by ``opened_by``, with some agencies' answers:
    submitted, or saved as a draft; the other agencies have not started."""

    period: str
    due: date
    message: str
    opened_by: str
    submitted: dict[str, dict[str, str]] = field(default_factory=dict)
    """Answers by agency code, submitted by that agency's demo contributor."""
    drafts: dict[str, dict[str, str]] = field(default_factory=dict)
    """Answers by agency code, saved but not submitted."""


RETURNS = ReturnsRound(
    period="Q4 2023/24",
    due=date(2024, 4, 30),
    message="Please report your agency's early help assessments for 2023/24 and your "
    "targets for 2024/25, as the board asked in March 2023.",
    opened_by="analyst",
    submitted={
        "health": {
            "target_this_year": "1200",
            "target_next_year": "1800",
            "achieved": "1150",
            "narrative": "Health visitors now complete strengths and needs assessments as part "
            "of the early help pilot, which is being extended to all localities.",
            "barriers": "Midwifery and school nursing capacity; practitioners' confidence to "
            "start the conversation with families.",
            "governance": "Reported quarterly to the Oxford Health children's safeguarding "
            "group and the integrated care board.",
        },
    },
    drafts={
        "police": {"target_this_year": "40", "narrative": "Draft: neighbourhood teams trained."},
    },
)
"""Health's return submitted, Police's in draft, the rest not started, so the partnership view
shows each state."""
