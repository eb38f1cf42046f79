"""What people type, cleaned before any form or API field sees it: characters XML cannot hold are dropped.

Pages use ``PlainTextFormMixin`` on their forms; the API gets the same through its default parsers, so every
endpoint, present or future, receives clean text. A value that was nothing but such characters becomes empty and
meets the field's own "required" rule.
"""

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework import parsers

from .plaintext import strip_control_chars


def plain_data(data):
    """``data`` (form data, parsed JSON, nested lists and dicts) with every string cleaned; files untouched."""
    if isinstance(data, str):
        return strip_control_chars(data)
    if isinstance(data, MultiValueDict):
        cleaned = QueryDict(mutable=True) if isinstance(data, QueryDict) else MultiValueDict()
        for key, values in data.lists():
            cleaned.setlist(key, [plain_data(v) for v in values])
        return cleaned
    if isinstance(data, dict):
        return {key: plain_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain_data(value) for value in data]
    return data


class PlainTextFormMixin:
    """Put first among a form's bases: the bound data is cleaned once, before any field reads it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = plain_data(self.data)


class PlainJSONParser(parsers.JSONParser):
    def parse(self, *args, **kwargs):
        return plain_data(super().parse(*args, **kwargs))


class PlainFormParser(parsers.FormParser):
    def parse(self, *args, **kwargs):
        return plain_data(super().parse(*args, **kwargs))


class PlainMultiPartParser(parsers.MultiPartParser):
    def parse(self, *args, **kwargs):
        result = super().parse(*args, **kwargs)
        return parsers.DataAndFiles(plain_data(result.data), result.files)
