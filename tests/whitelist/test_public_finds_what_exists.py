"""Issue 12, item 10: the 学段 filter offers only stages items have; an edition on notice is linked from the home
page and the current list."""

import pytest
from django.urls import reverse

from apps.whitelist import services

pytestmark = pytest.mark.django_db


def _stage_options(html: str) -> str:
    start = html.index('name="stage"')
    return html[start:html.index("</select>", start)]


def test_the_stage_filter_offers_only_stages_items_have(published, client):
    options = _stage_options(client.get(reverse("whitelist:edition", args=[published.pk])).content.decode())
    assert "小学" in options and "初中" in options and "高中" in options
    for never in ("九年一贯制", "完全中学", "其他", "中职"):
        assert never not in options


def test_an_edition_on_notice_is_linked_from_home_and_the_current_list(published, publisher, approved, client,
                                                                        django_capture_on_commit_callbacks):
    from apps.whitelist.periods import school_year_period

    approved(title="研学实践教育")
    period = school_year_period(published.starts_on.year if published.starts_on.month >= 9
                                else published.starts_on.year - 1)
    with django_capture_on_commit_callbacks(execute=True):  # the commit clears the pages publishing cached
        draft = services.assemble_edition(period=period, actor=publisher, title="安溪县学年白名单（公示稿）")
        services.start_notice(edition=draft, actor=publisher, days=7, seen_revision=draft.revision)
    link = reverse("whitelist:edition", args=[draft.pk])
    home = client.get(reverse("portal:home")).content.decode()
    assert "正在公示" in home and link in home and "安溪县学年白名单（公示稿）" in home
    current = client.get(reverse("whitelist:current")).content.decode()
    assert link in current and "正在公示" in current
