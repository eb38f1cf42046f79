"""Two imports of one region's period at the same instant (real connections): one list, the other told why."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from apps.whitelist.list_import import import_list
from apps.whitelist.models import WhitelistEdition, WhitelistItem
from apps.whitelist.periods import year_period
from tests.factories import publisher_user

from . import list_shapes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_imports_of_one_period_leave_one_list():
    publisher = publisher_user(username="fabu")
    shapes = [list_shapes.county_list(), list_shapes.city_list()]
    barrier = threading.Barrier(len(shapes))
    done, refused, errors = [], [], []

    def work(shape):
        try:
            barrier.wait(timeout=30)
            done.append(import_list(actor=publisher, period=year_period(2025), content=shape.content,
                                    filename=shape.filename))
        except ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # reported below; a thread must not swallow it silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(shape,)) for shape in shapes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    assert errors == [] and len(done) == 1 and len(refused) == 1
    assert "已有2025年度的白名单" in " ".join(refused[0].messages)
    edition = WhitelistEdition.objects.get()
    assert WhitelistItem.objects.count() == edition.items.count() == len(
        next(s for s in shapes if s.filename == edition.source_name).expected)
