"""The citizen-facing process steps of an item, derived from its online level and needs.

Placeholder for the workflow templates (issue: online applications), which will replace this
derivation with each item's template; the guide page reads only ``process_steps``.
"""

from django.utils.translation import gettext_lazy as _

from .models import Item


def process_steps(item: Item) -> list[dict]:
    needs = set(item.needs)
    steps = [{"title": _("Apply online"), "text": _("Fill in the form and upload the materials "
                                                   "listed in this guide.")}]
    if "info_comparison" in needs:
        steps.append({"title": _("Automatic information check"),
                      "text": _("Your details are compared with the police registries; you do "
                                "not need to bring copies of what is on record.")})
    if "guarantor" in needs:
        steps.append({"title": _("Guarantor confirms"),
                      "text": _("The guarantor you name confirms the guarantee in their own "
                                "account.")})
    if "payment" in needs:
        steps.append({"title": _("Pay online"),
                      "text": _("Pay the fee online; an electronic receipt is issued.")})
    steps.append({"title": _("Acceptance and review"),
                  "text": _("The department accepts and reviews the application within the "
                            "time limit.")})
    if item.online_level != Item.OnlineLevel.FULL_ONLINE:
        steps.append({"title": _("One visit"), "text": _(
            "Book a time online and come once, for what must be done in person.")})
    if "plate_selection" in needs:
        steps.append({"title": _("Choose a plate number"),
                      "text": _("Choose your number online from the released pool.")})
    if "certificate" in needs:
        steps.append({"title": _("Result issued"),
                      "text": _("The result or certificate is issued; an electronic copy is "
                                "available in your account.")})
    else:
        steps.append({"title": _("Completed"), "text": _("You are notified of the result.")})
    if "delivery" in needs:
        steps.append({"title": _("Delivery"),
                      "text": _("Receive it by express post, or collect it at the service "
                                "hall.")})
    return steps
