"""The office as schema.org data, with its media contacts as its contact points."""

from django import template

from contacts.models import Contact
from kernel.views import site_organization

register = template.Library()


def contact_point(contact):
    """A media contact as a schema.org ContactPoint. Its e-mail is the address listed
    first (``email_list`` of ``with_emails()``, or ``first_email``)."""
    if hasattr(contact, "email_list"):
        email = contact.email_list[0].email if contact.email_list else ""
    else:
        email = contact.first_email or ""
    point = {"@type": "ContactPoint", "contactType": "media relations", "name": contact.name}
    described = ", ".join(part for part in (contact.job_title, contact.office) if part)
    for key, value in (("description", described), ("email", email), ("telephone", contact.phone)):
        if value:
            point[key] = value
    return point


@register.simple_tag(takes_context=True)
def organization(context, contacts=None):
    """``{% organization as data %}{{ data|jsonld }}``: schema.org Organization of the
    site (name, home page, logo) with a ContactPoint per active media contact, in
    the contacts page's order. ``contacts``: the contacts the page lists already;
    else they are read (one query: keep the result in a ``{% fragment %}``)."""
    if contacts is None:
        contacts = (
            Contact.objects.active()
            .with_first_email()
            .order_by("office_en", "sort_order", "name_en")
        )
    return {
        "@context": "https://schema.org",
        **site_organization(context["request"]),
        "contactPoint": [contact_point(contact) for contact in contacts],
    }
