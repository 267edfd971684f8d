"""The reserved series and blocked combinations this bureau starts with (kept in the admin
afterwards). Patterns are searched in the serial, the part after the authority prefix."""

from django.db import migrations

RULES = [
    ("reserved", "^00", "", "公务用车号段 (official series)"),
    ("reserved", "^J", "01,02", "警用及执法执勤号段 (police and enforcement series)"),
    ("reserved", "^T", "01,02", "出租汽车号段 (taxi series)"),
    ("reserved", "^([0-9])\\1{4}$", "01,02", "五位同号，另行公开发放 (five identical digits)"),
    ("blocked", "SB", "", "不文明组合 (offensive)"),
    ("blocked", "NMD|TMD|CNM|WBD|NND", "", "不文明组合 (offensive)"),
    ("blocked", "250$", "", "不文明组合 (offensive)"),
    ("blocked", "8B|B8|0D|D0|2Z|Z2|5S|S5", "01,02", "易混淆组合 (easily confused)"),
]


def seed(apps, schema_editor):
    PlateRule = apps.get_model("platepool", "PlateRule")
    for kind, pattern, types, reason in RULES:
        PlateRule.objects.get_or_create(kind=kind, pattern=pattern,
                                        defaults={"plate_types": types, "reason": reason})


class Migration(migrations.Migration):
    dependencies = [("platepool", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
