"""Applying the intranet's case log to the citizen's application (inside the inbox's
transaction), and telling the citizen what matters to them."""

from datetime import date, datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.exchange.types import handles
from policeonline.notifications.notify import tell
from policeonline.notifications.texts import CASE_TITLES  # the updates the applicant is told of
from policeonline.workflow import template

from .models import Application, Event


@handles("case.updated", from_zone="intranet")
def on_case_updated(body, envelope):
    app = Application.objects.select_for_update().filter(pk=body["application_id"]).first()
    if app is None or app.receipt_no != body["receipt_no"]:
        raise LookupError("no application with this id and receipt number")
    if body["seq"] <= app.last_seq:
        return  # already applied (the stream is ordered and deduplicated; this is belt and braces)
    at = datetime.fromisoformat(body["at"].replace("Z", "+00:00"))
    app.last_seq, app.state, app.workflow = body["seq"], body["state"], body["workflow"]
    tpl = template(app.workflow)
    final = tpl.states[app.state].final
    app.status = Application.Status.CLOSED if final else Application.Status.OPEN
    if final:
        app.outcome, app.closed_at = body.get("outcome", tpl.states[app.state].outcome), at
    due = body.get("due_date")
    app.due_date = date.fromisoformat(due) if due and not final else None
    app.due_provisional = body.get("due_provisional", False)
    action = body["action"]
    if action == "request_supplement":
        app.supplement_note = body.get("note", "")
        app.supplement_fields = body.get("supplement_fields", [])
        app.supplement_slots = body.get("supplement_slots", [])
    if action in ("withdraw", "withdraw_refused", "resubmit", "resubmit_refused") or final:
        app.pending_action = ""
    if action == "resubmit":
        app.supplement_note, app.supplement_fields, app.supplement_slots = "", [], []
    app.save()
    Event.objects.create(application=app, seq=body["seq"], action=action, state=app.state, at=at,
                         note=body.get("note", ""), reason_code=body.get("reason_code", ""))
    record("exchange", "application.updated", app.receipt_no, step=action, state=app.state)
    if action in CASE_TITLES:
        tell(app.owner, "case.update", {
            "action": action, "receipt": app.receipt_no, "workflow": app.workflow, "state": app.state,
            "reason": body.get("reason_code", ""), "note": body.get("note", "")},
            link=reverse("applications:detail", args=[app.pk]))


def describe(event: Event, workflow: str) -> str:
    """The timeline's words for an event, in the reader's language."""
    labels = {
        "submit": _("Submitted online"),
        "receive": _("Received by the department"),
        "withdraw_requested": _("You asked to withdraw the application"),
        "withdraw_refused": _("The withdrawal could not be made: the case had moved on"),
        "resubmit_sent": _("Corrections sent"),
        "resubmit": _("Corrections received"),
        "resubmit_refused": _("The corrections could not be taken: the case had moved on"),
        "guarantee_confirmed": _("Your guarantor confirmed the guarantee"),
        "guarantee_declined": _("Your guarantor declined; name another guarantor"),
        "guarantee_expired": _("Your guarantor did not answer in time; name another guarantor"),
    }
    if event.action in labels:
        return labels[event.action]
    transition = template(workflow).transition(event.action) if workflow else None
    return str(transition.label) if transition else event.action
