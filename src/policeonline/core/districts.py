"""Jinan's districts and counties (GB/T 2260 codes as of 2019, when Laiwu joined Jinan).

Shared by both zones: the registry (intranet) and the address fields of application forms.
"""

JINAN_DISTRICTS = (
    ("370102", "历下区", "Lixia District"),
    ("370103", "市中区", "Shizhong District"),
    ("370104", "槐荫区", "Huaiyin District"),
    ("370105", "天桥区", "Tianqiao District"),
    ("370112", "历城区", "Licheng District"),
    ("370113", "长清区", "Changqing District"),
    ("370114", "章丘区", "Zhangqiu District"),
    ("370115", "济阳区", "Jiyang District"),
    ("370116", "莱芜区", "Laiwu District"),
    ("370117", "钢城区", "Gangcheng District"),
    ("370124", "平阴县", "Pingyin County"),
    ("370126", "商河县", "Shanghe County"),
)
DISTRICT_NAMES = {code: zh for code, zh, _ in JINAN_DISTRICTS}
