app_name = "embassy"
urlpatterns: list = []
