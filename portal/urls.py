from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("status/", views.application_status, name="application_status"),
    path("colleagues/invite/", views.invite_colleague, name="invite_colleague"),
    path("company/", views.company_profile, name="company"),
    path("my-account/", views.my_account, name="my_account"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
]
