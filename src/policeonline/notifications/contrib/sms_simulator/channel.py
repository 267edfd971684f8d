import logging

from policeonline.core.masking import mask_phone
from policeonline.notifications.base import SmsChannel
from policeonline.notifications.registry import register

from .models import SimulatedSms

log = logging.getLogger("policeonline.sms_simulator")


@register
class SimulatorChannel(SmsChannel):
    name = "sms_simulator"

    def send(self, phone: str, text: str) -> str:
        message = SimulatedSms.objects.create(phone=phone, text=text)
        # The console shows the text (developers need the code) but not the whole number.
        log.warning("[SMS SIMULATOR] to %s: %s", mask_phone(phone), text)
        return f"sim-{message.pk}"
