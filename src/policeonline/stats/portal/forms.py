"""The statistics pages' and downloads' query: checked, with defaults and clear errors."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policeonline.catalog.models import Category, Department, Item

from .queries import MAX_DAYS, Query, default_first


class StatsQueryForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False, initial="day", choices=[
        ("day", _("By day")), ("month", _("By month")), ("year", _("By year"))])
    by = forms.ChoiceField(label=_("Break down by"), required=False, initial="category", choices=[
        ("category", _("Service category")), ("item", _("Service item")), ("department", _("Department"))])
    code = forms.CharField(label=_("Only this code"), required=False, max_length=32)
    first = forms.DateField(label=_("Start date"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("End date"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        period = data.get("period") or "day"
        by = data.get("by") or "category"
        last = data.get("last") or timezone.localdate()
        first = data.get("first") or default_first(period, last)
        if first > last:
            raise forms.ValidationError(_("The start date is after the end date."))
        if period == "day" and (last - first).days >= MAX_DAYS:
            raise forms.ValidationError(_("A daily series covers at most %(n)d days; choose months "
                                          "or years for longer ranges.") % {"n": MAX_DAYS})
        code = (data.get("code") or "").strip()
        if code:
            model = {"category": Category, "item": Item, "department": Department}[by]
            if not model.objects.filter(code=code).exists():
                self.add_error("code", _("No such category, item or department code."))
        data.update(period=period, by=by, first=first, last=last, code=code)
        return data

    def query(self) -> Query:
        d = self.cleaned_data
        return Query(period=d["period"], first=d["first"], last=d["last"], by=d["by"], code=d["code"])


def default_query() -> Query:
    form = StatsQueryForm({})
    form.is_valid()
    return form.query()
