"""planning's pages in the signed-in site (/xem-xet/): a management review decision's own page,
where its owner, who may hold no planning role (nor reach the admin), sees and closes it."""

from django.urls import path

from planning import portal

app_name = "planning"

urlpatterns = [
    path("quyet-dinh/<id:pk>/", portal.decision_detail, name="decision_detail"),
]
