"""factory_boy factories for the portal's models, shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from apps.accounts.models import Organisation, Region, User


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
