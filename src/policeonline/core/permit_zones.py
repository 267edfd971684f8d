"""Urban-area pass permit zones as data (shared kernel: both zones read the same file).

``core/data/permit_zones.yaml`` lists each zone's code, names, restricted time windows, the
vehicle types that need a permit (and those banned outright), the lowest emission standard
accepted and the daily quota. ``read_zones`` checks the file strictly; ``load_permit_zones``
puts it into each zone's own table.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "permit_zones.yaml"

# Vehicle types as the registry records them (GA 802, simplified), with Chinese and English names.
VEHICLE_TYPES = {
    "H1": ("重型货车", "Heavy truck"), "H2": ("中型货车", "Medium truck"),
    "H3": ("轻型货车", "Light truck"), "H4": ("微型货车", "Mini truck"),
    "K1": ("大型客车", "Large bus"), "K3": ("小型客车", "Small passenger car"),
}
# China emission standards 国一 … 国六 as 1 … 6.
_ROMAN = ("I", "II", "III", "IV", "V", "VI")
EMISSION_NAMES = {n: (f"国{'一二三四五六'[n - 1]}", f"China {_ROMAN[n - 1]}") for n in range(1, 7)}
_CODE = re.compile(r"^[A-Z]{2,8}(-[A-Z]{2,8})?$")
_WINDOW = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$")


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    name_zh: str
    name_en: str
    windows: tuple[str, ...]
    needs_permit: tuple[str, ...]
    banned: tuple[str, ...]
    min_emission: int
    daily_quota: int


def read_zones(path: Path = DATA_FILE) -> list[ZoneSpec]:
    """The zones in the file; ValueError naming the zone and field when something is wrong."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    specs, seen = [], set()
    for entry in raw.get("zones") or []:
        code = str(entry.get("code", ""))
        if not _CODE.match(code) or code in seen:
            raise ValueError(f"zone code {code!r} is not valid or is repeated")
        seen.add(code)
        windows = tuple(entry.get("windows") or ())
        if not windows or any(not _WINDOW.match(w) or w[:5] >= w[6:] for w in windows):
            raise ValueError(f"{code}: windows must be HH:MM-HH:MM, start before end")
        needs, banned = tuple(entry.get("needs_permit") or ()), tuple(entry.get("banned") or ())
        if not needs or set(needs + banned) - set(VEHICLE_TYPES) or set(needs) & set(banned):
            raise ValueError(f"{code}: needs_permit/banned must be distinct known vehicle types")
        emission, quota = entry.get("min_emission"), entry.get("daily_quota")
        if emission not in EMISSION_NAMES or not isinstance(quota, int) or not 0 <= quota <= 100_000:
            raise ValueError(f"{code}: min_emission must be 1..6 and daily_quota 0..100000")
        if not entry.get("name_zh") or not entry.get("name_en"):
            raise ValueError(f"{code}: name_zh and name_en are required")
        specs.append(ZoneSpec(code, str(entry["name_zh"]), str(entry["name_en"]), windows, needs,
                              banned, emission, quota))
    if not specs:
        raise ValueError("no zones in the file")
    return specs


def load_into(model, path: Path = DATA_FILE) -> tuple[int, int]:
    """Create or update each zone of the file in ``model`` (either zone's ``PermitZone``); zones
    no longer in the file are marked inactive, never deleted (permits refer to them).
    Returns (created, updated)."""
    created = updated = 0
    specs = read_zones(path)
    for spec in specs:
        values = {"name_zh": spec.name_zh, "name_en": spec.name_en, "windows": list(spec.windows),
                  "needs_permit": list(spec.needs_permit), "banned": list(spec.banned),
                  "min_emission": spec.min_emission, "daily_quota": spec.daily_quota,
                  "active": True}
        zone = model.objects.filter(code=spec.code).first()
        if zone is None:
            model.objects.create(code=spec.code, **values)
            created += 1
        elif any(getattr(zone, key) != value for key, value in values.items()):
            model.objects.filter(pk=zone.pk).update(**values)
            updated += 1
    model.objects.exclude(code__in=[s.code for s in specs]).update(active=False)
    return created, updated

