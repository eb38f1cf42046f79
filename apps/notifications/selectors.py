from .models import Notification


def inbox_for(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def latest_unread(user, limit: int = 5) -> list:
    return list(inbox_for(user).filter(read_at__isnull=True).order_by("-created_at", "-pk")[:limit])
