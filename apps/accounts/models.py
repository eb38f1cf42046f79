"""Regions, organisations (bureau, departments, schools) and the users who belong to them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative division (行政区划): province, city or county."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（区）")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def lineage(self) -> list["Region"]:
        """This region and those above it, nearest first: county, city, province."""
        chain, region = [], self
        while region is not None and len(chain) < 5:
            chain.append(region)
            region = region.parent
        return chain

    @property
    def full_name(self) -> str:
        parts, region = [], self
        while region is not None:
            parts.append(region.name)
            region = region.parent
        return "".join(reversed(parts))


class Organisation(models.Model):
    """The bureau, a department that applies, or a school. Every user belongs to one."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("教育行政部门")
        DEPARTMENT = "department", _("申报单位")
        SCHOOL = "school", _("学校")

    class DepartmentType(models.TextChoices):
        PARTY_GOVERNMENT = "party_government", _("党政机关")
        MASS_ORGANISATION = "mass_organisation", _("群团组织")
        PUBLIC_INSTITUTION = "public_institution", _("事业单位")
        OTHER = "other", _("其他")

    class SchoolStage(models.TextChoices):
        PRIMARY = "primary", _("小学")
        JUNIOR = "junior", _("初中")
        SENIOR = "senior", _("高中")
        NINE_YEAR = "nine_year", _("九年一贯制")
        COMPLETE_SECONDARY = "complete_secondary", _("完全中学")
        VOCATIONAL = "vocational", _("中职")
        OTHER = "other", _("其他")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    department_type = models.CharField(
        _("单位性质"), max_length=20, choices=DepartmentType.choices, blank=True
    )
    school_stage = models.CharField(_("学段"), max_length=20, choices=SchoolStage.choices, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="organisation_unique_name_per_region"),
            models.CheckConstraint(
                condition=Q(kind="department", department_type__gt="")
                | (~Q(kind="department") & Q(department_type="")),
                name="organisation_department_type_only_for_departments",
            ),
            models.CheckConstraint(
                condition=Q(kind="school", school_stage__gt="") | (~Q(kind="school") & Q(school_stage="")),
                name="organisation_school_stage_only_for_schools",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A portal user; belongs to one organisation, holds roles through groups."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's role (group) names, read once per request."""
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))
