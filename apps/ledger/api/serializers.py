"""Ledger lines in the API: what the pages show, the same fields for the bureau and for owners."""

from rest_framework import serializers

from apps.accounts.models import Organisation

from ..models import LedgerLine, SourceKind


class LedgerLineSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    source_kind_label = serializers.CharField(source="get_source_kind_display", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = LedgerLine
        fields = ["id", "number", "source_kind", "source_kind_label", "source_ref", "complaint", "problem", "owner",
                  "owner_name", "owner_person", "standard", "deadline", "measures", "results", "immediate",
                  "status", "status_label", "overdue", "verification_opinion", "verified_at", "closed_on",
                  "created_at", "version"]
        read_only_fields = fields


class LineWriteSerializer(serializers.Serializer):
    source_kind = serializers.ChoiceField(choices=[c for c in SourceKind.choices if c[0] != SourceKind.COMPLAINT])
    source_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    problem = serializers.CharField(max_length=2000)
    owner = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(kind__in=("school",
                                                                                               "department")))
    owner_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    standard = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    deadline = serializers.DateField()
    immediate = serializers.BooleanField(required=False, default=False)


class LineStepSerializer(serializers.Serializer):
    version = serializers.IntegerField(max_value=2_147_483_647)
    opinion = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    measures = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    results = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    immediate = serializers.BooleanField(required=False, allow_null=True, default=None)
    new_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    owner = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, default=None,
                                               queryset=Organisation.objects.all())
    owner_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
