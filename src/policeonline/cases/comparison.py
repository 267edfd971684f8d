"""Automatic information comparison (信息比对): what the applicant declared, next to what the
police registries hold, as pass / warn / fail lines for the officer. Runs when a case arrives
and again after each resubmission; officers read it, it decides nothing by itself."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from policeonline.audit.log import record
from policeonline.catalog.models import Item
from policeonline.registry import lookup
from policeonline.registry.coded import coded
from policeonline.verification.models import DutyAlert

from .models import Case, Check

NO_RECORD_CERTIFICATE = "ZA-001"  # 无犯罪记录证明: a record means the certificate cannot issue


def run_checks(case: Case) -> list[Check]:
    item = Item.objects.get(code=case.item_code)
    lines: list[tuple] = []
    semantic = _form_lines(item, case, lines)
    _identity_lines(case, lines)
    subject_id = semantic.get("subject.id_number")
    if subject_id and subject_id != case.applicant_id_number:
        _person_line("subject_identity", semantic.get("subject.name", ""), subject_id, lines)
    if "info_comparison" in item.needs or item.code == NO_RECORD_CERTIFICATE:
        _record_lines(item, case, lines)
    if semantic.get("vehicle.plate"):
        _vehicle_line(case, semantic["vehicle.plate"], lines)
    if item.category.code in {"JSZ"} or semantic.get("driver.licence_no"):
        _driver_line(case, lines)
    if semantic.get("address.hukou"):
        _hukou_line(case, semantic["address.hukou"], lines)
    if "guarantor" in item.needs:
        from policeonline.guarantors.desk.checks import guarantor_lines  # 担保人: registry facts
        guarantor_lines(case, lines)
    return Check.objects.bulk_create(
        Check(case=case, round=case.round, code=code, outcome=outcome, message=message,
              declared=str(declared)[:200], registry_value=str(registry)[:200])
        for code, outcome, message, declared, registry in lines)


def _form_lines(item, case, lines) -> dict:
    try:
        from policeonline.formspec import form_for
    except ImportError:  # pragma: no cover - formspec is part of the codebase
        return {}
    form = form_for(item)
    cleaned, errors = form.validate(case.data)
    if errors:
        detail = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in errors.items())
        lines.append(("form", "fail", gettext_noop("The submitted form does not pass the item's rules"),
                      detail, ""))
        return {}
    lines.append(("form", "pass", gettext_noop("The submitted form passes the item's rules"), "", ""))
    return form.semantic_values(cleaned)


def _person_line(code, name, id_number, lines):
    person = lookup.find_person(id_number)
    if person is None:
        lines.append((code, "fail", gettext_noop("No such person in the population register"),
                      f"{name} {id_number}", ""))
        return None
    registry = f"{person.name} · {coded('person_status', person.status)}"
    if person.name != name:
        lines.append((code, "fail", gettext_noop("The name differs from the population register"),
                      name, registry))
    elif person.status != person.Status.ACTIVE:
        lines.append((code, "fail", gettext_noop("The registration is not active"), name, registry))
    else:
        lines.append((code, "pass", gettext_noop("Name and ID number match the population register"),
                      name, registry))
    return person


def _identity_lines(case, lines):
    person = _person_line("applicant_identity", case.applicant_name, case.applicant_id_number, lines)
    if person is not None:
        household = person.household
        if household is None or person.registered_elsewhere:
            lines.append(("household", "warn", gettext_noop("Household registered outside Jinan"), "",
                          coded("person_status", person.status)))
        else:
            lines.append(("household", "pass", gettext_noop("Household registered in Jinan"), "",
                          f"{coded('district', household.district_id)} {household.address}"))
    if lookup.is_wanted(case.applicant_id_number):
        # The applicant is told nothing different; the duty officer is alerted at once.
        lines.append(("wanted", "fail", gettext_noop("Matches an active wanted-person notice; the duty "
                                            "officer has been alerted"), case.applicant_id_masked, ""))
        DutyAlert.objects.create(kind="wanted_person_application",
                                 summary=f"在逃人员网上申请：{case.applicant_name} "
                                         f"{case.applicant_id_masked}",
                                 id_masked=case.applicant_id_masked,
                                 detail={"receipt_no": case.receipt_no, "item": case.item_code})
        record("cases", "duty_alert.raised", case.applicant_id_masked, receipt=case.receipt_no)


def _record_lines(item, case, lines):
    records = list(lookup.criminal_records(case.applicant_id_number))
    if not records:
        lines.append(("criminal_record", "pass", gettext_noop("No criminal record"), "", ""))
        return
    summary = "; ".join(f"{r.decided_on:%Y-%m-%d} {coded('offence', r.kind)} {r.sentence}" for r in records)
    outcome = "fail" if item.code == NO_RECORD_CERTIFICATE else "warn"
    lines.append(("criminal_record", outcome, gettext_noop("Criminal record found"), "", summary))


def _vehicle_line(case, plate, lines):
    vehicle = lookup.find_vehicle(plate)
    if vehicle is None:
        lines.append(("vehicle", "fail",
                      gettext_noop("No vehicle with this plate in the register"), plate, ""))
        return
    registry = f"{vehicle.plate} {vehicle.brand} {vehicle.model} · {vehicle.owner_name} · " \
               f"{coded('vehicle_status', vehicle.status)}"
    if vehicle.owner_id_digest != case.applicant_id_digest and not case.credit_code:
        lines.append(("vehicle", "fail",
                      gettext_noop("The vehicle is registered to someone else"), plate, registry))
    elif vehicle.status in (vehicle.Status.SCRAPPED, vehicle.Status.STOLEN):
        lines.append(("vehicle", "fail",
                      gettext_noop("The vehicle is scrapped or reported stolen"), plate, registry))
    else:
        lines.append(("vehicle", "pass",
                      gettext_noop("The vehicle is registered to the applicant"), plate, registry))


def _driver_line(case, lines):
    found = lookup.driver(case.applicant_id_number)
    if found is None:
        lines.append(("driver", "warn", gettext_noop("No driving licence on record"), "", ""))
        return
    valid = found.status == found.Status.VALID and (
        found.valid_until is None or found.valid_until >= timezone.localdate())
    registry = f"{found.licence_classes} · {coded('driver_status', found.status)} · {found.valid_until or ''}"
    lines.append(("driver", "pass" if valid else "warn",
                  gettext_noop("Driving licence valid") if valid
                  else gettext_noop("Driving licence not valid"),
                  "", registry))


def _hukou_line(case, declared, lines):
    """The declared household district against the register's. The form's semantic value is
    the address as the registries write it (历下区泉城路1号), so the district is told by its
    Chinese name at the start, optionally after 济南市."""
    person = lookup.find_person(case.applicant_id_number)
    household = getattr(person, "household", None)
    if household is None:
        lines.append(("hukou_address", "warn", gettext_noop("No household address on record"),
                      declared, ""))
        return
    district = household.district
    if isinstance(declared, dict):
        same = declared.get("district") == district.code
        declared = f"{coded('district', declared.get('district', ''))} {declared.get('detail', '')}"
    else:
        same = str(declared).removeprefix("济南市").startswith(district.name_zh)
    registry = household.address or coded("district", district.code)
    if same:
        lines.append(("hukou_address", "pass",
                      gettext_noop("Declared district matches the household register"),
                      declared, registry))
    else:
        lines.append(("hukou_address", "warn",
                      gettext_noop("Declared district differs from the household register"),
                      declared, registry))
