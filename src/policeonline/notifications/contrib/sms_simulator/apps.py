from django.apps import AppConfig


class SmsSimulatorConfig(AppConfig):
    name = "policeonline.notifications.contrib.sms_simulator"
    label = "sms_simulator"
    verbose_name = "SMS simulator"

    def ready(self):
        from . import channel  # noqa: F401  (registers the channel)
