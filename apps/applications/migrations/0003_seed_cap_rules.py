"""The caps of the seed documents (000 Nan'an): special tasks ≤ 2 and city campaigns ≤ 1 per school year."""

from django.db import migrations

SEED_RULES = [
    {"name": "重要专项工作每学年进校园次数", "shape": "category_year", "category": "special_task", "limit": 2,
     "per_department": True, "is_active": True,
     "basis": "维护稳定、扫黑除恶、防灾减灾、安全生产、禁毒防艾等重要专项工作原则上每学年不超过2次"},
    {"name": "城市创优评先每学年进校园次数", "shape": "category_year", "category": "city_campaign", "limit": 1,
     "per_department": True, "is_active": True,
     "basis": "文明、卫生、绿色、宜居、旅游城市创优评先活动原则上每学年不超过1次"},
    {"name": "每学期白名单事项总量", "shape": "term_volume", "category": "", "limit": 30,
     "per_department": False, "is_active": False,
     "basis": "总量控制：由教育局按需启用并设定每学期事项上限"},
]


def seed(apps, schema_editor):
    CapRule = apps.get_model("applications", "CapRule")
    for values in SEED_RULES:
        CapRule.objects.get_or_create(name=values["name"], defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("applications", "CapRule").objects.filter(name__in=[r["name"] for r in SEED_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_caps_and_counters")]
    operations = [migrations.RunPython(seed, unseed)]
