"""Bench data: one county edition of 500 items for the current term, and 100,000 items in all."""

import random

from django.db import transaction
from django.utils import timezone

STAGES = ["primary", "junior", "senior", "nine_year", "complete_secondary"]
WORDS = ["安全教育", "法治教育", "科普活动", "禁毒防艾宣传教育", "传统文化", "消防安全演练", "防溺水安全教育",
         "文明城市创建", "食品安全", "生态环境保护", "心理健康", "交通安全"]


def _items(edition, count, departments, rng, WhitelistItem):
    rows = []
    for n in range(count):
        item_type = "inspection" if n % 5 == 4 else "activity"
        stages = rng.sample(STAGES, 2)
        word = WORDS[n % len(WORDS)]
        rows.append(WhitelistItem(
            edition=edition, item_type=item_type, number=n + 1, name=f"{word}进校园（{n + 1}）",
            category="special_task", subcategory="safety", lead_units=departments[n % len(departments)].name,
            time_text="2026年9月—2027年1月", frequency_text="每学期不超过1次", scope_text="全县中小学（学生）",
            stages=stages, stages_key="," + ",".join(stages) + ",",
            content=f"面向中小学生开展{word}专题讲座，每校每学期一次，每次不超过45分钟，不要求学生网上答题、打卡或上传截图。",
            form_text="讲座", basis_text="《关于开展中小学安全教育专项工作的通知》（安委办〔2026〕12号）",
            notes="" if n % 7 else "由2项申报合并", added_in_version=1,
        ))
    created = WhitelistItem.objects.bulk_create(rows, batch_size=2000)
    through = WhitelistItem.departments.through
    through.objects.bulk_create([
        through(whitelistitem_id=item.pk, organisation_id=departments[i % len(departments)].pk)
        for i, item in enumerate(created)
    ], batch_size=5000)


@transaction.atomic
def load(*, edition_items=500, total_items=100_000) -> int:
    """Returns the id of the county's current edition."""
    from apps.accounts.models import Organisation, Region, User
    from apps.applications.models import Term
    from apps.applications.terms import TermKey, term_for_date
    from apps.whitelist.models import WhitelistEdition, WhitelistItem
    from apps.whitelist.periods import term_period

    rng = random.Random(7)
    city = Region.objects.create(code="350500", name="泉州市", level="city")
    county = Region.objects.create(code="350524", name="安溪县", level="county", parent=city)
    bureau = Organisation.objects.create(kind="bureau", name="安溪县教育局", region=county)
    user = User.objects.create(username="bench", organisation=bureau)
    departments = [
        Organisation.objects.create(kind="department", name=f"安溪县部门{n:02d}", short_name=f"县部门{n:02d}",
                                    region=county, department_type="party_government")
        for n in range(20)
    ]
    key = term_for_date(timezone.localdate())
    term = Term.for_key(key)
    previous = Term.for_key(TermKey(key.start_year - 1, key.semester))
    now = timezone.now()

    def edition(region, t, title):
        period = term_period(t)
        return WhitelistEdition.objects.create(
            term=t, region=region, title=title, status="published", version=1, published_at=now,
            updated_on=now.date(), created_by=user, period_kind=period.kind, starts_on=period.starts_on,
            ends_on=period.ends_on, period_label=period.label)

    current = edition(county, term, f"安溪县{key.label}中小学社会事务进校园白名单")
    _items(current, edition_items, departments, rng, WhitelistItem)
    last = edition(county, previous, "安溪县上学年白名单")
    _items(last, int(edition_items * 1.25), departments, rng, WhitelistItem)
    remaining = total_items - edition_items - int(edition_items * 1.25)
    per_region, n = 500, 0
    while remaining > 0:
        region = Region.objects.create(code=f"9{n:05d}", name=f"测试县{n}", level="county", parent=city)
        size = min(per_region, remaining)
        _items(edition(region, term, f"测试县{n}白名单"), size, departments, rng, WhitelistItem)
        remaining -= size
        n += 1
    return current.pk
