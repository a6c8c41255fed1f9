from django.urls import path

from deals import views

app_name = "deals"

urlpatterns = [
    path("", views.deal_list, name="list"),
    path("new/", views.deal_edit, name="new"),
    path("<int:deal_id>/", views.deal_detail, name="detail"),
    path("<int:deal_id>/edit/", views.deal_edit, name="edit"),
    *(path(f"<int:deal_id>/{action}/", views.deal_action, {"action": action}, name=action) for action in views.ACTIONS),
    path("<int:deal_id>/outcome/", views.deal_outcome, name="outcome"),
]
