"""planning's pages in the signed-in site (/xem-xet/): a management review decision's own page,
where its owner, who may hold no planning role (nor reach the admin), sees and closes it, and a
risk's own page, where its owner re-rates it after its treatment actions closed."""

from django.urls import path

from planning import portal

app_name = "planning"

urlpatterns = [
    path("quyet-dinh/<id:pk>/", portal.decision_detail, name="decision_detail"),
    path("rui-ro/<id:pk>/", portal.risk_detail, name="risk_detail"),
]
