"""Importing the DfE's SSDA903 return of children looked after: its CSV tables, in any order, or
its one XML file, checked whole and stored all or nothing, with no identifier, date of birth,
UPN or postcode ever stored or quoted."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from trustboard.ingest.cells import ImportError_
from trustboard.ingest.statutory import File, adapter_for, import_return, ssda903
from trustboard.measures import store
from trustboard.measures.sources import ColumnType

AREA = "E10000025"
TODAY = date(2024, 5, 15)
"""The day the 2023-24 return is imported: after its year ended, before one child's UASC status
is due to cease."""
LATER = date(2025, 5, 15)
"""The day the 2024-25 return is imported."""
CHILD_IDS = tuple(f"LAC000010{n}" for n in range(1, 7))
BIRTHS = (
    "14/02/2013", "09/09/2007", "27/03/2008", "30/11/2019", "01/02/2006", "03/03/2010",
    "01/02/2024",  # MC_DOB: the date of birth of a mother in care's own child
)  # fmt: skip
UPNS = tuple(f"{letter}123456789012" for letter in "ABCDEF")
POSTCODES = (
    "OX1 1AA", "OX4 2BB", "RG1 3CC", "OX3 9DD", "OX3 7EE", "OX14 5FF", "M1 4GG", "OX16 6HH",
    "OX16 7JJ", "OX15 8KK", "OX10 9LL", "SN1 2MM", "OX2 3NN", "OX2 4PP",
)  # fmt: skip
SECRETS = (
    *CHILD_IDS,
    *UPNS,
    *BIRTHS,
    *(f"{b[6:]}-{b[3:5]}-{b[:2]}" for b in BIRTHS),  # and as the store would write them
)
SOURCES = ("care_episodes", "missing_episodes")
EXAMPLE = Path(__file__).parents[2] / "trustboard" / "examples" / "oxfordshire" / "framework.yaml"

HEADINGS = {
    "header.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
    "episodes.csv": (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN"
    ),
    "uasc.csv": "CHILD,SEX,DOB,DUC",
    "missing.csv": "CHILD,DOB,MISSING,MIS_START,MIS_END",
    "reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE",
    "oc2.csv": (
        "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
        "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
    ),
    "oc3.csv": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
    "previous_permanence.csv": "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM",
}
"""Each table's heading line, as the DfE's guide and the published validator write it."""

Tables = dict[str, list[str]]


# -- a return in the published layout ---------------------------------------------------------
def return_2023_24() -> Tables:
    """Five children, their sex written both ways (1/2 to 2023-24, M/F/U from 2024-25): one in
    a children's home after a foster placement, with two missing episodes (the last still
    open); a UASC girl who moved to supported accommodation and whose status is due to cease
    after the return is made; a UASC boy remanded (his status ceased in the year); a young
    child with a temporary placement between two foster placements; a 17-year-old whose
    accommodation under section 20 ended."""
    return {
        "header.csv": [
            "LAC0000101,1,14/02/2013,WBRI,A123456789012,,",
            "LAC0000102,2,09/09/2007,BAFR,B123456789012,1,01/02/2024",
            "LAC0000103,M,27/03/2008,MWBC,C123456789012,,",
            "LAC0000104,F,30/11/2019,NOBT,D123456789012,,",
            "LAC0000105,U,01/02/2006,AIND,E123456789012,,",
        ],
        "episodes.csv": [
            "LAC0000101,15/02/2022,S,C2,N1,U6,PR1,10/07/2023,X1,,OX1 1AA,OX4 2BB,",
            "LAC0000101,10/07/2023,P,C2,N1,K2,PR4,,,CARPL,OX1 1AA,RG1 3CC,1234567",
            "LAC0000102,01/06/2023,S,V2,N8,U4,PR2,01/03/2024,E5,,OX3 9DD,OX3 7EE,",
            "LAC0000103,05/05/2023,S,J1,N6,R5,PR3,,,,OX14 5FF,M1 4GG,7654321",
            "LAC0000104,12/12/2023,S,C1,N1,U3,PR1,20/12/2023,X1,,OX16 6HH,OX16 7JJ,",
            "LAC0000104,20/12/2023,T,C1,N1,T4,,27/12/2023,X1,,OX16 6HH,OX15 8KK,",
            "LAC0000104,27/12/2023,T,C1,N1,U3,PR1,,,,OX16 6HH,OX16 7JJ,",
            "LAC0000105,01/10/2023,S,V2,N2,H5,PR4,15/01/2024,E8,,OX10 9LL,SN1 2MM,2345678",
        ],
        "uasc.csv": [
            "LAC0000102,2,09/09/2007,03/09/2025",
            "LAC0000103,M,27/03/2008,20/01/2024",
        ],
        "missing.csv": [
            "LAC0000101,14/02/2013,M,01/08/2023,03/08/2023",
            "LAC0000103,27/03/2008,M,02/12/2023,02/12/2023",
            "LAC0000101,14/02/2013,A,20/03/2024,",
        ],
        "reviews.csv": [
            "LAC0000101,14/02/2013,01/09/2023,PN1",
            "LAC0000104,30/11/2019,10/01/2024,PN0",
        ],
        "oc2.csv": ["LAC0000101,14/02/2013,12,,0,1,1,1,1,0,0,0"],
        "oc3.csv": ["LAC0000105,01/02/2006,YES,F2,D1"],
    }


def return_2024_25() -> Tables:
    """The next year's return: the first child's placement ended and a new one began; the
    remanded boy's episode is re-dated a day later by the case system (the old one is no longer
    held) and has ended; the young child went home; a sixth child is looked after. The missing
    episode open at the year's end has ended."""
    return {
        "header.csv": [
            "LAC0000101,M,14/02/2013,WBRI,A123456789012,,",
            "LAC0000103,M,27/03/2008,MWBC,C123456789012,,",
            "LAC0000104,F,30/11/2019,NOBT,D123456789012,,",
            "LAC0000106,F,03/03/2010,WIRI,F123456789012,,",
        ],
        "episodes.csv": [
            "LAC0000101,10/07/2023,P,C2,N1,K2,PR4,01/05/2024,X1,CARPL,OX1 1AA,RG1 3CC,1234567",
            "LAC0000101,01/05/2024,P,C2,N1,U4,PR1,,,CARPL,OX1 1AA,OX4 2BB,",
            "LAC0000103,06/05/2023,S,J1,N6,R5,PR3,30/06/2024,E14,,OX14 5FF,M1 4GG,7654321",
            "LAC0000104,27/12/2023,T,C1,N1,U3,PR1,15/04/2024,E4A,,OX16 6HH,OX16 7JJ,",
            "LAC0000106,01/09/2024,S,V2,N7,U6,PR1,,,,OX2 3NN,OX2 4PP,",
        ],
        "uasc.csv": ["LAC0000103,M,27/03/2008,20/01/2024"],
        "missing.csv": [
            "LAC0000101,14/02/2013,A,20/03/2024,02/04/2024",
            "LAC0000106,03/03/2010,M,05/10/2024,06/10/2024",
        ],
    }


