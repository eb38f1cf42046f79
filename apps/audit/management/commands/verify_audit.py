"""manage.py verify_audit: walk the audit trail's hash chain; exit 0 and print the count when it is intact,
exit 1 naming the first broken link when it is not."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.audit.chain import verify_chain


class Command(BaseCommand):
    help = "检查审计记录哈希链是否完整（报告第一处断裂）。"

    def handle(self, *args, **options):
        report = verify_chain()
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {report.count} 条记录。"))
            return
        when = timezone.localtime(report.broken_at).strftime("%Y-%m-%d %H:%M:%S") if report.broken_at else "—"
        raise CommandError(f"审计链断裂：第一处在记录 #{report.broken_event_id}（{when}），"
                           f"此前 {report.count} 条完好。原因：{report.reason}")
