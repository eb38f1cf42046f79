"""The append-only audit trail: one row per state change, from every app."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditTrailImmutable(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailImmutable("审计记录只能追加，不能修改。")

    def delete(self):
        raise AuditTrailImmutable("审计记录只能追加，不能删除。")

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEvent(models.Model):
    # Set by the writer (not auto_now_add) so that the hash covers exactly the time stored.
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    actor_organisation = models.CharField(_("操作人所属机构"), max_length=100, blank=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    action = models.CharField(_("操作"), max_length=50)
    action_label = models.CharField(_("操作名称"), max_length=50, blank=True)
    from_state = models.CharField(_("原状态"), max_length=50, blank=True)
    to_state = models.CharField(_("新状态"), max_length=50, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    data = models.JSONField(_("变更内容"), default=dict, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    # The chain: SHA-256 over this event's content and the hash before it (see chain.py).
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "occurred_at"])]

    def __str__(self):
        when = f"{self.occurred_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_name} {self.action_label or self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailImmutable("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailImmutable("审计记录只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The chain's last link, one row. Writers lock it so that events join the chain one at a time, in order."""

    last_event_id = models.BigIntegerField(_("最后一条记录"), null=True)
    last_hash = models.CharField(_("最后一条哈希"), max_length=64, blank=True)
    length = models.BigIntegerField(_("记录条数"), default=0)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self):
        return f"{self.length} @ {self.last_hash[:12]}"
