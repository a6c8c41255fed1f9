from django.urls import path

from discounts import views

app_name = "discounts"
urlpatterns = [
    path("discounts/", views.tool, name="tool"),
    path("discounts/accept/", views.accept, name="accept"),
    path("distributor/discounts/", views.distributor_list, name="distributor_list"),
    path("distributor/discounts.xlsx", views.distributor_xlsx, name="distributor_xlsx"),
]
