"""The one write path for accounts: each change is atomic and consumes its SMS code."""

from django.db import transaction

from . import sms_codes
from .models import SmsCode, User


@transaction.atomic
def register_citizen(*, name, id_number, phone, password, sms: SmsCode) -> User:
    sms_codes.consume(sms)
    return User.objects.create_citizen(name=name, id_number=id_number, phone=phone,
                                       password=password)


@transaction.atomic
def register_company(*, company_name, credit_code, name, id_number, phone, password,
                     sms: SmsCode) -> User:
    sms_codes.consume(sms)
    return User.objects.create_company(company_name=company_name, credit_code=credit_code,
                                       name=name, id_number=id_number, phone=phone,
                                       password=password)


@transaction.atomic
def reset_password(user: User, password: str, sms: SmsCode) -> None:
    sms_codes.consume(sms)
    user.set_password(password)
    user.save(update_fields=["password"])
