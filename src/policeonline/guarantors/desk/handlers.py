"""The guarantor's answer (or the portal's timeout) arriving on the case (inside the inbox's
transaction). It is recorded on the case's log and in the comparison; a decline or timeout
returns the case to the applicant (补正) with the guarantor's fields to change, when the case
is still at a step where corrections can be asked; later, it is recorded for the officer."""

from django.db import transaction

from policeonline.cases import engine
from policeonline.cases.models import Case, Check
from policeonline.core.masking import mask_id_number
from policeonline.exchange.types import handles

from ..rules import rules
from .checks import guarantee_line, named

NOTES = {  # on the applicant's timeline, in Chinese (the portal's default language)
    "confirmed": "担保人{masked}已确认担保。",
    "declined": "担保人{masked}未同意担保。请更换担保人后重新提交。",
    "expired": "担保人{masked}未在期限内答复。请更换担保人后重新提交。",
}


class Unprocessable(Exception):
    """Genuine but not applicable; the inbox quarantines it."""


@handles("guarantee.response", from_zone="internet")
def on_response(body, envelope):
    case = Case.objects.filter(application_id=body["application_id"]).first()
    if case is None or case.receipt_no != body["receipt_no"]:
        raise Unprocessable("no case for this application")
    masked, outcome = body["guarantor_id_masked"], body["outcome"]
    name, id_number = named(case)
    if not case.is_open or mask_id_number(id_number) != masked:
        # The applicant has named someone else since (or the case is closed): keep it, change nothing.
        engine.notice(case.pk, "guarantee_stale", note=f"{outcome} {masked}", public=False)
        return
    engine.notice(case.pk, f"guarantee_{outcome}", note=NOTES[outcome].format(masked=masked))
    case.refresh_from_db()
    code, result, message, declared, registry = guarantee_line(case, f"{name} {masked}")
    Check.objects.update_or_create(case=case, round=case.round, code=code, defaults={
        "outcome": result, "message": message, "declared": declared, "registry_value": registry})
    if outcome == "confirmed":
        return
    supplement = case.template.transition("request_supplement")
    if supplement is None or case.state not in supplement.from_:
        return  # e.g. already waiting for corrections, or past examination: the officer decides
    try:
        with transaction.atomic():
            engine.perform(case.pk, "request_supplement", engine.SYSTEM,
                           note=NOTES[outcome].format(masked=masked),
                           supplement=(rules().field_names, []))
    except engine.NotAllowed:
        pass  # recorded above; the officer sees it
