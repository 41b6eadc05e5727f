from django import template

from pages.models import Page

register = template.Library()


@register.inclusion_tag("pages/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu from the page tree, in one query whatever its size."""
    request = context.get("request")
    current = request.path if request else ""
    sections = []
    by_id = {}
    for page in Page.objects.menu().only(
        "id", "parent_id", "title", "path", "depth", "menu_order", "status", "published_at"
    ):
        page.menu_children = []
        page.is_current = current == page.get_absolute_url()
        page.is_active_section = current.startswith(page.get_absolute_url())
        if page.depth == 1:
            sections.append(page)
            by_id[page.pk] = page
        elif page.parent_id in by_id:
            by_id[page.parent_id].menu_children.append(page)
    return {"sections": sections, "request": request}


@register.filter
def startswith(value, prefix):
    """``{% if request.path|startswith:news_url %}``: marks the active menu section."""
    return str(value).startswith(str(prefix))
