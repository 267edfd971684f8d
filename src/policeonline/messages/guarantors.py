"""Guarantors (担保): the guarantor's answer — or the portal's timeout — goes to the case.

The guarantor is named in the application's form data (which the intranet already has); only
the answer crosses here, on the application's stream so it arrives after the submission."""

from policeonline.exchange.types import MessageType, declare

from .applications import APP_STREAMS, RECEIPT, TIMESTAMP, UUID

GUARANTEE_RESPONSE = declare(MessageType(
    "guarantee.response", 1, "internet", "intranet", max_bytes=4096, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "request_id", "round", "outcome",
                         "guarantor_id_masked", "at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT, "request_id": UUID,
                           "round": {"type": "integer", "minimum": 1, "maximum": 50},
                           "outcome": {"enum": ["confirmed", "declined", "expired"]},
                           "guarantor_id_masked": {"type": "string", "maxLength": 18},
                           "at": TIMESTAMP}}))