def csv_file(name: str, rows: list[str], heading: str | None = None) -> File:
    lines = (HEADINGS[name] if heading is None else heading, *rows)
    return File(name, ("\n".join(lines) + "\n").encode())


def files_of(tables: Tables) -> list[File]:
    return [csv_file(name, rows) for name, rows in tables.items()]


def changed(tables: Tables, name: str, old: str, new: str) -> tuple[Tables, int]:
    """The tables with the first row of ``name`` holding ``old`` changed, and that row's number
    in its file (the heading is row 1)."""
    rows = tables[name]
    at = next(i for i, row in enumerate(rows) if old in row)
    rows[at] = rows[at].replace(old, new, 1)
    return tables, at + 2


# -- the XML form -------------------------------------------------------------------------------
Node = tuple[str, "str | list[Node]"]


def _render(node: Node, depth: int = 0) -> list[str]:
    tag, content = node
    pad = "  " * depth
    if isinstance(content, list):
        inner = [line for child in content for line in _render(child, depth + 1)]
        return [f"{pad}<{tag}>", *inner, f"{pad}</{tag}>"]
    return [f"{pad}<{tag}>{content}</{tag}>" if content else f"{pad}<{tag} />"]


def _by_child(tables: Tables, name: str) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for row in tables.get(name, []):
        cells = row.split(",")
        found.setdefault(cells[0], []).append(cells)
    return found


def xml_return(tables: Tables) -> bytes:
    """The same return as one XML file, ``<EXPSSDA903><CHILD><HEADER>...<EPISODE>...``, in the
    order of the DfE's schema: the header's leaves with UASC, DUC and OC3's fields, then its
    AMISSING and AREVIEW groups, MOTHER and MC_DOB, OC2; then each EPISODE (PL for PLACE)."""
    uasc, missing = _by_child(tables, "uasc.csv"), _by_child(tables, "missing.csv")
    reviews, oc2 = _by_child(tables, "reviews.csv"), _by_child(tables, "oc2.csv")
    oc3, episodes = _by_child(tables, "oc3.csv"), _by_child(tables, "episodes.csv")
    children: list[Node] = []
    for row in tables["header.csv"]:
        ident, sex, birth, ethnic, upn, mother, mc_birth = row.split(",")
        ceased = uasc[ident][0][3] if ident in uasc else ""
        header: list[Node] = [
            ("CHILDID", ident), ("UPN", upn), ("SEX", sex), ("DOB", birth),
            ("ETHNIC", ethnic), ("UASC", "1" if ident in uasc else ""),
            *([("DUC", ceased)] if ceased else []),
            *[(tag, value) for c in oc3.get(ident, []) for tag, value in
              zip(("IN_TOUCH", "ACTIV", "ACCOM"), c[2:], strict=True)],
            *[("AMISSING", [("MISSING", c[2]), ("MIS_START", c[3]), ("MIS_END", c[4])])
              for c in missing.get(ident, [])],
            *[("AREVIEW", [("REVIEW", c[2]), ("REVIEW_CODE", c[3])])
              for c in reviews.get(ident, [])],
            ("MOTHER", mother), ("MC_DOB", mc_birth),
            *[("OC2", list(zip(HEADINGS["oc2.csv"].split(",")[2:], c[2:], strict=True)))
              for c in oc2.get(ident, [])],
        ]  # fmt: skip
        children.append(
            ("CHILD", [("HEADER", header), *(_episode(c) for c in episodes.get(ident, []))])
        )
    text = "\n".join(_render(("EXPSSDA903", children)))
    return f"<?xml version='1.0' encoding='us-ascii'?>\n{text}\n".encode("ascii")


def _episode(cells: list[str]) -> Node:
    values = dict(zip(HEADINGS["episodes.csv"].split(","), cells, strict=True))
    order = (
        "DECOM", "RNE", "LS", "CIN", "PLACE", "PL_POST", "HOME_POST", "URN", "PLACE_PROVIDER",
        "DEC", "REC", "REASON_PLACE_CHANGE",
    )  # fmt: skip
    return ("EPISODE", [("PL" if name == "PLACE" else name, values[name]) for name in order])


