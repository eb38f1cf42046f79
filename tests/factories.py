"""factory_boy factories for the portal's models, shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from apps.accounts.models import Organisation, Region, User

DISTINCT_TITLES = [
    "交通安全宣讲", "禁毒知识讲座", "消防疏散演练", "心理健康辅导", "法治报告会", "垃圾分类宣传", "科普知识展览",
    "国防主题课程", "红色文化传承", "爱眼护眼小课堂", "口腔卫生讲解", "反诈骗提醒", "防震减灾演示", "书法艺术鉴赏",
    "非遗剪纸体验", "地质公园研学", "网络素养指导", "青春期健康课", "禁烟限酒倡议", "节水护河行动",
]


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "350524"
    name = "安溪县"
    level = Region.Level.COUNTY


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.DEPARTMENT
    name = factory.Sequence(lambda n: f"测试部门{n}")
    region = factory.SubFactory(RegionFactory)
    department_type = Organisation.DepartmentType.PARTY_GOVERNMENT


class BureauFactory(OrganisationFactory):
    kind = Organisation.Kind.BUREAU
    name = factory.Sequence(lambda n: f"测试教育局{n}")
    department_type = ""


class SchoolFactory(OrganisationFactory):
    kind = Organisation.Kind.SCHOOL
    name = factory.Sequence(lambda n: f"测试学校{n}")
    department_type = ""
    school_stage = Organisation.SchoolStage.PRIMARY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=str(r))[0] for r in extracted])
        self.save()


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Term"
        django_get_or_create = ("start_year", "semester")

    start_year = 2025
    semester = "1"
    starts_on = factory.LazyAttribute(lambda t: __import__("datetime").date(t.start_year, 9, 1)
                                      if t.semester == "1" else __import__("datetime").date(t.start_year + 1, 2, 1))
    ends_on = factory.LazyAttribute(lambda t: __import__("datetime").date(t.start_year + 1, 1, 31)
                                    if t.semester == "1" else __import__("datetime").date(t.start_year + 1, 8, 31))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete, clean application (no prohibited demand, basis given) in draft."""

    class Meta:
        model = "applications.Application"

    department = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..department"),
                                    roles=["申报单位经办人"])
    term = factory.SubFactory(TermFactory)
    item_type = "activity"
    # Titles that do not read alike (duplicates are found by characters, across departments): a test that
    # wants a duplicate names its titles.
    title = factory.Sequence(lambda n: f"{DISTINCT_TITLES[n % len(DISTINCT_TITLES)]}{n}")
    category = "special_task"
    subcategory = "safety"
    admission_ground = "party_campaign"
    basis_text = "《关于开展中小学安全教育专项工作的通知》（安委办〔2025〕12号）"
    content = "面向中小学生开展交通、防溺水、防诈骗安全教育讲座，每校一次，每次不超过45分钟。"
    time_text = "2025年9-10月"
    frequency_text = "每学期1次"
    scope_text = "全县中小学"
    form_text = "讲座"
    target_stages = ["primary", "junior"]
    participants = ["students"]
    planned_start = factory.LazyAttribute(lambda a: a.term.starts_on)
    planned_end = factory.LazyAttribute(lambda a: a.term.ends_on)
    times_planned = 1
    duration_minutes = 45
    form = "lecture"
    demands_online_voting = False
    demands_quiz = False
    demands_survey = False
    demands_follow_account = False
    demands_app_install = False
    demands_checkin = False
    demands_participation_rate = False
    demands_proof_upload = False
    contact_name = "张伟"
    contact_phone = "13800000000"


# == whitelist ==
def publisher_user(**kwargs):
    """A 发布管理员 of the county bureau."""
    kwargs.setdefault("organisation", BureauFactory())
    return UserFactory(roles=["发布管理员"], **kwargs)


def approved_application(**kwargs):
    """A finally approved application (the reviews workflow's end state)."""
    import datetime as dt

    from django.utils import timezone

    kwargs.setdefault("decided_at", timezone.make_aware(dt.datetime(2026, 8, 20, 10, 0)))
    return ApplicationFactory(status="approved", **kwargs)


def publishes_without_notice(region):
    """Record that ``region`` publishes its drafts without public notice (the default is notice first)."""
    from apps.whitelist.models import PublicationSettings

    PublicationSettings.objects.update_or_create(region=region, defaults={"notice_required": False})
    return region
