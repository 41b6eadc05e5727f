"""The kernel's one model in the admin: the image library (the apps register theirs)."""

from django.contrib import admin

from kernel.admin.library import LibraryImageAdmin
from kernel.models import LibraryImage

admin.site.register(LibraryImage, LibraryImageAdmin)
