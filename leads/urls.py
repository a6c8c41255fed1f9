from django.urls import path

from leads import views

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("<int:lead_id>/", views.lead_detail, name="detail"),
    path("<int:lead_id>/accept/", views.lead_accept, name="accept"),
    path("<int:lead_id>/decline/", views.lead_decline, name="decline"),
    path("<int:lead_id>/note/", views.lead_note, name="note"),
    path("<int:lead_id>/deal/", views.lead_deal, name="deal"),
]
