"""Admin for translated content: the English fields in the usual sections, one
section per other language, a translations column and a missing-translation filter."""

import operator
from functools import reduce

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import get_translatable_fields_for_model

from kernel.models import (
    LANGUAGE_CODES,
    editable_translated_fields,
    language_name,
    localized_name,
)

OTHER_LANGUAGES = LANGUAGE_CODES[1:]


def english(*names):
    """The English columns of translated fields: ("title",) -> ("title_en",)."""
    return tuple(localized_name(name, settings.LANGUAGE_CODE) for name in names)


def in_every_language(*names):
    """Every language's columns, for admin search: ("title",) -> title_en, title_ru, ..."""
    return tuple(localized_name(name, code) for name in names for code in LANGUAGE_CODES)


def other_language_of(model, column):
    """ "ru" for ``title_ru`` of a translated field of ``model``; None for English
    columns and for anything else."""
    for name in get_translatable_fields_for_model(model) or ():
        for code in OTHER_LANGUAGES:
            if column == localized_name(name, code):
                return code
    return None


def with_language(label, model, column):
    """ "Title (Russian)" for ``title_ru``; the label alone otherwise (history, logs)."""
    code = other_language_of(model, column)
    return f"{label} ({language_name(code)})" if code else label


def _with_address_errors(form):
    """``form``, saying of a web address (slug) in use which item has it, in which
    language, and one that is free, instead of "… with this Slug [en] exists"."""
    model = form._meta.model
    if "slug" not in editable_translated_fields(model):
        return form

    class AddressErrorsForm(form):
        def validate_unique(self):
            super().validate_unique()
            for code in LANGUAGE_CODES:
                column = localized_name("slug", code)
                errors = (self._errors or {}).get(column)
                if errors and any(e.code == "unique" for e in errors.as_data()):
                    self._errors[column] = self.error_class([self._address_taken(column, code)])

        def _address_taken(self, column, code):
            value = self.cleaned_data.get(column) or self.data.get(self.add_prefix(column))
            others = model._base_manager.exclude(pk=self.instance.pk)
            holder = others.filter(**{column: value}).first()

            def in_use(slug):  # in any language: addresses are unique across them
                return others.filter(
                    reduce(
                        operator.or_,
                        (Q(**{localized_name("slug", c): slug}) for c in LANGUAGE_CODES),
                    )
                ).exists()

            free = next(f"{value}-{n}" for n in range(2, 10_000) if not in_use(f"{value}-{n}"))
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[holder.pk])
            return format_html(
                _t(
                    "Web address ({language}): another {kind} has it already, "
                    '<a href="{url}" target="_blank" rel="noopener">{title}</a>. '
                    "“{free}” is free."
                ),
                language=language_name(code),
                kind=opts.verbose_name,
                url=url,
                title=str(holder),
                free=free,
            )

    AddressErrorsForm.__name__ = form.__name__
    # The metaclass made the fields again from the model: keep the ones the admin
    # adjusted (an Editor's status choices, say).
    AddressErrorsForm.base_fields = form.base_fields
    return AddressErrorsForm


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Translation": which items lack (or have) their Russian or Kazakh version."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = []
        for code in OTHER_LANGUAGES:
            name = language_name(code)
            choices.append((f"missing-{code}", _t("%(language)s missing") % {"language": name}))
            choices.append((f"has-{code}", _t("%(language)s done") % {"language": name}))
        return choices

    def queryset(self, request, queryset):
        state, _sep, code = (self.value() or "").partition("-")
        if code not in OTHER_LANGUAGES:
            return queryset
        empty = Q()
        for name in queryset.model.translation_key_fields:
            column = localized_name(name, code)
            empty &= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        return queryset.filter(empty) if state == "missing" else queryset.exclude(empty)


