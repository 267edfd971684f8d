"""Workflow templates as data: states, transitions, who may take each, time limits and which
steps pause the clock. Shared by both zones — the intranet runs cases with them
(``policeonline.cases.engine``), the portal draws them on item guides and names states."""

from .spec import Template, Transition, WorkflowError, reason, reasons_for, template, templates

__all__ = ["Template", "Transition", "WorkflowError", "reason", "reasons_for", "template",
           "templates"]
