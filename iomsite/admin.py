"""The kernel's models in the admin: the image library and the redirects (the apps
register theirs)."""

from django.contrib import admin

from kernel.admin.library import LibraryImageAdmin
from kernel.admin.redirects import RedirectAdmin
from kernel.models import LibraryImage, Redirect

admin.site.register(LibraryImage, LibraryImageAdmin)
admin.site.register(Redirect, RedirectAdmin)
