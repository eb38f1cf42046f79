"""Friendly Chinese error pages built on the layout; the 500 page needs no request context."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from apps.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_chinese_404_page(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<title>页面不存在 · " in body and "返回首页" in body and 'class="site-header"' in body


def test_a_refused_page_gets_the_chinese_403_page_with_a_way_back(client):
    client.force_login(UserFactory(roles=[Role.SUBMITTER]))
    response = client.get("/reviews/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "<title>无权访问 · " in body and "返回我的工作台" in body


def test_the_500_page_renders_without_the_request_context():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "<title>系统出错 · 社会事务进校园白名单管理平台</title>" in body and "返回首页" in body
