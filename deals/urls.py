from django.urls import path

from deals import views

app_name = "deals"

urlpatterns = [
    path("", views.deal_list, name="list"),
    path("new/", views.deal_edit, name="new"),
    path("<int:deal_id>/", views.deal_detail, name="detail"),
    path("<int:deal_id>/edit/", views.deal_edit, name="edit"),
    path("<int:deal_id>/submit/", views.deal_submit, name="submit"),
    path("<int:deal_id>/withdraw/", views.deal_withdraw, name="withdraw"),
    path("<int:deal_id>/extension/", views.deal_extension, name="extension"),
    path("<int:deal_id>/outcome/", views.deal_outcome, name="outcome"),
]
