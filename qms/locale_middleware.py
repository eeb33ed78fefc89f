from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose otherwise with the VI/EN switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    many browsers in Vietnamese offices are set to English; the interface
    language is the agency's choice, then the reader's explicit one.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