def child_line(data: bytes, ident: str) -> int:
    """The line the <CHILD> element whose CHILDID is ``ident`` starts on."""
    lines = data.decode().splitlines()
    at = next(n for n, text in enumerate(lines, 1) if f"<CHILDID>{ident}<" in text)
    return max(n for n, text in enumerate(lines[:at], 1) if text.strip() == "<CHILD>")


# -- helpers ----------------------------------------------------------------------------------
@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "analytics.duckdb"


def load(store_path: Path, files: list[File], today: date = TODAY, area: str = AREA):
    return import_return(files, store_path, area_code=area, today=today)


def rows(store_path: Path, sql: str) -> list[tuple]:
    connection = store.connect(store_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def hashed(store_path: Path, identifier: str, area: str = AREA) -> str:
    return store.pseudonymise(store.salt(store_path), area, identifier)


def counts(store_path: Path) -> dict[str, int]:
    return {source: store.record_count(store_path, source) for source in SOURCES}


def stored(store_path: Path, source: str) -> list[tuple]:
    """Every record of a source, every column but the batch, in a stable order."""
    return rows(store_path, f"select * exclude (batch_hash) from {source} order by record_id")


def assert_nothing_stored(store_path: Path) -> None:
    assert counts(store_path) == dict.fromkeys(SOURCES, 0)
    assert rows(store_path, "select count(*) from record_batches") == [(0,)]


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def refused(store_path: Path, files: list[File], today: date = TODAY) -> ImportError_:
    with pytest.raises(ImportError_) as caught:
        load(store_path, files, today)
    assert_no_secret(str(caught.value))
    for error in caught.value.errors:
        assert_no_secret(str(error))
    assert_nothing_stored(store_path)
    return caught.value


EPISODE_VALUES = (
    "select start_date, end_date, legal_status, placement_type, placement_provider, "
    "reason_new_episode, reason_ceased, category_of_need, uasc, uasc_ceased, registered, sex, "
    "ethnicity, age_at_start, la_code from care_episodes order by start_date"
)
MISSING_VALUES = (
    "select start_date, end_date, missing_type, age_at_start, la_code from missing_episodes "
    "order by start_date"
)


# -- recognising the tables -------------------------------------------------------------------
def test_each_table_is_recognised_by_its_headings_in_any_order_and_case():
    for name, heading in HEADINGS.items():
        assert adapter_for(name, csv_file(name, []).data) is ssda903, name
        shuffled = ",".join(reversed(heading.lower().split(",")))
        assert adapter_for(name, b"\xef\xbb\xbf" + shuffled.encode() + b"\n") is ssda903, name
    assert adapter_for("return.xml", xml_return(return_2023_24())) is ssda903
    assert adapter_for("notes.csv", b"CHILD,NOTE\nLAC0000101,hello\n") is None
    assert adapter_for("episodes.txt", csv_file("episodes.csv", []).data) is None
    assert adapter_for("other.xml", b"<?xml version='1.0'?>\n<Message></Message>\n") is None


def test_a_table_saved_as_utf16_or_after_a_blank_line_is_recognised_and_loads(store_path):
    """Excel's "Unicode" CSV is UTF-16, and a file may begin with an empty line: its headings
    are then on row 2, and its rows are numbered as the sender's spreadsheet numbers them."""
    files = files_of(return_2023_24())
    files[0] = File("header.csv", files[0].data.decode().replace("\n", "\r\n").encode("utf-16"))
    files[1] = File("episodes.csv", b"\n" + files[1].data)
    assert adapter_for("header.csv", files[0].data) is ssda903
    assert adapter_for("episodes.csv", files[1].data) is ssda903

    result = load(store_path, files)

    assert counts(store_path) == {"care_episodes": 8, "missing_episodes": 3}
    assert result.title == "SSDA903 return 2023/24"
    tables, row = changed(return_2023_24(), "episodes.csv", "01/06/2023,S,V2", "01/06/2023,S,V9")
    files[1] = File("episodes.csv", b"\n" + csv_file("episodes.csv", tables["episodes.csv"]).data)
    with pytest.raises(ImportError_) as caught:
        ssda903.read(files, today=TODAY)
    assert [(e.file, e.row, e.column) for e in caught.value.errors] == [
        ("episodes.csv", row + 1, "LS")
    ]


# -- a good return ------------------------------------------------------------------------------
def test_a_return_loads_its_episodes_of_care_and_missing_episodes(store_path):
    result = load(store_path, files_of(return_2023_24()))

    assert (result.source, result.title, result.rows, result.restated) == (
        "ssda903",
        "SSDA903 return 2023/24",
        11,
        0,
    )
    assert result.file_name == (
        "header.csv, episodes.csv, uasc.csv, missing.csv, reviews.csv, oc2.csv, oc3.csv"
    )
    assert [(p.source, p.rows, p.restated, p.removed) for p in result.parts] == [
        ("care_episodes", 8, 0, 0),
        ("missing_episodes", 3, 0, 0),
    ]
    assert counts(store_path) == {"care_episodes": 8, "missing_episodes": 3}
    male, female = "male", "female"
    assert rows(store_path, EPISODE_VALUES) == [
        (date(2022, 2, 15), date(2023, 7, 10), "C2", "U6", "PR1", "S", "X1", "N1", False, None,
         None, male, "WBRI", 9, AREA),
        # UASC, status ceased in the year.
        (date(2023, 5, 5), None, "J1", "R5", "PR3", "S", "", "N6", True, date(2024, 1, 20),
         None, male, "MWBC", 15, AREA),
        # UASC, status due to cease after the return was made: not ceased as at the return.
        (date(2023, 6, 1), date(2024, 3, 1), "V2", "U4", "PR2", "S", "E5", "N8", True, None,
         None, female, "BAFR", 15, AREA),
        (date(2023, 7, 10), None, "C2", "K2", "PR4", "P", "", "N1", False, None, None, male,
         "WBRI", 10, AREA),
        (date(2023, 10, 1), date(2024, 1, 15), "V2", "H5", "PR4", "S", "E8", "N2", False, None,
         None, "unknown", "AIND", 17, AREA),
        (date(2023, 12, 12), date(2023, 12, 20), "C1", "U3", "PR1", "S", "X1", "N1", False, None,
         None, female, "NOBT", 4, AREA),
        # A temporary placement has no provider.
        (date(2023, 12, 20), date(2023, 12, 27), "C1", "T4", "", "T", "X1", "N1", False, None,
         None, female, "NOBT", 4, AREA),
        (date(2023, 12, 27), None, "C1", "U3", "PR1", "T", "", "N1", False, None, None, female,
         "NOBT", 4, AREA),
    ]  # fmt: skip
    assert rows(store_path, MISSING_VALUES) == [
        (date(2023, 8, 1), date(2023, 8, 3), "missing", 10, AREA),
        (date(2023, 12, 2), date(2023, 12, 2), "missing", 15, AREA),
        (date(2024, 3, 20), None, "away", 11, AREA),
    ]
    assert rows(store_path, "select source, file_name, rows from record_batches") == [
        ("ssda903", result.file_name, 11)
    ]


def test_the_summary_names_the_return_and_what_it_cannot_give(store_path):
    summary = load(store_path, files_of(return_2023_24())).summary()

    assert summary.startswith(
        "Loaded the SSDA903 return 2023/24 from header.csv, episodes.csv, uasc.csv, missing.csv, "
        "reviews.csv, oc2.csv, oc3.csv: 8 episodes of care (0 restated); 3 missing or away "
        "episodes (0 restated)."
    )
    for table in ("reviews", "oc2", "oc3"):
        assert f"{table}.csv: the {table} table is checked, not stored" in summary
    assert (
        "Not in this return: SSDA903 and Annex A do not record whether a placement is "
        "registered with Ofsted." in summary
    )


def test_children_are_pseudonymised_and_no_birth_date_upn_or_postcode_is_stored(store_path):
    load(store_path, files_of(return_2023_24()))

    first = hashed(store_path, "LAC0000101")
    assert rows(
        store_path, "select record_id, child_id from care_episodes where start_date = '2022-02-15'"
    ) == [(hashed(store_path, "LAC0000101|2022-02-15"), first)]
    assert rows(
        store_path, "select distinct child_id from missing_episodes where missing_type = 'away'"
    ) == [(first,)]
    assert rows(store_path, "select count(distinct child_id) from care_episodes") == [(5,)]
    # A child's episodes and missing episodes join by the same pseudonym.
    assert rows(
        store_path,
        "select count(distinct child_id) from care_episodes join missing_episodes using (child_id)",
    ) == [(2,)]
    columns = {c.lower() for (c,) in rows(store_path, "select column_name from duckdb_columns()")}
    assert not {c for c in columns if any(w in c for w in ("birth", "dob", "upn", "postcode"))}
    births = ", ".join(f"date '{b[6:]}-{b[3:5]}-{b[:2]}'" for b in BIRTHS)
    for source in SOURCES:
        for column in store.SOURCES[source].columns:
            if column.type is ColumnType.DATE:
                assert rows(
                    store_path, f'select count(*) from {source} where "{column.name}" in ({births})'
                ) == [(0,)], (source, column.name)
        for record in stored(store_path, source):
            assert not any(str(value) in (*SECRETS, *POSTCODES) for value in record)
    everything = b"".join(p.read_bytes() for p in store_path.parent.glob("analytics.duckdb*"))
    for raw in (b"LAC00001", *(s.encode() for s in (*UPNS, *POSTCODES, *BIRTHS))):
        assert raw not in everything, raw


# -- the same return again, in another order, and the next year's ------------------------------
def test_the_tables_may_be_given_in_any_order(store_path, tmp_path):
    files = files_of(return_2023_24())
    load(store_path, files)
    reordered = tmp_path / "reordered.duckdb"  # beside the first: the same salt
    result = load(reordered, [files[3], files[6], files[1], files[5], files[0], files[4], files[2]])

    assert result.title == "SSDA903 return 2023/24"
    for source in SOURCES:
        assert stored(reordered, source) == stored(store_path, source)


def test_a_tables_columns_may_come_in_any_order_and_case(store_path, tmp_path):
    """The published validator recognises a table by the set of its headings."""
    tables = return_2023_24()
    load(store_path, files_of(tables))
    files = files_of(tables)
    headings = HEADINGS["episodes.csv"].split(",")
    shuffled = [*headings[7:], *headings[:7]]
    files[1] = csv_file(
        "episodes.csv",
        [",".join([*r.split(",")[7:], *r.split(",")[:7]]) for r in tables["episodes.csv"]],
        heading=",".join(shuffled).lower(),
    )
    other = tmp_path / "other.duckdb"  # beside the first: the same salt

    load(other, files)

    assert stored(other, "care_episodes") == stored(store_path, "care_episodes")


def test_the_same_return_imported_again_in_any_order_changes_nothing(store_path):
    files = files_of(return_2023_24())
    first = load(store_path, files)
    before = {source: stored(store_path, source) for source in SOURCES}

    again = load(store_path, list(reversed(files)))

    assert again.already_imported
    assert again.content_hash == first.content_hash
    assert "was already imported" in again.summary()
    assert {source: stored(store_path, source) for source in SOURCES} == before
    assert rows(store_path, "select count(*) from record_batches") == [(1,)]


def test_a_later_return_restates_its_year_and_keeps_earlier_years(store_path):
    load(store_path, files_of(return_2023_24()))

    later = load(store_path, files_of(return_2024_25()), today=LATER)

    assert later.title == "SSDA903 return 2024/25"
    assert [(p.source, p.rows, p.restated, p.removed) for p in later.parts] == [
        # The first child's children's home episode and the young child's last episode are
        # restated; the remanded boy's episode of 05/05/2023, open into 2024-25, is no longer
        # held (the case system re-dated it).
        ("care_episodes", 5, 2, 1),
        ("missing_episodes", 2, 1, 0),
    ]
    assert "1 episode of care of the same year no longer held" in later.summary()
    assert counts(store_path) == {"care_episodes": 10, "missing_episodes": 4}
    assert rows(
        store_path,
        "select start_date, end_date, reason_ceased, placement_type, sex, age_at_start "
        "from care_episodes order by start_date",
    ) == [
        (date(2022, 2, 15), date(2023, 7, 10), "X1", "U6", "male", 9),  # an earlier year's
        (date(2023, 5, 6), date(2024, 6, 30), "E14", "R5", "male", 15),  # re-dated
        (date(2023, 6, 1), date(2024, 3, 1), "E5", "U4", "female", 15),  # ended in 2023-24
        (date(2023, 7, 10), date(2024, 5, 1), "X1", "K2", "male", 10),  # restated
        (date(2023, 10, 1), date(2024, 1, 15), "E8", "H5", "unknown", 17),
        (date(2023, 12, 12), date(2023, 12, 20), "X1", "U3", "female", 4),
        (date(2023, 12, 20), date(2023, 12, 27), "X1", "T4", "female", 4),
        (date(2023, 12, 27), date(2024, 4, 15), "E4A", "U3", "female", 4),  # restated
        (date(2024, 5, 1), None, "", "U4", "male", 11),
        (date(2024, 9, 1), None, "", "U6", "female", 14),
    ]
    assert rows(store_path, MISSING_VALUES) == [
        (date(2023, 8, 1), date(2023, 8, 3), "missing", 10, AREA),
        (date(2023, 12, 2), date(2023, 12, 2), "missing", 15, AREA),
        (date(2024, 3, 20), date(2024, 4, 2), "away", 11, AREA),
        (date(2024, 10, 5), date(2024, 10, 6), "missing", 14, AREA),
    ]
    assert rows(store_path, "select count(*) from record_batches") == [(2,)]


# -- the XML form -----------------------------------------------------------------------------
def test_the_xml_form_loads_the_same_records_as_the_csv_tables(store_path, tmp_path):
    tables = return_2023_24()
    load(store_path, files_of(tables))
    from_xml = tmp_path / "from_xml.duckdb"  # beside the first: the same salt

    result = load(from_xml, [File("ssda903_2024.xml", xml_return(tables))])

    assert (result.title, result.file_name, result.rows) == (
        "SSDA903 return 2023/24",
        "ssda903_2024.xml",
        11,
    )
    for source in SOURCES:
        assert stored(from_xml, source) == stored(store_path, source)
    everything = from_xml.read_bytes()
    for raw in (b"LAC00001", *(s.encode() for s in (*UPNS, *POSTCODES, *BIRTHS))):
        assert raw not in everything, raw


def test_an_xml_return_and_its_next_year_restate_like_the_csv_tables(store_path):
    load(store_path, [File("ssda903_2024.xml", xml_return(return_2023_24()))])
    later = load(store_path, [File("ssda903_2025.xml", xml_return(return_2024_25()))], LATER)

    assert [(p.source, p.rows, p.restated, p.removed) for p in later.parts] == [
        ("care_episodes", 5, 2, 1),
        ("missing_episodes", 2, 1, 0),
    ]
    assert counts(store_path) == {"care_episodes": 10, "missing_episodes": 4}


# -- the public sample --------------------------------------------------------------------------
def test_the_public_synthetic_sample_loads(store_path):
    """These tables mirror the published validator's fake data: the heading lines and first
    rows of data-to-insight/csc-validator-be-903's tests/fake_data (the same files as Social
    Finance's quality-lac-data-beta-validator), synthetic children, ids and UPNs. Their dates
    are valid and past as published. The UASC and missing files' first rows are of children
    further down the 2,676-row header file, so their header rows are added here from the sex
    and date of birth those rows give, with an ethnicity of our own."""
    tables = {
        "header.csv": [
            "566910,2,27/03/2008,WROM,D051910639385,,",
            "384923,2,09/09/2011,REFU,L034811502612,,",
            "709901,1,14/02/2013,ABAN,Y021751958510,,",
            "550084,2,04/05/2008,AOTH,R095578985099,,",
            # Not in the excerpt: added for the UASC and missing rows below.
            "102639,2,18/10/2010,OOTH,,,",
            "589852,1,10/07/2012,OOTH,,,",
            "510000,1,12/03/2002,WBRI,,,",
            "92296,2,19/05/2004,WBRI,,,",
        ],
        "episodes.csv": [
            "566910,15/02/2016,L,C2,N3,T2,PR0,14/08/2017,X1,CLOSE,,,4244474",
            "566910,14/08/2017,T,C2,N3,A3,PR3,,X1,,EG19 7TT,WV27 9FW,8969628",
            "384923,26/04/2016,T,L1,N8,A5,PR2,09/05/2017,X1,,EH14 8EC,WD10 6ZQ,1157828",
            "384923,09/05/2017,L,C2,N8,A5,PR2,,X1,CARPL,EH14 8EC,WD10 6ZQ,1157828",
        ],
        "uasc.csv": ["102639,2,18/10/2010,13/10/2028", "589852,1,10/07/2012,06/07/2030"],
        "missing.csv": [
            "510000,12/03/2002,A,13/11/2017,25/11/2017",
            "92296,19/05/2004,M,21/11/2017,04/01/2018",
        ],
        "reviews.csv": [
            "566910,27/03/2008,30/08/2017,PN6",
            "566910,27/03/2008,29/07/2018,PN6",
            "566910,27/03/2008,08/10/2018,PN4",
            "384923,09/09/2011,10/08/2016,PN6",
        ],
        "oc2.csv": [
            "566910,27/03/2008,39,,1,0,0,0,0,1,0,0",
            "384923,09/09/2011,,SDQ1,1,1,0,0,0,1,0,0",
            "709901,14/02/2013,,SDQ4,1,0,1,1,1,1,0,1",
            "550084,04/05/2008,40,,0,0,1,1,1,0,0,0",
        ],
        "previous_permanence.csv": [
            "566910,27/03/2008,Z1,,",
            "384923,09/09/2011,Z1,,",
            "709901,14/02/2013,Z1,,",
            "550084,04/05/2008,Z1,,",
        ],
    }

    result = load(store_path, files_of(tables), today=date(2019, 5, 1))

    # Its latest episode or missing date is in 2017-18 (its reviews run on into 2018-19).
    # Its reviews run to October 2018, so it can only be the return for 2018/19.
    assert result.title == "SSDA903 return 2018/19"
    assert rows(
        store_path,
        "select start_date, end_date, legal_status, placement_type, placement_provider, "
        "reason_new_episode, reason_ceased, category_of_need, sex, ethnicity, age_at_start "
        "from care_episodes order by start_date",
    ) == [
        (date(2016, 2, 15), date(2017, 8, 14), "C2", "T2", "PR0", "L", "X1", "N3", "female",
         "WROM", 7),
        (date(2016, 4, 26), date(2017, 5, 9), "L1", "A5", "PR2", "T", "X1", "N8", "female",
         "REFU", 4),
        # Open episodes with REC X1, as the fake data has them: rule 148 is the DfE's check.
        (date(2017, 5, 9), None, "C2", "A5", "PR2", "L", "X1", "N8", "female", "REFU", 5),
        (date(2017, 8, 14), None, "C2", "A3", "PR3", "T", "X1", "N3", "female", "WROM", 9),
    ]  # fmt: skip
    assert rows(store_path, MISSING_VALUES) == [
        (date(2017, 11, 13), date(2017, 11, 25), "away", 15, AREA),
        (date(2017, 11, 21), date(2018, 1, 4), "missing", 13, AREA),
    ]
    everything = store_path.read_bytes()
    for raw in (b"D051910639385", b"EG19 7TT", b"WV27 9FW", b"27/03/2008"):
        assert raw not in everything


# -- refused ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "old", "new", "column", "shown", "expected"),
    [
        # A child's episodes must not overlap (rule 501): the second starts before the first
        # ends.
        ("episodes.csv", "LAC0000101,10/07/2023", "LAC0000101,01/07/2023", "DECOM",
         "01/07/2023", "a start on or after the end of the child's previous episode (ended "
         "10/07/2023)"),
        ("episodes.csv", "01/06/2023,S,V2,N8,U4,PR2,01/03/2024", "01/06/2023,S,V2,N8,U4,PR2,"
         "31/05/2023", "DEC", "31/05/2023", "a date on or after DECOM (rule 356)"),
        ("episodes.csv", "01/06/2023,S,V2", "01/06/2023,S,V9", "LS", "V9", "one of C1, C2"),
        ("episodes.csv", "N8,U4,PR2", "N8,U9,PR2", "PLACE", "U9", "one of A3, A4"),
        ("episodes.csv", "01/03/2024,E5", "01/03/2024,E99", "REC", "E99", "one of X1, E11"),
        ("episodes.csv", "LAC0000102,01/06/2023", "LAC0000102,31/06/2023", "DECOM",
         "31/06/2023", "a real date"),
        ("episodes.csv", "LAC0000102,01/06/2023", "LAC0000102,2023-06-31", "DECOM",
         "2023-06-31", "a real date"),
        ("episodes.csv", "01/03/2024,E5", "31/12/9999,E5", "DEC", "31/12/9999",
         "a date from 1950-01-01 to today"),
        ("missing.csv", "02/12/2023,02/12/2023", "02/12/2023,01/12/2023", "MIS_END",
         "01/12/2023", "a date on or after MIS_START (rule 567)"),
        ("missing.csv", "LAC0000103,27/03/2008,M", "LAC0000103,27/03/2008,X", "MISSING", "X",
         "one of M, A"),
        ("uasc.csv", "27/03/2008,20/01/2024", "27/03/2008,20/13/2024", "DUC", "20/13/2024",
         "a date as DD/MM/YYYY, or empty"),
        ("uasc.csv", "27/03/2008,20/01/2024", "27/03/2008,01/01/0001", "DUC", "01/01/0001",
         "a date from 1950-01-01"),
        ("header.csv", "LAC0000104,F", "LAC0000104,X", "SEX", "X", "one of 1, 2, M, F, U"),
        ("header.csv", "NOBT", "ZZZZ", "ETHNIC", "ZZZZ", "one of WBRI"),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_naming_the_file_row_and_column(
    store_path, name, old, new, column, shown, expected
):
    tables, row = changed(return_2023_24(), name, old, new)

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.unit, e.column, e.value) for e in error.errors] == [
        (name, row, "row", column, shown)
    ]
    assert error.errors[0].expected.startswith(expected)
    assert str(error).startswith(f"{name}: row {row}, column '{column}'")


