"""The citizen's pages: apply from an item guide, edit a draft (auto-saved), review, submit,
follow the case, withdraw, answer a request for corrections, download what was issued.
Every page looks the application up by id AND owner: another person's id is simply not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from policeonline.audit.log import record
from policeonline.audit.refusals import owned_or_404
from policeonline.catalog.cache import item_by_code
from policeonline.catalog.models import Item
from policeonline.core.masking import mask_id_number, mask_phone
from policeonline.formspec import form_for
from policeonline.portal.framed import render_framed
from policeonline.workflow import template
from policeonline.workflow.diagram import svg

from . import services
from .listing import own_applications
from .models import Application, Attachment, state_label
from .receipts import is_valid, normalise
from .updates import describe

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _own(request, pk) -> Application:
    return owned_or_404(Application, request.user, pk=pk)


@login_required
def apply(request, code):
    item = get_object_or_404(Item.objects.select_related("category", "department"), code=code.upper())
    reason = services.eligibility(request.user, item)
    if request.method == "POST" and not reason:
        try:
            app = services.start(request.user, item)
        except services.Refused as exc:
            messages.error(request, exc.message)
            return redirect("applications:apply", item.code)
        return redirect("applications:edit", app.pk)
    drafts = Application.objects.filter(owner=request.user, item_code=item.code,
                                        status=Application.Status.DRAFT)
    return render(request, "applications/apply.html", {"item": item, "reason": reason, "drafts": drafts})


def error_items(form, errors: dict) -> list[tuple[str, str]]:
    """(anchor of the first input, message) for the error summary, in the form's order. Each
    message names its field or material (证明用途：此项为必填项。), as the registration form's
    summary does: on the review page, away from the inputs, a bare 'This field is required.'
    three times over does not say what to fill in."""
    first_input = {"address": "-district", "radio": "-1", "checkboxes": "-1"}
    anchors = {f.name: f"f-{f.name}{first_input.get(f.widget, '')}" for f in form.fields}
    anchors.update({f"upload-{s.name}": f"upload-{s.name}" for s in form.slots})
    labels = {f.name: f.label for f in form.fields}
    labels.update({f"upload-{s.name}": s.label for s in form.slots})
    order = [*anchors, "__all__"]

    def named(key, message) -> str:
        label = str(labels.get(key, "")).rstrip("。.：: ")
        return _("%(label)s: %(error)s") % {"label": label, "error": message} if label else str(message)

    return [(anchors.get(key, ""), named(key, message))
            for key in sorted(errors, key=lambda k: order.index(k) if k in order else len(order))
            for message in errors[key]]


def _form_context(app, form, values, errors):
    files = services.current_files(app)
    attachments = {slot: [{"name": a.filename, "size": a.size,
                           "url": f"/applications/{app.pk}/files/{a.pk}/"}] for slot, a in files.items()}
    return {"app": app, "item": app.item, "form": form, "values": values, "errors": errors,
            "error_items": error_items(form, errors),
            "attachments": attachments, "supplement": app.awaiting_supplement}


@login_required
def edit(request, pk):
    app = _own(request, pk)
    if not app.editable:
        return redirect("applications:detail", app.pk)
    form = form_for(app.item)
    errors: dict = {}
    if request.method == "POST":
        posted = form.data_from_post(request.POST)
        app, errors = services.save_draft(app.pk, request.user, _replace_all(form, posted))
        errors = dict(errors)
        for key, upload in request.FILES.items():
            if not key.startswith("upload-"):
                continue
            slot = key.removeprefix("upload-")
            if upload.size > MAX_UPLOAD_BYTES:
                errors[key] = [_("The file is larger than 5 MB.")]
                continue
            try:
                services.attach(app.pk, request.user, slot, upload.name, upload.read())
            except services.Refused as exc:
                errors.update(exc.errors or {key: [exc.message]})
        for slot in request.POST.getlist("remove"):
            services.remove_attachment(app.pk, request.user, slot)
        app.refresh_from_db()
        if not errors:
            action = request.POST.get("action", "save")
            if action == "resubmit":
                try:
                    services.resubmit(app.pk, request.user)
                    messages.success(request, _("Your corrections have been sent."))
                    return redirect("applications:detail", app.pk)
                except services.Refused as exc:
                    errors = exc.errors or {"__all__": [exc.message]}
            elif action == "review":
                return redirect("applications:review", app.pk)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("applications:edit", app.pk)
        values = {**app.data, **posted}
    else:
        values = app.data
        if app.awaiting_supplement:
            # Mark what the department asked to correct, where the citizen will look for it.
            asked = _("The department asks you to correct this.")
            errors = {**{name: [asked] for name in app.supplement_fields},
                      **{f"upload-{slot}": [asked] for slot in app.supplement_slots}}
            return render(request, "applications/edit.html", _form_context(app, form, values, errors))
    return render(request, "applications/edit.html", _form_context(app, form, values, errors),
                  status=422 if errors else 200)


def _replace_all(form, posted: dict) -> dict:
    """A full-page save replaces every field: a field emptied by the citizen becomes empty."""
    return {f.name: posted.get(f.name) for f in form.fields if f.name in posted or not f.readonly}


@login_required
@require_POST
def autosave(request, pk):
    app = _own(request, pk)
    form = form_for(app.item)
    try:
        posted = _replace_all(form, form.data_from_post(request.POST))
        _, errors = services.save_draft(app.pk, request.user, posted)
    except services.Refused as exc:
        return JsonResponse({"saved": False, "message": exc.message}, status=409)
    if errors:
        return JsonResponse({"saved": False, "errors": {k: [str(m) for m in v] for k, v in errors.items()}},
                            status=422)
    return JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M:%S")})


@login_required
def review(request, pk):
    app = _own(request, pk)
    if app.status != Application.Status.DRAFT:
        return redirect("applications:detail", app.pk)
    form = form_for(app.item)
    errors = {}
    if request.method == "POST":
        try:
            app = services.submit(app.pk, request.user)
        except services.Refused as exc:
            errors = exc.errors or {"__all__": [exc.message]}
        else:
            messages.success(request, _("Submitted. Your receipt number is %(no)s.") % {"no": app.receipt_no})
            return redirect("applications:detail", app.pk)
    cleaned, problems = form.validate(app.data)
    errors = errors or problems
    missing = form.missing_uploads(set(services.current_files(app)), app.data)
    return render(request, "applications/review.html", {
        "app": app, "item": app.item, "summary": form.summary(cleaned) if not problems else [],
        "files": services.current_files(app).values(), "errors": errors, "missing": missing,
        # The review page has no inputs: its error links lead back into the form.
        "error_items": error_items(form, errors), "anchor_base": reverse("applications:edit", args=[app.pk]),
        "form": form}, status=422 if errors and request.method == "POST" else 200)


@login_required
def detail(request, pk):
    app = _own(request, pk)
    form = form_for(app.item)
    cleaned, _problems = form.validate(app.data, for_submit=False)
    events = [{"at": e.at, "text": describe(e, app.workflow), "note": e.note,
               "reason": _reason(e.reason_code)} for e in app.events.all()]
    from policeonline.certificates.models import Certificate

    documents = Certificate.objects.light().filter(
        receipt_no=app.receipt_no, account_ref=request.user.account_ref) if app.receipt_no else []
    return render(request, "applications/detail.html", {
        "app": app, "item": app.item, "events": events, "summary": masked_summary(form, cleaned),
        "files": app.attachments.order_by("round", "slot"), "documents": documents,
        "diagram": svg(template(app.workflow), app.state, large=getattr(request, "elder_mode", False))
        if app.workflow else "",
        "overdue": app.due_date and app.due_date < timezone.localdate()})


def masked_summary(form, cleaned: dict) -> list[tuple[str, str]]:
    """What was submitted, as the case page shows it: ID and mobile numbers masked, as
    everywhere after entry (the form itself, being edited, shows them whole)."""
    masks = {"id_number": mask_id_number, "phone": mask_phone}
    return [(f.label, masks[f.type](cleaned[f.name]) if f.type in masks and cleaned[f.name] else
             f.display(cleaned[f.name])) for f in form.fields if f.name in cleaned]


def _reason(code):
    from policeonline.workflow import reason

    found = reason(code) if code else None
    return {"text": str(found.text), "basis": str(found.basis)} if found else None


@login_required
@require_POST
def withdraw(request, pk):
    app = _own(request, pk)
    was_draft = app.status == Application.Status.DRAFT
    try:
        services.withdraw(app.pk, request.user, request.POST.get("note", ""))
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("applications:detail", app.pk)
    if was_draft:
        messages.success(request, _("The draft has been deleted."))
        return redirect("applications:mine")
    messages.success(request, _("Your request to withdraw has been sent."))
    return redirect("applications:detail", app.pk)


_ANY_PK = "00000000-0000-0000-0000-000000000000"


@login_required
@require_GET
def mine(request):
    """The citizen's applications, newest first. Only the columns the list shows are read, with
    one plain statement (``listing.py``), and each row is prepared here as plain values:
    rendering an Application per row, with its properties and lazy labels, cost most of this
    page. The list needs no request (its search form is a GET), so it is rendered alone and the
    page frame comes from ``render_framed``."""
    status = request.GET.get("status")
    links = {True: reverse("applications:edit", args=[_ANY_PK]),
             False: reverse("applications:detail", args=[_ANY_PK])}
    by_status = status if status in Application.Status.values else None
    rows = [_list_row(row, links) for row in own_applications(request.user.pk, by_status)]
    content = render_to_string("applications/_mine.html", {
        "apps": rows, "status": status,
        "statuses": [(value, str(label)) for value, label in Application.Status.choices],
        "any_provisional": any(row["due_date"] and row["due_provisional"] for row in rows)})
    return render_framed(request, "portal/page.html", {"title": _("My applications"), "content": content})


def _list_row(row: dict, links: dict) -> dict:
    try:
        name = item_by_code(row["item_code"]).name
    except Item.DoesNotExist:
        name = ""
    due = row["due_date"]
    return {"url": links[row["status"] == Application.Status.DRAFT].replace(_ANY_PK, str(row["id"])),
            "name": name, "receipt_no": row["receipt_no"] or "—", "state": row["state"],
            "state_label": str(state_label(row["workflow"], row["state"])),
            "due_date": due and due.strftime("%Y-%m-%d"), "due_provisional": row["due_provisional"],
            "due_acceptance": bool(due) and not row["clock_started"],
            "updated": timezone.localtime(row["updated_at"]).strftime("%Y-%m-%d %H:%M")}


@login_required
@require_GET
def by_receipt(request):
    number = normalise(request.GET.get("no", ""))
    if not is_valid(number):
        messages.error(request, _("This is not a valid receipt number; please check it."))
        return redirect("applications:mine")
    app = Application.objects.filter(receipt_no=number, owner=request.user).first()
    if app is None:
        messages.error(request, _("You have no application with this receipt number."))
        return redirect("applications:mine")
    return redirect("applications:detail", app.pk)


@login_required
def attachment(request, pk, attachment_id):
    app = _own(request, pk)
    found = get_object_or_404(Attachment, pk=attachment_id, application=app)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename,
                        content_type=found.content_type)


@login_required
def document(request, pk, serial):
    app = _own(request, pk)
    from policeonline.certificates.models import Certificate

    cert = Certificate.objects.filter(serial=serial, receipt_no=app.receipt_no,
                                      account_ref=request.user.account_ref).first()
    if cert is None or not app.receipt_no:
        raise Http404
    response = HttpResponse(bytes(cert.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cert.serial}.pdf"'
    record(request.user.account_ref, "certificate.downloaded", cert.serial)
    return response
