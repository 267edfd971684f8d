"""The five 好差评 levels read exactly 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意 in Chinese
(the national evaluation system's words), and their English names in English. (That every
marked string is translated is `make i18n-check`'s job.)"""

from django.utils import translation

from policeonline.ratings.levels import Level


def test_the_five_levels_have_their_exact_chinese_names():
    with translation.override("zh-hans"):
        chinese = [str(Level(v).label) for v in (5, 4, 3, 2, 1)]
    assert chinese == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    with translation.override("en"):
        assert str(Level(5).label) != "非常满意"
