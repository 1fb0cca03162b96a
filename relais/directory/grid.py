"""A grid over the Earth for the "near here" search: cells of 0.05° of latitude by 0.05° of
longitude (about 5.6 km by 3.6 km in Belgium and Sarthe).

`Service.geo_cell` holds the cell of the service's first located place, with an index. A
radius search asks for the cells that its bounding box touches: the index returns the
services of those cells only (a b-tree on latitude and longitude would read the whole band of
latitude and filter the longitudes), and PostgreSQL's planner knows from its statistics how
many there are. The exact distance is tested afterwards on the service's row.

SQLite answers with one index per table, so there the cells are also words of the search text
(`token`: "zc28093697", one per located place of the service): a search with words and a radius
asks the full-text index for both at once (`search.fts5_query`), which intersects them without
reading a row, instead of reading every service that has the words.
"""

import math

CELLS_PER_DEGREE = 20
_LONGITUDE_CELLS = 10_000  # > 360 × 20: a cell number is (latitude row) × 10 000 + column

# Beyond this many cells (a radius of about 60 km), the search asks for the rows of latitude
# instead: a few ranges of cell numbers, each read whole.
MAX_CELLS = 1000


def _row(latitude: float) -> int:
    return math.floor((latitude + 90) * CELLS_PER_DEGREE)


def _column(longitude: float) -> int:
    return math.floor((longitude + 180) * CELLS_PER_DEGREE)


def cell_of(latitude: float | None, longitude: float | None) -> int | None:
    """The cell of a point (None without coordinates)."""
    if latitude is None or longitude is None:
        return None
    return _row(latitude) * _LONGITUDE_CELLS + _column(longitude)


def cells_in(
    lat_min: float, lat_max: float, lon_min: float, lon_max: float
) -> list[int] | list[tuple[int, int]]:
    """The cells that the box touches, as a list of cell numbers; or, when there are more than
    MAX_CELLS of them, as (first, last) ranges of cell numbers, one per row of latitude.
    Longitudes are clamped to [-180, 180] (a box across the antimeridian is not split: no
    network is there)."""
    lon_min, lon_max = max(lon_min, -180.0), min(lon_max, 180.0 - 1e-9)
    rows = range(_row(max(lat_min, -90.0)), _row(min(lat_max, 90.0 - 1e-9)) + 1)
    columns = range(_column(lon_min), _column(lon_max) + 1)
    if len(rows) * len(columns) > MAX_CELLS:
        return [
            (row * _LONGITUDE_CELLS + columns[0], row * _LONGITUDE_CELLS + columns[-1])
            for row in rows
        ]
    return [row * _LONGITUDE_CELLS + column for row in rows for column in columns]


def token(cell: int) -> str:
    """The word of the search text that stands for a cell (letters and digits only, so the
    full-text tokenizers keep it whole; no French or Dutch word looks like it)."""
    return f"zc{cell}"


def tokens(points) -> list[str]:
    """The cell words of located places (latitude, longitude), each once, in order."""
    seen: list[str] = []
    for latitude, longitude in points:
        cell = cell_of(latitude, longitude)
        if cell is not None and token(cell) not in seen:
            seen.append(token(cell))
    return seen
