"""The migration to prose wording keeps every existing item's public text and every application's former wording."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("applications", "0003_seed_cap_rules"), ("whitelist", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migrating_keeps_item_text_and_writes_the_former_wording_into_applications():
    executor = MigrationExecutor(connection)
    # Every app's latest migration: going back unapplies the apps built on the whitelist (visits), and the way
    # forward must bring them back for the tests after this one.
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    region = old.get_model("accounts", "Region").objects.create(code="359999", name="旧县", level="county")
    department = old.get_model("accounts", "Organisation").objects.create(
        kind="department", name="旧县公安局", short_name="县公安局", region=region, department_type="other")
    user = old.get_model("accounts", "User").objects.create(username="old-publisher", organisation=department)
    term = old.get_model("applications", "Term").objects.create(
        start_year=2024, semester="1", starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2025, 1, 31))
    application = old.get_model("applications", "Application").objects.create(
        department=department, created_by=user, term=term, title="禁毒教育进校园", category="special_task",
        subcategory="anti_drug_aids", admission_ground="law", basis_title="中华人民共和国禁毒法",
        basis_number="主席令第七十九号", content="禁毒知识讲座。", participants=["students", "parents"],
        planned_start=dt.date(2024, 10, 8), planned_end=dt.date(2024, 11, 20), times_planned=2, form="lecture",
        contact_name="张", contact_phone="13800000000", status="approved", is_adhoc=True, urgency_reason="急")
    edition = old.get_model("whitelist", "WhitelistEdition").objects.create(
        term=term, region=region, title="旧县2024—2025学年第一学期中小学社会事务进校园白名单", created_by=user,
        status="published", version=1)
    texts = {"name": "禁毒教育进校园", "lead_units": "县公安局", "time_text": "2024年10月—11月",
             "frequency_text": "每学期不超过2次", "scope_text": "全县中小学（学生、家长）", "content": "禁毒知识讲座。",
             "form_text": "讲座", "basis_text": "《中华人民共和国禁毒法》（主席令第七十九号）", "notes": "临时申报"}
    item = old.get_model("whitelist", "WhitelistItem").objects.create(
        edition=edition, item_type="activity", number=1, category="special_task", stages=["primary"], **texts)

    new = _migrate(latest)
    item = new.get_model("whitelist", "WhitelistItem").objects.get(pk=item.pk)
    assert {name: getattr(item, name) for name in texts} == texts
    edition = new.get_model("whitelist", "WhitelistEdition").objects.get(pk=edition.pk)
    assert (edition.period_kind, edition.starts_on, edition.ends_on) == ("term", term.starts_on, term.ends_on)
    assert edition.period_label == "2024—2025学年第一学期"
    application = new.get_model("applications", "Application").objects.get(pk=application.pk)
    # The wording an item made from it would have had before is now the department's own, word for word.
    assert {name: getattr(application, name) for name in
            ("basis_text", "time_text", "frequency_text", "scope_text", "form_text", "notes")} == {
        name: texts[name] for name in ("basis_text", "time_text", "frequency_text", "scope_text", "form_text",
                                       "notes")}
