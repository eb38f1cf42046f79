"""Reference numbers stay unique per term when departments submit at the same instant (real connections)."""

import threading

import pytest
from django.db import close_old_connections, connection

from apps.applications.models import Application, TermCounter
from apps.applications.services import next_reference, submit_application
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PARALLEL = 8


def _submit_all_at_once(applications) -> list:
    barrier = threading.Barrier(len(applications))
    errors, references = [], []

    def work(app):
        try:
            barrier.wait(timeout=30)
            submitted = submit_application(application=app, actor=app.created_by)
            references.append(submitted.reference)
        except Exception as exc:  # reported below; a thread must not swallow it silently
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=work, args=(app,)) for app in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    assert errors == []
    return references


def test_simultaneous_submissions_from_different_departments_get_distinct_consecutive_numbers(term, open_window):
    applications = []
    for i in range(PARALLEL):
        department = OrganisationFactory()
        user = UserFactory(organisation=department, roles=["申报单位经办人"])
        applications.append(ApplicationFactory(department=department, created_by=user, term=term,
                                               title=f"并发提交测试事项{chr(0x4e00 + i * 97)}"))
    references = _submit_all_at_once(applications)
    assert sorted(references) == [f"2027春-{n:04d}" for n in range(1, PARALLEL + 1)]
    assert TermCounter.objects.get(term=term).last == PARALLEL
    assert Application.objects.filter(term=term).exclude(reference="").count() == PARALLEL


def test_first_numbers_of_a_new_term_are_unique_even_when_the_counter_row_is_created_concurrently(term):
    # No counter row exists yet: every thread races to create it.
    assert not TermCounter.objects.filter(term=term).exists()
    barrier = threading.Barrier(PARALLEL)
    results, errors = [], []

    def work():
        from django.db import transaction

        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                results.append(next_reference(term))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(results) == [f"2027春-{n:04d}" for n in range(1, PARALLEL + 1)]
