"""Application windows: regular filing only inside an open window; ad-hoc any time, with a reason."""

import datetime as dt

import pytest

from apps.applications.exceptions import PrecheckBlocked
from apps.applications.models import ApplicationWindow
from apps.applications.precheck import run_precheck
from apps.applications.services import submit_application
from apps.applications.terms import TermKey
from apps.applications.windows import open_window, regular_filing_allowed

pytestmark = pytest.mark.django_db


def test_default_windows_are_july_for_autumn_and_december_for_spring():
    assert TermKey(2026, "1").default_window == (dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    assert TermKey(2026, "2").default_window == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_window_is_open_only_between_its_dates(term):
    window = ApplicationWindow.objects.create(term=term, opens_on=dt.date(2026, 12, 1), closes_on=dt.date(2026, 12, 31))
    assert not regular_filing_allowed(term, dt.date(2026, 11, 30))
    assert open_window(term, dt.date(2026, 12, 1)) == window
    assert open_window(term, dt.date(2026, 12, 31)) == window
    assert not regular_filing_allowed(term, dt.date(2027, 1, 1))


def test_regular_application_outside_window_is_blocked(draft, submitter):
    with pytest.raises(PrecheckBlocked) as exc:
        submit_application(application=draft, actor=submitter)
    assert [f.rule for f in exc.value.findings if f.is_blocking] == ["window_closed"]
    assert "只能提交临时申报" in exc.value.messages[0]


def test_adhoc_application_outside_window_goes_through_with_reason(make_application, submitter):
    app = make_application(is_adhoc=True, urgency_reason="近期诈骗案件多发，需立即开展提醒。")
    submitted = submit_application(application=app, actor=submitter)
    assert submitted.reference.startswith("2027春-")
    assert [f["rule"] for f in submitted.precheck_findings] == ["adhoc"]


def test_adhoc_without_reason_is_blocked(make_application):
    app = make_application(is_adhoc=True, urgency_reason="  ")
    assert [f.rule for f in run_precheck(app) if f.is_blocking] == ["adhoc_reason_missing"]


def test_window_for_another_term_does_not_open_this_one(draft, term):
    from apps.applications.models import Term

    other = Term.for_key(term.key.next())
    ApplicationWindow.objects.create(term=other, opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31))
    assert "window_closed" in {f.rule for f in run_precheck(draft)}


def test_form_page_says_which_window_is_open(client, submitter, open_window):
    from django.urls import reverse

    client.force_login(submitter)
    page = client.get(reverse("applications:create")).content.decode()
    assert "正在受理常规申报：2026—2027学年第二学期（2026年11月1日至2026年12月31日）" in page
    open_window.delete()
    assert "当前没有开放的申报窗口" in client.get(reverse("applications:create")).content.decode()
