from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("letters/", views.index, name="index"),
    path("letters/write/<slug:kind>/", views.write, name="write"),
    path("letters/sent/", views.sent, name="sent"),
    path("letters/track/", views.track, name="track"),
    path("letters/<str:tracking_no>/", views.detail, name="detail"),
    path("qa/", views.public_qa, name="qa"),
]
