app_name = "delegations"
urlpatterns: list = []
