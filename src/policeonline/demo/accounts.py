"""The demo's synthetic accounts, in one place: the seeders create them and `make demo` prints
them. Plain constants (no Django import), so the launcher can read them before any zone starts.
Every ID number and credit code here has a valid check digit and belongs to nobody."""

CITIZEN_PASSWORD = "Demo@2026pass"
CITIZEN = {"name": "张三", "id_number": "37010219900307106X", "phone": "13800000001"}
COMPANY = {"company_name": "济南示范科技有限公司", "credit_code": "91370100MA3C00000E",
           "name": "李四", "id_number": "370102198506150021", "phone": "13800000002"}
# Citizens whose applications the demo seeds (in the registry's fixed demo people, and kept
# apart from the people the README and the browser tests register or sign in as).
SEED_APPLICANTS = [
    {"name": "孙七", "id_number": "370103199204120039", "phone": "13800000017"},
    {"name": "周八", "id_number": "370105198711230046", "phone": "13800000018"},
]

OFFICER_PASSWORD = "Jinan@Police2026"
# police number, family name, given name, department code (None: bureau-wide), roles
OFFICERS = [
    ("100001", "王", "建国", "population", ["clerk"]),
    ("100002", "李", "红梅", "population", ["approver"]),
    ("100003", "赵", "志强", "population", ["supervisor", "approver"]),
    ("200001", "陈", "静", "exit_entry", ["clerk"]),
    ("200002", "刘", "洋", "exit_entry", ["approver"]),
    ("200003", "杨", "帆", "exit_entry", ["supervisor", "approver"]),
    ("300001", "孙", "磊", "vehicle_admin", ["clerk"]),
    ("300002", "钱", "进", "vehicle_admin", ["supervisor", "approver"]),
    ("400001", "周", "敏", "traffic", ["clerk"]),
    ("400002", "朱", "琳", "traffic", ["supervisor", "approver"]),
    ("500001", "吴", "刚", "public_order", ["clerk"]),
    ("500002", "秦", "岚", "public_order", ["supervisor", "approver"]),
    ("600001", "郑", "丽", "hazardous", ["clerk"]),
    ("600002", "许", "诺", "hazardous", ["supervisor", "approver"]),
    ("700001", "冯", "涛", "narcotics", ["clerk"]),
    ("700002", "沈", "亮", "narcotics", ["supervisor", "approver"]),
    ("800001", "何", "勇", "fire", ["clerk"]),
    ("800002", "吕", "梅", "fire", ["supervisor", "approver"]),
    ("810001", "高", "峰", "cyber", ["clerk"]),
    ("810002", "曹", "阳", "cyber", ["supervisor", "approver"]),
    ("900001", "马", "文", None, ["auditor"]),
    ("910001", "韩", "冰", None, ["duty_officer"]),
    ("900000", "林", "海", None, ["admin"]),
    ("990001", "葛", "振华", None, ["leader"]),  # bureau leadership: the supervision dashboard
]
