"""The citizen's plate selection page: one page, plain forms (works without script), each
action a POST that the services carry out under the application's lock. The application is
looked up by id AND owner: another person's application is simply not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from policeonline.applications.models import Application
from policeonline.audit.refusals import not_found
from policeonline.core import plate_rules as rules

from . import services


def context(state: services.State) -> dict:
    selection = state.selection
    prefix = selection.prefix if selection else next(iter(rules.AUTHORITIES))
    return {"app": state.app, "item": state.app.item, "state": state, "prefix": prefix,
            "type_label": rules.TYPES.get(state.plate_type or "", ""),
            "hint": rules.hint(state.plate_type) if state.plate_type else "",
            "offered": selection.offered if selection and not state.held else [],
            "serial_length": 6 if state.plate_type in ("51", "52") else 5}


@login_required
def select(request, pk):
    user = request.user
    try:
        state = services.state(pk, user)
    except Application.DoesNotExist:
        raise not_found(Application, user, pk=pk) from None
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "display":
                services.display(pk, user)
            elif action == "pick":
                held = services.pick(pk, user, request.POST.get("plate", ""))
                messages.success(request, _("%(plate)s is held for you. Confirm it before the hold "
                                            "ends.") % {"plate": held.plate})
            elif action == "compose":
                held = services.compose(pk, user, request.POST.get("serial", ""))
                messages.success(request, _("%(plate)s is held for you. Confirm it before the hold "
                                            "ends.") % {"plate": held.plate})
            elif action == "confirm":
                selection = services.confirm(pk, user)
                messages.success(request, _("Your plate number is %(plate)s. It has been sent to the "
                                            "vehicle office with your application.")
                                 % {"plate": selection.plate})
            elif action == "release":
                services.release(pk, user)
                messages.success(request, _("The number went back to the pool."))
        except services.Refused as exc:
            if action == "compose" and exc.code == "invalid":
                errors["serial"] = exc.message
            else:
                messages.error(request, exc.message)
        if not errors:
            return redirect("plates:select", pk)
        state = services.state(pk, user)
    return render(request, "plates/select.html",
                  {**context(state), "errors": errors, "serial": request.POST.get("serial", "")},
                  status=422 if errors else 200)
