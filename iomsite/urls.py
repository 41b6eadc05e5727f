from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from iomsite import uploads, views

admin.site.site_header = "IOM Central Asia — editing"
admin.site.site_title = "IOM Central Asia admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    path("admin/ckeditor/browse/", uploads.browse, name="ckeditor_browse"),
    path("admin/", admin.site.urls),
    path("news/", include("news.urls")),
    path("contacts/", include("contacts.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages are matched last: any other path is looked up in the page tree.
urlpatterns.append(path("", include("pages.urls")))
