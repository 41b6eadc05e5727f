"""Each staff member's own settings (/admin/settings/): the language of the admin and
their e-mail notices."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _t

from kernel.middleware import ADMIN_LANGUAGE_SESSION_KEY
from kernel.models import StaffPreference


class StaffPreferenceForm(forms.ModelForm):
    class Meta:
        model = StaffPreference
        fields = ["admin_language", "review_notices"]


def staff_settings_view(request):
    """The signed-in staff member's own settings (wrap in ``admin_site.admin_view``)."""
    preference = StaffPreference.objects.filter(user=request.user).first()
    preference = preference or StaffPreference(user=request.user)
    data = request.POST if request.method == "POST" else None  # an unticked box posts nothing
    form = StaffPreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        chosen = form.cleaned_data["admin_language"]
        request.session[ADMIN_LANGUAGE_SESSION_KEY] = chosen
        with translation.override(chosen or translation.get_language()):
            messages.success(request, _t("Your settings are saved."))
        return redirect(request.path)
    context = {
        **admin.site.each_context(request),
        "form": form,
        "title": _t("Your settings"),
        "address": request.user.email,
    }
    return TemplateResponse(request, "admin/iomsite/staff_settings.html", context)
