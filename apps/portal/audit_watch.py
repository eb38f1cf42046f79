"""The daily look at the audit trail's hash chain: when a link is broken, every 监督人 hears of it (once a day)."""

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.audit.chain import ChainReport, verify_chain
from apps.notifications.services import notify

logger = logging.getLogger(__name__)


def check_audit_chain() -> ChainReport:
    report = verify_chain()
    if report.intact:
        logger.info("audit chain intact: %s events", report.count)
        return report
    logger.error("audit chain broken at event %s: %s", report.broken_event_id, report.reason)
    auditors = get_user_model().objects.filter(groups__name=Role.AUDITOR, is_active=True).distinct()
    notify(
        recipients=list(auditors),
        title=_("审计记录防篡改校验未通过"),
        body=_("审计链在记录 #%(id)s 处断裂（此前 %(n)s 条完好）：%(reason)s。请立即核查。")
        % {"id": report.broken_event_id, "n": report.count, "reason": report.reason},
        url="/audit/chain/",
        dedupe_key=f"audit-chain:{report.broken_event_id}:{timezone.localdate():%Y%m%d}",
    )
    return report
