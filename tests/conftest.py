from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from tests.shared import SharedRows, transactional


@pytest.fixture(autouse=True)
def _clear_cache():
    """TOTP codes are single-use through the cache: start every test with an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request activates its page's language in the thread and nothing deactivates it: start
    and leave every test in the default language (French), as if it ran alone, whatever test
    the worker ran before it."""
    translation.deactivate()
    yield
    translation.deactivate()


# --- The demo data, loaded once for the tests that run one after another ------------------------

_DEMO = SharedRows("demo_db")


def _load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker) -> str:
    """The demo data of `manage.py load_demo`, and what its first run printed.

    Loaded once for the tests that ask for it (tests/*/test_*demo.py) and run one after
    another: they are put together near the end of the list (`pytest_collection_modifyitems`
    below), so a run loads it once per worker that runs them, once in all with worksteal. Each
    test runs in its own savepoint, so what a test changes is undone after it.
    """
    return _DEMO.get(django_db_blocker, _load_demo)


@pytest.fixture(autouse=True)
def _demo_still_loaded(request):
    """A module-scoped fixture keeps its value for the whole module: check that the demo
    rows behind it are still there (tests/shared.py)."""
    if _DEMO.name in request.fixturenames:
        assert _DEMO.holds(request.getfixturevalue(_DEMO.name)), "the demo data was rolled back"


def pytest_collection_modifyitems(config, items):
    """First the `heavy` tests (the access matrix), then the others, then the tests sharing
    the demo data, one after another, and last those that commit (as pytest-django orders
    them); each kind in its usual order. `--dist worksteal` starts each worker on a contiguous
    share of this list, and a worker with nothing left takes the end of another's: the worker
    that starts with the long tests ends with few others, and the demo tests, at the end of
    another's share, all run on that worker after one load of the demo data."""

    def rank(item):
        if transactional(item):
            return 3
        if _DEMO.name in item.fixturenames:
            return 2
        return 0 if item.get_closest_marker("heavy") else 1

    items.sort(key=rank)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the test's own teardown: roll back the shared rows the next test does not need."""
    try:
        return (yield)
    finally:
        SharedRows.release(item, nextitem)
