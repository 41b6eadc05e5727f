"""Redirects in the admin: the ones the site keeps itself (an item's address changed,
an item deleted) and those staff add for the old site's addresses, one by one or from
a CSV file (old path, new path). A file is imported whole or not at all: every bad
row is reported with its line number."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.models import Redirect
from kernel.redirects import clean_new_path, clean_old_path, follow, point

GONE_WORDS = {"410", "gone"}
MAX_CSV_BYTES = 2 * 1024 * 1024


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ("old_path", "new_path", "gone")

    def clean_old_path(self):
        return clean_old_path(self.cleaned_data["old_path"])

    def clean(self):
        cleaned = super().clean()
        old, new, gone = (cleaned.get(name) for name in ("old_path", "new_path", "gone"))
        if gone:
            if new:
                self.add_error("new_path", _("Leave the new address empty for a gone page."))
            cleaned["new_path"] = ""
            return cleaned
        if not new:
            self.add_error("new_path", _("Give the new address, or tick “gone”."))
            return cleaned
        try:
            cleaned["new_path"] = new = clean_new_path(new)
            final, _gone = follow(new)
        except ValidationError as error:
            self.add_error("new_path", error)
            return cleaned
        if old and (final == old or new == old):
            self.add_error("new_path", _t("%(old)s would lead back to itself.") % {"old": old})
        return cleaned

    def validate_unique(self):
        """Adding an old address that is already redirected replaces that redirect."""


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Two columns: old path, new path (or “410” for a page gone for good). A first "
            "line with column names is skipped. UTF-8."
        ),
    )


def read_rows(upload):
    """[(line number, old, new)] of a CSV upload; ``ValidationError`` if unreadable."""
    if upload.size > MAX_CSV_BYTES:
        raise ValidationError(_("The file is larger than 2 MB; split it."))
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0] and not cells[0].startswith(("/", "http")):
            continue  # column names
        rows.append((number, cells))
    return rows


def import_rows(rows, user):
    """Apply the rows in one transaction: (count, errors by line); nothing is kept
    when any row is wrong."""
    errors = []
    seen = {}
    try:
        with transaction.atomic():
            for number, cells in rows:
                if len(cells) < 2:
                    errors.append((number, _t("Two columns are needed: old path, new path.")))
                    continue
                try:
                    old = clean_old_path(cells[0])
                    if old in seen:
                        raise ValidationError(
                            _t("%(old)s is already on line %(line)d.")
                            % {"old": old, "line": seen[old]}
                        )
                    seen[old] = number
                    if cells[1].lower() in GONE_WORDS:
                        Redirect.objects.update_or_create(
                            old_path=old,
                            defaults={"new_path": "", "gone": True, "created_by": user,
                                      "origin": Redirect.Origin.IMPORTED},
                        )  # fmt: skip
                    else:
                        point(old, clean_new_path(cells[1]), origin=Redirect.Origin.IMPORTED,
                              user=user)  # fmt: skip
                except ValidationError as error:
                    errors.append((number, " ".join(error.messages)))
            if errors:
                raise _Refused
    except _Refused:
        return 0, errors
    return len(rows), []


class _Refused(Exception):
    pass


class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ("old_path", "target", "origin", "created_at")
    list_filter = ("origin", "gone")
    search_fields = ("old_path", "new_path")
    list_per_page = 100
    change_list_template = "admin/kernel/redirect/change_list.html"

    @admin.display(description=_("leads to"))
    def target(self, obj):
        return _t("Gone (410)") if obj.gone else obj.new_path

    def save_model(self, request, obj, form, change):
        """Through kernel.redirects, so chains stay one hop; an old address changed
        on an existing redirect leaves no redirect at the address it had."""
        if change and "old_path" in form.changed_data:
            Redirect.objects.filter(pk=obj.pk).delete()
        if obj.gone:
            Redirect.objects.filter(new_path=obj.old_path).update(new_path="", gone=True)
            saved, _created = Redirect.objects.update_or_create(
                old_path=obj.old_path,
                defaults={"new_path": "", "gone": True, "origin": Redirect.Origin.MANUAL,
                          "created_by": request.user},
            )  # fmt: skip
        else:
            saved = point(
                obj.old_path, obj.new_path, origin=Redirect.Origin.MANUAL, user=request.user
            )
        obj.pk = saved.pk

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_import"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=name),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Redirects from a CSV file, all or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_rows(form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
                rows = None
            if rows is not None and not rows:
                form.add_error("file", _("The file has no rows."))
            elif rows:
                count, errors = import_rows(rows, request.user)
                if not errors:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d redirect imported.",
                            "%(count)d redirects imported.",
                            count,
                        )
                        % {"count": count},
                    )
                    return redirect(reverse("admin:kernel_redirect_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "title": _t("Import redirects from a CSV file"),
        }
        return TemplateResponse(request, "admin/kernel/redirect/import.html", context)
