from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from kernel.cache import cached_by_generation, cached_fragment
from pages.models import Page

register = template.Library()


def build_menu():
    """[{"title", "lang", "url", "children": [...]}] from the page tree, one query.

    In the reader's language: titles (``lang`` says which language each is in, as an
    untranslated page's title is English) and addresses."""
    sections, by_id = [], {}
    for page in Page.objects.menu().only("id", "parent_id", "title", "path", "depth"):
        entry = {
            "title": page.title,
            "lang": page.language_of("title"),
            "url": page.get_absolute_url(),
            "children": [],
        }
        if page.depth == 1:
            sections.append(entry)
            by_id[page.pk] = entry
        elif page.parent_id in by_id:
            by_id[page.parent_id]["children"].append(entry)
    return sections


def menu_addresses():
    """(sections' addresses, each with its sub-pages' addresses), the newsroom's and
    the contacts' addresses: what decides which entry is the current one."""
    sections = tuple(
        (section["url"], tuple(child["url"] for child in section["children"]))
        for section in cached_by_generation(f"menu:{get_language()}", build_menu)
    )
    return sections, reverse("news:list"), reverse("contacts:list")


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu: rendered once per content generation, language and current
    entry (the page shown, or the section it is in), whatever the page."""
    request = context.get("request")
    current = request.path if request else ""
    sections, news_url, contacts_url = cached_fragment("menu-addresses", [], menu_addresses)
    tops = [url for url, _children in sections] + [news_url, contacts_url]
    addresses = {*tops, *(url for _url, children in sections for url in children)}
    active = next((url for url in tops if current.startswith(url)), "")
    exact = current if current in addresses else ""

    def render():
        entries = []
        for section in cached_by_generation(f"menu:{get_language()}", build_menu):
            children = [
                {**child, "is_current": child["url"] == exact} for child in section["children"]
            ]
            entries.append(
                {
                    **section,
                    "children": children,
                    "is_current": section["url"] == exact,
                    "is_active_section": section["url"] == active,
                }
            )
        return render_to_string(
            "pages/includes/main_menu.html",
            {
                "sections": entries,
                "language": get_language(),
                "news_url": news_url,
                "contacts_url": contacts_url,
                "active": active,
                "exact": exact,
            },
        )

    return mark_safe(cached_fragment("menu", [active, exact], render))


@register.simple_tag(takes_context=True)
def breadcrumb_list(context, ancestors, page):
    """schema.org BreadcrumbList of ``page`` (JSON-LD): the breadcrumbs it shows
    (includes/breadcrumbs.html), the home page, its ancestors and itself, with
    their absolute addresses."""
    absolute = context["request"].build_absolute_uri
    crumbs = [(gettext("Home"), reverse("home"))]
    crumbs += [(each.title, each.get_absolute_url()) for each in [*ancestors, page]]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(url)}
            for position, (name, url) in enumerate(crumbs, 1)
        ],
    }
