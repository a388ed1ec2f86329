"""A statutory return goes up through the imports page as it is: an SSDA903 return's tables
chosen together are one import, a CIN census's XML another, and a refused return loads nothing
and never shows a child's id."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trustboard.measures import store
from trustboard.web.audit.models import AuditEvent
from trustboard.web.framework.models import ImportBatch

HEADER = (
    b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
    b"700101,2,27/03/2008,WBRI,A123456789012,,\n"
    b"700102,1,09/09/2011,BAFR,A123456789013,,\n"
)
EPISODES = (
    b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,"
    b"URN\n"
    b"700101,15/05/2023,S,C2,N1,U4,PR1,14/08/2023,X1,CARPL,OX1 1AA,OX2 2BB,\n"
    b"700101,14/08/2023,P,C2,N1,U6,PR4,,,,OX1 1AA,OX3 3CC,\n"
    b"700102,26/04/2023,S,V2,N8,U6,PR1,,,,,,\n"
)
UASC = b"CHILD,SEX,DOB,DUC\n700102,1,09/09/2011,\n"


def _files(**tables: bytes) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"{name}.csv", data) for name, data in tables.items()]


def test_an_ssda903_returns_tables_chosen_together_are_one_import(as_analyst, framework):
    response = as_analyst.post(
        reverse("imports"), {"file": _files(header=HEADER, episodes=EPISODES, uasc=UASC)}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Loaded the SSDA903 return 2023/24 from header.csv, episodes.csv, uasc.csv" in html
    assert "3 episodes of care" in html
    assert "do not record whether a placement is registered" in html
    [batch] = ImportBatch.objects.filter(kind="records:ssda903")
    assert batch.rows == 3
    event = AuditEvent.objects.get(action="records.import")
    assert event.after["sources"] == {"care_episodes": 3, "missing_episodes": 0}
    assert store.record_count(framework_store(), "care_episodes") == 3


def test_a_refused_return_loads_nothing_and_never_shows_a_childs_id(as_analyst, framework):
    bad = EPISODES + b"700199,01/06/2023,S,C2,N1,U4,PR1,,,,,,\n"
    response = as_analyst.post(reverse("imports"), {"file": _files(header=HEADER, episodes=bad)})
    html = response.content.decode()

    assert response.status_code == 400
    assert "Nothing was imported: 1 problem found" in html
    assert "a child in the header table" in html
    assert "700199" not in html and "700101" not in html
    assert "27/03/2008" not in html
    assert not ImportBatch.objects.filter(kind__startswith="records:").exists()


def test_a_returns_table_alone_is_refused_for_want_of_the_others(as_analyst, framework):
    response = as_analyst.post(reverse("imports"), {"file": _files(episodes=EPISODES)})

    assert response.status_code == 400
    assert "an SSDA903 return is imported with its header and episodes tables together" in (
        response.content.decode()
    )


def framework_store():
    from django.conf import settings

    return settings.ANALYTICS_PATH
