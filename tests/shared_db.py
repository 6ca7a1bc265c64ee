"""Data built once and shared by several tests, rolled back when they are done.

pytest-django runs each database test in a transaction (a savepoint when one is already open) and rolls it back.
`shared_transaction` opens one transaction around a group of tests (a class- or module-scoped fixture), so data
built in it once is seen by every test of the group, each test's own writes still vanish after it, and the
group's data vanishes at its end. Only for tests that do not need a transactional database (no live server, no
Celery worker): a flush inside the shared transaction would empty it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def shared_transaction(django_db_blocker) -> Iterator[None]:
    """Open a transaction for the group and roll it back at its end; the database is open to the builder inside."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
