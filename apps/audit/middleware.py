"""Middleware that makes each request's metadata available to the audit trail."""

from .context import meta_from_request, reset_meta, set_meta


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = meta_from_request(request)
        request.request_id = meta.request_id
        token = set_meta(meta)
        try:
            response = self.get_response(request)
        finally:
            reset_meta(token)
        response["X-Request-ID"] = meta.request_id
        return response
