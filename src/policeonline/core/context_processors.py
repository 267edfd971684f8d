from django.conf import settings
from django.utils.translation import get_language


def site(request):
    english = get_language() == "en"
    return {
        "ZONE": settings.ZONE,
        "DEMO_MODE": settings.DEMO_MODE,
        "BUREAU_NAME": settings.BUREAU_NAME_EN if english else settings.BUREAU_NAME,
        "elder_mode": getattr(request, "elder_mode", False),
        "html_lang": "en" if english else "zh-Hans",
    }
