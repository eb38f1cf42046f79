"""API shapes of the review queue and of decisions."""

from rest_framework import serializers

from apps.applications import sections as form_sections
from apps.applications.models import Application

from ..forms import DECISION_CHOICES
from ..models import ReviewStage


class StageSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ReviewStage
        fields = ["id", "kind", "kind_label", "order", "name", "time_limit_days"]


class QueueItemSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name")
    term = serializers.CharField(source="term.__str__")
    stage = StageSerializer(source="review.stage")
    entered_at = serializers.DateTimeField(source="review.entered_at")
    due_on = serializers.DateField(source="review.due_on")
    overdue = serializers.BooleanField(source="review.is_overdue")
    precheck_level = serializers.CharField(source="review.precheck_level")

    class Meta:
        model = Application
        fields = ["id", "reference", "title", "department", "term", "item_type", "category", "is_adhoc", "version",
                  "stage", "entered_at", "due_on", "overdue", "precheck_level"]


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=DECISION_CHOICES)
    version = serializers.IntegerField(max_value=2_147_483_647, min_value=1)
    opinion = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=form_sections.CHOICES), required=False, default=list, max_length=10,
        help_text="The parts of the application form the opinion is about (for a return or a rejection).")
    justification = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class SeenSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=9_223_372_036_854_775_807)
    version = serializers.IntegerField(max_value=2_147_483_647, min_value=1)


class BatchApproveSerializer(serializers.Serializer):
    items = SeenSerializer(many=True, allow_empty=False)
    opinion = serializers.CharField(max_length=2000)
    justification = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MergeSerializer(serializers.Serializer):
    lead = SeenSerializer()
    others = SeenSerializer(many=True, allow_empty=False)
    opinion = serializers.CharField(max_length=2000)
