"""The role × URL matrix: every URL pattern the resolver knows, asked by every demo role and by a visitor, with the
answer written down per cell. A pattern without a row fails (deny by default: a new page needs a decision here).

Each cell is one request on the demo data (seed_demo): GET for pages, an empty POST (rolled back) for views that
take only POST. Objects are picked from the demo so that "own" and "someone else's" are both asked: the sample
application and notification belong to 县公安局 (gongan); xiaofang is another department's submitter.
Set URL_MATRIX_PRINT=1 to print the answers the portal gives now, in the table's format.
"""

import os

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES = ["anon", "gongan", "xiaofang", "keshi", "fabu", "jubao", "jiandu", "xuexiao", "admin"]

# route name → (method, expected status per role in ROLES order). 302 for a visitor means "sent to log in".
PAGES = {
    # public
    "portal:home":               ("GET", "200 200 200 200 200 200 200 200 200"),
    "portal:how_to_report":      ("GET", "200 200 200 200 200 200 200 200 200"),
    "login":                     ("GET", "200 200 200 200 200 200 200 200 200"),
    "healthz":                   ("GET", "200 200 200 200 200 200 200 200 200"),
    "set_language":              ("POST", "302 302 302 302 302 302 302 302 302"),
    "whitelist:current":         ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:editions":        ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:lookup":          ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:edition":         ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:changes":         ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:export":          ("GET", "404 404 404 404 404 404 404 404 404"),  # no file written in this storage
    "whitelist:items_csv":       ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:items_json":      ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:item":            ("GET", "200 200 200 200 200 200 200 200 200"),
    "whitelist:objection":       ("GET", "404 404 404 404 404 404 404 404 404"),  # the edition is not on notice
    "whitelist:objection_lookup": ("GET", "200 200 200 200 200 200 200 200 200"),  # the code is posted
    # every logged-in user
    "logout":                    ("POST", "302 302 302 302 302 302 302 302 302"),
    "portal:dashboard":          ("GET", "302 200 200 200 200 200 200 200 200"),
    "notifications:inbox":       ("GET", "302 200 200 200 200 200 200 200 200"),
    "notifications:open":        ("GET", "302 302 404 404 404 404 404 404 404"),  # gongan's own notification
    "notifications:read_all":    ("POST", "302 302 302 302 302 302 302 302 302"),
    # applications (the sample is gongan's draft)
    "applications:list":         ("GET", "302 200 200 200 200 403 200 403 200"),
    "applications:overview":     ("GET", "302 200 200 200 200 403 200 403 200"),
    "applications:create":       ("GET", "302 200 200 403 403 403 403 403 403"),
    "applications:import":       ("GET", "302 200 200 403 200 403 403 403 200"),
    "applications:import_template": ("GET", "302 200 200 403 200 403 403 403 200"),
    "applications:detail":       ("GET", "302 200 404 200 200 404 200 404 200"),
    "applications:edit":         ("GET", "302 200 404 403 403 404 403 404 403"),
    "applications:submit":       ("GET", "302 200 404 403 403 404 403 404 403"),
    "applications:withdraw":     ("POST", "302 403 404 403 403 404 403 404 403"),  # a draft is not withdrawn
    "applications:copy":         ("POST", "302 302 404 403 403 404 403 404 403"),
    "applications:attachment_upload": ("POST", "302 302 404 403 403 404 403 404 403"),
    "applications:attachment_download": ("GET", "302 200 404 200 200 404 200 404 200"),
    "applications:attachment_delete": ("POST", "302 403 404 403 403 404 403 404 403"),  # its application is in review
    # reviews (the sample waits at the first stage, keshi's)
    "reviews:queue":             ("GET", "302 403 403 200 403 403 403 403 403"),
    "reviews:batch_approve":     ("POST", "302 403 403 302 403 403 403 403 403"),
    "reviews:decide":            ("GET", "302 403 403 200 200 403 200 403 200"),  # read-only for the bureau
    "reviews:merge":             ("POST", "302 403 403 400 403 403 403 403 403"),
    # whitelist management
    "whitelist:manage":          ("GET", "302 403 403 403 200 403 403 403 200"),
    "whitelist:import":          ("GET", "302 403 403 403 200 403 403 403 200"),
    "whitelist:manage_edition":  ("GET", "302 403 403 403 200 403 403 403 200"),
    "whitelist:preview":         ("GET", "302 403 403 403 200 403 403 403 200"),
    "whitelist:edition_action":  ("POST", "302 403 403 403 302 403 403 403 302"),
    "whitelist:item_move":       ("POST", "302 403 403 403 302 403 403 403 302"),
    "whitelist:item_edit":       ("GET", "302 403 403 403 200 403 403 403 200"),
    "whitelist:item_status":     ("GET", "302 403 403 403 200 403 403 403 200"),
    "whitelist:objection_answer": ("POST", "302 403 403 403 302 403 403 403 302"),  # empty answer: back to the page
    # audit
    "audit:events":              ("GET", "302 403 403 403 403 403 200 403 200"),
    "audit:export":              ("GET", "302 403 403 403 403 403 200 403 200"),
    "audit:chain":               ("GET", "302 403 403 403 403 403 200 403 200"),
    # API: a visitor offers no credentials (403); writes below are empty bodies
    "api:schema":                ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:docs":                  ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:redoc":                 ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:application-list":      ("GET", "403 200 200 200 200 200 200 200 200"),
    "api:application-detail":    ("GET", "403 200 404 200 200 404 200 404 200"),
    "api:application-copy":      ("POST", "403 201 404 403 403 404 403 404 403"),
    "api:application-precheck":  ("GET", "403 200 404 200 200 404 200 404 200"),
    "api:application-submit":    ("POST", "403 400 404 400 400 404 400 404 400"),  # seen, but no version sent
    "api:application-withdraw":  ("POST", "403 400 404 400 400 404 400 404 400"),
    "api:review-queue":          ("GET", "403 403 403 200 403 403 403 403 403"),
    "api:review-stages":         ("GET", "403 403 403 200 403 403 403 403 403"),
    "api:review-decision":       ("POST", "403 403 403 400 403 403 403 403 403"),
    "api:review-batch-approve":  ("POST", "403 403 403 400 403 403 403 403 403"),
    "api:review-merge":          ("POST", "403 403 403 400 403 403 403 403 403"),
    "api:whitelist-edition-list": ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:whitelist-edition-detail": ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:whitelist-item-list":   ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:whitelist-item-detail": ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:audit-event-list":      ("GET", "403 403 403 403 403 403 200 403 200"),
    "api:audit-event-detail":    ("GET", "403 403 403 403 403 403 200 403 200"),
    # the complaint line: anyone reports and looks a report up by its code
    "complaints:report":         ("GET", "200 200 200 200 200 200 200 200 200"),
    "complaints:report_done":    ("GET", "200 200 200 200 200 200 200 200 200"),
    "complaints:lookup":         ("GET", "200 200 200 200 200 200 200 200 200"),
    # ... 举报受理员 works the reports, the 监督人 reads them masked, nobody else sees them
    "complaints:queue":          ("GET", "302 403 403 403 403 200 200 403 403"),
    "complaints:create":         ("GET", "302 403 403 403 403 200 403 403 403"),
    "complaints:stats":          ("GET", "302 403 403 403 403 200 200 403 403"),
    "complaints:register_xlsx":  ("GET", "302 403 403 403 403 200 200 403 403"),
    "complaints:detail":         ("GET", "302 403 403 403 403 200 200 403 403"),
    "complaints:edit":           ("GET", "302 403 403 403 403 404 403 403 403"),  # not a draft
    "complaints:reveal":         ("POST", "302 403 403 403 403 200 403 403 403"),
    "complaints:evidence_upload": ("POST", "302 403 403 403 403 302 403 403 403"),
    "complaints:step":           ("POST", "302 403 403 403 403 400 403 403 403"),  # accept, with no version sent
    "complaints:evidence_download": ("GET", "302 403 403 403 403 200 403 403 403"),
    "api:complaint-list":        ("GET", "403 403 403 403 403 200 200 403 403"),
    "api:complaint-detail":      ("GET", "403 403 403 403 403 200 200 403 403"),
    "api:complaint-reporter":    ("POST", "403 403 403 403 403 200 403 403 403"),
    "api:complaint-accept":      ("POST", "403 403 403 403 403 400 403 403 403"),
    "api:complaint-decline":     ("POST", "403 403 403 403 403 400 403 403 403"),
    "api:complaint-handle":      ("POST", "403 403 403 403 403 400 403 403 403"),
    "api:complaint-reply":       ("POST", "403 403 403 403 403 400 403 403 403"),
    "api:complaint-close":       ("POST", "403 403 403 403 403 400 403 403 403"),
    "api:complaint-verdict":     ("POST", "403 403 403 403 403 400 403 403 403"),
    # the rectification ledger: the bureau (and the complaint staff and 监督人, reading) sees the county's lines,
    # an owner (整改责任人) only its organisation's; the sample line is 县公安局's (gongan), not xuexiao's school's
    "ledger:transparency":       ("GET", "200 200 200 200 200 200 200 200 200"),  # public figures, no names
    "ledger:list":               ("GET", "302 403 403 200 200 200 200 403 200"),
    "ledger:mine":               ("GET", "302 200 403 403 403 403 403 200 403"),
    "ledger:create":             ("GET", "302 403 403 200 200 403 403 403 200"),
    "ledger:import":             ("GET", "302 403 403 200 200 403 403 403 200"),
    "ledger:export":             ("GET", "302 403 403 200 200 200 200 403 200"),
    "ledger:from_complaint":     ("POST", "302 403 403 404 404 400 403 403 404"),  # only complaint staff see reports
    "ledger:detail":             ("GET", "302 200 404 200 200 200 200 404 200"),
    "ledger:evidence_upload":    ("POST", "302 302 404 403 403 403 403 404 403"),  # the owner: no file sent
    "ledger:step":               ("POST", "302 400 404 403 403 403 403 404 403"),  # the owner's report, no version
    "ledger:evidence_download":  ("GET", "302 200 404 200 200 200 200 404 200"),
    "api:ledgerline-list":       ("GET", "403 200 403 200 200 200 200 200 200"),
    "api:ledgerline-detail":     ("GET", "403 200 403 200 200 200 200 404 200"),
    "api:ledgerline-assign":     ("POST", "403 403 403 400 400 403 403 404 400"),
    "api:ledgerline-close-out":  ("POST", "403 403 403 400 400 403 403 404 400"),
    "api:ledgerline-extend":     ("POST", "403 403 403 400 400 403 403 404 400"),
    "api:ledgerline-report":     ("POST", "403 400 403 403 403 403 403 404 403"),
    "api:ledgerline-request-close": ("POST", "403 400 403 403 403 403 403 404 403"),
    "api:ledgerline-send-back":  ("POST", "403 403 403 400 400 403 403 404 400"),
    # visits: the sample is 县公安局's visit to 凤城中心小学 (xuexiao's school), confirmed; the bureau reads them
    "visits:check":              ("GET", "200 200 200 200 200 200 200 200 200"),  # public; the code is asked
    "visits:list":               ("GET", "302 200 200 200 200 200 200 200 200"),
    "visits:create":             ("GET", "302 200 200 403 403 403 403 403 403"),
    "visits:detail":             ("GET", "302 200 404 200 200 200 200 200 200"),
    "visits:permit":             ("GET", "302 200 404 403 403 403 403 403 403"),
    "visits:cancel":             ("POST", "302 400 404 403 403 403 403 403 403"),  # the department: no version
    "visits:confirm":            ("POST", "302 403 404 403 403 403 403 400 403"),  # the school: no version
    "visits:refuse":             ("POST", "302 403 404 403 403 403 403 400 403"),
    "visits:problem":            ("POST", "302 403 404 403 403 403 403 400 403"),
    "visits:rate":               ("POST", "302 403 404 403 403 403 403 400 403"),
    "api:visit-list":            ("GET", "403 200 200 200 200 200 200 200 200"),
    "api:visit-detail":          ("GET", "403 200 404 200 200 200 200 200 200"),
    "visits:evaluations":        ("GET", "302 403 403 403 200 403 403 403 200"),
    "visits:evaluation":         ("GET", "302 403 403 403 200 403 403 403 200"),  # the demo's finished one
    "visits:evaluation_finish":  ("POST", "302 403 403 403 302 403 403 403 302"),  # already finished: a message
    "visits:evaluation_export":  ("GET", "302 403 403 403 200 403 403 403 200"),
    # statistics: the bureau's roles and the 监督人 for the county, a department its own; a school not at all
    "stats:page":                ("GET", "302 200 200 200 200 200 200 403 200"),
    "stats:export":              ("GET", "302 200 200 200 200 200 200 403 200"),
    "stats:public":              ("GET", "200 200 200 200 200 200 200 200 200"),  # public figures, no names
    "stats:public_export":       ("GET", "200 200 200 200 200 200 200 200 200"),
    "api:stats-applications":    ("GET", "403 200 200 200 200 200 200 403 200"),
    "api:stats-reviews":         ("GET", "403 200 200 200 200 200 200 403 200"),
    "api:stats-whitelist":       ("GET", "403 200 200 200 200 200 200 403 200"),
    "api:stats-complaints":      ("GET", "403 200 200 200 200 200 200 403 200"),
    "api:stats-ledger":          ("GET", "403 200 200 200 200 200 200 403 200"),
    "api:stats-visits":          ("GET", "403 200 200 200 200 200 200 403 200"),
    "api:stats-public":          ("GET", "200 200 200 200 200 200 200 200 200"),
}

