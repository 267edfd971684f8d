"""The demo's synthetic accounts, in one place: the seeders create them and `make demo` prints
them. Plain constants (no Django import), so the launcher can read them before any zone starts.
Every ID number and credit code here has a valid check digit and belongs to nobody."""

CITIZEN_PASSWORD = "Demo@2026pass"
CITIZEN = {"name": "张三", "id_number": "37010219900307106X", "phone": "13800000001"}
COMPANY = {"company_name": "济南示范科技有限公司", "credit_code": "91370100MA3C00000E",
           "name": "李四", "id_number": "370102198506150021", "phone": "13800000002"}

OFFICER_PASSWORD = "Jinan@Police2026"
# police number, family name, given name, department code (None: bureau-wide), roles
OFFICERS = [
    ("100001", "王", "建国", "population", ["clerk"]),
    ("100002", "李", "红梅", "population", ["approver"]),
    ("100003", "赵", "志强", "population", ["supervisor", "approver"]),
    ("200001", "陈", "静", "exit_entry", ["clerk"]),
    ("200002", "刘", "洋", "exit_entry", ["approver"]),
    ("300001", "孙", "磊", "vehicle_admin", ["clerk"]),
    ("400001", "周", "敏", "traffic", ["clerk"]),
    ("500001", "吴", "刚", "public_order", ["clerk"]),
    ("600001", "郑", "丽", "hazardous", ["clerk"]),
    ("700001", "冯", "涛", "narcotics", ["clerk"]),
    ("800001", "何", "勇", "fire", ["clerk"]),
    ("810001", "高", "峰", "cyber", ["clerk"]),
    ("900001", "马", "文", None, ["auditor"]),
    ("910001", "韩", "冰", None, ["duty_officer"]),
    ("900000", "林", "海", None, ["admin"]),
]
