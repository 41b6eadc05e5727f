from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from .models import Country


class NewsFilterForm(forms.Form):
    """The newsroom's filters, read from the query string (shareable URLs)."""

    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All countries"),
        error_messages={"invalid_choice": _("There is no country “%(value)s” in the newsroom.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2999,
        required=False,
        error_messages={
            "invalid": _("The year must be a number such as 2018."),
            "min_value": _("The year must be between 1900 and 2999."),
            "max_value": _("The year must be between 1900 and 2999."),
        },
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("Any month")), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("The month must be a number from 1 to 12.")},
    )

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)
