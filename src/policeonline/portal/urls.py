from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("services/<str:code>/", views.category, name="category"),
    path("items/<str:code>/", views.item_guide, name="item"),
]
