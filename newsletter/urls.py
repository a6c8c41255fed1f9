from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
