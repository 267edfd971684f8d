from django import forms
from django.utils.translation import gettext_lazy as _

from ..categories import CATEGORIES, label
from .models import BODY_MAX, TITLE_MAX


def category_choices():
    return [(code, label(code)) for code, _name, _en in CATEGORIES]


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    category = forms.ChoiceField(label=_("Category"), choices=category_choices)
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Plain text. Leave an empty line between paragraphs. "
                                       "HTML is shown as typed, never interpreted."))


class ApproveForm(forms.Form):
    when = forms.ChoiceField(label=_("Publication"), widget=forms.RadioSelect,
                             choices=[("now", _("Publish now")),
                                      ("scheduled", _("Publish at a scheduled time"))],
                             initial="now")
    publish_at = forms.DateTimeField(label=_("Scheduled time"), required=False,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def clean(self):
        data = super().clean()
        if data.get("when") == "scheduled" and not data.get("publish_at"):
            self.add_error("publish_at", _("Give the date and time of publication."))
        return data


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("What should be changed"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment (PDF, JPEG or PNG, at most 5 MB)"))
