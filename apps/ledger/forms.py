"""Forms: opening a line (by hand or from a complaint), the bureau's steps, the owner's report, evidence."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.complaints.attachments import ACCEPT
from whitelist_portal.text_input import PlainTextFormMixin

from .models import SourceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OWNER_KINDS = (Organisation.Kind.SCHOOL, Organisation.Kind.DEPARTMENT)


def owner_choices(region_id=None):
    rows = Organisation.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by("kind", "name")
    return rows.filter(region_id=region_id) if region_id else rows


class LineFacts(PlainTextFormMixin, forms.Form):
    problem = forms.CharField(label=_("问题"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    standard = forms.CharField(label=_("整改标准"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    owner_person = forms.CharField(label=_("责任人"), max_length=50, required=False)
    deadline = forms.DateField(label=_("整改时限"), widget=DATE)
    immediate = forms.BooleanField(label=_("立行立改"), required=False)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("整改时限不能早于今天。"))
        return deadline


class LineForm(LineFacts):
    source_kind = forms.ChoiceField(label=_("问题来源"),
                                    choices=[c for c in SourceKind.choices if c[0] != SourceKind.COMPLAINT])
    source_ref = forms.CharField(label=_("来源编号或说明"), max_length=100, required=False)
    owner = forms.ModelChoiceField(label=_("责任单位"), queryset=Organisation.objects.none(), empty_label=_("请选择"))
    field_order = ["source_kind", "source_ref", "problem", "owner", "owner_person", "standard", "deadline",
                   "immediate"]

    def __init__(self, *args, region_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(region_id)


class ComplaintLinesForm(LineFacts):
    """转入整改: one line for each organisation ticked, with the same problem, standard and deadline."""

    owners = forms.ModelMultipleChoiceField(label=_("责任单位"), queryset=Organisation.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    field_order = ["owners", "problem", "owner_person", "standard", "deadline", "immediate"]

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault("initial", {"problem": complaint.activity_text or complaint.description[:200]})
        super().__init__(*args, **kwargs)
        concerned = Q(pk__in=complaint.schools.values("pk"))
        if complaint.department_id:
            concerned |= Q(pk=complaint.department_id)
        self.fields["owners"].queryset = Organisation.objects.filter(
            Q(kind__in=OWNER_KINDS, is_active=True) & (concerned | Q(region_id=complaint.region_id))
        ).order_by("kind", "name")
        self.fields["owners"].initial = list(Organisation.objects.filter(concerned).values_list("pk", flat=True))


class VersionForm(PlainTextFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(VersionForm):
    owner = forms.ModelChoiceField(label=_("责任单位"), queryset=Organisation.objects.none(), empty_label=_("请选择"))
    owner_person = forms.CharField(label=_("责任人"), max_length=50, required=False)

    def __init__(self, *args, region_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(region_id)


class ExtendForm(VersionForm):
    new_deadline = forms.DateField(label=_("新的整改时限"), widget=DATE)
    reason = forms.CharField(label=_("延期理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(VersionForm):
    opinion = forms.CharField(label=_("核实意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(VersionForm):
    measures = forms.CharField(label=_("采取的措施"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("取得的成效"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    immediate = forms.BooleanField(label=_("立行立改"), required=False)


class RequestCloseForm(VersionForm):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("PDF、Word 或图片，单个文件不超过 20 MB。"))


class ImportForm(PlainTextFormMixin, forms.Form):
    file = forms.FileField(label=_("整改台账（.xlsx）"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
                           help_text=_("第一个工作表，表头含“问题、采取的措施、取得的成效、责任单位、责任人、整改时限、状态、销号日期”。"))
    source_kind = forms.ChoiceField(label=_("问题来源"),
                                    choices=[c for c in SourceKind.choices if c[0] != SourceKind.COMPLAINT])
    source_ref = forms.CharField(label=_("来源编号或说明"), max_length=100, required=False)
