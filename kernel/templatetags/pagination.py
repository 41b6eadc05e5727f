"""Links between the pages of a list: ``{% page_url number %}``."""

from django import template
from django.utils.http import urlencode

from kernel.cache import QUERY_PARAMETERS

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, name="page"):
    """This list's page ``number``, written one way whatever the address it is linked
    from: the parameters a view reads (no tracking ones), in a fixed order, then the
    page number, which page 1 goes without (``?year=2020&page=2``, ``?year=2020``)."""
    request = context["request"]
    query = [
        (key, request.GET.getlist(key)[-1])
        for key in sorted(request.GET)
        if key != name and key in QUERY_PARAMETERS
    ]
    if int(number) > 1:
        query.append((name, number))
    return f"?{urlencode(query)}" if query else request.path
