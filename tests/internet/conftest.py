import re

import pytest

from policeonline.accounts.citizens.models import User
from policeonline.notifications.contrib.sms_simulator.models import SimulatedSms

PASSWORD = "Jinan#2026road"


def last_code(phone: str) -> str:
    """Read the code the SMS simulator 'sent', as a tester reads the demo outbox."""
    text = SimulatedSms.objects.filter(phone=phone).first().text
    return re.search(r"(?<!\d)\d{6}(?!\d)", text).group()


@pytest.fixture
def citizen(db):
    return User.objects.create_citizen(name="张三", id_number="37010219900307106X",
                                       phone="13800000001", password=PASSWORD)
