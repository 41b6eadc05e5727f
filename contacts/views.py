from django.views.generic import ListView

from .models import Contact


class ContactListView(ListView):
    """The public directory of active media contacts, grouped by office.

    Grouped by the English office name (always filled in), labelled in the reader's
    language: an office one contact has a translation for and another has not stays
    one group."""

    def get_queryset(self):
        return Contact.objects.active().with_emails().order_by("office_en", "sort_order", "name_en")
