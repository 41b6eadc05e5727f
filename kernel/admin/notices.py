"""Each staff member's choice of e-mail notices (/admin/notices/)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _t

from kernel.models import NoticePreference


class NoticePreferenceForm(forms.ModelForm):
    class Meta:
        model = NoticePreference
        fields = ["review_notices"]


def notice_settings_view(request):
    """The signed-in staff member's own notices (wrap in ``admin_site.admin_view``)."""
    preference = NoticePreference.objects.filter(user=request.user).first()
    preference = preference or NoticePreference(user=request.user)
    data = request.POST if request.method == "POST" else None  # an unticked box posts nothing
    form = NoticePreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _t("Your e-mail notices are saved."))
        return redirect(request.path)
    context = {
        **admin.site.each_context(request),
        "form": form,
        "title": _t("E-mail notices"),
        "address": request.user.email,
    }
    return TemplateResponse(request, "admin/iomsite/notice_settings.html", context)