# The admin site: each registered model gets one access class; the answers follow from the class per admin view.
SUPERUSER_ONLY, BUREAU_EDITS, BUREAU_READS, HISTORY, LOGIN_LOG = (
    "superuser only", "bureau edits", "bureau reads", "history", "login log")
ADMIN_MODELS = {
    "auth.group": SUPERUSER_ONLY,
    "accounts.user": SUPERUSER_ONLY,
    "accounts.organisation": SUPERUSER_ONLY,
    "accounts.region": SUPERUSER_ONLY,
    "applications.term": BUREAU_EDITS,
    "applications.applicationwindow": BUREAU_EDITS,
    "applications.caprule": BUREAU_EDITS,
    "applications.termcounter": HISTORY,
    "applications.application": HISTORY,
    "reviews.reviewstage": BUREAU_EDITS,
    "reviews.holiday": BUREAU_EDITS,
    "reviews.reviewprogress": BUREAU_READS,
    "reviews.reviewdecision": BUREAU_READS,
    "whitelist.whitelistedition": HISTORY,
    "whitelist.whitelistitem": HISTORY,
    "whitelist.editionchange": HISTORY,
    "whitelist.objection": HISTORY,
    "whitelist.exportrun": HISTORY,
    "audit.auditevent": HISTORY,
    "notifications.notification": SUPERUSER_ONLY,
    "authtoken.tokenproxy": SUPERUSER_ONLY,
    "complaints.complaint": HISTORY,
    "ledger.ledgerline": HISTORY,
    "ledger.deadlineextension": HISTORY,
    "visits.visit": HISTORY,
    "visits.rating": HISTORY,
    "visits.evaluation": HISTORY,
    "axes.accessattempt": LOGIN_LOG,
    "axes.accesslog": LOGIN_LOG,
    "axes.accessfailurelog": LOGIN_LOG,
}
# (access class, admin view) → answer for the bureau admin (fabu) and for the superuser; everyone else is not
# staff and is sent to the admin's login (302).
ADMIN_ANSWERS = {
    SUPERUSER_ONLY: {"changelist": (403, 200), "add": (403, 200), "change": (403, 200), "delete": (403, 200),
                     "history": (403, 200), "redirect": (302, 302)},
    BUREAU_EDITS: {"changelist": (200, 200), "add": (200, 200), "change": (200, 200), "delete": (200, 200),
                   "history": (200, 200), "redirect": (302, 302)},
    BUREAU_READS: {"changelist": (200, 200), "add": (403, 403), "change": (200, 200), "delete": (403, 403),
                   "history": (200, 200), "redirect": (302, 302)},
    HISTORY: {"changelist": (403, 200), "add": (403, 403), "change": (403, 200), "delete": (403, 403),
              "history": (403, 200), "redirect": (302, 302)},
    LOGIN_LOG: {"changelist": (403, 200), "add": (403, 403), "change": (403, 200), "delete": (403, 200),
                "history": (403, 200), "redirect": (302, 302)},  # a lockout is lifted by deleting its row
}
ADMIN_SITE_PAGES = {  # admin URL name → (path, expected status per role in ROLES order)
    "admin:index":                ("/admin/", "302 302 302 302 200 302 302 302 200"),
    "admin:login":                ("/admin/login/", "200 200 200 200 302 200 200 200 302"),
    "admin:logout":               ("/admin/logout/", "302 302 302 302 405 302 302 302 405"),
    "admin:password_change":      ("/admin/password_change/", "302 302 302 302 200 302 302 302 200"),
    "admin:password_change_done": ("/admin/password_change/done/", "302 302 302 302 200 302 302 302 200"),
    "admin:autocomplete":         ("/admin/autocomplete/", "302 302 302 302 403 302 302 302 403"),
    "admin:jsi18n":               ("/admin/jsi18n/", "302 302 302 302 200 302 302 302 200"),
    "admin:view_on_site":         ("/admin/r/1/0/", "302 302 302 302 404 302 302 302 404"),
    "admin:app_list":             ("/admin/applications/", "302 302 302 302 200 302 302 302 200"),
    None:                         ("/admin/no-such-page/", "302 302 302 302 404 302 302 302 404"),  # catch-all
    "admin:auth_user_password_change": ("/admin/accounts/user/{user}/password/",
                                        "302 302 302 302 403 302 302 302 200"),
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (namespace + entry.name) if entry.name else None, entry


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", stdout=open(os.devnull, "w"))
            yield
            transaction.set_rollback(True)


def _one_of_each_admin_model(edition, user):
    """Rows the demo leaves empty, so that every admin change page has an object to show."""
    import datetime as dt

    from axes.models import AccessAttempt, AccessFailureLog
    from rest_framework.authtoken.models import Token

    from apps.reviews.models import Holiday

    Holiday.objects.get_or_create(date=dt.date(2026, 10, 1), defaults={"name": "国庆节"})
    edition.objections.create(content="示例异议")
    Token.objects.get_or_create(user=user)
    AccessAttempt.objects.create(username="x", ip_address="203.0.113.7", user_agent="", failures_since_start=1)
    AccessFailureLog.objects.create(username="x", ip_address="203.0.113.7", user_agent="")


def _samples():
    """One object per kind of URL argument, from the demo data."""
    from apps.applications.models import Application, Attachment
    from apps.audit.models import AuditEvent
    from apps.complaints.models import Complaint, Evidence
    from apps.ledger.models import LedgerLine, LineEvidence
    from apps.notifications.models import Notification
    from apps.reviews.models import ReviewProgress
    from apps.whitelist.models import WhitelistEdition, WhitelistItem

    own = Application.objects.filter(department__name="安溪县公安局", status="draft").order_by("pk").first()
    edition = WhitelistEdition.objects.filter(status="published").order_by("pk").first()
    Notification.objects.create(recipient=own.created_by, title="示例消息", url="/applications/")
    attachment = Attachment.objects.filter(application__department=own.department).order_by("pk").first()
    default_storage.save(attachment.file.name, ContentFile(b"%PDF-1.4\n%%EOF"))  # each test has its own storage
    _one_of_each_admin_model(edition, own.created_by)
    complaint = Complaint.objects.filter(status="received").order_by("pk").first()
    name = default_storage.save("complaints/sample.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))
    evidence = Evidence.objects.create(complaint=complaint, file=name, original_name="照片.pdf", size=14,
                                       content_type="application/pdf", extension=".pdf", sha256="0" * 64)
    line = LedgerLine.objects.filter(owner__name="安溪县公安局").order_by("pk").first()
    name = default_storage.save("ledger/sample.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))
    line_evidence = LineEvidence.objects.create(line=line, file=name, original_name="整改.pdf", size=14,
                                                content_type="application/pdf", extension=".pdf", sha256="0" * 64)
    from apps.visits.models import Evaluation, Visit

    visit = Visit.objects.filter(department__name="安溪县公安局", school__name="安溪县凤城中心小学",
                                 status="confirmed").order_by("pk").first()
    return {
        "visit": visit.pk,
        "evaluation": Evaluation.objects.order_by("pk").first().pk,
        "line": line.pk,
        "line_evidence": line_evidence.pk,
        "user": own.created_by_id,
        "application": own.pk,
        "attachment": attachment.pk,
        "in_review": ReviewProgress.objects.filter(stage__order=1).order_by("pk").first().application_id,
        "edition": edition.pk,
        "item": WhitelistItem.objects.filter(edition=edition).order_by("pk").first().pk,
        "objection": edition.objections.order_by("pk").first().pk,
        "notification": Notification.objects.filter(recipient__username="gongan").order_by("pk").first().pk,
        "event": AuditEvent.objects.order_by("pk").first().pk,
        "complaint": evidence.complaint_id,
        "evidence": evidence.pk,
    }


ARGUMENT_OF = {  # route name prefix → which sample its pk names (first match wins)
    "applications:attachment_upload": "application",
    "applications:attachment": "attachment",
    "applications:": "application",
    "api:application-": "application",
    "reviews:": "in_review",
    "api:review-decision": "in_review",
    "whitelist:items_": "edition",  # items.csv / items.json of an edition
    "whitelist:item": "item",
    "whitelist:objection_answer": "objection",
    "api:whitelist-item": "item",
    "whitelist:": "edition",
    "api:whitelist-edition": "edition",
    "notifications:": "notification",
    "api:audit-event": "event",
    "complaints:evidence_download": "evidence",
    "complaints:": "complaint",
    "ledger:evidence_download": "line_evidence",
    "ledger:from_complaint": "complaint",
    "ledger:": "line",
    "api:ledgerline-": "line",
    "api:complaint-": "complaint",
    "visits:evaluation": "evaluation",
    "api:visit-": "visit",
    "visits:": "visit",
}


def _path(route: str, name: str, samples: dict) -> str:
    kind = next((v for k, v in ARGUMENT_OF.items() if name.startswith(k)), None)
    value = str(samples[kind]) if kind else ""
    for token in ("<int:pk>", "(?P<pk>[^/.]+)"):
        route = route.replace(token, value)
    route = route.replace("<int:complaint_pk>", str(samples["complaint"]))
    # the steps: one asked for all (the complaint's accept, the ledger owner's report)
    route = route.replace("<slug:name>", "report" if name.startswith("ledger:") else "accept")
    route = route.replace("<slug:table>", "public_whitelist" if name == "stats:public_export" else "applications_type")
    return "/" + route.replace("^", "").replace("$", "")


def _admin_request(name, route, pattern, samples):
    """(path, expected answers in ROLES order) of one admin URL pattern, or None when it is not listed."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None:
        if name not in ADMIN_SITE_PAGES:
            return None
        path, answers = ADMIN_SITE_PAGES[name]
        return path.format(user=samples["user"]), [int(code) for code in answers.split()]
    label = model_admin.model._meta.label_lower
    if label not in ADMIN_MODELS:
        return None
    view = name.rsplit("_", 1)[-1] if name else "redirect"
    obj = model_admin.model._default_manager.order_by("pk").first()
    path = "/" + route.replace("<path:object_id>", str(obj.pk) if obj else "0")
    fabu, superuser = ADMIN_ANSWERS[ADMIN_MODELS[label]][view]
    return path, [fabu if role == "fabu" else superuser if role == "admin" else 302 for role in ROLES]


def _ask(client, method, path, user):
    if method == "GET":
        return client.get(path).status_code
    with transaction.atomic():
        status = client.post(path).status_code
        transaction.set_rollback(True)
    if user is not None:
        client.force_login(user)  # the rolled-back POST may have taken the session with it (logout does)
    return status


def test_every_url_pattern_has_a_written_answer_for_every_role(demo, settings):
    from django.test import Client

    settings.REDIS_URL = ""  # /healthz then asks the database alone: no worker runs here

    from apps.accounts.models import User

    samples = _samples()
    clients, users = {"anon": Client()}, {"anon": None}
    for username in ROLES[1:]:
        clients[username], users[username] = Client(), User.objects.get(username=username)
        clients[username].force_login(users[username])
    unlisted, wrong, printed = [], [], []
    registered = {m._meta.label_lower for m in admin.site._registry}
    unlisted += sorted(f"admin model {label}" for label in registered - set(ADMIN_MODELS))
    for route, name, pattern in _walk(get_resolver()):
        if route.startswith("admin/"):
            found = _admin_request(name, route, pattern, samples)
            if found is None:
                unlisted.append(f"{route} ({name})")
                continue
            (path, expected), method = found, "GET"
        else:
            if name not in PAGES:
                unlisted.append(f"{route} ({name})")
                continue
            method, answers = PAGES[name]
            expected = [int(code) for code in answers.split()]
            path = _path(route, name, samples)
        got = [_ask(clients[role], method, path, users[role]) for role in ROLES]
        printed.append(f'    "{name}": ("{method}", "{" ".join(map(str, got))}"),  # {path}')
        for role, want, answer in zip(ROLES, expected, got, strict=True):
            if want != answer:
                wrong.append(f"{method} {path} ({name}) as {role}: expected {want}, got {answer}")
    if os.environ.get("URL_MATRIX_PRINT"):
        print("\n".join(printed))
    assert unlisted == [], "URL patterns without a row in the matrix (add one: deny by default):\n" + "\n".join(
        unlisted)
    assert wrong == [], "\n".join(wrong)
