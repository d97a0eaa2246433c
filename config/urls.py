from django.contrib import admin
from django.urls import include, path

from tdu.www.api.views import api

admin.site.site_header = "Trait d'union — administration"
admin.site.site_title = "Trait d'union"

urlpatterns = [
    path("", include("tdu.www.pages.urls")),
    path("", include("tdu.www.catalogue.urls")),
    path("", include("tdu.www.search.urls")),
    path("api/v1/", api.urls),
    path("stats/", include("tdu.www.stats.urls")),
    path("compte/", include("tdu.www.accounts.urls")),
    path("tableau-de-bord/", include("tdu.www.dashboard.urls")),
    path("espace/", include("tdu.www.spaces.urls")),
    path("", include("tdu.www.candidatures.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "tdu.www.pages.views.bad_request"
handler403 = "tdu.www.pages.views.permission_denied"
handler404 = "tdu.www.pages.views.page_not_found"
handler500 = "tdu.www.pages.views.server_error"
