"""The back office's case pages. Every case is fetched through ``_case_for``: a case of another
department is "not found" for this officer (and the attempt is audited), and every view of a
case — which shows a person's data — writes an audit row."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from policeonline.accounts.officers.models import Officer
from policeonline.audit.log import record
from policeonline.catalog.models import Department, Item
from policeonline.formspec import form_for
from policeonline.payments.desk.services import fee_summary
from policeonline.workbench.access import officer_required
from policeonline.workflow import reason, reasons_for, templates
from policeonline.workflow.diagram import steps, svg

from . import engine, queues
from .models import Attachment, Case


def _actor(request) -> engine.Actor:
    return engine.Actor.officer(request.user)


def _case_for(request, pk) -> Case:
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    if not engine.can_see(_actor(request), case):
        record(request.user.username, "permission.refused", f"case:{pk}")
        raise Http404
    return case


@officer_required
def queue(request):
    officer = request.user
    if officer.department is None:
        return render(request, "cases/queue.html", {"no_department": True})
    name = request.GET.get("q", "incoming")
    if name not in dict(queues.QUEUES):
        name = "incoming"
    today = timezone.localdate()
    item_code = request.GET.get("item", "")
    cases = queues.queue(officer.department.code, name, officer_pk=officer.pk, today=today,
                         item_code=item_code).select_related("claimed_by").only(
        # Just what the list shows: no encrypted columns to decrypt, no officer's JSON roles.
        "id", "receipt_no", "item_code", "workflow", "state", "applicant_name", "applicant_id_masked",
        "next_due", "due_provisional", "claimed_by__username", "claimed_by__first_name",
        "claimed_by__last_name")
    number = _page_number(request.GET.get("page"))
    # One row more than a page says whether there is a next one, without counting the queue.
    rows = list(cases[(number - 1) * queues.PAGE:number * queues.PAGE + 1])
    # The list shows applicants' names (IDs masked): viewing it is recorded like a case page.
    record(officer.username, "case.queue_viewed", f"{officer.department.code}:{name}", page=number,
           item=item_code)
    items = list(Item.objects.filter(department=officer.department).order_by("code")
                 .only("code", "name_zh", "name_en"))  # not the forms and materials (JSON)
    names = {item.code: item.name for item in items}
    soon = queues.due_soon_limit(today)
    listed = [_row(case, names, today, soon) for case in rows[:queues.PAGE]]
    return render(request, "cases/queue.html", {
        "queue_name": name, "queues": queues.QUEUES, "page_number": number,
        "rows": listed,
        # The footnote explains the asterisk: only when a listed date carries one.
        "any_provisional": any(r["due"].endswith("*") for r in listed),
        "has_previous": number > 1, "has_next": len(rows) > queues.PAGE,
        "counts": queues.counts(officer.department.code, officer_pk=officer.pk, today=today),
        "items": items, "item_code": item_code,
    })


def _row(case: Case, names: dict, today, soon) -> dict:
    """One line of the queue as plain values: rendering 50 rows stays cheap (no lookups,
    filters or translations per cell in the template)."""
    officer = case.claimed_by
    due = case.next_due
    return {"url": reverse("cases:detail", args=[case.pk]), "receipt_no": case.receipt_no,
            "item": f"{case.item_code} {names.get(case.item_code, '')}",
            "applicant": case.applicant_name, "masked": case.applicant_id_masked,
            "state": case.state_label,
            "officer": (officer.get_full_name() or officer.username) if officer else "",
            "due": f"{due:%Y-%m-%d}{'*' if case.due_provisional else ''}" if due else "—",
            "flag": "" if not due else "overdue" if due < today else "soon" if due <= soon else ""}


def _page_number(raw) -> int:
    try:
        return min(max(int(raw or 1), 1), queues.MAX_PAGE)
    except ValueError:
        return 1


@officer_required
def detail(request, pk):
    case = _case_for(request, pk)
    actor = _actor(request)
    record(request.user.username, "case.viewed", case.receipt_no, applicant=case.applicant_id_masked)
    item = Item.objects.select_related("department").get(code=case.item_code)
    form = form_for(item)
    cleaned, problems = form.validate(case.data)
    transitions = engine.allowed_transitions(case, actor)
    officers = Officer.objects.filter(department__code=case.department_code, is_active=True) \
        if "supervisor" in request.user.roles else []
    today = timezone.localdate()
    return render(request, "cases/detail.html", {
        "case": case, "item": item, "summary": form.summary(cleaned) if not problems else
        [(k, str(v)) for k, v in case.data.items()],
        "checks": case.checks.filter(round=case.round), "events": _timeline(case),
        "attachments": _labelled(case.attachments.order_by("slot", "-round"), form),
        "actions": [{"t": t, "reasons": reasons_for(t.name) if "reason" in t.requires else []}
                    for t in transitions],
        "departments": Department.objects.exclude(code=case.department_code),
        "officers": officers,
        "diagram": svg(case.template, case.state, large=getattr(request, "elder_mode", False)),
        "claimed_by_me": case.claimed_by_id == request.user.pk,
        "can_claim": case.is_open and case.claimed_by_id is None,
        "overdue": case.next_due and case.next_due < today,
        "slots": form.slots, "fields": form.fields, "fee": fee_summary(case),
    })


def _labelled(attachments, form) -> list[Attachment]:
    """Each file with the name of the material it was uploaded as, in the reader's language."""
    rows = list(attachments)
    for f in rows:
        slot = form.slots_by_name.get(f.slot)
        f.slot_label = slot.label if slot is not None else f.slot
    return rows


