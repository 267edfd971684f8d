from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("payments/notify/<str:provider>/", views.notify, name="notify"),
    path("payments/<str:order_no>/", views.order, name="order"),
    path("payments/<str:order_no>/pay/", views.pay, name="pay"),
    path("payments/<str:order_no>/receipt.pdf", views.receipt_pdf, name="receipt"),
]
