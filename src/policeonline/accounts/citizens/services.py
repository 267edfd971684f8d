"""The one write path for accounts: each change is atomic and consumes its SMS code."""

from django.db import transaction

from . import sms_codes
from .models import SmsCode, User
from .verification import request_verification


@transaction.atomic
def register_citizen(*, name, id_number, phone, password, sms: SmsCode) -> User:
    """Create the account and, in the same transaction, ask the intranet to verify it."""
    sms_codes.consume(sms)
    user = User.objects.create_citizen(name=name, id_number=id_number, phone=phone,
                                       password=password)
    request_verification(user)
    return user


@transaction.atomic
def register_company(*, company_name, credit_code, name, id_number, phone, password,
                     sms: SmsCode) -> User:
    """Create the company account; its responsible person is verified like a citizen."""
    sms_codes.consume(sms)
    user = User.objects.create_company(company_name=company_name, credit_code=credit_code,
                                       name=name, id_number=id_number, phone=phone,
                                       password=password)
    request_verification(user)
    return user


@transaction.atomic
def retry_verification(user: User, name: str) -> str:
    """After a failed verification: correct the name (as on the ID card) and ask again."""
    User.objects.filter(pk=user.pk).update(name=name)
    user.name = name
    return request_verification(user)


@transaction.atomic
def reset_password(user: User, password: str, sms: SmsCode) -> None:
    sms_codes.consume(sms)
    user.set_password(password)
    user.save(update_fields=["password"])
