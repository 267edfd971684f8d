"""Where synthetic households live: district shares and street addresses (names are real
streets, numbers are invented)."""

from itertools import accumulate

from ..districts import DISTRICT_NAMES

# Approximate shares of Jinan's registered population (2020 census, in 10,000s).
DISTRICT_WEIGHTS = (
    ("370102", 83), ("370103", 92), ("370104", 64), ("370105", 75), ("370112", 134),
    ("370113", 63), ("370114", 106), ("370115", 52), ("370116", 99), ("370117", 30),
    ("370124", 33), ("370126", 55),
)
DISTRICTS = tuple(code for code, _ in DISTRICT_WEIGHTS)
DISTRICT_CUM_WEIGHTS = tuple(accumulate(w for _, w in DISTRICT_WEIGHTS))
RURAL = {"370113", "370114", "370115", "370116", "370117", "370124", "370126"}

STREETS = {
    "370102": ("泉城路", "解放路", "文化东路", "山大路", "历山路", "经十路", "和平路", "燕山路"),
    "370103": ("经七路", "经四路", "英雄山路", "舜耕路", "二环南路", "郎茂山路", "纬二路"),
    "370104": ("经六路", "营市街", "段店北路", "张庄路", "日照路", "振兴街", "西市场街"),
    "370105": ("北园大街", "堤口路", "无影山路", "济泺路", "标山路", "天桥东街", "蓝翔路"),
    "370112": ("花园路", "工业北路", "洪家楼南路", "华山路", "二环东路", "山大北路", "唐冶路"),
    "370113": ("大学路", "长清街", "峰山路", "龙泉街", "清河街", "丹凤路"),
    "370114": ("汇泉路", "绣水大街", "双山大街", "明水大道", "唐王山路", "山泉路"),
    "370115": ("纬一路", "富阳街", "开元大街", "经一路", "正安路", "安澜路"),
    "370116": ("凤城大街", "汶源大街", "鲁中大街", "花园路", "长勺路", "赢牟大街"),
    "370117": ("府前大街", "钢都大街", "双泉路", "九龙大街", "艾山街"),
    "370124": ("青龙路", "榆山路", "翠屏街", "锦东路", "东山路"),
    "370126": ("商中路", "彩虹路", "滨河路", "鑫源路", "钱铺路"),
}
VILLAGE_SUFFIXES = ("家庄", "家村", "家屯", "家洼", "家楼")


def pick_district(rng) -> str:
    return rng.choices(DISTRICTS, cum_weights=DISTRICT_CUM_WEIGHTS)[0]


def address(rng, district: str, collective: bool = False) -> str:
    area = f"济南市{DISTRICT_NAMES[district]}"
    street = rng.choice(STREETS[district])
    if collective:
        return f"{area}{street}{rng.randint(1, 300)}号集体户"
    if district in RURAL and rng.random() < 0.5:
        village = rng.choice("张王李赵刘孙高马韩杨徐朱") + rng.choice(VILLAGE_SUFFIXES)
        return f"{area}{village}{rng.randint(1, 400)}号"
    return (f"{area}{street}{rng.randint(1, 999)}号{rng.randint(1, 30)}号楼"
            f"{rng.randint(1, 4)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}室")
