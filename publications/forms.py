from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from news.forms import TermFilterForm

from . import pdf
from .models import Publication, PublicationFile


class PublicationFilterForm(TermFilterForm):
    """The library's filters: the newsroom's countries, topics and years, the type
    and the language of the file."""

    type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", ""), *Publication.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("There is no type of publication called “%(value)s”.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the file"),
        choices=[("", ""), *settings.LANGUAGES],
        required=False,
        error_messages={"invalid_choice": _("There are no files in a language “%(value)s”.")},
    )


class _Shown:
    """A stored file as the form names it: its download name, linking to the file
    through the download view (the files are not in the public media)."""

    def __init__(self, url, name):
        self.url, self.name = url, name

    def __str__(self):
        return self.name


class NamedFileInput(forms.ClearableFileInput):
    """ "Currently: remittances-2024-en.pdf" rather than the random stored name."""

    shown = None  # (url, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value) and self.shown:
            context["widget"]["value"] = _Shown(*self.shown)
        return context


class PublicationFileForm(forms.ModelForm):
    """A language's PDF in the publication's form: checked here (publications.pdf),
    so a wrong file is an error on its field and nothing is stored."""

    class Meta:
        model = PublicationFile
        fields = ("language", "file")
        widgets = {"file": NamedFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.file:
            instance = self.instance
            self.fields["file"].widget.shown = (
                instance.get_absolute_url(),
                instance.download_name(),
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and hasattr(upload, "size"):
            info = pdf.inspect(upload)
            self.instance.pages, self.instance.size = info.pages, info.size
        return upload
