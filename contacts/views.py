from django.views.generic import ListView

from .models import Contact


class ContactListView(ListView):
    """The public directory of active media contacts, grouped by office."""

    queryset = Contact.objects.active().with_emails()
