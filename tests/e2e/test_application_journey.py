"""A department files an application in the browser: field error, attachment, pre-check warning, submission."""

import datetime as dt

import pytest

from apps.applications import windows
from apps.applications.demo import demo_pdf
from apps.applications.models import PROHIBITED_DEMANDS, Application
from apps.applications.terms import term_for_date
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_department_files_an_application_and_finds_it_in_its_list(page, demo_data, tmp_path):
    # The demo opens a window for the next term around today, whatever day that is; the journey happens in it.
    term = term_for_date(windows.today()).next()
    login(page, "gongan")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的申报").click()
    page.get_by_role("link", name="新建申报").click()
    assert page.title().startswith("新建申报")

    page.get_by_label("事项名称").fill("校园周边治安巡防宣传")
    page.get_by_label("类别", exact=True).select_option(label="重要专项工作")
    page.get_by_label("子类别").select_option(label="安全教育")
    page.get_by_label("准入依据类型").select_option(label="党委政府统一部署的创建活动和重要专项工作")
    page.get_by_label("开展依据").fill("1.《关于开展护校安园专项行动的通知》（安公〔2026〕66号）\n2.《平安校园建设方案》")
    page.get_by_label("牵头单位", exact=True).fill("县公安局、县交警大队")
    page.get_by_label("开展时间").fill("开学、期中和期末各一次")
    page.get_by_label("开展频次").fill("每学期3次")
    page.get_by_label("实施范围").fill("全县中小学")
    page.get_by_label("开展形式", exact=True).fill("讲座、现场演示")
    page.get_by_label("主要内容").fill("民警在开学、期中和期末到校讲解校园周边安全，每校三次，每次不超过40分钟。")
    page.get_by_label("主要形式（分类）").select_option(label="讲座")
    page.locator("#field-participants").get_by_role("checkbox", name="学生").check()
    page.get_by_label("计划开始日期").fill(str(term.starts_on + dt.timedelta(days=21)))
    page.get_by_label("计划结束日期").fill(str(term.ends_on - dt.timedelta(days=21)))
    page.get_by_label("计划次数").fill("3")  # over the cap of special tasks whatever the department has so far
    for name, _label in PROHIBITED_DEMANDS:
        page.locator(f"#field-{name}").get_by_role("radio", name="否").check()
    page.get_by_label("联系电话").fill("打电话找我")
    page.get_by_role("button", name="保存草稿").click()

    error = page.locator("#field-contact_phone .errorlist")
    assert "请填写有效的联系电话" in error.inner_text()
    assert Application.objects.filter(title="校园周边治安巡防宣传").count() == 0
    page.get_by_label("联系电话").fill("0595-23201110")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/applications/*/")
    assert "草稿已保存" in page.locator(".messages").inner_text()

    pdf = tmp_path / "实施方案.pdf"
    pdf.write_bytes(demo_pdf("implementation plan"))
    page.get_by_label("材料类型").select_option(label="实施方案")
    page.get_by_label("文件").set_input_files(str(pdf))
    page.get_by_role("button", name="上传附件").click()
    assert "附件已上传" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="实施方案.pdf").is_visible()

    page.get_by_role("link", name="预审并提交").click()
    warning = page.locator(".findings .alert-warning").first
    assert "超出限额“重要专项工作每学年进校园次数”" in warning.inner_text()
    page.screenshot(path="var/screenshots/application-precheck.png", full_page=True)
    page.get_by_role("button", name="确认提交").click()

    page.wait_for_url("**/applications/")
    assert "申报已提交" in page.locator(".messages").inner_text()
    row = page.locator("tr", has_text="校园周边治安巡防宣传")
    assert row.count() == 1
    application = Application.objects.get(title="校园周边治安巡防宣传")
    assert application.reference.startswith(f"{term.code}-") and application.reference in row.inner_text()
    assert application.status in ("submitted", "in_review")
    assert application.attachments.count() == 1
    assert [f["rule"] for f in application.precheck_findings] == ["cap_exceeded.category_year"]
    assert application.lead_units_text == "县公安局、县交警大队" and application.form_text == "讲座、现场演示"
    assert application.basis_text.splitlines()[1] == "2.《平安校园建设方案》"
    page.screenshot(path="var/screenshots/application-list.png", full_page=True)
