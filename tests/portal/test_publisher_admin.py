"""The bureau admin (a publisher with staff access) keeps terms, application windows and caps in the admin, as
SPEC §2 gives them; other staff and roles do not."""

import pytest

from apps.applications.models import CapRule, Term
from tests.factories import TermFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/admin/applications/term/", "/admin/applications/term/add/", "/admin/applications/applicationwindow/",
         "/admin/applications/applicationwindow/add/", "/admin/applications/caprule/"]


@pytest.fixture
def bureau_admin(bureau):
    return UserFactory(organisation=bureau, roles=["发布管理员"], is_staff=True)


def test_the_bureau_admin_opens_terms_windows_and_caps(client, bureau_admin):
    client.force_login(bureau_admin)
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    index = client.get("/admin/").content.decode()
    assert "/admin/applications/term/" in index and "/admin/applications/caprule/" in index


def test_the_bureau_admin_adds_a_term_with_its_window_and_changes_a_cap(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.post("/admin/applications/term/add/", {
        "start_year": 2030, "semester": "1", "starts_on": "2030-09-01", "ends_on": "2031-01-31",
        "windows-TOTAL_FORMS": 1, "windows-INITIAL_FORMS": 0,
        "windows-0-opens_on": "2030-07-01", "windows-0-closes_on": "2030-07-31",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    term = Term.objects.get(start_year=2030, semester="1")
    assert term.windows.count() == 1
    cap = CapRule.objects.first()
    page = client.get(f"/admin/applications/caprule/{cap.pk}/change/")
    assert page.status_code == 200


@pytest.mark.parametrize("roles,staff", [(["审核人"], True), (["监督人"], True), (["发布管理员"], False)])
def test_other_staff_and_a_publisher_without_staff_access_are_refused(client, bureau, roles, staff):
    TermFactory()
    client.force_login(UserFactory(organisation=bureau, roles=roles, is_staff=staff))
    for page in PAGES:
        response = client.get(page)
        assert response.status_code in (302, 403), page
    assert client.post("/admin/applications/term/add/", {"start_year": 2031, "semester": "1"}).status_code in (302, 403)
    assert not Term.objects.filter(start_year=2031).exists()