def test_a_child_in_episodes_that_is_not_in_the_header_is_refused(store_path):
    tables, row = changed(return_2023_24(), "episodes.csv", "LAC0000105", "LAC0000199")

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.column, e.value) for e in error.errors] == [
        ("episodes.csv", row, "CHILD", "(an identifier)")
    ]
    assert error.errors[0].expected == "a child in the header table (rules INT01-09)"
    assert "LAC0000199" not in str(error)


def test_a_child_twice_in_the_header_is_refused(store_path):
    tables = return_2023_24()
    tables["header.csv"].append("LAC0000102,2,09/09/2007,BAFR,B123456789012,,")

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.column, e.value, e.expected) for e in error.errors] == [
        ("header.csv", 7, "CHILD", "(an identifier)", "each child once (row 3 too)")
    ]


def test_an_episode_given_twice_is_refused(store_path):
    """Two episodes of one child starting the same day would be one record stored twice."""
    tables = return_2023_24()
    tables["episodes.csv"][4:5] = [
        "LAC0000104,12/12/2023,S,C1,N1,U3,PR1,12/12/2023,X1,,OX16 6HH,OX16 7JJ,",
        "LAC0000104,12/12/2023,S,C1,N1,U3,PR1,20/12/2023,X1,,OX16 6HH,OX16 7JJ,",
    ]

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.column, e.value) for e in error.errors] == [
        ("episodes.csv", 7, "DECOM", "12/12/2023")
    ]
    assert error.errors[0].expected.startswith("each episode of a child once (row 6 starts")


