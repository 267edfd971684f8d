"""The guarantor's lines of the information comparison (信息比对), from the registries: the
person, a Jinan household, no record, no wanted notice; and where the guarantee itself stands.
Called by ``cases.comparison.run_checks`` for items that need a guarantor."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from policeonline.catalog.models import Item
from policeonline.core.districts import JINAN_DISTRICTS
from policeonline.core.masking import mask_id_number
from policeonline.registry import lookup
from policeonline.registry.coded import coded

from ..rules import needs_guarantor, rules

JINAN = {row[0] for row in JINAN_DISTRICTS}
ANSWERS = ("guarantee_confirmed", "guarantee_declined", "guarantee_expired")


def named(case) -> tuple[str, str]:
    data, fields = case.data, rules().fields
    return (data.get(fields["name"]) or "").strip(), (data.get(fields["id_number"]) or "").strip().upper()


def guarantor_lines(case, lines: list) -> None:
    _photo_line(case, lines)
    _applicant_record_line(case, lines)
    r = rules()
    name, id_number = named(case)
    if not id_number:
        lines.append(("guarantor_identity", "fail", gettext_noop("No guarantor named"), "", ""))
        return
    declared = f"{name} {mask_id_number(id_number)}"
    if r.not_self and id_number == case.applicant_id_number.upper():
        lines.append(("guarantor_identity", "fail",
                      gettext_noop("The applicant cannot be their own guarantor"),
                      declared, ""))
        return
    person = lookup.find_person(id_number)
    if person is None:
        lines.append(("guarantor_identity", "fail",
                      gettext_noop("The guarantor is not in the population register"),
                      declared, ""))
        return
    registry = f"{person.name} · {coded('person_status', person.status)}"
    if person.name != name:
        lines.append(("guarantor_identity", "fail",
                      gettext_noop("The guarantor's name differs from the population register"),
                      declared, registry))
    elif person.status != person.Status.ACTIVE:
        lines.append(("guarantor_identity", "fail",
                      gettext_noop("The guarantor's registration is not active"),
                      declared, registry))
    else:
        lines.append(("guarantor_identity", "pass",
                      gettext_noop("The guarantor's name and ID number match the population register"),
                      declared, registry))
    if r.jinan_household:
        household = person.household
        if household is None or person.registered_elsewhere or household.district_id not in JINAN:
            lines.append(("guarantor_household", "fail",
                          gettext_noop("The guarantor's household is not in Jinan"),
                          declared, ""))
        else:
            lines.append(("guarantor_household", "pass",
                          gettext_noop("The guarantor's household is in Jinan"),
                          declared, coded("district", household.district_id)))
    if r.no_criminal_record:
        records = list(lookup.criminal_records(id_number))
        if records:
            summary = "; ".join(f"{x.decided_on:%Y-%m-%d} {coded('offence', x.kind)}" for x in records)
            lines.append(("guarantor_record", "fail", gettext_noop("The guarantor has a criminal record"),
                          declared, summary))
        else:
            lines.append(("guarantor_record", "pass", gettext_noop("The guarantor has no criminal record"),
                          declared, ""))
    if r.no_wanted_notice and lookup.is_wanted(id_number):
        lines.append(("guarantor_wanted", "fail",
                      gettext_noop("The guarantor matches an active wanted-person notice"), declared, ""))
    lines.append(guarantee_line(case, declared))


def _photo_line(case, lines: list) -> None:
    """The off-site card is made from the photo on file at home; without one it is taken here."""
    person = lookup.find_person(case.applicant_id_number)
    if person is None:
        return  # the identity line already fails
    if person.photo_on_file:
        lines.append(("applicant_photo", "pass",
                      gettext_noop("ID photo on file in the population register"), "", ""))
    else:
        lines.append(("applicant_photo", "warn",
                      gettext_noop("No ID photo on file: take it at the hall"), "", ""))


def _applicant_record_line(case, lines: list) -> None:
    """The applicant must have no bad-credit or identity-document record (骗领、伪造、冒用证件，
    失信) to be issued a card away from home; a record fails the line with what the register holds."""
    records = list(lookup.identity_records(case.applicant_id_number))
    if not records:
        lines.append(("applicant_credit", "pass",
                      gettext_noop("No bad-credit or document-fraud record"), "", ""))
        return
    summary = "; ".join(f"{x.recorded_on:%Y-%m-%d} {coded('identity_record', x.kind)} {x.reference} "
                        f"({x.authority})" for x in records)
    lines.append(("applicant_credit", "fail",
                  gettext_noop("The applicant has a bad-credit or document-fraud record"),
                  case.applicant_id_masked, summary))


def guarantee_refusal(case) -> str | None:
    """Why the case cannot be accepted yet (ADR 0029): an item that needs a guarantor is accepted
    (受理) only once the guarantor named now has confirmed. None when nothing stands in the way."""
    if not needs_guarantor(Item.objects.get(code=case.item_code)):
        return None
    name, id_number = named(case)
    if not id_number:
        return _("The application names no guarantor; it cannot be accepted.")
    outcome = guarantee_line(case, f"{name} {mask_id_number(id_number)}")[1]
    if outcome == "pass":
        return None
    if outcome == "fail":
        return _("The guarantor declined or did not answer in time; the case cannot be accepted. "
                 "Ask the applicant to name another guarantor.")
    return _("The guarantor has not confirmed the guarantee yet; the case cannot be accepted "
             "before they do.")


def guarantee_line(case, declared: str) -> tuple:
    """Where the guarantee stands for the guarantor named now: the last answer on the log."""
    masked = declared.rsplit(" ", 1)[-1]
    last = (case.events.filter(action__in=ANSWERS, note__contains=masked).order_by("-seq").first()
            if case.pk else None)
    if last is None:
        return ("guarantee", "warn", gettext_noop("Awaiting the guarantor's answer"), declared, "")
    if last.action == "guarantee_confirmed":
        return ("guarantee", "pass", gettext_noop("The guarantor has confirmed the guarantee"), declared,
                f"{last.at:%Y-%m-%d %H:%M}")
    return ("guarantee", "fail", gettext_noop("The guarantor declined or did not answer in time"), declared,
            f"{last.at:%Y-%m-%d %H:%M}")
