"""Visits in the API: what the visit page shows; a school's rating is never in it (the department sees averages)."""

from rest_framework import serializers

from ..models import Visit


class VisitSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    code = serializers.CharField(source="code_display", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    participants = serializers.ListField(child=serializers.CharField(), read_only=True)
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "number", "code", "item", "item_name", "department", "department_name", "school",
                  "school_name", "date", "start_time", "participants", "participant_count", "duration_minutes",
                  "person_in_charge", "person_phone", "status", "status_label", "warnings", "justification",
                  "school_note", "ledger_line", "created_at", "version"]
        read_only_fields = fields
