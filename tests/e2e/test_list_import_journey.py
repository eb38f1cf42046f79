"""The publisher imports the list the county already published: period, file, dry run, confirmation; on a phone the
rows it understood read as cards."""

import os

import pytest

from tests.e2e.conftest import login
from tests.whitelist import list_shapes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_accounts(transactional_db):
    from apps.accounts import demo as accounts_demo

    with open(os.devnull, "w") as devnull:
        accounts_demo.seed(devnull)


def _check_file(page, tmp_path, shape):
    path = tmp_path / shape.filename
    path.write_bytes(shape.content)
    page.goto("/whitelist/manage/")
    page.get_by_role("link", name="导入既有清单").click()
    page.get_by_label("年度").check()
    assert page.get_by_role("combobox", name="学期").is_hidden()  # only the fields of the chosen period show
    page.get_by_label("年份").fill("2025")
    page.get_by_label("清单文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="检查文件").click()


def test_the_publisher_checks_the_file_then_confirms(page, phone_page, demo_accounts, tmp_path):
    from apps.whitelist.models import WhitelistEdition

    login(page, "fabu")
    _check_file(page, tmp_path, list_shapes.county_list())
    page.get_by_role("heading", name="检查结果：可以导入").wait_for()
    assert page.get_by_role("cell", name="三、督查检查评比考核事项").count() == 1
    assert not WhitelistEdition.objects.exists()
    os.makedirs("var/screenshots", exist_ok=True)
    page.screenshot(path="var/screenshots/list-import-preview.png", full_page=True)

    login(phone_page, "fabu")
    _check_file(phone_page, tmp_path, list_shapes.county_list())
    phone_page.get_by_role("heading", name="检查结果：可以导入").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # no sideways scrolling on a phone
    phone_page.screenshot(path="var/screenshots/list-import-preview-375.png", full_page=True)

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/whitelist/manage/*/")
    assert "已导入“某县2025年社会事务进校园白名单”，共 4 项" in page.content()
    edition = WhitelistEdition.objects.get()
    assert (edition.is_imported, edition.status, edition.items.count()) == (True, "published", 4)


def test_problems_are_listed_by_cell(page, demo_accounts, tmp_path):
    login(page, "fabu")
    shape = list_shapes.Shape("bad", "有问题.csv", "序号,事项名称,奇怪的列\n1,,x\n".encode(), "")
    _check_file(page, tmp_path, shape)
    page.get_by_role("alert").filter(has_text="处问题").wait_for()
    assert page.get_by_role("cell", name="B2").count() == 1 and page.get_by_role("cell", name="C1").count() == 1
    page.screenshot(path="var/screenshots/list-import-problems.png", full_page=True)
