from django import template
from django.utils.translation import get_language

from kernel.cache import cached_by_generation
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


@register.inclusion_tag("pages/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu, built once per content change and cached."""
    request = context.get("request")
    current = request.path if request else ""
    sections = []
    for section in cached_by_generation(f"menu:{get_language()}", build_menu):
        children = [
            {**child, "is_current": child["url"] == current} for child in section["children"]
        ]
        sections.append(
            {
                **section,
                "children": children,
                "is_current": section["url"] == current,
                "is_active_section": current.startswith(section["url"]),
            }
        )
    return {"sections": sections, "request": request, "language": get_language()}


@register.filter
def startswith(value, prefix):
    """``{% if request.path|startswith:news_url %}``: marks the active menu section."""
    return str(value).startswith(str(prefix))
