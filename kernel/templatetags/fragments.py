"""``{% fragment "name" part … %}…{% endfragment %}``: a piece of a page rendered once
per content generation and language (``kernel.cache.cached_fragment``).

Like Django's ``{% cache %}``, but invalidated by the next content change rather than
by a timeout, and kept in the process as well as in the shared cache. What the
fragment shows must depend only on the content, the language, the site's address
and the parts named. A preview (``is_preview`` in the context) is never kept.

``{% fragment "footer" local %}``: kept in each process only, for HTML that is
cheaper to render than to fetch from the shared cache (no queries, a few tags)."""

from django import template
from django.utils.safestring import mark_safe

from kernel.cache import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, shared):
        self.nodelist, self.name, self.parts, self.shared = nodelist, name, parts, shared

    def render(self, context):
        if context.get("is_preview"):  # a draft or scheduled item shown to staff
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]

        def render():
            return self.nodelist.render(context)

        return mark_safe(cached_fragment(name, parts, render, shared=self.shared))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    shared = bits[-1] != "local"
    if not shared:
        bits.pop()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), parts, shared)
