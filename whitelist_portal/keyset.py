"""Keyset pages for long lists: each page continues from the last row shown (a cursor) along an index, so page
1,000 costs what page 1 costs, and the list is never counted past a cap.

A list's order is a tuple of fields ending in a unique one (``pk``), all ascending or all descending, e.g.
``Keyset(("review__entered_at", "datetime"), ("pk", "int"))``. Links carry ``cursor=`` (which says whether it
continues after a row or goes back before one); filters travel beside it unchanged.
"""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Lists say "more than 1000" beyond this rather than count a whole region's applications: counting 1,001 rows
# through the list's joins takes a few milliseconds, 10,001 already tens.
COUNT_CAP = 1_000

def _aware(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:  # cursors are written with their offset; anything else was not written here
        raise ValueError(value)
    return parsed


def _integer(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not -(2**63) <= value < 2**63:
        raise ValueError(value)
    return value


_PARSERS = {
    "int": _integer,
    "str": str,
    "datetime": _aware,
    "date": dt.date.fromisoformat,
}


def capped_count(queryset, cap: int | None = None) -> int:
    """The number of rows, counting no further than ``cap + 1`` (so ``> cap`` means "more than cap")."""
    return queryset.order_by()[: (COUNT_CAP if cap is None else cap) + 1].count()


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    count: int | None = None  # None: not counted (a text search, which would have to read every match)
    is_first: bool = True
    cap: int = field(default_factory=lambda: COUNT_CAP)
    exact: bool = False  # the count came from elsewhere and is exact (e.g. the queue's counts per stage)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def count_is_capped(self) -> bool:
        return self.count is not None and not self.exact and self.count > self.cap


class Keyset:
    def __init__(self, *fields: tuple[str, str], descending: bool = False):
        self.fields = fields
        self.descending = descending

    # ---- cursors ------------------------------------------------------------------------------------------------

    def cursor(self, direction: str, obj) -> str:
        values = [_plain(_value(obj, name)) for name, _kind in self.fields]
        raw = json.dumps([direction, values], separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def parse(self, token: str | None) -> tuple[str, list] | None:
        """``(direction, values)`` of a cursor, or None for a missing or malformed one."""
        if not token:
            return None
        try:
            direction, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if direction not in ("after", "before") or len(values) != len(self.fields):
                return None
            return direction, [_PARSERS[kind](value) for (_name, kind), value in zip(self.fields, values, strict=True)]
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            return None

    # ---- queries ------------------------------------------------------------------------------------------------

    def order(self, queryset, reverse: bool = False):
        sign = "-" if self.descending != reverse else ""
        return queryset.order_by(*[sign + name for name, _kind in self.fields])

    def beyond(self, values: list, forward: bool) -> Q:
        """Rows after ``values`` in the direction of travel: (a, b) > (x, y) written so an index can seek to it."""
        op = "gt" if forward != self.descending else "lt"
        names = [name for name, _kind in self.fields]
        either = Q()
        for i, name in enumerate(names):
            step = Q(**{f"{name}__{op}": values[i]}, **{names[j]: values[j] for j in range(i)})
            either |= step
        return Q(**{f"{names[0]}__{op}e": values[0]}) & either

    def paginate(self, queryset, token: str | None, size: int, *, count: bool = True) -> KeysetPage:
        parsed = self.parse(token)
        total = capped_count(queryset) if count else None
        if parsed is None:
            rows = list(self.order(queryset)[: size + 1])
            more = len(rows) > size
            rows = rows[:size]
            return KeysetPage(rows, self.cursor("after", rows[-1]) if more else None, None, total)
        direction, values = parsed
        forward = direction == "after"
        rows = list(self.order(queryset.filter(self.beyond(values, forward)), reverse=not forward)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if forward:
            previous = self.cursor("before", rows[0]) if rows else _token("before", values)
            return KeysetPage(rows, self.cursor("after", rows[-1]) if more else None, previous, total, is_first=False)
        rows.reverse()
        following = self.cursor("after", rows[-1]) if rows else _token("after", values)
        return KeysetPage(rows, following, self.cursor("before", rows[0]) if more else None, total,
                          is_first=not more)


def _value(obj, name: str):
    for part in name.split("__"):
        obj = getattr(obj, part)
    return obj


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _token(direction: str, values: list) -> str:
    raw = json.dumps([direction, [_plain(v) for v in values]], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page_querystring(request) -> str:
    """The request's query string without its position, for links that keep the filters."""
    params = request.GET.copy()
    for name in ("after", "before", "page", "cursor"):
        params.pop(name, None)
    return params.urlencode()


def page_from_request(request, queryset, keyset: Keyset, size: int, *, count: bool = True) -> KeysetPage:
    """The page at ``?cursor=`` (the first page when it is missing or malformed)."""
    return keyset.paginate(queryset, request.GET.get("cursor"), size, count=count)


def is_text_search(params) -> bool:
    """A keyword search is not counted: its matches may lie anywhere, and counting them reads them all."""
    return bool((params.get("q") or "").strip())


class KeysetPagination(BasePagination):
    """API pages by cursor: ``next`` and ``previous`` are links; ``count`` stops at COUNT_CAP (``count_capped``) and
    is null for a keyword search.

    The view names its order with a ``keyset`` attribute."""

    page_size = 50
    cursor_query_param = "cursor"
    invalid_cursor_message = _("翻页游标无效。")

    def paginate_queryset(self, queryset, request, view=None):
        keyset = view.keyset
        token = request.query_params.get(self.cursor_query_param)
        if token and keyset.parse(token) is None:
            raise NotFound(self.invalid_cursor_message)
        self.request = request
        # A view may count its own way (``page_count(queryset)``: a number, or None for "not counted").
        own = getattr(view, "page_count", None)
        counted = own is None and not is_text_search(request.query_params)
        self.page = keyset.paginate(queryset, token, self.page_size, count=counted)
        if own is not None:
            self.page.count = own(queryset)
            self.page.exact = self.page.count is not None
        return list(self.page)

    def _link(self, token: str | None) -> str | None:
        if token is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response(self, data):
        previous = self._link(self.page.previous_cursor)
        if previous is None and not self.page.is_first:
            previous = remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return Response({
            "count": None if self.page.count is None else min(self.page.count, self.page.cap),
            "count_capped": self.page.count_is_capped,
            "next": self._link(self.page.next_cursor),
            "previous": previous,
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_capped", "results"],
            "properties": {
                "count": {"type": "integer", "nullable": True, "example": 123,
                          "description": f"Matching rows, counted up to {COUNT_CAP} (see count_capped); null when "
                                         "not counted (a keyword search; the review queue when filtered)."},
                "count_capped": {"type": "boolean",
                                 "description": f"True when more than {COUNT_CAP} rows match."},
                "next": {"type": "string", "nullable": True, "format": "uri",
                         "description": "The next page (cursor link), or null on the last page."},
                "previous": {"type": "string", "nullable": True, "format": "uri",
                             "description": "The previous page, or null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [{
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "Opaque position from a previous answer's next or previous link; omit for the first page.",
            "schema": {"type": "string"},
        }]
