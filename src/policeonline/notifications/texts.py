"""What the citizens' messages say, kept as a key and its values so that the message list can
word each one in the reader's language.

SMS and email leave once, in the bureau's language (Chinese), and the in-site message keeps
that wording too, as the record of what was sent. But a reader who chose English should not
find Chinese in their message list, so the list words each message again from its key and
values. Values that are themselves words in a language (a service's name, a state, a reason, a
hall) are kept as their codes and looked up at that time. Officers' free text (a supplement
note, a rectification answer) stays as the officer wrote it.
"""

from django.utils import translation
from django.utils.translation import gettext as _


def _item(code: str) -> str:
    from policeonline.catalog.cache import item_by_code

    item = item_by_code(code)
    return item.name if item is not None else code


def _state(workflow: str, state: str) -> str:
    from policeonline.workflow import template

    return template(workflow).label_of(state)


def _reason(code: str) -> str:
    from policeonline.workflow import reason

    found = reason(code)
    return str(found.text) if found else ""


def _hall(pk: int) -> tuple[str, str]:
    from policeonline.appointments.models import Hall

    hall = Hall.objects.filter(pk=pk).first()
    return (hall.name, hall.tr("address")) if hall else ("", "")


# Case updates the applicant is told about: the log action → the title.
CASE_TITLES = {
    "receive": lambda: _("Your application has reached the department"),
    "accept": lambda: _("Your application has been accepted"),
    "request_supplement": lambda: _("Your application needs corrections"),
    "refuse": lambda: _("Your application was not accepted"),
    "reject": lambda: _("Your application was not approved"),
    "fail_inspection": lambda: _("Your application was not approved"),
    "invite_visit": lambda: _("Please come in as booked"),
    "approve": lambda: _("Your application has been approved"),
    "complete": lambda: _("Your application is complete"),
    "issue": lambda: _("Your application is complete"),
    "withdraw": lambda: _("Your application has been withdrawn"),
    "withdraw_refused": lambda: _("Your request to withdraw could not be carried out"),
    "transfer": lambda: _("Your application has been passed to another department"),
}


def _case_update(v: dict) -> tuple[str, str]:
    body = _("%(receipt)s: %(state)s") % {"receipt": v["receipt"],
                                           "state": _state(v["workflow"], v["state"])}
    found = _reason(v.get("reason", ""))
    if found:
        body += _(". Reason: %(reason)s") % {"reason": found}
    if v.get("note"):
        body += _(". %(note)s") % {"note": v["note"]}
    return CASE_TITLES[v["action"]](), body


def _guarantee_requested(v: dict) -> tuple[str, str]:
    return (_("You have a request to act as guarantor"),
            _("%(applicant)s (%(id)s) is applying for “%(item)s”. Please confirm by %(due)s whether "
              "you will act as their guarantor.") % {
                "applicant": v["applicant"], "id": v["id"], "item": _item(v["item"]), "due": v["due"]})


GUARANTEE_TITLES = {
    "confirmed": lambda: _("Your guarantor has confirmed"),
    "declined": lambda: _("Your guarantor declined; please name another guarantor"),
    "expired": lambda: _("Your guarantor did not answer in time; please name another guarantor"),
}


def _guarantee_answered(v: dict) -> tuple[str, str]:
    return (GUARANTEE_TITLES[v["status"]](),
            _("%(item)s (%(receipt)s)") % {"item": _item(v["item"]), "receipt": v["receipt"]})


def _rectification(v: dict) -> tuple[str, str]:
    if v["status"] == "answered":
        return (_("Your rating has been answered"),
                (_("%(receipt)s: %(answer)s") % {"receipt": v["receipt"], "answer": v["answer"]})[:500])
    return (_("Your rating has been passed on for rectification"),
            _("%(receipt)s: the department will rectify and answer by %(due)s.")
            % {"receipt": v["receipt"], "due": v["due"]})


def _no_show(v: dict) -> tuple[str, str]:
    return (_("You did not come to your appointment"),
            _("Booking %(reference)s: you did not come at the booked time. Repeated absences "
              "suspend online booking. If you still need the service, please book again.")
            % {"reference": v["reference"]})


def _reminder(v: dict) -> tuple[str, str]:
    name, address = _hall(v["hall"])
    return (_("Appointment reminder"),
            _("Booking %(reference)s: please come to %(hall)s (%(address)s) at %(start)s with "
              "your identity document.") % {"reference": v["reference"], "hall": name,
                                            "address": address, "start": v["start"]})


def _letter_answered(v: dict) -> tuple[str, str]:
    # The department's name and the subject are kept as they were written.
    return (_("Your letter %(no)s has been answered") % {"no": v["no"]},
            _("%(department)s answered “%(subject)s”. Open the letter to read the answer and "
              "rate it.") % {"department": v["department"], "subject": v["subject"]})


TEXTS = {
    "case.update": _case_update,
    "guarantee.requested": _guarantee_requested,
    "guarantee.answered": _guarantee_answered,
    "rectification.updated": _rectification,
    "appointment.no_show": _no_show,
    "appointment.reminder": _reminder,
    "letter.answered": _letter_answered,
}


def render(key: str, values: dict, language: str | None = None) -> tuple[str, str]:
    """The message's title and body, in ``language`` or else the active one."""
    if language is None:
        return TEXTS[key](values)
    with translation.override(language):
        return TEXTS[key](values)
