from django.urls import path

from . import views

urlpatterns = [
    path("api/trade/create", views.create),
    path("api/trade/query", views.query),
    path("api/trade/refund", views.refund),
    path("api/statement", views.statement_api),
    path("pay/<str:trade_no>/", views.pay, name="pay"),
]
