"""Model fields of the directory."""

import json

from django.db import models

Ranges = list[tuple[int, int]]


def _normalise(value) -> Ranges:
    return [(int(start), int(end)) for start, end in (value or [])]


class WeekRangesField(models.Field):
    """Ranges of minutes of the week, `[(start, end), …]` with `start` included and `end`
    excluded (0 ≤ start < end ≤ 10 080), as `OpeningInterval` rows hold them.

    PostgreSQL stores an `int4multirange`, which "open at" tests inside the service's row
    (`week_hours @> minute`): no subquery per candidate service. Other databases store the
    list as JSON text (the search reads the `OpeningInterval` rows there).
    """

    description = "Ranges of minutes of the week"

    def db_type(self, connection):
        return "int4multirange" if connection.vendor == "postgresql" else "text"

    def get_prep_value(self, value):
        return _normalise(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        ranges = _normalise(value)
        if connection.vendor == "postgresql":
            return "{" + ",".join(f"[{start},{end})" for start, end in ranges) + "}"
        return json.dumps(ranges)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        if isinstance(value, str):
            return _normalise(json.loads(value))
        # psycopg's Multirange of Range objects (bounds normalised to "[)" for integers).
        return [(item.lower, item.upper) for item in value]

    def value_to_string(self, obj) -> str:
        """JSON, for the serializers (dumpdata, loaddata)."""
        return json.dumps(_normalise(self.value_from_object(obj)))

    def to_python(self, value):
        if isinstance(value, str):
            return _normalise(json.loads(value))
        return _normalise(value)