def test_a_missing_episode_before_the_childs_birth_is_refused_without_quoting_it(store_path):
    tables, row = changed(return_2023_24(), "missing.csv", "01/08/2023", "01/08/2012")

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.column, e.value) for e in error.errors] == [
        ("missing.csv", row, "MIS_START", "01/08/2012")
    ]
    assert error.errors[0].expected == "a date on or after the child's DOB"


def test_episodes_without_the_header_table_are_refused(store_path):
    files = [f for f in files_of(return_2023_24()) if f.name != "header.csv"]

    error = refused(store_path, files)

    assert [(e.file, e.row, e.column) for e in error.errors] == [
        (", ".join(f.name for f in files), None, "(header table)")
    ]
    assert "the return's header table too" in str(error)


def test_a_header_without_the_episodes_table_is_refused(store_path):
    error = refused(store_path, [csv_file("header.csv", return_2023_24()["header.csv"])])

    assert [(e.file, e.row, e.column) for e in error.errors] == [
        ("header.csv", None, "(episodes table)")
    ]


def test_a_table_given_twice_is_refused(store_path):
    files = files_of(return_2023_24())
    files.append(File("episodes_copy.csv", files[1].data))

    error = refused(store_path, files)

    assert [(e.file, e.column) for e in error.errors] == [("episodes_copy.csv", "(file)")]
    assert "one episodes table (episodes.csv too)" in str(error)


