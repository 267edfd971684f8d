"""Common Chinese family names (weights roughly as in Shandong) and given-name characters."""

from itertools import accumulate

SURNAMES = (
    ("王", 90), ("李", 85), ("张", 80), ("刘", 70), ("陈", 30), ("杨", 30), ("赵", 28),
    ("孙", 25), ("徐", 20), ("马", 18), ("高", 18), ("于", 16), ("周", 15), ("吴", 14),
    ("朱", 13), ("郭", 13), ("韩", 12), ("胡", 11), ("宋", 11), ("孟", 10), ("田", 10),
    ("董", 10), ("曹", 9), ("黄", 9), ("林", 8), ("袁", 8), ("崔", 8), ("程", 8), ("吕", 8),
    ("石", 7), ("魏", 7), ("贾", 7), ("邢", 6), ("姜", 6), ("邵", 6), ("丁", 6), ("任", 6),
    ("范", 6), ("蒋", 5), ("许", 5), ("何", 5), ("郑", 5), ("谢", 4), ("苏", 4), ("齐", 4),
    ("卢", 4), ("毕", 4), ("潘", 4), ("彭", 4), ("路", 3), ("解", 3), ("亓", 3), ("房", 3),
    ("秦", 3), ("段", 3), ("牛", 3), ("侯", 3), ("薛", 3), ("尹", 3), ("仇", 2), ("欧阳", 1),
)
MALE_GIVEN = tuple("伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林"
                   "建国志庆海峰振东文博晨泽瑞轩昊然睿子豪成立新坤锋亮春松")
FEMALE_GIVEN = tuple("芳娜敏静丽艳娟霞燕玲丹萍红婷雪琳晶颖倩慧莉欣怡佳梅兰秀英"
                     "桂凤琴云洁璐瑶悦涵萱雨诗梦晓彤妍琪淑珍玉")
SURNAME_CHOICES = tuple(name for name, _ in SURNAMES)
SURNAME_WEIGHTS = tuple(accumulate(w for _, w in SURNAMES))


def surname(rng) -> str:
    return rng.choices(SURNAME_CHOICES, cum_weights=SURNAME_WEIGHTS)[0]


def given_name(rng, male: bool) -> str:
    pool = MALE_GIVEN if male else FEMALE_GIVEN
    return rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