INTERNAL_ACTIONS = {"receive": gettext_lazy("Received from the portal"), "claim": gettext_lazy("Claimed"),
                    "release": gettext_lazy("Released"), "reassign": gettext_lazy("Reassigned"),
                    "plate_chosen": gettext_lazy("Plate number chosen online"),
                    "withdraw_refused": gettext_lazy("Withdrawal refused: too late"),
                    "resubmit_refused": gettext_lazy("Corrections refused: not awaited"),
                    "guarantee_confirmed": gettext_lazy("The guarantor confirmed the guarantee"),
                    "guarantee_declined": gettext_lazy("The guarantor declined"),
                    "guarantee_expired": gettext_lazy("The guarantor did not answer in time"),
                    "guarantee_stale": gettext_lazy("A former guarantor's answer (no effect)")}


def _timeline(case: Case) -> list[dict]:
    """The case log for the officer: who acted — an officer by name and number, the applicant,
    the system — and in which department, by name (not the stored codes)."""
    tpl = case.template
    events = list(case.events.order_by("seq"))
    officers = {o.username: str(o) for o in Officer.objects.filter(
        username__in={e.actor for e in events})}
    departments = {d.code: d.name for d in Department.objects.filter(
        code__in={e.department_code for e in events})}
    rows = []
    for e in events:
        t = tpl.transition(e.action)
        found = reason(e.reason_code) if e.reason_code else None
        actor = _("System") if e.actor == "system" else officers.get(e.actor) or (
            _("Applicant") if e.actor == case.account_ref else e.actor)
        rows.append({"e": e, "label": str(t.label) if t else INTERNAL_ACTIONS.get(e.action, e.action),
                     "state": tpl.label_of(e.to_state), "actor": actor,
                     "department": departments.get(e.department_code, e.department_code),
                     "reason": f"{found.text}（{found.basis}）" if found else ""})
    return rows


@officer_required
@require_POST
def act(request, pk, action):
    case = _case_for(request, pk)
    try:
        engine.perform(case.pk, action, _actor(request), reason_code=request.POST.get("reason", ""),
                       note=request.POST.get("note", ""), department=request.POST.get("department", ""),
                       supplement=(request.POST.getlist("fields"), request.POST.getlist("slots")),
                       tracking=request.POST.get("tracking", ""))
    except engine.NotAllowed as exc:
        _refused(request, case, action, exc)
    else:
        t = case.template.transition(action)
        messages.success(request, _("Done: %(action)s.") % {"action": t.label})
        if action == "transfer":
            return redirect("cases:queue")
    return redirect("cases:detail", case.pk)


@officer_required
@require_POST
def claim(request, pk):
    case = _case_for(request, pk)
    try:
        if request.POST.get("release"):
            engine.release(case.pk, _actor(request))
            messages.success(request, _("Released: the case is back in the queue."))
        elif request.POST.get("officer"):
            to = Officer.objects.filter(pk=request.POST["officer"]).select_related("department").first()
            if to is None:
                raise engine.NotAllowed(_("Unknown officer."))
            engine.claim(case.pk, _actor(request), assign_to=to)
            messages.success(request, _("Reassigned to %(name)s.") % {"name": to})
        else:
            engine.claim(case.pk, _actor(request))
            messages.success(request, _("You are now handling this case."))
    except engine.NotAllowed as exc:
        _refused(request, case, "release" if request.POST.get("release") else "claim", exc)
    return redirect("cases:detail", case.pk)


def _refused(request, case: Case, action: str, exc: engine.NotAllowed) -> None:
    """The engine said no and changed nothing: the officer reads why, the audit log keeps it
    (after the engine's transaction was rolled back, so the row stays)."""
    messages.error(request, str(exc))
    record(request.user.username, "case.action_refused", case.receipt_no, step=action[:40],
           reason=str(exc)[:200])


@officer_required
def attachment(request, pk, attachment_id):
    case = _case_for(request, pk)
    found = get_object_or_404(Attachment, pk=attachment_id, case=case)
    record(request.user.username, "case.file_viewed", case.receipt_no, slot=found.slot)
    return FileResponse(found.file.open("rb"), as_attachment=False, filename=found.filename,
                        content_type=found.content_type)


@officer_required
def workflows(request):
    by_template: dict[str, list] = {}
    for item in Item.objects.order_by("code"):
        from policeonline.workflow.routing import workflow_of

        by_template.setdefault(workflow_of(item), []).append(item)
    large = getattr(request, "elder_mode", False)
    return render(request, "cases/workflows.html", {"templates": [
        {"t": t, "svg": svg(t, large=large), "steps": steps(t), "items": by_template.get(code, [])}
        for code, t in templates().items()]})
