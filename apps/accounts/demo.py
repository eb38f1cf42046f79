"""Demo master data: a county education bureau, its departments and schools, one user per role."""

from django.contrib.auth.models import Group

from .models import Organisation, Region, User
from .roles import Role

DEMO_PASSWORD = "demo-2025"  # printed by seed_demo and listed in the README; demo data only

BUREAU_NAME = "安溪县教育局"

DEPARTMENTS = [
    # (name, short name, type)
    ("中共安溪县委宣传部", "县委宣传部", "party_government"),
    ("中共安溪县委政法委员会", "县委政法委", "party_government"),
    ("安溪县公安局", "县公安局", "party_government"),
    ("安溪县消防救援大队", "县消防救援大队", "party_government"),
    ("安溪县卫生健康局", "县卫生健康局", "party_government"),
    ("安溪县司法局", "县司法局", "party_government"),
    ("安溪县应急管理局", "县应急管理局", "party_government"),
    ("安溪县文化体育和旅游局", "县文旅局", "party_government"),
    ("安溪县市场监督管理局", "县市场监管局", "party_government"),
    ("安溪县生态环境局", "县生态环境局", "party_government"),
    ("安溪县交通运输局", "县交通运输局", "party_government"),
    ("共青团安溪县委员会", "团县委", "mass_organisation"),
    ("安溪县妇女联合会", "县妇联", "mass_organisation"),
    ("安溪县科学技术协会", "县科协", "mass_organisation"),
    ("安溪县红十字会", "县红十字会", "mass_organisation"),
    ("安溪县气象局", "县气象局", "public_institution"),
]

SCHOOLS = [
    ("安溪第一中学", "complete_secondary"), ("安溪第八中学", "complete_secondary"),
    ("安溪铭选中学", "complete_secondary"), ("安溪第六中学", "complete_secondary"),
    ("安溪恒兴中学", "senior"), ("安溪沼涛中学", "senior"), ("安溪蓝溪中学", "senior"),
    ("安溪第十一中学", "junior"), ("安溪第十二中学", "junior"), ("安溪金火中学", "junior"),
    ("安溪龙门中学", "junior"), ("安溪官桥中学", "junior"), ("安溪湖头中学", "junior"),
    ("安溪县凤城中心小学", "primary"), ("安溪县第二实验小学", "primary"), ("安溪县第三实验小学", "primary"),
    ("安溪县城厢中心小学", "primary"), ("安溪县参内中心小学", "primary"), ("安溪县魁斗中心小学", "primary"),
    ("安溪县蓬莱中心小学", "primary"), ("安溪县金谷中心小学", "primary"), ("安溪县湖头中心小学", "primary"),
    ("安溪县官桥中心小学", "primary"), ("安溪县龙门中心小学", "primary"), ("安溪县虎邱中心小学", "primary"),
    ("安溪县西坪中心小学", "primary"), ("安溪县感德中心小学", "primary"), ("安溪县剑斗中心小学", "primary"),
    ("安溪县龙涓九年一贯制学校", "nine_year"), ("安溪县长坑九年一贯制学校", "nine_year"),
    ("安溪县特殊教育学校", "other"),
]

