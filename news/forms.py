from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from .models import NewsItem


class TermFilterForm(forms.Form):
    """Filters by the newsroom's countries and topics and by year, read from the
    query string (shareable URLs); lists of other content tagged with the same terms
    (publications) build on it."""

    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        error_messages={"invalid_choice": _("There is no country “%(value)s” in the newsroom.")},
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        error_messages={"invalid_choice": _("There is no topic “%(value)s” in the newsroom.")},
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

    def __init__(self, data, *, countries, topics):
        """``countries`` and ``topics`` are lists the view already fetched for its
        menus; validating against them costs no further query."""
        super().__init__(data)
        self.countries = {country.slug: country for country in countries}
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["country"].choices = [("", ""), *((slug, slug) for slug in self.countries)]
        self.fields["topic"].choices = [("", ""), *((slug, slug) for slug in self.topics)]

    def clean_country(self):
        return self.countries.get(self.cleaned_data["country"])

    def clean_topic(self):
        return self.topics.get(self.cleaned_data["topic"])

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


class NewsFilterForm(TermFilterForm):
    """The newsroom's filters."""

    type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *NewsItem.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("There is no type of news called “%(value)s”.")},
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[("", _("Global and local")), *NewsItem.Scope.choices],
        required=False,
        error_messages={"invalid_choice": _("The scope must be “global” or “local”.")},
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("Any month")), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("The month must be a number from 1 to 12.")},
    )
