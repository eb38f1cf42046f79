"""Reads shared by the public pages, the publisher's pages, the API and the export."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from apps.accounts.permissions import region_of
from apps.applications.models import Application, Term
from apps.applications.terms import term_for_date

from .models import EditionChange, ExportRun, WhitelistEdition, WhitelistItem


def public_editions():
    """Editions anyone may see: on public notice or published. Drafts never leave the publisher's pages."""
    return (
        WhitelistEdition.objects.filter(status__in=WhitelistEdition.PUBLIC_STATUSES)
        .select_related("term", "region")
    )


def public_items():
    return WhitelistItem.objects.filter(edition__status__in=WhitelistEdition.PUBLIC_STATUSES).select_related(
        "edition", "edition__term", "edition__region"
    )


def current_term() -> Term | None:
    key = term_for_date(timezone.localdate())
    return Term.objects.filter(start_year=key.start_year, semester=key.semester).first()


def current_editions(day=None):
    """The public editions whose period covers today (or ``day``): one per region and period in force."""
    day = day or timezone.localdate()
    return public_editions().filter(starts_on__lte=day, ends_on__gte=day)


def edition_items(edition):
    return edition.items.order_by("item_type", "number")


def public_changes(edition):
    return edition.changes.select_related("item").order_by("-happened_on", "-pk")


def lead_unit_choices(items_qs) -> list[tuple[int, str]]:
    from apps.accounts.models import Organisation

    ids = items_qs.values("departments")
    return [(o.pk, o.display_name) for o in Organisation.objects.filter(pk__in=ids).order_by("name")]


def latest_export_run(edition) -> ExportRun | None:
    return edition.export_runs.order_by("-requested_at", "-pk").first()


def approved_applications(edition):
    """Finally approved applications that belong on ``edition``: filed by departments of its region, for a term
    within its period; with the applications merged into each."""
    merged = Application.objects.select_related("department").prefetch_related("lead_organisations").order_by("pk")
    return (
        Application.objects.filter(status=Application.Status.APPROVED, department__region_id=edition.region_id,
                                   term__starts_on__lte=edition.ends_on, term__ends_on__gte=edition.starts_on)
        .select_related("department")
        .prefetch_related(Prefetch("merged_from", queryset=merged), "lead_organisations")
        .order_by("item_type", "decided_at", "pk")
    )


def applications_not_on(edition):
    """Approved applications of the edition's region and period that no item of the edition carries yet."""
    return approved_applications(edition).exclude(whitelist_items__edition=edition)


def editions_for_publisher(user):
    """The editions of the publisher's region (all regions for a superuser without one)."""
    qs = WhitelistEdition.objects.all()
    if not (user.is_superuser and region_of(user) is None):
        qs = qs.filter(region_id=region_of(user))
    return (
        qs.select_related("term", "region")
        .annotate(item_count=Count("items", distinct=True),
                  objection_count=Count("objections", distinct=True))
    )


def changes_for_item(item):
    return EditionChange.objects.filter(Q(item=item)).order_by("-happened_on", "-pk")



def publisher_workload(user) -> dict:
    """For the publisher's workspace: the current term's editions and any still in draft or on notice, each with
    its export state and the approvals it does not list yet; and the terms with approvals but no edition."""
    term = current_term()
    scope = Q(status__in=(WhitelistEdition.Status.DRAFT, WhitelistEdition.Status.NOTICE))
    if term is not None:
        scope |= Q(term=term)
    runs = Prefetch("export_runs", queryset=ExportRun.objects.order_by("-requested_at", "-pk"), to_attr="runs")
    editions = list(editions_for_publisher(user).filter(scope).order_by("starts_on", "pk").prefetch_related(runs))
    for edition in editions:  # a handful of open editions: one count each
        edition.latest_run = edition.runs[0] if edition.runs else None
        edition.unlisted = applications_not_on(edition).count()
    approved = Q(applications__status=Application.Status.APPROVED,
                 applications__department__region_id=region_of(user))
    unassembled = (Term.objects.filter(ends_on__gte=timezone.localdate())
                   .exclude(whitelist_editions__region_id=region_of(user))
                   .annotate(approved=Count("applications", filter=approved)).filter(approved__gt=0)
                   .order_by("start_year", "semester"))
    return {"term": term, "editions": editions, "unassembled": list(unassembled)}


def current_public_summary() -> dict:
    """For the workspace of those who check activities against the list: the current term's public editions."""
    return {"editions": list(current_editions().annotate(item_count=Count("items")))}
