"""Jinan's twelve districts and counties (GB/T 2260). Frozen here; the generator also keeps
them in step with registry/districts.py."""

from django.db import migrations

DISTRICTS = [
    ("370102", "历下区", "Lixia District"), ("370103", "市中区", "Shizhong District"),
    ("370104", "槐荫区", "Huaiyin District"), ("370105", "天桥区", "Tianqiao District"),
    ("370112", "历城区", "Licheng District"), ("370113", "长清区", "Changqing District"),
    ("370114", "章丘区", "Zhangqiu District"), ("370115", "济阳区", "Jiyang District"),
    ("370116", "莱芜区", "Laiwu District"), ("370117", "钢城区", "Gangcheng District"),
    ("370124", "平阴县", "Pingyin County"), ("370126", "商河县", "Shanghe County"),
]


def add_districts(apps, schema_editor):
    District = apps.get_model("registry", "District")
    for code, name_zh, name_en in DISTRICTS:
        District.objects.update_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(add_districts, migrations.RunPython.noop)]
