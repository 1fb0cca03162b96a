"""Rows written once and shared by the tests that run one after another (see SharedRows)."""

from django.db import connection, transaction


class SharedRows:
    """Rows written once and shared by the tests that ask for the fixture `name` and run one
    after another in this process: what Django's TestCase.setUpTestData does for a class,
    across test modules.

    A module-scoped fixture named `name` returns `get(django_db_blocker, write)`: the first
    call writes the rows inside a transaction left open. Each test's own transaction nests in
    it (a savepoint, rolled back after the test), so every test sees exactly the rows as they
    were written, whatever the tests before it changed. Objects handed to a test must be its
    own copies (copy.deepcopy, as setUpTestData does).

    After each test, `release(item, nextitem)` (tests/conftest.py, pytest_runtest_teardown)
    rolls the transaction back unless the next test asks for the fixture too or belongs to
    the same module (whose module-scoped fixtures still hold the rows), and before a test that
    commits: no other test ever sees these rows.
    """

    _open: list["SharedRows"] = []  # the transactions open, outermost first

    def __init__(self, name: str):
        self.name = name
        self.value = None
        self._atomic = None
        self._blocker = None

    def get(self, django_db_blocker, write):
        if self._atomic is None:
            with django_db_blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    self.value = write()
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    self.value = None
                    raise
            self._atomic, self._blocker = atomic, django_db_blocker
            SharedRows._open.append(self)
        return self.value

    def holds(self, value) -> bool:
        """Whether `value` (returned by `get`) still stands for rows in the database."""
        return self._atomic is not None and self.value is value

    def _needed_by(self, item, nextitem) -> bool:
        return (
            nextitem is not None
            and not transactional(nextitem)
            and (self.name in nextitem.fixturenames or nextitem.path == item.path)
        )

    def _rollback(self) -> None:
        with self._blocker.unblock():
            assert connection.atomic_blocks[-1:] == [self._atomic], "a test left a transaction"
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = self._blocker = self.value = None

    @classmethod
    def release(cls, item, nextitem) -> None:
        """Roll back the rows the next test does not need (and any written after them)."""
        needed = [shared._needed_by(item, nextitem) for shared in cls._open]
        if all(needed):
            return
        first = needed.index(False)
        while len(cls._open) > first:
            cls._open.pop()._rollback()


def transactional(item) -> bool:
    """A test that commits (pytest-django's transactional_db): no transaction may be open."""
    marker = item.get_closest_marker("django_db")
    transaction_arg = marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    return bool(transaction_arg) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )
