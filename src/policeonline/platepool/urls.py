from django.urls import path

from . import views

app_name = "platepool"
urlpatterns = [
    path("", views.pools, name="pools"),
    path("release/", views.release, name="release"),
    path("<int:pk>/", views.pool, name="pool"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
