"""Reads shared by the queue page, the decision page and the API."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from apps.accounts.permissions import region_of
from apps.applications.models import Application, Attachment
from whitelist_portal.keyset import Keyset

from .models import ReviewDecision, ReviewProgress, ReviewStage


def applications_for_decision():
    """Applications with everything the decision page shows, fetched in a fixed number of queries."""
    attachments = Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by"))
    return (
        Application.objects.select_related("department", "term", "created_by", "merged_into",
                                           "review__stage__group", "review__returned_from_stage")
        .prefetch_related(attachments, "merged_from")
    )


def stages_of(user):
    """The active stages at which ``user`` may decide, in workflow order."""
    return (ReviewStage.objects.filter(group__name__in=user.role_names, is_active=True)
            .select_related("group").order_by("-kind", "order"))


# The queue's order, oldest arrival first; pages continue from the last row shown (see whitelist_portal.keyset).
QUEUE_ORDER = Keyset(("review__entered_at", "datetime"), ("pk", "int"))


def _stage_ids(user) -> list[int]:
    """The ids of the user's active stages, read once per request (kept on the user object)."""
    if not hasattr(user, "_review_stage_ids"):
        user._review_stage_ids = list(stages_of(user).values_list("pk", flat=True))
    return user._review_stage_ids


def queue_for(user):
    """Applications waiting at the user's stages in the user's region, oldest first.

    Read from the review positions' (region, entered_at) index: a position has a stage only while its
    application is in review, and carries its department's region. The stages are given as a list (and the
    stage as not null) so that PostgreSQL estimates the queue's size right and walks the index in order."""
    return QUEUE_ORDER.order(
        Application.objects.filter(status=Application.Status.IN_REVIEW,
                                   review__region_id=region_of(user),
                                   review__stage__isnull=False,
                                   review__stage__in=_stage_ids(user))
        .select_related("department", "term", "review__stage")
    )


# The long texts of an application, which a list of the queue never shows: left out of its rows, they keep a sort
# of a few thousand waiting applications (one department's, say) small enough for memory.
LONG_TEXTS = ("content", "basis_text", "precheck_findings", "urgency_reason", "lead_units_text", "time_text",
              "frequency_text", "place_text", "scope_text", "form_text", "notes", "target_stages", "participants")


def queue_listing(user):
    """The queue as its page, its API and the workspace list it: without the long texts."""
    return queue_for(user).defer(*LONG_TEXTS)


def stage_counts(user) -> list[dict]:
    """Per stage of the user: how many wait and how many are past their time limit (two queries, counted from the
    review positions' (region, stage, due_on) index without touching the applications)."""
    today = timezone.localdate()
    stages = list(stages_of(user))
    counts = {
        row["stage_id"]: row for row in
        ReviewProgress.objects.filter(region_id=region_of(user), stage__in=[s.pk for s in stages])
        .values("stage_id").annotate(waiting=Count("stage_id"), overdue=Count("due_on", filter=Q(due_on__lt=today)))
        .order_by()
    } if stages else {}
    return [{"stage": s, "waiting": counts.get(s.pk, {}).get("waiting", 0),
             "overdue": counts.get(s.pk, {}).get("overdue", 0)} for s in stages]


def decisions_for(application):
    return ReviewDecision.objects.filter(application=application).select_related("stage", "reviewer")


def merge_candidates(user, application):
    """Other applications of the same term and item type waiting at the user's stages."""
    return queue_for(user).filter(term_id=application.term_id, item_type=application.item_type).exclude(
        pk=application.pk
    )


def ranked_merge_candidates(user, application) -> list:
    """The merge candidates, most alike first, each with its ``similarity`` (score 0–100 and reasons)."""
    from apps.applications.precheck import similarity

    ranked = []
    for other in merge_candidates(user, application).select_related("department", "review"):
        other.similarity = similarity(application, other)
        ranked.append(other)
    return sorted(ranked, key=lambda a: (-a.similarity.score, a.review.entered_at))


def progress_of(application) -> ReviewProgress | None:
    return ReviewProgress.objects.filter(application=application).select_related(
        "stage", "returned_from_stage"
    ).first()


def reviewer_workload(user, limit: int = 5) -> dict:
    """For the reviewer's workspace: what waits at each of the user's stages, and the oldest waiting items."""
    stages = stage_counts(user)
    return {
        "stages": stages,
        "waiting": sum(s["waiting"] for s in stages),
        "overdue": sum(s["overdue"] for s in stages),
        "oldest": list(queue_listing(user)[:limit]),
    }


def last_review_before_resubmission(application) -> ReviewDecision | None:
    """The return that sent a resubmitted application back to its department (None on a first submission)."""
    if application.status != Application.Status.IN_REVIEW:
        return None
    return (application.review_decisions.filter(kind=ReviewDecision.Kind.RETURN).select_related("stage")
            .order_by("-decided_at", "-pk").first())


def earlier_justification(application) -> ReviewDecision | None:
    """The latest approval at an earlier stage that justified passing despite warnings: later stages confirm it."""
    return (application.review_decisions.filter(kind=ReviewDecision.Kind.APPROVE).exclude(justification="")
            .select_related("stage").order_by("-decided_at", "-pk").first())
