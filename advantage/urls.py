from django.urls import path

from advantage import views

app_name = "advantage"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("join/", views.join, name="join"),
    path("claims/", views.claims, name="claims"),
    path("rewards/", views.rewards, name="rewards"),
    path("rewards/<int:reward_id>/order/", views.order, name="order"),
    path("orders/", views.orders, name="orders"),
]
