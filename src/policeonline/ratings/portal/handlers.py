"""The department's rectification of a poor rating, arriving from the intranet (inside the
inbox's transaction): kept on the application and told to the citizen."""

from datetime import date, datetime

from django.urls import reverse

from policeonline.applications.models import Application
from policeonline.audit.log import record
from policeonline.exchange.types import handles
from policeonline.notifications.notify import tell

from .models import FollowUp


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
    tell(app.owner, "rectification.updated", {
        "status": "answered" if answered else "open", "receipt": app.receipt_no,
        "answer": body.get("answer", ""), "due": body["due_date"]},
        link=reverse("applications:detail", args=[app.pk]))
