"""Objections and the publisher's item wording are cleaned of characters XML cannot hold before they are stored."""

import pytest

from apps.whitelist import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(publisher, approved, term):
    approved(title="A")
    return services.assemble_edition(term=term, actor=publisher)


def test_an_objection_is_stored_without_control_characters(client, publisher, draft):
    services.start_notice(edition=draft, actor=publisher, days=7, seen_revision=draft.revision)
    response = client.post(f"/whitelist/{draft.pk}/objection/",
                           {"content": "与课堂\x0b教学重复\x00", "name": "家长\x1b", "item": ""})
    assert response.status_code == 200
    objection = draft.objections.get()
    assert (objection.content, objection.name) == ("与课堂教学重复", "家长")
