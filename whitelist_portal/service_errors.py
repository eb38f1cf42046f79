"""What every app's services raise when a page showed a stale record, and how the API answers it and the rest.

Each app's ``ConflictError`` subclasses the one here with its own message; ``ServiceErrorsMixin`` turns the
services' Django errors into DRF answers (409, 403, 400) the same way for every viewset.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError


class ConflictError(Exception):
    """The record changed since the user loaded it (stale version or status)."""

    default_message = ""

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ServiceErrorsMixin:
    """For viewsets that call services: a conflict is a 409, a refusal a 403, a Django validation error a 400."""

    def handle_exception(self, exc):
        if isinstance(exc, ConflictError):
            exc = Conflict(exc.message)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = PermissionDenied(str(exc) or None)
        elif isinstance(exc, DjangoValidationError):
            exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return super().handle_exception(exc)
