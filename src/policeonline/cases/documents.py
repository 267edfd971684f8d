"""What a completed case issues: an electronic certificate for items whose catalog entry
says they issue a document (``needs: certificate``)."""

from django.conf import settings
from django.utils import timezone, translation

from policeonline.catalog.models import Item
from policeonline.certificates.texts import no_criminal_record_body
from policeonline.formspec import form_for
from policeonline.registry import lookup

from .models import Case

# Validity of an e-certificate where the document has one by law or practice.
VALID_DAYS = {"ZA-001": 90}


def body_lines(case: Case, item: Item) -> list[str]:
    # In Chinese whatever the officer's language: certificates are issued in the official one.
    if item.code == "ZA-001":
        purpose = _purpose(case, item)
        if lookup.criminal_records(case.applicant_id_number or "").exists():
            # Never certify what the register contradicts (the comparison line said 'fail').
            return [f"用途：{purpose}"] if purpose else []
        # What the certificate certifies, as of today's look-up just made (the demo walk found
        # a 无犯罪记录证明 that said only 用途：就业、入职). Its validity has a line of its own.
        return no_criminal_record_body(name=case.applicant_name, id_number=case.applicant_id_number,
                                       checked_on=timezone.localdate(), purpose=purpose,
                                       valid_days=None, bureau=settings.BUREAU_NAME)
    return [f"事项：{item.name_zh}", f"受理编号：{case.receipt_no}",
            "经审查，申请事项符合规定，准予办理。"]


def _purpose(case: Case, item: Item) -> str:
    """The purpose in words, as the citizen chose it: the option's label, or their own text."""
    value = case.data.get("purpose") or case.data.get("usage") or ""
    if value == "other" and case.data.get("purpose_detail"):
        return str(case.data["purpose_detail"])
    field = next((f for f in form_for(item).fields if f.name == "purpose"), None)
    with translation.override("zh-hans"):
        return field.display(value) if field is not None and value else str(value)


def issue_documents(case: Case) -> None:
    item = Item.objects.get(code=case.item_code)
    if "certificate" not in item.needs:
        return
    from policeonline.certificates.services import issue_certificate

    issue_certificate(receipt_no=case.receipt_no, account_ref=case.account_ref, item_code=item.code,
                      title=item.name_zh.removesuffix("开具"), holder_name=case.applicant_name,
                      holder_id_number=case.applicant_id_number, body=body_lines(case, item),
                      valid_days=VALID_DAYS.get(item.code))
