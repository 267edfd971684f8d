"""Applying the intranet's case log to the citizen's application (inside the inbox's
transaction), and telling the citizen what matters to them."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.exchange.types import handles
from policeonline.notifications.notify import notify
from policeonline.workflow import reason, template

from .models import Application, Event

# Which log actions the applicant is told about, and how (in Chinese, the portal's default;
# the in-site message is rendered again in the reader's language from the timeline).
NOTIFY = {
    "receive": "您的申请已送达办理部门",
    "accept": "您的申请已受理",
    "request_supplement": "您的申请需要补正材料",
    "refuse": "您的申请未予受理",
    "reject": "您的申请未获批准",
    "fail_inspection": "您的申请未获批准",
    "invite_visit": "请按预约到场办理",
    "approve": "您的申请已获批准",
    "complete": "您的申请已办结",
    "issue": "您的申请已办结",
    "withdraw": "您的申请已撤回",
    "withdraw_refused": "您的撤回请求未能办理",
    "transfer": "您的申请已转交其他部门办理",
}


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
    if action in NOTIFY:
        with translation.override("zh-hans"):
            text = f"{app.receipt_no}：{tpl.label_of(app.state)}"
            found = reason(body.get("reason_code", ""))
            if found:
                text += f"。理由：{found.text.zh}"
            if body.get("note"):
                text += f"。{body['note']}"
        notify(app.owner, NOTIFY[action], text,
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