class TranslationAdminMixin:
    """English fields in the usual fieldsets, then one section per other language.

    The translated fields come from the model's ``translation.py``, in its order; the
    regular ``fieldsets`` name their English columns (``title_en``).
    A language's section is open when it has a translation and folded otherwise, and
    its heading says which; the list shows a column of the translations each item
    has and filters by missing ones. An empty section means readers of that language
    see the English version with a note.
    """

    class Media:
        css = {"all": ["admin/iomsite/forms.css"]}
        js = [
            "admin/js/urlify.js",
            "admin/iomsite/translation_slugs.js",
            "admin/iomsite/translation_source.js",  # the English text under each field
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if formfield is not None and original is not None:
            # "Title", not "title [ru]": each language has its own headed section.
            formfield.label = capfirst(original.verbose_name)
        return formfield

    def construct_change_message(self, request, form, formsets, add=False):
        """The history names the language of a changed translation: "Title (Russian)"."""
        labels = {name: field.label for name, field in form.fields.items()}
        for name, field in form.fields.items():
            field.label = with_language(field.label, self.model, name)
        try:
            return super().construct_change_message(request, form, formsets, add)
        finally:
            for name, label in labels.items():
                form.fields[name].label = label

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_address_errors(super().get_form(request, obj, change=change, **kwargs))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.is_bound and form.errors:  # a summary at the top, each with a link
            context["error_summary"] = [
                {
                    "label": with_language(form.fields[name].label, self.model, name)
                    if name in form.fields
                    else "",
                    "message": errors[0],
                    "anchor": f"id_{name}" if name in form.fields else "",
                }
                for name, errors in form.errors.items()
                if name != "edit_token"
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_prepopulated_fields(self, request, obj=None):
        fields = dict(super().get_prepopulated_fields(request, obj))
        if "slug" in editable_translated_fields(self.model):
            for code in LANGUAGE_CODES:
                fields[localized_name("slug", code)] = (localized_name("title", code),)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        order = self._english_order(fieldsets)
        for code in OTHER_LANGUAGES:
            columns = [localized_name(name, code) for name in order]
            typed = request.method == "POST" and any(request.POST.get(c) for c in columns)
            done = typed or (obj is not None and obj.has_translation(code))
            status = _t("translated") if done else _t("not translated yet")
            required = any(not self.model._meta.get_field(column).blank for column in columns)
            if required:  # e.g. country names: always shown, never folded
                description = _t(
                    "Needed in %(language)s too: it appears inside sentences of the "
                    "%(language)s site."
                )
            else:
                description = _t(
                    "Leave every field empty to show the English version to "
                    "%(language)s readers, with a note that it is not translated."
                )
            fieldsets.append(
                (
                    f"{language_name(code)} — {status}",
                    {
                        "classes": () if done or required else ("collapse",),
                        "description": description % {"language": language_name(code)},
                        "fields": columns,
                    },
                )
            )
        return fieldsets

    def _english_order(self, fieldsets):
        """The translated fields in the order the English ones appear in the form
        (then any the form does not show, in the model's order)."""
        translated = editable_translated_fields(self.model)
        english = {localized_name(name, settings.LANGUAGE_CODE): name for name in translated}
        shown = []
        for _name, options in fieldsets:
            for line in options.get("fields", ()):
                for field in line if isinstance(line, list | tuple) else (line,):
                    if field in english and english[field] not in shown:
                        shown.append(english[field])
        return shown + [name for name in translated if name not in shown]

    @admin.display(description=_("translations"))
    def translations(self, obj):
        """RU ✓ / KK — marks: which of the other languages have a version."""
        marks = []
        for code in OTHER_LANGUAGES:
            done = obj.has_translation(code)
            state = _t("translated") if done else _t("not translated yet")
            marks.append(
                format_html(
                    '<span class="translation-mark translation-mark--{}" title="{}">'
                    '{} <span aria-hidden="true">{}</span>'
                    '<span class="visually-hidden">: {}</span></span>',
                    "done" if done else "missing",
                    f"{language_name(code)}: {state}",
                    code.upper(),
                    "✓" if done else "—",
                    state,
                )
            )
        return mark_safe(" ".join(marks))