def test_a_csv_that_is_no_ssda903_table_is_refused(store_path):
    notes = File("notes.csv", b"CHILD,NOTE\nLAC0000101,seen at home\n")

    error = refused(store_path, [*files_of(return_2023_24()), notes])

    (found,) = [e for e in error.errors if e.file == "notes.csv"]
    assert (found.row, found.column, found.expected) == (
        None,
        "(file)",
        "a table of the same statutory return as the others (SSDA903 return)",
    )
    with pytest.raises(ImportError_) as caught:
        ssda903.read([*files_of(return_2023_24()), notes], today=TODAY)
    assert [(e.file, e.row, e.column) for e in caught.value.errors] == [
        ("notes.csv", 1, "(header)")
    ]
    assert "the headings of an SSDA903 table (header: CHILD, SEX, DOB" in str(caught.value)


def test_an_xml_return_with_csv_tables_is_refused(store_path):
    tables = return_2023_24()
    files = [File("ssda903.xml", xml_return(tables)), *files_of(tables)[2:4]]

    error = refused(store_path, files)

    assert [(e.file, e.column) for e in error.errors] == [("ssda903.xml", "(file)")]
    assert "the XML return on its own, or CSV tables" in str(error)


def test_a_document_type_declaration_is_refused_before_any_entity_is_read(store_path):
    data = xml_return(return_2023_24()).replace(b"<CHILDID>LAC0000101<", b"<CHILDID>&xxe;<")
    data = data.replace(
        b"?>\n",
        b'?>\n<!DOCTYPE EXPSSDA903 [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        1,
    )

    error = refused(store_path, [File("ssda903.xml", data)])

    assert [(e.file, e.row, e.unit, e.column) for e in error.errors] == [
        ("ssda903.xml", 2, "line", "(document type declaration)")
    ]
    assert "root:" not in str(error)


