"""Synthetic criminal records and wanted-person notices (case numbers are unique by counter)."""

from datetime import date

from ..districts import DISTRICT_NAMES
from .dates import TODAY, between
from .places import DISTRICTS
from .records import ConvictionRecord, WantedRecord

OFFENCES = ("theft", "fraud", "dangerous_driving", "injury", "affray", "drugs", "gambling",
            "robbery", "traffic_accident", "embezzlement")
OFFENCE_WEIGHTS = (25, 40, 65, 75, 83, 87, 91, 94, 98, 100)  # cumulative
FACTS = {
    "theft": "盗窃他人财物，数额较大", "fraud": "以非法占有为目的骗取他人财物",
    "dangerous_driving": "在道路上醉酒驾驶机动车", "injury": "故意伤害他人身体，致人轻伤",
    "affray": "随意殴打他人，情节恶劣", "drugs": "贩卖毒品", "gambling": "以营利为目的开设赌场",
    "robbery": "以暴力手段劫取他人财物", "traffic_accident": "违反交通运输管理法规，发生重大事故",
    "embezzlement": "利用职务便利侵占本单位财物",
}
SENTENCES = ("拘役三个月", "拘役五个月", "管制六个月", "有期徒刑六个月", "有期徒刑一年",
             "有期徒刑一年六个月", "有期徒刑三年", "有期徒刑三年，缓刑四年")
FIRST_JUDGMENT = date(2000, 1, 1)
FIRST_NOTICE = date(2005, 1, 1)
DEMO_SERIALS = (9_000, 90_000)  # case and fugitive serials from here up are the demo's


def court(district: str) -> str:
    name = DISTRICT_NAMES[district]
    return f"济南市{name}人民法院" if name.endswith("区") else f"{name}人民法院"


def police_unit(district: str) -> str:
    name = DISTRICT_NAMES[district]
    return f"济南市公安局{name}分局" if name.endswith("区") else f"{name}公安局"


class JusticeSynth:
    def __init__(self, rng):
        self.rng = rng
        self.case_serials: dict[tuple[int, str], int] = {}
        self.notice_serials: dict[str, int] = {}

    def _serial(self, counters: dict, key, limit: int) -> int:
        serial = counters.get(key, 0) + 1
        if serial >= limit:
            raise OverflowError(f"too many case numbers for {key}")
        counters[key] = serial
        return serial

    def conviction(self, district: str | None, adult_since: date) -> ConvictionRecord:
        rng = self.rng
        district = district or rng.choice(DISTRICTS)
        kind = rng.choices(OFFENCES, cum_weights=OFFENCE_WEIGHTS)[0]
        decided = between(rng, max(FIRST_JUDGMENT, adult_since), TODAY)
        serial = self._serial(self.case_serials, (decided.year, district), DEMO_SERIALS[0])
        case = f"（{decided.year}）鲁{district[2:]}刑初{serial}号"
        return ConvictionRecord(kind, decided, court(district), case, rng.choice(SENTENCES),
                                f"{FACTS[kind]}。（合成数据）")

    def wanted(self, district: str | None, adult_since: date) -> WantedRecord:
        rng = self.rng
        district = district or rng.choice(DISTRICTS)
        issued = between(rng, max(FIRST_NOTICE, adult_since), TODAY)
        key = f"{district}{issued:%Y%m}"
        serial = self._serial(self.notice_serials, key, DEMO_SERIALS[1])
        return WantedRecord(f"T{key}{serial:05d}", rng.choices(OFFENCES, cum_weights=OFFENCE_WEIGHTS)[0],
                            issued, police_unit(district), rng.random() < 0.7)
