from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from news.models import Country, NewsItem, Topic

from .models import Subscriber, normalize_email


class ChoicesForm(forms.ModelForm):
    """What a subscriber receives: countries, topics, types, language."""

    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Countries"),
        help_text=_("None ticked: every country."),
        to_field_name="slug",
    )
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics"),
        help_text=_("None ticked: every topic."),
        to_field_name="slug",
    )
    kinds = forms.MultipleChoiceField(
        choices=NewsItem.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Types"),
        error_messages={"required": _("Tick at least one type.")},
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        label=_("Language of the e-mails"),
        help_text=_("Releases not yet translated come in English, and the e-mail says so."),
    )

    class Meta:
        model = Subscriber
        fields = ["countries", "topics", "kinds", "language"]


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(ChoicesForm.Meta):
        fields = ["email", *ChoicesForm.Meta.fields]

    def clean_email(self):
        """One spelling per address; a real domain name (no [10.0.0.5]); at most
        254 characters once lower-cased (some letters grow)."""
        email = normalize_email(self.cleaned_data["email"])
        if email.rpartition("@")[2].startswith("["):
            raise forms.ValidationError(
                _("Enter an address with a domain name, such as name@example.org."),
                code="domain_literal",
            )
        if len(email) > 254:
            raise forms.ValidationError(_("Enter a valid email address."), code="invalid")
        return email

    def validate_unique(self):
        """Never "already exists": the answer must not tell who is subscribed (the
        view writes to a known address instead)."""
