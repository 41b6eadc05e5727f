import re

from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from kernel.admin import ContentAdmin, MissingTranslationFilter, english, in_every_language

from .models import Page

IDS_RE = re.compile(r"\d{1,18}(,\d{1,18}){0,999}")


def page_label(page):
    """How the admin names a page where it is picked: “About — /who-we-are/about/”."""
    return f"{page.title_en or page.title} — /{page.path_en}/"


class ParentSelect(AutocompleteSelect):
    """The parent picker: its suggestions come from the pages admin's own view, which
    names each page with its title and address."""

    url_name = "%s:pages_page_autocomplete"


class PageAutocompleteJsonView(AutocompleteJsonView):
    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if source_field.remote_field.model is not Page:
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": page_label(obj)}


class RefusedMove(Exception):
    """A reordering that cannot be done as asked; the message says why."""


def _ids(value):
    """ "3,5,7" -> [3, 5, 7]; None for anything else."""
    value = (value or "").strip()
    if not IDS_RE.fullmatch(value):
        return None
    return [int(each) for each in value.split(",")]


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = (  # the first three fit a phone (forms.css hides the others there)
        "tree_title",
        "state",
        "preview_link",
        "is_published",
        "show_in_menu",
        "menu_order",
        "last_edited",
        "translations",
    )
    list_editable = ("menu_order",)
    list_filter = ("status", MissingTranslationFilter, "show_in_menu", "depth")
    search_fields = in_every_language("title", "path", "intro")
    autocomplete_fields = ("parent", "hero_image_from_library")
    ordering = ("path_en",)
    change_list_template = "admin/pages/page/change_list.html"
    fieldsets = (
        (None, {"fields": (*english("title", "slug"), "parent")}),
        (_("Publication"), {"fields": ("status", "published_at", "show_in_menu", "menu_order")}),
        (_("Text"), {"fields": english("intro", "body")}),
        (
            _("Image"),
            {"fields": ("hero_image_from_library", "hero_image", *english("hero_image_alt"))},
        ),
        (
            _("Search engines"),
            {"classes": ("collapse",), "fields": english("seo_title", "seo_description")},
        ),
    )
    # What the tree reads of each page (no body, no search data).
    tree_fields = (
        "id",
        "parent_id",
        "title",
        "path",
        "depth",
        "status",
        "published_at",
        "show_in_menu",
        "menu_order",
    )

    @admin.display(description=_("title"), ordering="path_en")
    def tree_title(self, obj):
        return f"{'— ' * (obj.depth - 1)}{obj.title_en}  (/{obj.path_en}/)"

    # The parent picker: "Title — /path/" -------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent" and "parent" in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", ParentSelect(db_field, self.admin_site))
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and formfield is not None:
            formfield.label_from_instance = page_label
        return formfield

    def parent_autocomplete_view(self, request):
        return PageAutocompleteJsonView.as_view(admin_site=self.admin_site)(request)

    def get_urls(self):
        return [
            path("tree/", self.admin_site.admin_view(self.tree_view), name="pages_page_tree"),
            path(
                "autocomplete/",
                self.admin_site.admin_view(self.parent_autocomplete_view),
                name="pages_page_autocomplete",
            ),
            *super().get_urls(),
        ]

    # The page tree, in menu order ----------------------------------------------------

    def may_reorder(self, request):
        """Reordering changes the public menu at once: a Publisher's to do."""
        return self.has_change_permission(request) and self.has_publish_permission(request)

    @staticmethod
    def siblings_in_order(queryset):
        """Pages beside each other in the order the site's menus and lists show them."""
        return queryset.order_by("menu_order", "title", "pk")

    def tree_view(self, request):
        """All pages, indented, each level in menu order, marking those the main menu
        shows; Publishers move pages up and down (or drag them) among their siblings."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        may_reorder = self.may_reorder(request)
        if request.method == "POST":
            if not may_reorder:
                raise PermissionDenied
            moved = self.reorder(request)
            url = reverse("admin:pages_page_tree")
            return redirect(f"{url}#page-{moved}" if moved else url)
        roots, menu = self.tree(request)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _t("Page tree and menu order"),
            "roots": roots,
            "menu": menu,
            "may_reorder": may_reorder,
            "has_add_permission": self.has_add_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/pages/page/tree.html", context)

    def tree(self, request):
        """The tree as nested nodes, and the main menu as visitors see it: one query
        (the list's own, with each page's state), whatever the number of pages."""
        pages = self.siblings_in_order(
            self.get_queryset(request).select_related(None).only(*self.tree_fields)
        )
        children = {}
        for page in pages:
            children.setdefault(page.parent_id, []).append(page)

        def nodes(parent_id, parent_in_menu):
            level = children.get(parent_id, [])
            order = ",".join(str(page.pk) for page in level)
            made = []
            for index, page in enumerate(level):
                in_menu, why_not = self.menu_place(page, parent_in_menu)
                made.append(
                    {
                        "page": page,
                        "title": page.title_en or page.title,
                        "state": self.tree_state(page),
                        "in_menu": in_menu,
                        "why_not": why_not,
                        "first": index == 0,
                        "last": index == len(level) - 1,
                        "siblings": order,
                        "children": nodes(page.pk, in_menu),
                    }
                )
            return made

        roots = nodes(None, True)
        menu = [
            {
                "title": node["title"],
                "children": [c["title"] for c in node["children"] if c["in_menu"]],
            }
            for node in roots
            if node["in_menu"]
        ]
        return roots, menu

    @staticmethod
    def menu_place(page, parent_in_menu):
        """Whether the main menu shows ``page`` (as PageQuerySet.menu() and the menu
        template tag decide: public, "show in menu", two levels, its section shown),
        and if not, why, in words."""
        if not page.is_public:
            return False, _t("not public")
        if not page.show_in_menu:
            return False, _t("“show in menu” is off")
        if page.depth > 2:
            return False, _t("the menu has two levels")
        if page.depth == 2 and not parent_in_menu:
            return False, _t("its section is not in the menu")
        return True, ""

    def tree_state(self, page):
        """The list's "state" column, and whether a published page is public."""
        state = self.state(page)
        if page.is_published() and not page.is_public:
            return format_html("{} · {}", state, _t("not public: a page above it is not"))
        return state

    # Reordering ----------------------------------------------------------------------

    def reorder(self, request):
        """A Publisher's move (``action=move``: one page up or down) or new order
        (``action=order``: a level's pages, dragged) of pages with the same parent, as
        the tree showed them (``shown``); returns the moved page's id for the
        redirect, or None. Refusals are messages, never errors."""
        post = request.POST
        shown = _ids(post.get("shown"))
        try:
            if post.get("action") == "move":
                page_id = _ids(post.get("page"))
                direction = post.get("direction")
                if shown is None or page_id is None or len(page_id) != 1:
                    raise RefusedMove(_t("The move was not understood; nothing changed."))
                if direction not in ("up", "down"):
                    raise RefusedMove(_t("Choose “Move up” or “Move down”; nothing changed."))
                return self.move(request, page_id[0], direction, shown)
            if post.get("action") == "order":
                parent = post.get("parent", "")
                parent_id = _ids(parent) if parent else [None]
                order = _ids(post.get("order"))
                if shown is None or order is None or parent_id is None or len(parent_id) != 1:
                    raise RefusedMove(_t("The new order was not understood; nothing changed."))
                self.put_in_order(request, parent_id[0], order, shown)
                return None
            raise RefusedMove(_t("The change was not understood; nothing changed."))
        except RefusedMove as refused:
            messages.error(request, str(refused))
            return None

    def move(self, request, page_id, direction, shown):
        with transaction.atomic():
            page = Page.objects.filter(pk=page_id).first()
            if page is None:
                raise RefusedMove(
                    _t("That page no longer exists (it was deleted); nothing changed.")
                )
            siblings = self.locked_siblings(page.parent_id, shown)
            order = [sibling.pk for sibling in siblings]
            index = order.index(page_id)
            to = index - 1 if direction == "up" else index + 1
            if not 0 <= to < len(order):
                message = (
                    _t("“%(title)s” is already first; nothing changed.")
                    if direction == "up"
                    else _t("“%(title)s” is already last; nothing changed.")
                )
                raise RefusedMove(message % {"title": page.title_en})
            siblings.insert(to, siblings.pop(index))
            comment = (
                _t("Moved up in the menu: now %(position)d of %(count)d.")
                if direction == "up"
                else _t("Moved down in the menu: now %(position)d of %(count)d.")
            )
            self.renumber(request, siblings, {page_id: comment})
        label = _t("“%(title)s” moved up.") if direction == "up" else _t("“%(title)s” moved down.")
        self.say_done(request, label % {"title": page.title_en}, siblings)
        return page_id

    def put_in_order(self, request, parent_id, order, shown):
        with transaction.atomic():
            parent = None
            if parent_id is not None:
                parent = Page.objects.filter(pk=parent_id).first()
                if parent is None:
                    raise RefusedMove(
                        _t(
                            "The page above these no longer exists (it was deleted); "
                            "nothing changed."
                        )
                    )
            siblings = self.locked_siblings(parent_id, shown)
            by_id = {sibling.pk: sibling for sibling in siblings}
            if len(order) != len(set(order)) or set(order) != set(by_id):
                raise RefusedMove(
                    _t(
                        "A page can only move among the pages beside it (under the same "
                        "page); nothing changed."
                    )
                )
            siblings = [by_id[pk] for pk in order]
            self.renumber(request, siblings, {})
        if parent is None:
            done = _t("New order of the top-level pages (the main menu’s sections) saved.")
        else:
            done = _t("New order of the pages under “%(title)s” saved.") % {
                "title": parent.title_en
            }
        self.say_done(request, done, siblings)

    def locked_siblings(self, parent_id, shown):
        """The pages under ``parent_id``, locked until the change is saved, in their
        order now, which must be the one the tree showed."""
        siblings = list(
            self.siblings_in_order(
                Page.objects.select_for_update(of=("self",))
                .filter(parent_id=parent_id)
                .select_related("parent")
            )
        )
        if [sibling.pk for sibling in siblings] != shown:
            raise RefusedMove(
                _t(
                    "The pages changed since the tree was opened (someone moved, added or "
                    "deleted a page); nothing changed. Here is the tree as it is now: "
                    "try again."
                )
            )
        return siblings

    def renumber(self, request, siblings, comments):
        """Number ``siblings`` 10, 20, 30… in their new order. Each page whose number
        changes is saved as in the form: who and when, a version in its history with
        what happened, the admin log, a new content generation (the menu shows it)."""
        count = len(siblings)
        for position, page in enumerate(siblings, start=1):
            number = position * 10
            if page.menu_order == number:
                continue
            page.menu_order = number
            page.updated_by = request.user
            comment = comments.get(
                page.pk, _t("Menu order renumbered: now %(position)d of %(count)d.")
            )
            with self.create_revision(request):
                page.save()
                self.log_change(request, page, comment % {"position": position, "count": count})

    def say_done(self, request, done, siblings):
        public = self.model.objects.published().filter(pk__in=[page.pk for page in siblings])
        if public.exists():
            after = _t("Visitors see the new order now.")
        else:
            after = _t("None of these pages is public yet: visitors see no change.")
        messages.success(request, f"{done} {after}")
