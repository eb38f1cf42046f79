from rest_framework import serializers

from apps.applications.models import FrequencyPeriod

from ..models import WhitelistEdition, WhitelistItem


class EditionSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)
    region_level = serializers.CharField(source="region.level", read_only=True)
    term = serializers.CharField(read_only=True, allow_null=True)  # a 学期 list's term; None for other periods
    status = serializers.CharField(read_only=True)  # plain strings: no enum name clash in the schema
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = WhitelistEdition
        fields = ["id", "title", "period_kind", "period_label", "starts_on", "ends_on", "term", "region",
                  "region_level", "is_imported", "status", "status_label", "version", "published_at",
                  "updated_on", "notice_starts_on", "notice_ends_on", "export_generated_at"]


class ItemSerializer(serializers.ModelSerializer):
    frequency_period = serializers.ChoiceField(choices=FrequencyPeriod.choices, allow_blank=True, read_only=True)
    item_type_label = serializers.CharField(source="get_item_type_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = WhitelistItem
        fields = ["id", "edition", "number", "number_text", "group_label", "item_type", "item_type_label", "name",
                  "category", "category_label", "lead_units", "time_text", "frequency_text", "times",
                  "frequency_period", "place_text", "scope_text", "stages", "content", "form_text", "basis_text",
                  "validity_text", "notes", "is_supplement", "added_in_version", "added_on", "status", "status_label",
                  "status_changed_on", "status_reason"]
