from django.urls import path

from . import views

app_name = "rating_desk"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]
