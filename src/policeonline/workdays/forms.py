from django import forms
from django.utils.translation import gettext_lazy as _

from . import parsing
from .models import FIRST_YEAR, LAST_YEAR, CalendarDay, CalendarYear
from .services import override_dates

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DATE_INPUT)
    source = forms.CharField(label=_("Notice"), max_length=200,
                             help_text=CalendarYear._meta.get_field("source").help_text)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    text = forms.CharField(
        label=_("Holidays and make-up working days"), strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "mono", "spellcheck": "false"}),
        help_text=_("One entry a line: a date or a range DATE..DATE, then holiday or workday, then the "
                    "name. Days not listed follow the weekday rule (Monday to Friday are working days)."))

    def __init__(self, year: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.entries: list[parsing.Entry] = []
        self.warnings: list[str] = []

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            self.entries, self.warnings = parsing.parse(self.year, text, override_dates(self.year))
        except parsing.ScheduleError as e:
            raise forms.ValidationError(e.errors) from None
        return text


class OverrideForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("The day becomes"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=_("Reason"), max_length=50,
                           help_text=_("Shown with the day, e.g. 台风停工 (closed for a typhoon)."))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(_("Choose a date between %(first)d and %(last)d."),
                                        params={"first": FIRST_YEAR, "last": LAST_YEAR})
        return value


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    n = forms.IntegerField(label=_("Working days"), min_value=0, max_value=1000)

    def clean_start(self):
        value = self.cleaned_data["start"]
        if not FIRST_YEAR <= value.year <= LAST_YEAR - 5:
            raise forms.ValidationError(_("Choose a date between %(first)d and %(last)d."),
                                        params={"first": FIRST_YEAR, "last": LAST_YEAR - 5})
        return value
