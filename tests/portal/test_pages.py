import pytest

from apps.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_explains_the_rule_in_chinese_and_links_to_the_whitelist_and_reporting(client, settings):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "未列入白名单的事项，一律不得进入校园" in body
    assert 'href="/whitelist/"' in body and 'href="/report/"' in body
    assert settings.COMPLAINT_HOTLINE in body and settings.COMPLAINT_EMAIL in body


def test_whitelist_link_says_plainly_when_nothing_is_published(client):
    assert "尚未发布" in client.get("/whitelist/").content.decode()


def test_pages_load_nothing_from_the_internet(client):
    body = client.get("/").content.decode()
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_login_shows_a_chinese_error_on_a_wrong_password(client):
    UserFactory(username="zhang")
    response = client.post("/accounts/login/", {"username": "zhang", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_navigation_shows_each_role_what_it_may_use(client):
    auditor = UserFactory(roles=[Role.AUDITOR])
    publisher = UserFactory(roles=[Role.PUBLISHER], is_staff=True)
    client.force_login(auditor)
    assert "系统管理" not in client.get("/workspace/").content.decode()
    client.force_login(publisher)
    assert "系统管理" in client.get("/workspace/").content.decode()


def test_english_is_switchable(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Home" in body


def test_logout_returns_to_the_home_page(client):
    client.force_login(UserFactory())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == "/"


def test_dashboard_needs_login(client):
    response = client.get("/workspace/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_chinese_is_the_default_even_for_an_english_browser(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in body and "首页" in body
