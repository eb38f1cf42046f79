"""Language choice: Simplified Chinese unless the visitor switched language with the switch in the header.

Django's LocaleMiddleware would follow the browser's Accept-Language; a bureau portal speaks Chinese first,
whatever the browser, and English only on request (the choice is kept in the language cookie).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
