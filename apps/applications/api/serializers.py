"""Serializers for the applications API: reads show the record; writes go through the services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext
from rest_framework import serializers

from apps.accounts.models import Organisation

from .. import services
from ..forms import TARGET_STAGES
from ..models import (
    PROHIBITED_DEMANDS,
    ActivityForm,
    AdmissionGround,
    Application,
    Attachment,
    FrequencyPeriod,
    Participant,
    Term,
)
from ..services import EDITABLE_FIELDS, field_errors


def django_errors(exc: DjangoValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return serializers.ValidationError(detail)


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("applications:attachment_download", args=[obj.pk])


class ApplicationSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    term_code = serializers.CharField(source="term.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    # DRF drops allow_blank from read-only fields, and a draft may leave these empty: the schema must allow "".
    admission_ground = serializers.ChoiceField(choices=AdmissionGround.choices, allow_blank=True, read_only=True)
    form = serializers.ChoiceField(choices=ActivityForm.choices, allow_blank=True, read_only=True)
    frequency_period = serializers.ChoiceField(choices=FrequencyPeriod.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Application
        fields = ["id", "reference", "department", "department_name", "term", "term_code", *[
            f for f in EDITABLE_FIELDS if f != "term"], "schools", "lead_organisations", "status", "status_label",
            "version",
            "precheck_findings", "submitted_at", "decided_at", "copied_from", "merged_into", "created_at",
            "updated_at"]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "attachments"]
        read_only_fields = fields


class ApplicationWriteSerializer(serializers.ModelSerializer):
    """Creates a draft or updates one; ``version`` (the one the client last read) is required to update."""

    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.all(), required=False)
    schools = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind="school"), many=True,
                                                 required=False)
    target_stages = serializers.ListField(child=serializers.ChoiceField(choices=[v for v, _l in TARGET_STAGES]),
                                          required=False)
    lead_organisations = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind__in=("department", "bureau")), many=True, required=False)
    participants = serializers.ListField(child=serializers.ChoiceField(choices=Participant.choices),
                                         allow_empty=False)
    version = serializers.IntegerField(max_value=2_147_483_647, required=False, write_only=True)

    class Meta:
        model = Application
        fields = [*EDITABLE_FIELDS, "schools", "lead_organisations", "version"]
        extra_kwargs = {name: {"required": True, "allow_null": False} for name, _l in PROHIBITED_DEMANDS}

    def validate(self, attrs):
        values = {k: v for k, v in attrs.items() if k in EDITABLE_FIELDS}
        probe = Application(**{**self._current_values(), **values})
        schools = attrs.get("schools")
        if schools is None and self.instance is not None:
            schools = list(self.instance.schools.all())
        errors = field_errors(probe, schools)
        if errors:
            raise serializers.ValidationError(errors)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [gettext("修改时须提供读取时的版本号 version。")]})
        return attrs

    def _current_values(self) -> dict:
        if self.instance is None:
            return {}
        return {f: getattr(self.instance, f) for f in EDITABLE_FIELDS}

    def create(self, validated_data):
        validated_data.pop("version", None)
        try:
            return services.create_draft(actor=self.context["request"].user, data=validated_data)
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc

    def update(self, instance, validated_data):
        version = validated_data.pop("version")
        try:
            return services.update_draft(application=instance, actor=self.context["request"].user,
                                         seen_version=version, data=validated_data)
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc

    def to_representation(self, instance):
        return ApplicationDetailSerializer(instance, context=self.context).data


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(max_value=2_147_483_647, help_text="读取时的版本号")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class FindingSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["blocking", "warning"])
    rule = serializers.CharField()
    message = serializers.CharField()
    data = serializers.DictField()
