"""The search columns of a service (see Service.latitude and the fields after it), filled for
the services that exist from their locations and their OpeningInterval rows."""

import relais.directory.fields
from django.conf import settings
from django.db import migrations, models

# Service.geo_cell (relais.directory.grid.cell_of); the values are never negative, so the
# casts' truncation is a floor.
CELL = (
    "CAST(FLOOR((latitude + 90) * 20) AS INTEGER) * 10000 "
    "+ CAST(FLOOR((longitude + 180) * 20) AS INTEGER)"
)

# The grid cells of a service's located places as words of its search text (grid.tokens).
LOCATION_CELL = CELL.replace("latitude", "l.latitude").replace("longitude", "l.longitude")

FILL = {
    "postgresql": [
        f"""UPDATE directory_service s SET search_text = s.search_text || cells.words
            FROM (SELECT l.service_id, string_agg(DISTINCT ' zc' || ({LOCATION_CELL}), '') AS words
                  FROM directory_location l
                  WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL
                  GROUP BY l.service_id) cells
            WHERE cells.service_id = s.id""",
        """UPDATE directory_service s
           SET latitude = f.latitude, longitude = f.longitude, located_places = f.places
           FROM (SELECT DISTINCT ON (service_id) service_id, latitude, longitude,
                        count(*) OVER (PARTITION BY service_id) AS places
                 FROM directory_location
                 WHERE latitude IS NOT NULL AND longitude IS NOT NULL
                 ORDER BY service_id, id) f
           WHERE f.service_id = s.id""",
        f"UPDATE directory_service SET geo_cell = {CELL} WHERE latitude IS NOT NULL",
        """UPDATE directory_service s
           SET week_hours = w.regular, holiday_hours = w.holiday
           FROM (SELECT service_id,
                        coalesce(range_agg(int4range(start, "end")) FILTER (WHERE NOT holiday),
                                 '{}') AS regular,
                        coalesce(range_agg(int4range(start, "end")) FILTER (WHERE holiday),
                                 '{}') AS holiday
                 FROM directory_openinginterval GROUP BY service_id) w
           WHERE w.service_id = s.id""",
    ],
    "sqlite": [
        f"""UPDATE directory_service SET search_text = search_text || coalesce(
               (SELECT group_concat(word, '') FROM (
                    SELECT DISTINCT ' zc' || ({LOCATION_CELL}) AS word FROM directory_location l
                    WHERE l.service_id = directory_service.id
                      AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL)), '')""",
        """UPDATE directory_service SET
           latitude = (SELECT l.latitude FROM directory_location l
                       WHERE l.service_id = directory_service.id
                         AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
                       ORDER BY l.id LIMIT 1),
           longitude = (SELECT l.longitude FROM directory_location l
                        WHERE l.service_id = directory_service.id
                          AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
                        ORDER BY l.id LIMIT 1),
           located_places = (SELECT count(*) FROM directory_location l
                             WHERE l.service_id = directory_service.id
                               AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL)""",
        f"UPDATE directory_service SET geo_cell = {CELL} WHERE latitude IS NOT NULL",
        """UPDATE directory_service SET
           week_hours = (SELECT coalesce(json_group_array(json_array(start, "end")), '[]')
                         FROM (SELECT start, "end" FROM directory_openinginterval
                               WHERE service_id = directory_service.id AND NOT holiday
                               ORDER BY start)),
           holiday_hours = (SELECT coalesce(json_group_array(json_array(start, "end")), '[]')
                            FROM (SELECT start, "end" FROM directory_openinginterval
                                  WHERE service_id = directory_service.id AND holiday
                                  ORDER BY start))""",
    ],
}


# PostgreSQL: the weekly slots indexed too, so that "open at" a quiet moment (a Sunday at 3 h:
# night shelters, 24/7 services) joins the other indexes of a search (a GiST index on the
# multirange; a busy moment is tested in the row). Django does not know this index.
PG_INDEXES = [
    "CREATE INDEX IF NOT EXISTS directory_service_week_hours_idx ON directory_service "
    "USING gist (week_hours)",
]


def fill(apps, schema_editor):
    for statement in FILL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)
    if schema_editor.connection.vendor == "postgresql":
        # The UPDATEs above left deferred foreign-key checks pending, and PostgreSQL creates
        # no index on a table with pending trigger events: run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE", params=None)
        for statement in PG_INDEXES:
            schema_editor.execute(statement, params=None)


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_week_hours_idx", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0004_service_search_vector'),
        ('network', '0003_network_time_zone_validator'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='service',
            name='holiday_hours',
            field=relais.directory.fields.WeekRangesField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='service',
            name='latitude',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='service',
            name='located_places',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='service',
            name='longitude',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='service',
            name='week_hours',
            field=relais.directory.fields.WeekRangesField(blank=True, default=list, editable=False),
        ),
        migrations.RemoveIndex(
            model_name='service',
            name='directory_s_network_ade055_idx',
        ),
        migrations.AddField(
            model_name='service',
            name='geo_cell',
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['geo_cell'], name='directory_service_cell_idx'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(condition=models.Q(('located_places__gt', 1)), fields=['located_places'], name='directory_service_places_idx'),
        ),
        migrations.RunPython(fill, unfill, elidable=False),
    ]
