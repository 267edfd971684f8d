from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.cases, name="cases"),
    path("reports/<int:pk>/<slug:kind>/", views.report_file, name="report"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.mark_read, name="mark_read"),
]
