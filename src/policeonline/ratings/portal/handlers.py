"""The department's rectification of a poor rating, arriving from the intranet (inside the
inbox's transaction): kept on the application and told to the citizen."""

from datetime import date, datetime

from django.urls import reverse

from policeonline.applications.models import Application
from policeonline.audit.log import record
from policeonline.exchange.types import handles
from policeonline.notifications.notify import notify

from .models import FollowUp

TITLES = {  # in Chinese, the portal's default language (as the case updates are)
    "open": "您的评价已转交整改",
    "answered": "您的评价已有整改答复",
}


@handles("rectification.updated", from_zone="intranet")
def on_rectification(body, envelope):
    app = Application.objects.select_for_update().filter(pk=body["application_id"]).first()
    if app is None or app.receipt_no != body["receipt_no"]:
        raise LookupError("no application with this id and receipt number")
    at = datetime.fromisoformat(body["at"].replace("Z", "+00:00"))
    known = FollowUp.objects.filter(application=app).first()
    if known and (known.updated_at >= at or known.status == FollowUp.Status.ANSWERED):
        return  # older news than what we have
    answered = body["status"] == FollowUp.Status.ANSWERED
    FollowUp.objects.update_or_create(application=app, defaults={
        "task_id": body["task_id"], "status": body["status"],
        "due_date": date.fromisoformat(body["due_date"]),
        "answer": body.get("answer", ""), "answered_at": at if answered else None, "updated_at": at})
    record("exchange", "rectification.updated", app.receipt_no, status=body["status"])
    if answered:
        text = f"{app.receipt_no}：{body.get('answer', '')}"[:500]
    else:
        text = f"{app.receipt_no}：办理部门将于{body['due_date']}前整改并答复。"
    notify(app.owner, TITLES[body["status"]], text, link=reverse("applications:detail", args=[app.pk]))
