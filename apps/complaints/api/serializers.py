"""Reports in the API: the reporter always masked here; complaint staff ask the audited reporter endpoint."""

from rest_framework import serializers

from apps.accounts.models import Organisation

from ..models import BurdenCategory, Complaint
from ..privacy import mask_contact, mask_name


class ComplaintSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    verdict_label = serializers.CharField(source="get_verdict_display", read_only=True)
    schools = serializers.SerializerMethodField()
    department_name = serializers.CharField(source="department_label", read_only=True)
    reporter_name = serializers.SerializerMethodField()
    reporter_contact = serializers.SerializerMethodField()
    anonymous = serializers.BooleanField(source="is_anonymous", read_only=True)
    matched_item_name = serializers.CharField(source="matched_item.name", read_only=True, default="")

    class Meta:
        model = Complaint
        fields = ["id", "number", "channel", "channel_label", "received_at", "schools", "school_text", "department",
                  "department_name", "category", "category_label", "activity_text", "occurred_on", "description",
                  "reporter_name", "reporter_contact", "anonymous", "status", "status_label", "reply_due_on",
                  "verdict", "verdict_label", "matched_item", "matched_item_name", "verdict_note",
                  "not_accepted_reason", "handling_note", "finding", "public_reply", "case", "accepted_at",
                  "replied_at", "closed_at", "version"]
        read_only_fields = fields

    def get_schools(self, obj) -> list[str]:
        return [s.name for s in obj.schools.all()]

    def get_reporter_name(self, obj) -> str:
        return mask_name(obj.reporter_name)

    def get_reporter_contact(self, obj) -> str:
        return mask_contact(obj.reporter_contact)


class ReporterSerializer(serializers.Serializer):
    name = serializers.CharField()
    contact = serializers.CharField()


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField(max_value=2_147_483_647)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    reply = serializers.CharField(required=False, allow_blank=True, default="")
    finding = serializers.CharField(required=False, allow_blank=True, default="")


class VerdictSerializer(serializers.Serializer):
    version = serializers.IntegerField(max_value=2_147_483_647)
    verdict = serializers.CharField()
    item = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                    max_value=9_223_372_036_854_775_807)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ComplaintWriteSerializer(serializers.Serializer):
    """A report taken by staff through the API: registered at once (``draft``: kept as a draft)."""

    channel = serializers.ChoiceField(choices=[c for c in Complaint._meta.get_field("channel").choices
                                               if c[0] != "online"])
    received_at = serializers.DateTimeField(required=False)
    schools = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                 queryset=Organisation.objects.filter(kind="school"))
    school_text = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    department = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, default=None,
                                                    queryset=Organisation.objects.filter(kind="department"))
    department_text = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    category = serializers.ChoiceField(choices=BurdenCategory.choices, default=BurdenCategory.SOCIAL_AFFAIRS)
    activity_text = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    reporter_contact = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    draft = serializers.BooleanField(required=False, default=False)
