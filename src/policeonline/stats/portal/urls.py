from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("statistics/", views.overview, name="overview"),
    path("statistics/open-data/", views.open_data_page, name="open_data"),
    path("statistics/open-data/figures.csv", views.download, {"fmt": "csv"}, name="csv"),
    path("statistics/open-data/figures.json", views.download, {"fmt": "json"}, name="json"),
]
