"""What every page's layout needs: the portal's name, the menu of this user, the footer's channels."""

from django.conf import settings
from django.utils.translation import gettext

from apps.notifications.selectors import unread_count

from .navigation import items_for


def portal(request):
    user = request.user
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "COMPLAINT_HOTLINE": settings.COMPLAINT_HOTLINE,
        "COMPLAINT_HOTLINE_HOURS": gettext(settings.COMPLAINT_HOTLINE_HOURS),  # the default is in the catalogue
        "COMPLAINT_EMAIL": settings.COMPLAINT_EMAIL,
        "nav_items": items_for(user, request.path),
        "unread_notifications": unread_count(user) if user.is_authenticated else 0,
    }
