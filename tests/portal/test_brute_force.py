"""Repeated wrong passwords lock the account and the address; the API takes a session (with CSRF) or a token,
never Basic auth; anonymous public forms and the anonymous API are throttled."""

import base64

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456"


@pytest.fixture
def gongan(department):
    return UserFactory(username="gongan", organisation=department, roles=[Role.SUBMITTER])


def _login(client, username, password, ip="203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_many_wrong_passwords_lock_the_account_even_for_the_right_one(settings, gongan):
    client = Client()
    codes = [_login(client, "gongan", "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert codes == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = _login(client, "gongan", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "登录已暂时锁定" in body and 'class="site-header"' in body and "分钟后再试" in body
    assert "_auth_user_id" not in client.session
    # another address does not unlock the account
    assert _login(Client(), "gongan", PASSWORD, ip="198.51.100.9").status_code == 429


def test_many_failures_from_one_address_lock_that_address_for_every_account(settings, gongan):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{n}", "wrong")
    assert _login(client, "gongan", PASSWORD).status_code == 429
    other = Client()
    assert _login(other, "gongan", PASSWORD, ip="198.51.100.9").status_code == 302
    assert other.session["_auth_user_id"] == str(gongan.pk)


def test_a_forged_forwarded_for_does_not_reset_the_address_count(settings, gongan):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": f"nobody{n}", "password": "x"}, REMOTE_ADDR="203.0.113.7",
                    HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert _login(client, "gongan", PASSWORD).status_code == 429


def test_a_few_failures_then_the_right_password_logs_in(gongan):
    client = Client()
    for _ in range(2):
        _login(client, "gongan", "wrong")
    assert _login(client, "gongan", PASSWORD).status_code == 302


def _basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_basic_auth_is_not_accepted_by_the_api(gongan):
    client = APIClient()
    response = client.get("/api/applications/", HTTP_AUTHORIZATION=_basic("gongan", PASSWORD))
    assert response.status_code in (401, 403)
    response = client.post("/api/applications/", {}, format="json", HTTP_AUTHORIZATION=_basic("gongan", PASSWORD))
    assert response.status_code in (401, 403)


def test_a_token_authenticates_a_machine(gongan):
    token = Token.objects.create(user=gongan)
    client = APIClient(enforce_csrf_checks=True)
    response = client.get("/api/applications/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert client.get("/api/applications/", HTTP_AUTHORIZATION="Token " + "0" * 40).status_code in (401, 403)


@pytest.mark.parametrize("header", ["Token abc\x00def", "Basic \x00", "Token " + "a" * 39 + "\x00", "Bearer \x00"])
def test_a_nul_byte_in_the_authorization_header_is_a_4xx(header):
    response = APIClient().get("/api/applications/", HTTP_AUTHORIZATION=header)
    assert 400 <= response.status_code < 500


def test_api_writes_with_a_session_still_need_csrf(gongan, term):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(gongan)
    response = client.post("/api/applications/", {"title": "x"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in str(response.data)


def test_the_anonymous_api_is_throttled_per_address(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute"})
    client = APIClient()
    codes = [client.get("/api/whitelist/editions/", REMOTE_ADDR="203.0.113.7",
                        HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/api/whitelist/editions/", REMOTE_ADDR="198.51.100.9").status_code == 200


@pytest.fixture
def term(db):
    from tests.factories import TermFactory

    return TermFactory()
