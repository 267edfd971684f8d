"""Back-office pages of notices: the department's list, writing a draft, its files, and the
approval steps. Every page checks the officer against the notice's department (rules)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.workbench.access import officer_required, officer_with

from . import rules, services
from .forms import ApproveForm, AttachmentForm, NoticeForm, SendBackForm
from .models import Notice

writer_required = officer_with(*rules.WRITERS)


def _notice(request, notice_id) -> Notice:
    notice = Notice.objects.select_related("author", "approver", "department").filter(pk=notice_id).first()
    if notice is None or not rules.can_see(request.user, notice):
        raise Http404
    return notice


@writer_required
def notice_list(request):
    if request.user.department_id is None:
        raise Http404
    notices = Notice.objects.filter(department=request.user.department_id).select_related("author")
    status = request.GET.get("status", "")
    if status in Notice.Status.values:
        notices = notices.filter(status=status)
    return render(request, "notice_desk/list.html", {
        "notices": notices[:200], "status": status, "statuses": Notice.Status.choices})


@writer_required
def create(request):
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.create_draft(request.user, **form.cleaned_data)
        except services.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Draft saved. Add attachments if needed, then submit it "
                                        "for approval."))
            return redirect("notice_desk:detail", notice.pk)
    return render(request, "notice_desk/edit.html", {"form": form, "notice": None},
                  status=400 if form.errors else 200)


@writer_required
def edit(request, notice_id):
    notice = _notice(request, notice_id)
    if not notice.editable:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("notice_desk:detail", notice.pk)
    form = NoticeForm(request.POST or None, initial={"title": notice.title, "category": notice.category,
                                                     "body": notice.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(notice.pk, request.user, **form.cleaned_data)
        except services.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("notice_desk:detail", notice.pk)
    return render(request, "notice_desk/edit.html", {"form": form, "notice": notice},
                  status=400 if form.errors else 200)


def _detail(request, notice, *, status=200, **forms):
    officer = request.user
    context = {"notice": notice, "attachments": notice.attachments.all(), "history": notice.events.all(),
               "can_approve": notice.status == Notice.Status.SUBMITTED and rules.can_approve(officer, notice),
               "own_submitted": notice.status == Notice.Status.SUBMITTED and officer.pk == notice.author_id,
               "can_withdraw": notice.status in (Notice.Status.PUBLISHED, Notice.Status.SCHEDULED)
               and rules.can_withdraw(officer, notice),
               "attachment_form": forms.get("attachment_form") or AttachmentForm(),
               "approve_form": forms.get("approve_form") or ApproveForm(),
               "send_back_form": forms.get("send_back_form") or SendBackForm()}
    return render(request, "notice_desk/detail.html", context, status=status)


@writer_required
def detail(request, notice_id):
    return _detail(request, _notice(request, notice_id))


@writer_required
@require_POST
def upload(request, notice_id):
    notice = _notice(request, notice_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(notice.pk, request.user, upload.name,
                                    upload.read(services.MAX_FILE_BYTES + 1))
        except services.Refused as refused:
            form.add_error("file", refused.message)
        else:
            messages.success(request, _("Attachment added."))
            return redirect("notice_desk:detail", notice.pk)
    return _detail(request, notice, status=400, attachment_form=form)


@writer_required
@require_POST
def remove(request, notice_id, attachment_id):
    notice = _notice(request, notice_id)
    return _step(request, notice, services.remove_attachment, attachment_id,
                 done=_("Attachment removed."))


@writer_required
def download(request, notice_id, attachment_id):
    notice = _notice(request, notice_id)
    attachment = notice.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename,
                        content_type=attachment.content_type)


def _step(request, notice, action, *args, done: str, **kwargs):
    try:
        action(notice.pk, request.user, *args, **kwargs)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("notice_desk:detail", notice.pk)


@writer_required
@require_POST
def submit(request, notice_id):
    return _step(request, _notice(request, notice_id), services.submit,
                 done=_("Submitted for approval. Another approver or supervisor of your department "
                        "reviews it."))


@officer_required
@require_POST
def approve(request, notice_id):
    notice = _notice(request, notice_id)
    if not rules.can_approve(request.user, notice):
        messages.error(request, services.NOT_YOURS_TO_APPROVE())
        return redirect("notice_desk:detail", notice.pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        scheduled = form.cleaned_data["when"] == "scheduled"
        try:
            services.approve(notice.pk, request.user, form.cleaned_data["publish_at"] if scheduled else None)
        except services.Refused as refused:
            form.add_error("publish_at" if scheduled else None, refused.message)
        else:
            messages.success(request, _("Approved; the notice is scheduled.") if scheduled
                             else _("Approved and published; it reaches the portal in a moment."))
            return redirect("notice_desk:detail", notice.pk)
    return _detail(request, _notice(request, notice_id), status=400, approve_form=form)


@officer_required
@require_POST
def send_back(request, notice_id):
    notice = _notice(request, notice_id)
    if not rules.can_approve(request.user, notice):
        messages.error(request, services.NOT_YOURS_TO_APPROVE())
        return redirect("notice_desk:detail", notice.pk)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            services.send_back(notice.pk, request.user, form.cleaned_data["reason"])
        except services.Refused as refused:
            form.add_error("reason", refused.message)
        else:
            messages.success(request, _("Sent back to the author with your reason."))
            return redirect("notice_desk:detail", notice.pk)
    return _detail(request, notice, status=400, send_back_form=form)


@officer_required
@require_POST
def withdraw(request, notice_id):
    return _step(request, _notice(request, notice_id), services.withdraw,
                 done=_("Withdrawn; the portal stops showing it in a moment."))
