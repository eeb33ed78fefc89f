"""The overseer's pages, under /tinh/."""

app_name = "province"

urlpatterns = []
