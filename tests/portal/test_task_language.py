"""Tasks write reminders, e-mails and exports in the portal's language, whatever language the thread that runs them
was left in; the thread gets its own language back afterwards."""

from django.conf import settings
from django.utils import translation

from whitelist_portal.celery import app


@app.task(name="tests.language_probe")
def language_probe():
    from django.utils.translation import gettext

    return translation.get_language(), gettext("审核意见")


def test_a_task_runs_in_the_portal_language_and_gives_the_thread_its_language_back():
    translation.activate("en")
    try:
        language, text = language_probe.apply().get()
        assert language == settings.LANGUAGE_CODE and text == "审核意见"
        assert translation.get_language() == "en"
    finally:
        translation.activate(settings.LANGUAGE_CODE)
