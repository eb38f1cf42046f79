"""The stage reviewer groups and the default stages: 相关科室初审 → 办公室审核 → 教育督导室审定 (ad-hoc: shorter limits)."""

from django.db import migrations

STAGES = [
    # (order, name, group, regular limit, ad-hoc limit) in working days
    (1, "相关科室初审", "审核人-相关科室", 5, 2),
    (2, "办公室审核", "审核人-办公室", 3, 1),
    (3, "教育督导室审定", "审核人-教育督导室", 3, 1),
]


def create_stages(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ReviewStage = apps.get_model("reviews", "ReviewStage")
    for order, name, group_name, regular_days, adhoc_days in STAGES:
        group, _ = Group.objects.get_or_create(name=group_name)
        for kind, days in (("regular", regular_days), ("adhoc", adhoc_days)):
            ReviewStage.objects.get_or_create(
                kind=kind, order=order, defaults={"name": name, "group": group, "time_limit_days": days}
            )


def remove_stages(apps, schema_editor):
    apps.get_model("reviews", "ReviewStage").objects.filter(order__in=[s[0] for s in STAGES]).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=[s[2] for s in STAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("accounts", "0002_role_groups")]
    operations = [migrations.RunPython(create_stages, remove_stages)]
