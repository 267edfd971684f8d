from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyLogConfig(AppConfig):
    name = "policeonline.transparency.log"
    label = "transparency_log"
    verbose_name = _("Transparency log")

    def ready(self):
        from django.db.models.signals import post_save

        from policeonline.cases.models import CaseEvent

        from .appending import on_event_saved

        post_save.connect(on_event_saved, sender=CaseEvent, dispatch_uid="transparency.append")
