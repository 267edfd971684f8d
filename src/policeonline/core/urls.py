from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("prefs/language", views.set_language, name="set_language"),
    path("prefs/elder", views.toggle_elder_mode, name="elder_mode"),
]
