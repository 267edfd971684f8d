"""Which applications may choose a plate, and of what type: a new vehicle's registration
(JDC-001, when the applicant chose to select online) and the plate selection item (JDC-002),
once submitted and while open. One plate per application."""

from django.utils.translation import gettext as _

from policeonline.applications.models import Application

# The vehicle type of the registration form → the GA 24.7 plate type.
VEHICLE_KINDS = {"small": "02", "small_ne": "52", "large": "01", "large_ne": "51"}
ITEMS = ("JDC-001", "JDC-002")


def plate_type_of(app: Application) -> str | None:
    data = app.data
    if app.item_code == "JDC-001":
        if data.get("plate_selection", "online") != "online":
            return None
        return VEHICLE_KINDS.get(data.get("vehicle_kind", ""))
    if app.item_code == "JDC-002":
        kind = data.get("plate_kind", "")
        return kind if kind in VEHICLE_KINDS.values() else None
    return None


def refusal(app: Application) -> str | None:
    """Why this application cannot choose a plate now (localised), or None."""
    if app.item_code not in ITEMS:
        return _("Plate numbers are chosen with a vehicle registration application.")
    if app.status == Application.Status.DRAFT:
        return _("Submit the application first; then choose your plate number here.")
    if app.status == Application.Status.CLOSED or app.pending_action == "withdraw":
        return _("This application is closed; no plate number can be chosen for it.")
    if plate_type_of(app) is None:
        return _("This application does not choose its plate online (trailers, or choosing at "
                 "registration): the vehicle office assigns it at the counter.")
    return None
