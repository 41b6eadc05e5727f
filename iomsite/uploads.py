"""The rich-text editor's image upload, checked like every other image upload."""

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from iomsite.images import validate_image


def _error(message, status=400):
    # CKEditor 4's JSON upload protocol: {"uploaded": 0, "error": {"message": ...}}
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


def _same_origin(request):
    """CKEditor 4 cannot send Django's CSRF token with uploads (upstream's view is
    csrf_exempt too), so a cross-site POST is refused by its Origin header instead."""
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt
@staff_member_required
@require_POST
def upload(request):
    if not _same_origin(request):
        return _error(_("Uploads are only accepted from this site's own editor."), status=403)
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _error(_("No file was sent. Choose an image to upload."))
    try:
        validate_image(uploaded)
    except ValidationError as exc:
        return _error(" ".join(exc.messages))
    request.GET = request.GET.copy()
    request.GET.pop("CKEditorFuncNum", None)  # always answer in JSON
    return ckeditor_views.upload(request)


browse = never_cache(staff_member_required(ckeditor_views.browse))
