from django.urls import path

from . import views

app_name = "letters_desk"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:letter_id>/", views.detail, name="detail"),
    path("<uuid:letter_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
