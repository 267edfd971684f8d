"""The signed-in account, for the mobile app: who it is (masked) and its verification state."""

from django.utils import translation
from ninja import Router, Schema
from ninja.security import django_auth

from .schemas import ErrorOut, I18n

router = Router(tags=["account"])


class VerificationOut(Schema):
    state: str  # unverified | pending | verified | failed
    reason: str | None
    message: I18n | None
    changed_at: str | None


class MeOut(Schema):
    kind: str
    name: str
    company_name: str | None
    credit_code: str | None
    id_number_masked: str
    phone_masked: str
    verification: VerificationOut


def _both(text) -> dict:
    values = {}
    for language, key in (("zh-hans", "zh"), ("en", "en")):
        with translation.override(language):
            values[key] = str(text)
    return values


@router.get("", response={200: MeOut, 401: ErrorOut}, auth=django_auth,
            summary="The signed-in account and its real-name verification state")
def me(request):
    from policeonline.accounts.citizens.verification import REASON_TEXT

    user = request.auth
    reason = user.verification_reason or None
    return {"kind": user.kind, "name": user.name, "company_name": user.company_name or None,
            "credit_code": user.credit_code or None, "id_number_masked": user.id_masked,
            "phone_masked": user.phone_masked, "verification": {
                "state": user.verification, "reason": reason,
                "message": _both(REASON_TEXT[reason]) if reason in REASON_TEXT else None,
                "changed_at": user.verification_changed_at.isoformat()
                if user.verification_changed_at else None}}
