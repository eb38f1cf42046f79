from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "department_type", "school_stage", "region", "is_active"]
    list_filter = ["kind", "department_type", "school_stage", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "organisation", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "organisation__kind"]
    search_fields = ["username", "full_name", "organisation__name"]
    list_select_related = ["organisation"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("所属机构"), {"fields": ("full_name", "phone", "organisation")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("所属机构"), {"fields": ("full_name", "organisation")}),)
