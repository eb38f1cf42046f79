"""Reads shared by the public pages, the publisher's pages, the API and the export."""

from django.db.models import Case, Count, Prefetch, Q, When
from django.utils import timezone

from apps.accounts.models import Organisation
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



def region_columns(user) -> list[str]:
    from .columns import chosen_columns

    return chosen_columns(region_of(user))


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
    # The current and coming terms (two or three): one count each, from the (term, status, department) index.
    departments = Organisation.objects.filter(region_id=region_of(user)).values("pk")
    unassembled = []
    for open_term in (Term.objects.filter(ends_on__gte=timezone.localdate())
                      .exclude(whitelist_editions__region_id=region_of(user)).order_by("start_year", "semester")):
        open_term.approved = Application.objects.filter(term=open_term, status=Application.Status.APPROVED,
                                                        department__in=departments).count()
        if open_term.approved:
            unassembled.append(open_term)
    return {"term": term, "editions": editions, "unassembled": unassembled}


def most_local(editions: list[WhitelistEdition]) -> list[WhitelistEdition]:
    """Leave out the editions of a region above another's in the list (a county's page shows its province's)."""
    above = {r.pk for e in editions for r in e.region.lineage()[1:]}
    return [e for e in editions if e.region_id not in above]


def inherited_items(edition) -> list[tuple[WhitelistEdition, list[WhitelistItem]]]:
    """The items in force of the higher levels' published lists (province, then city) whose period overlaps this
    edition's: they reach the schools of this region too (SPEC §4; seed 002 follows the provincial list)."""
    above = [region.pk for region in edition.region.lineage()[1:]]
    if not above:
        return []
    candidates = (
        WhitelistEdition.objects.filter(region_id__in=above, status=WhitelistEdition.Status.PUBLISHED,
                                        starts_on__lte=edition.ends_on, ends_on__gte=edition.starts_on)
        .select_related("region").order_by("-starts_on", "-pk")
    )
    latest: dict[int, WhitelistEdition] = {}
    for source in candidates:
        latest.setdefault(source.region_id, source)
    sources = [latest[r] for r in reversed(above) if r in latest]  # the province first, as lists are printed
    items: dict[int, list[WhitelistItem]] = {s.pk: [] for s in sources}
    for item in (WhitelistItem.objects.filter(edition__in=sources, status=WhitelistItem.Status.IN_FORCE)
                 .order_by("item_type", "number")):
        items[item.edition_id].append(item)
    return [(s, items[s.pk]) for s in sources if items[s.pk]]


def items_in_force_for(region, day):
    """Every item a school of ``region`` may receive on ``day``: its own region's and the higher levels' published
    lists whose period covers the day. The complaint match and the counts ask this, as the county page shows it.
    Without a region: every region's items in force on the day."""
    items = WhitelistItem.objects.filter(
        edition__status=WhitelistEdition.Status.PUBLISHED, edition__starts_on__lte=day, edition__ends_on__gte=day,
        status=WhitelistItem.Status.IN_FORCE,
    ).select_related("edition", "edition__region")
    if region is not None:
        items = items.filter(edition__region_id__in=[r.pk for r in region.lineage()])
    return items


def publishers_of(region):
    """The active 发布管理员 of a region: they read its objections."""
    from django.contrib.auth import get_user_model

    from apps.accounts.roles import Role

    return list(get_user_model().objects.filter(groups__name=str(Role.PUBLISHER), is_active=True,
                                                organisation__region=region).distinct())


def objection_by_code(code_digest: str):
    """The objection a follow-up code names, with what the public page shows."""
    from .models import Objection

    return Objection.objects.filter(code_hash=code_digest).select_related("edition", "item").first()


def answered_objections(edition):
    """Answered objections of an edition for its public page: content and answer, never name or contact."""
    from .models import Objection

    return (edition.objections.exclude(answer_status=Objection.Answer.PENDING).select_related("item")
            .only("content", "answer_status", "answer", "answered_at", "created_at", "item__name", "edition_id")
            .order_by("created_at"))


def editions_on_notice():
    """Drafts on public notice today, for the home page and the current list."""
    today = timezone.localdate()
    return (public_editions().filter(status=WhitelistEdition.Status.NOTICE, notice_starts_on__lte=today,
                                      notice_ends_on__gte=today).select_related("region")
            .order_by("notice_ends_on"))


def regions_with_lists():
    """The regions that have published a list, for the public lookup's choice of where a school is."""
    from apps.accounts.models import Region

    return Region.objects.filter(
        pk__in=WhitelistEdition.objects.filter(status=WhitelistEdition.Status.PUBLISHED).values("region_id")
    ).order_by("code")


def search_in_force(region, day, text: str):
    """A school's lookup: the items in force on ``day`` in every published list that binds a school of ``region``
    (its own, its city's and its province's, whatever their period), whose name, content, lead units or basis
    contain ``text``; nearest region first. Without a region, every region's lists in force on the day."""
    items = items_in_force_for(region, day)
    text = (text or "").strip()
    if text:
        items = items.filter(Q(name__icontains=text) | Q(content__icontains=text) | Q(lead_units__icontains=text)
                             | Q(basis_text__icontains=text))
    level_order = Case(When(edition__region__level="county", then=0), When(edition__region__level="city", then=1),
                       default=2)
    return items.annotate(level_order=level_order).order_by("level_order", "edition__region__code", "edition_id",
                                                            "item_type", "number", "pk")


def editions_in_force_for(region, day):
    """The published lists binding a school of ``region`` on ``day``, nearest region first, with their sizes."""
    editions = WhitelistEdition.objects.filter(
        status=WhitelistEdition.Status.PUBLISHED, starts_on__lte=day, ends_on__gte=day)
    if region is not None:
        editions = editions.filter(region_id__in=[r.pk for r in region.lineage()])
    level_order = Case(When(region__level="county", then=0), When(region__level="city", then=1), default=2)
    return (editions.select_related("region").annotate(level_order=level_order, item_count=Count(
        "items", filter=Q(items__status=WhitelistItem.Status.IN_FORCE))).order_by("level_order", "region__code", "pk"))


def lookup_summary(user) -> dict:
    """For the workspace of those who check activities against the list: the lists in force today for the user's
    region (all of them, not only the current term's), and that region for the lookup form."""
    organisation = getattr(user, "organisation", None)
    region = getattr(organisation, "region", None)
    return {"region": region, "editions": list(editions_in_force_for(region, timezone.localdate()))}