# (username, full name, organisation name, roles, e-mail)
USERS = [
    ("keshi", "林晓敏", BUREAU_NAME, [Role.REVIEWER], "keshi@demo.local"),
    ("bangongshi", "陈建华", BUREAU_NAME, [Role.REVIEWER], "bangongshi@demo.local"),
    ("dudaoshi", "王丽娟", BUREAU_NAME, [Role.REVIEWER], "dudaoshi@demo.local"),
    ("fabu", "黄志强", BUREAU_NAME, [Role.PUBLISHER], "fabu@demo.local"),
    ("jubao", "苏雅琴", BUREAU_NAME, [Role.COMPLAINT_STAFF], "jubao@demo.local"),
    ("jiandu", "李振国", "安溪县纪委监委派驻县教育局纪检监察组", [Role.AUDITOR], "jiandu@demo.local"),
    ("gongan", "张伟", "安溪县公安局", [Role.SUBMITTER, Role.RECTIFICATION_OWNER], "gongan@demo.local"),
    ("xiaofang", "刘洋", "安溪县消防救援大队", [Role.SUBMITTER], "xiaofang@demo.local"),
    ("weijian", "吴静", "安溪县卫生健康局", [Role.SUBMITTER], "weijian@demo.local"),
    ("sifa", "郑凯", "安溪县司法局", [Role.SUBMITTER], "sifa@demo.local"),
    ("tuanxianwei", "许婷", "共青团安溪县委员会", [Role.SUBMITTER], "tuanxianwei@demo.local"),
    ("xuexiao", "周明", "安溪县凤城中心小学", [Role.RECTIFICATION_OWNER], "xuexiao@demo.local"),
    # The levels above the county publish lists of their own, which reach the county's schools too.
    ("sheng", "陈立", "福建省教育厅", [Role.PUBLISHER], "sheng@demo.local"),
    ("shi", "黄蓉", "泉州市教育局", [Role.PUBLISHER], "shi@demo.local"),
]
HIGHER_BUREAUS = [("350000", "福建省教育厅", "省教育厅"), ("350500", "泉州市教育局", "市教育局")]


def seed(out) -> None:
    province, _ = Region.objects.update_or_create(code="350000", defaults={"name": "福建省", "level": "province"})
    city, _ = Region.objects.update_or_create(
        code="350500", defaults={"name": "泉州市", "level": "city", "parent": province}
    )
    county, _ = Region.objects.update_or_create(
        code="350524", defaults={"name": "安溪县", "level": "county", "parent": city}
    )
    Organisation.objects.update_or_create(
        region=county, name=BUREAU_NAME, defaults={"kind": "bureau", "short_name": "县教育局"}
    )
    Organisation.objects.update_or_create(
        region=county,
        name="安溪县纪委监委派驻县教育局纪检监察组",
        defaults={"kind": "department", "short_name": "派驻纪检监察组", "department_type": "party_government"},
    )
    for code, name, short in HIGHER_BUREAUS:
        Organisation.objects.update_or_create(
            region=Region.objects.get(code=code), name=name, defaults={"kind": "bureau", "short_name": short})
    for name, short, dept_type in DEPARTMENTS:
        Organisation.objects.update_or_create(
            region=county, name=name,
            defaults={"kind": "department", "short_name": short, "department_type": dept_type},
        )
    for name, stage in SCHOOLS:
        Organisation.objects.update_or_create(
            region=county, name=name, defaults={"kind": "school", "school_stage": stage}
        )
    for username, full_name, org_name, roles, email in USERS:
        seed_user(username=username, full_name=full_name, organisation=Organisation.objects.get(name=org_name),
                  roles=roles, email=email)
    admin = seed_user(username="admin", full_name="系统管理员", organisation=Organisation.objects.get(name=BUREAU_NAME),
                      roles=[Role.PUBLISHER], email="admin@demo.local")
    if not admin.is_superuser:
        User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    User.objects.filter(username="fabu").update(is_staff=True)
    out.write(f"  机构：{Organisation.objects.count()} 个；用户：{User.objects.count()} 个")


def seed_user(*, username, full_name, organisation, roles, email) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "organisation": organisation, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(*Group.objects.filter(name__in=[str(r) for r in roles]))
    return user


def login_table() -> list[tuple[str, str, str]]:
    users = User.objects.filter(username__in=[u[0] for u in USERS] + ["admin"]).select_related("organisation")
    rows = []
    for user in users.prefetch_related("groups").order_by("pk"):
        roles = "、".join(g.name for g in user.groups.all())
        rows.append((user.username, roles, user.organisation.name if user.organisation else ""))
    return rows
