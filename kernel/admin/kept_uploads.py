"""Nothing an editor chose is lost on a form error: a file chosen in a form that
was refused is kept, privately, and goes with the next try of the same form.

Browsers cannot refill a file input, so after a refused save each chosen file is
stored outside the public media (``KEPT_UPLOADS_ROOT``), the form carries a signed
token for it (``<field>__kept``, valid for this user, this field and a day) and
says which file is kept; the next post gets it back as if chosen again, unless a
new file is chosen. The worker deletes kept files after a day."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _t

SUFFIX = "__kept"
SALT = "kernel.kept-upload"
MAX_AGE = 24 * 60 * 60


def _storage():
    return FileSystemStorage(location=settings.KEPT_UPLOADS_ROOT)


def delete_stale_kept_uploads(now=None):
    """Delete kept files older than a day (the worker's round); returns how many."""
    root = Path(settings.KEPT_UPLOADS_ROOT)
    limit = (now or time.time()) - MAX_AGE
    stale = [path for path in root.rglob("*") if path.is_file() and path.stat().st_mtime < limit]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


class KeptUploadsAdminMixin:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            self._restore_kept(request)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None)
        if request.method == "POST" and response.status_code == 200 and context:
            self._keep(request, context)
        return response

    def _restore_kept(self, request):
        for key in [key for key in request.POST if key.endswith(SUFFIX)]:
            field = key.removesuffix(SUFFIX)
            if request.FILES.get(field):
                continue  # a new file chosen: it replaces the kept one
            try:
                kept = signing.loads(request.POST[key], salt=SALT, max_age=MAX_AGE)
                if kept["user"] != request.user.pk or kept["field"] != field:
                    raise signing.BadSignature
                content = _storage().open(kept["path"]).read()
            except (signing.BadSignature, KeyError, TypeError, OSError):
                messages.warning(
                    request,
                    _t("A file kept from an earlier try could not be found: choose it again."),
                )
                continue
            request.FILES[field] = SimpleUploadedFile(kept["name"], content, kept["type"])

    def _keep(self, request, context):
        """After a refused save, keep the files chosen for fields without an error
        (the item's own and its inline rows', such as a publication's PDFs)."""
        adminform = context.get("adminform")
        if adminform is None:
            return
        fields = {}  # posted name -> (form, field name)
        for form in [adminform.form] + [
            inline_form
            for inline in context.get("inline_admin_formsets", ())
            for inline_form in inline.formset.forms
        ]:
            for name in form.fields:
                fields[form.add_prefix(name)] = (form, name)
        kept = []
        for posted, upload in request.FILES.items():
            if posted not in fields:
                continue
            form, field = fields[posted]
            if form.errors.get(field):
                continue  # a file that is itself wrong is not kept: its error says why
            name = get_valid_filename(Path(upload.name).name) or "upload"
            upload.seek(0)
            path = _storage().save(f"{uuid.uuid4().hex}/{name}", upload)
            token = signing.dumps(
                {
                    "path": path,
                    "name": upload.name,
                    "type": upload.content_type or "application/octet-stream",
                    "user": request.user.pk,
                    "field": posted,
                },
                salt=SALT,
            )
            label = form.fields[field].label
            kept.append({"field": posted, "token": token, "name": upload.name, "label": label})
        context["kept_uploads"] = kept
