import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """TOTP codes are single-use through the cache: start every test with an empty one."""
    cache.clear()
    yield
    cache.clear()