def test_xml_that_is_not_well_formed_is_refused_with_its_line(store_path):
    data = xml_return(return_2023_24()).replace(b"</LS>", b"</LX>", 1)
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "</LX>" in text)

    error = refused(store_path, [File("ssda903.xml", data)])

    assert [(e.file, e.row, e.unit, e.column) for e in error.errors] == [
        ("ssda903.xml", line, "line", "(XML)")
    ]
    assert "well-formed XML" in str(error)


def test_a_bad_value_in_the_xml_is_refused_naming_its_child_line_and_element(store_path):
    tables = return_2023_24()
    tables, _ = changed(tables, "episodes.csv", "N8,U4,PR2", "N8,U9,PR2")
    tables, _ = changed(tables, "missing.csv", "02/12/2023,02/12/2023", "02/12/2023,01/12/2023")
    duplicate = (
        "  <CHILD>\n    <HEADER><CHILDID>LAC0000101</CHILDID><UPN>A123456789012</UPN><SEX>1</SEX>"
        "<DOB>14/02/2013</DOB><ETHNIC>WBRI</ETHNIC><UASC /></HEADER>\n  </CHILD>\n"
    )
    data = xml_return(tables).replace(b"</EXPSSDA903>", duplicate.encode() + b"</EXPSSDA903>")
    lines = [n for n, text in enumerate(data.decode().splitlines(), 1) if text.strip() == "<CHILD>"]

    error = refused(store_path, [File("ssda903.xml", data)])

    assert [(e.row, e.unit, e.column, e.value) for e in error.errors] == [
        (child_line(data, "LAC0000102"), "line", "PL", "U9"),
        (child_line(data, "LAC0000103"), "line", "MIS_END", "01/12/2023"),
        (lines[-1], "line", "CHILDID", "(an identifier)"),
    ]
    assert error.errors[2].expected == f"each child once (line {lines[0]} too)"
    assert str(error).startswith(f"ssda903.xml: line {lines[1]}, column 'PL'")


