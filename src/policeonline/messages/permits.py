"""Urban-area vehicle pass permits (市区机动车通行证), ADR 0020.

The portal issues permits itself, with no round trip per permit. What it needs from the
vehicle registry comes once per citizen and day: it asks for the facts of the citizen's own
vehicles (``permits.vehicles.request``, the verified ID number, as real-name verification
does) and the intranet answers with only what eligibility needs — plate, type, emission
standard, inspection date, whether fines are unpaid — never the VIN or other owners' data.
Each issued or cancelled permit goes back on its own ordered stream for traffic police records.
"""

from policeonline.exchange.types import MessageType, declare

from .applications import DATE, TIMESTAMP
from .identity import ACCOUNT_REF, ID_NUMBER, REQUEST_ID
from .plates import PLATE, PLATE_TYPE

VEHICLE_TYPE = {"enum": ["H1", "H2", "H3", "H4", "K1", "K3"]}
ZONE = {"type": "string", "maxLength": 20, "pattern": "^[A-Z]{2,8}(-[A-Z]{2,8})?$"}
SERIAL = {"type": "string", "maxLength": 32, "pattern": "^TXZ-[0-9]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"}

VEHICLES_REQUEST = declare(MessageType(
    "permits.vehicles.request", 1, "internet", "intranet", max_bytes=4096, ttl_seconds=24 * 3600,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "account_ref", "id_number"],
            "properties": {"request_id": REQUEST_ID, "account_ref": ACCOUNT_REF,
                           "id_number": ID_NUMBER}}))

VEHICLES_RESULT = declare(MessageType(
    "permits.vehicles.result", 1, "intranet", "internet", max_bytes=16 * 1024,
    ttl_seconds=24 * 3600,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "account_ref", "as_of", "vehicles"],
            "properties": {
                "request_id": REQUEST_ID, "account_ref": ACCOUNT_REF, "as_of": TIMESTAMP,
                "vehicles": {"type": "array", "maxItems": 50, "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["plate", "plate_type", "vehicle_type", "emission_standard",
                                 "inspection_valid_until", "unpaid_violations", "in_use"],
                    "properties": {
                        "plate": PLATE, "plate_type": PLATE_TYPE, "vehicle_type": VEHICLE_TYPE,
                        "emission_standard": {"type": "integer", "minimum": 1, "maximum": 6},
                        "inspection_valid_until": {"anyOf": [DATE, {"type": "null"}]},
                        "unpaid_violations": {"type": "integer", "minimum": 0, "maximum": 999},
                        # registered and normal (not scrapped, stolen or otherwise blocked)
                        "in_use": {"type": "boolean"}}}}}}))

ISSUED = declare(MessageType(
    "permit.issued", 1, "internet", "intranet", max_bytes=4096, stream="permits",
    schema={"type": "object", "additionalProperties": False,
            "required": ["serial", "zone", "day", "plate", "vehicle_type", "account_ref",
                         "issued_at"],
            "properties": {"serial": SERIAL, "zone": ZONE, "day": DATE, "plate": PLATE,
                           "vehicle_type": VEHICLE_TYPE, "account_ref": ACCOUNT_REF,
                           "issued_at": TIMESTAMP}}))

CANCELLED = declare(MessageType(
    "permit.cancelled", 1, "internet", "intranet", max_bytes=1024, stream="permits",
    schema={"type": "object", "additionalProperties": False,
            "required": ["serial", "cancelled_at"],
            "properties": {"serial": SERIAL, "cancelled_at": TIMESTAMP}}))
