"""The project's URL map plus one view that fails, for testing the 500 page (used with @pytest.mark.urls)."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*project_urlpatterns, path("test-boom/", boom)]