def test_an_identifier_or_date_of_birth_is_never_quoted(store_path):
    tables = return_2023_24()
    tables["header.csv"][0] = "LAC0000101,1,14/02/20133,WBRI,A123456789012,,"
    tables["header.csv"][3] = "LAC0000104,F,30/11/2029,NOBT,D123456789012,,"
    tables["header.csv"].append("LAC0000101,1,14/02/2013,WBRI,A123456789012,,")
    tables["header.csv"].append(
        ",".join(("LAC0000106" * 30, "1", "01/01/2010", "WBRI", "", "", ""))
    )
    tables["reviews.csv"].append("LAC0000109,14/02/2013,01/09/2023,PN1")

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.column, e.value) for e in error.errors] == [
        ("header.csv", 2, "DOB", "(a date of birth)"),
        ("header.csv", 5, "DOB", "(a date of birth)"),
        ("header.csv", 7, "CHILD", "(an identifier)"),
        ("header.csv", 8, "CHILD", "(an identifier)"),
        ("reviews.csv", 4, "CHILD", "(an identifier)"),
    ]
    assert "14/02/20133" not in str(error) and "30/11/2029" not in str(error)


# -- the command line -------------------------------------------------------------------------
def run(*args: str, data_dir: Path, check: bool = True) -> subprocess.CompletedProcess:
    """``trustboard`` as a user runs it: a separate process on its own data folder."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}
    result = subprocess.run(
        [sys.executable, "-m", "trustboard.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def partnership(tmp_path) -> Path:
    data = tmp_path / "partnership"
    run("catalogue", str(EXAMPLE), data_dir=data)
    return data


def test_the_command_line_imports_the_tables_as_one_return(partnership, tmp_path):
    tables = return_2023_24()
    paths = []
    for name in ("header.csv", "episodes.csv", "uasc.csv", "missing.csv"):
        path = tmp_path / name
        path.write_bytes(csv_file(name, tables[name]).data)
        paths.append(str(path))

    bad, row = changed(return_2023_24(), "episodes.csv", "01/06/2023,S,V2", "01/06/2023,S,V9")
    (tmp_path / "bad").mkdir()
    for name in ("header.csv", "episodes.csv"):
        (tmp_path / "bad" / name).write_bytes(csv_file(name, bad[name]).data)
    refusal = run(
        "import",
        str(tmp_path / "bad" / "header.csv"),
        str(tmp_path / "bad" / "episodes.csv"),
        data_dir=partnership,
        check=False,
    )
    assert refusal.returncode == 2
    assert "header.csv, episodes.csv: nothing imported; 1 problem(s):" in refusal.stdout
    assert f"episodes.csv: row {row}, column 'LS': 'V9'" in refusal.stdout
    assert_no_secret(refusal.stdout)

    out = run("import", *paths, data_dir=partnership).stdout

    (loaded,) = out.splitlines()
    assert loaded.startswith(
        "Loaded the SSDA903 return 2023/24 from header.csv, episodes.csv, uasc.csv, "
        "missing.csv: 8 episodes of care (0 restated); 3 missing or away episodes (0 restated)."
    )
    assert_no_secret(out)
    store_file = partnership / "analytics.duckdb"
    assert counts(store_file) == {"care_episodes": 8, "missing_episodes": 3}
    assert rows(store_file, "select distinct la_code from care_episodes") == [(AREA,)]
    again = run("import", *reversed(paths), data_dir=partnership).stdout
    assert again.count("was already imported") == 1


def test_a_table_repeating_a_childs_dob_or_sex_differently_is_refused(store_path):
    """Two children under one id: the header's DOB (and SEX) must be the one every table
    repeats (rules INT11-18, INT21), and the message never quotes either birth date."""
    tables, missing_row = changed(
        return_2023_24(), "missing.csv", "LAC0000103,27/03/2008", "LAC0000103,28/03/2008"
    )
    tables, uasc_row = changed(tables, "uasc.csv", "LAC0000102,2,", "LAC0000102,1,")

    error = refused(store_path, files_of(tables))

    assert [(e.file, e.row, e.column, e.value) for e in error.errors] == [
        ("missing.csv", missing_row, "DOB", "(a date of birth)"),
        ("uasc.csv", uasc_row, "SEX", "1"),
    ]
    assert "28/03/2008" not in str(error)
