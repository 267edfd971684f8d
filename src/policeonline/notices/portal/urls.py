from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<uuid:notice_id>/", views.detail, name="detail"),
    path("<uuid:notice_id>/files/<int:index>/", views.download, name="download"),
]
