"""Who sees which lines: the bureau its region's, an owner only its organisation's, everyone else none."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

USERS = ["reviewer", "publisher", "officer", "auditor", "school_owner", "other_owner", "police_owner", "submitter",
         "outsider"]
# user → (ledger page, my lines page, school's line page, lines visible in the API, API on the school's line)
EXPECTED = {
    "reviewer":     (200, 403, 200, {"school", "police"}, 200),
    "publisher":    (200, 403, 200, {"school", "police"}, 200),
    "officer":      (200, 403, 200, {"school", "police"}, 200),
    "auditor":      (200, 403, 200, {"school", "police"}, 200),
    "school_owner": (403, 200, 200, {"school"}, 200),
    "other_owner":  (403, 200, 404, set(), 404),
    "police_owner": (403, 200, 404, {"police"}, 404),
    "submitter":    (403, 403, 404, None, 403),
    "outsider":     (403, 403, 404, None, 403),
}


@pytest.fixture
def lines(open_line, school, police):
    return {"school": open_line(owner=school, problem="学校的问题"), "police": open_line(owner=police,
                                                                                   problem="公安的问题")}


@pytest.mark.parametrize("who", USERS)
def test_owner_isolation(who, request, lines, client):
    user = request.getfixturevalue(who)
    ledger, mine, line_page, api_lines, api_line = EXPECTED[who]
    client.force_login(user)
    assert client.get("/ledger/").status_code == ledger
    assert client.get("/ledger/ledger.xlsx").status_code == ledger
    response = client.get("/ledger/mine/")
    assert response.status_code == mine
    if mine == 200:
        body = response.content.decode()
        for name, line in lines.items():
            assert (line.number in body) == (name in (api_lines or ()))
    assert client.get(f"/ledger/{lines['school'].pk}/").status_code == line_page

    api = APIClient()
    api.force_authenticate(user)
    response = api.get("/api/ledger/")
    if api_lines is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        numbers = {row["number"] for row in response.json()["results"]}
        assert numbers == {lines[name].number for name in api_lines}
    assert api.get(f"/api/ledger/{lines['school'].pk}/").status_code == api_line


def test_owner_cannot_report_on_another_organisations_line_by_api(lines, other_owner):
    api = APIClient()
    api.force_authenticate(other_owner)
    line = lines["school"]
    response = api.post(f"/api/ledger/{line.pk}/report/", {"version": line.version, "measures": "冒名"})
    assert response.status_code == 404
    line.refresh_from_db()
    assert line.measures == ""


def test_api_workflow_and_stale_version(lines, school_owner, reviewer):
    api = APIClient()
    line = lines["school"]
    api.force_authenticate(school_owner)
    body = api.post(f"/api/ledger/{line.pk}/report/", {"version": 1, "measures": "已停止", "results": "无打卡"}).json()
    assert body["status"] == "in_progress"
    assert api.post(f"/api/ledger/{line.pk}/request-close/", {"version": 1}).status_code == 409
    assert api.post(f"/api/ledger/{line.pk}/close-out/", {"version": 2, "opinion": "自己销号"}).status_code == 403
    assert api.post(f"/api/ledger/{line.pk}/request-close/", {"version": 2}).json()["status"] == "awaiting"
    api.force_authenticate(reviewer)
    assert api.post(f"/api/ledger/{line.pk}/close-out/", {"version": 3, "opinion": ""}).status_code == 400
    body = api.post(f"/api/ledger/{line.pk}/close-out/", {"version": 3, "opinion": "核实"}).json()
    assert body["status"] == "closed" and body["closed_on"]


def test_owner_page_steps(lines, client, school_owner, other_owner):
    line = lines["school"]
    client.force_login(other_owner)
    assert client.post(f"/ledger/{line.pk}/report/", {"version": 1, "measures": "冒名"}).status_code == 404
    client.force_login(school_owner)
    page = client.get(f"/ledger/{line.pk}/").content.decode()
    assert "报告整改情况" in page and "核实通过" not in page
    response = client.post(f"/ledger/{line.pk}/report/", {"version": 1, "measures": "=1+1", "results": "成效"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.measures == "=1+1" and line.status == "in_progress"
    assert client.post(f"/ledger/{line.pk}/close_out/", {"version": 2, "opinion": "x"}).status_code == 403
