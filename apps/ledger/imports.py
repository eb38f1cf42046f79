"""Import of a ledger the bureau kept in Excel (the 004 form): every bad cell reported at once with its address,
and nothing imported until the whole file is clean."""

import datetime as dt
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from apps.accounts.models import Organisation
from apps.accounts.permissions import region_of, require
from apps.audit.services import record_event
from whitelist_portal.plaintext import strip_control_chars

from .models import LedgerLine, SourceKind

MAX_ROWS = 1000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# heading → (field, required); 序号 and any other column are ignored
COLUMNS = {"问题": ("problem", True), "采取的措施": ("measures", False), "取得的成效": ("results", False),
           "责任单位": ("owner", True), "责任人": ("owner_person", False), "整改时限": ("deadline", True),
           "整改标准": ("standard", False), "状态": ("status", False), "销号日期": ("closed_on", False)}
DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
STATUS_BY_LABEL = {str(label): value for value, label in LedgerLine.Status.choices}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_control_chars(str(value)).strip()


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE.match(_text(value))
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _sheet(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
        if len(entries) > 2000 or sum(e.file_size for e in entries) > settings.ATTACHMENT_MAX_UNZIPPED_BYTES:
            raise ValidationError(gettext("该工作簿解压后内容过大，无法导入。"))
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False).worksheets[0]
    except ValidationError:
        raise
    except Exception as exc:  # a damaged workbook raises many kinds
        raise ValidationError(gettext("无法读取该文件：不是有效的 .xlsx 工作簿。")) from exc


def _header(rows) -> tuple[int, dict[int, str]]:
    """The first row (of the first ten) that names the 004 columns: its number and column → field."""
    for number, row in enumerate(rows, start=1):
        found = {index: COLUMNS[_text(value)][0] for index, value in enumerate(row) if _text(value) in COLUMNS}
        if {"problem", "owner", "deadline"} <= set(found.values()):
            return number, found
        if number >= 10:
            break
    raise ValidationError(gettext("未找到表头：须含“问题”“责任单位”“整改时限”列。"))


def _owners(region_id) -> dict[str, Organisation]:
    rows = Organisation.objects.filter(kind__in=("school", "department"), is_active=True)
    if region_id:
        rows = rows.filter(Q(region_id=region_id))
    by_name = {}
    for organisation in rows:
        for name in (organisation.name, organisation.short_name):
            if name:
                by_name.setdefault(name, organisation)
    return by_name


def parse_ledger(content: bytes, *, region_id) -> list[dict]:
    """The lines of the file, or ValidationError naming every bad cell (e.g. "D5：…")."""
    rows = list(_sheet(content).iter_rows(values_only=True))
    header_row, columns = _header(rows[:10])
    owners = _owners(region_id)
    lines, errors = [], []
    body = [(number, row) for number, row in enumerate(rows[header_row:], start=header_row + 1)
            if any(_text(v) for v in row)]
    if len(body) > MAX_ROWS:
        raise ValidationError(gettext("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    for number, row in body:
        cells = {field: (row[index] if index < len(row) else None, f"{get_column_letter(index + 1)}{number}")
                 for index, field in columns.items()}
        line, bad = _line(cells, owners)
        errors += bad
        lines.append(line)
    if errors:
        raise ValidationError(errors)
    if not lines:
        raise ValidationError(gettext("文件中没有整改事项。"))
    return lines


def _line(cells, owners) -> tuple[dict, list[str]]:
    line, errors = {}, []

    def bad(field, message):
        errors.append(f"{cells[field][1]}：{message}")

    for field in ("problem", "measures", "results", "owner_person", "standard"):
        if field in cells:
            line[field] = _text(cells[field][0])
    if not line.get("problem"):
        bad("problem", gettext("请填写问题。"))
    owner_name = _text(cells["owner"][0])
    line["owner"] = owners.get(owner_name)
    if line["owner"] is None:
        bad("owner", gettext("“%(name)s”不是本地区登记的学校或部门。") % {"name": owner_name} if owner_name
            else gettext("请填写责任单位。"))
    line["deadline"] = _date(cells["deadline"][0])
    if line["deadline"] is None:
        bad("deadline", gettext("整改时限须为日期，如 2025-10-31。"))
    status_text = _text(cells["status"][0]) if "status" in cells else ""
    status_text = status_text.replace("（已超期）", "")
    line["status"] = STATUS_BY_LABEL.get(status_text, LedgerLine.Status.OPEN if not status_text else None)
    if line["status"] is None:
        bad("status", gettext("状态须为：%(labels)s。") % {"labels": "、".join(STATUS_BY_LABEL)})
    closed_on = cells.get("closed_on", (None, ""))[0]
    line["closed_on"] = _date(closed_on) if _text(closed_on) else None
    if _text(closed_on) and line["closed_on"] is None:
        bad("closed_on", gettext("销号日期须为日期，如 2025-10-31。"))
    if line["status"] == LedgerLine.Status.CLOSED and line["closed_on"] is None and not _text(closed_on):
        bad("status", gettext("已销号的事项须填写销号日期。"))
    if line["closed_on"] and line["status"] != LedgerLine.Status.CLOSED:
        bad("closed_on", gettext("只有已销号的事项才有销号日期。"))
    return line, errors


@transaction.atomic
def import_ledger(*, actor, content: bytes, source_kind: str, source_ref: str = "") -> list[LedgerLine]:
    """All lines or none; a line marked 已销号 in the old ledger keeps its date and the note that it was imported."""
    require(actor, "ledger.manage")
    if source_kind not in SourceKind.values or source_kind == SourceKind.COMPLAINT:
        raise ValidationError(gettext("请选择问题来源。"))
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(gettext("文件过大，请不要超过 5 MB。"))
    now = timezone.now()
    created = []
    for data in parse_ledger(content, region_id=region_of(actor)):
        closed = data["status"] == LedgerLine.Status.CLOSED
        line = LedgerLine.objects.create(
            region_id=region_of(actor), created_by=actor, source_kind=source_kind,
            source_ref=strip_control_chars(source_ref.strip())[:100],
            verification_opinion=gettext("原台账已销号，导入时保留。") if closed else "",
            verified_at=now if closed else None, verified_by=actor if closed else None, **data)
        record_event(actor=actor, obj=line, action="ledger.imported", action_label="导入整改台账",
                     to_state=line.status, data={"owner": line.owner_id, "deadline": line.deadline.isoformat()})
        created.append(line)
    return created
