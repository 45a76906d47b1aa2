app_name = "roi"

urlpatterns: list = []
