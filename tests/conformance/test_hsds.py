"""The HSDS 3.0 export validates against Open Referral's schemas.

The schemas are read from HSDS_SCHEMA_DIR (default: `../shared/interop/hsds-3.0` beside the
repository, or `$RELAIS_SHARED_DIR/interop/hsds-3.0`); they are not copied into the project
(CC BY-SA). Their `$ref`s are resolved with jsonschema + referencing, the files being
registered under the address the specification publishes them at. Run with
`make conformance`.

Checked for every exported service: the compiled service object (`compiled/service.json`),
the modular one (`service.json`, whose `$ref`s pull in phone.json, schedule.json…), the
formats (uuid, email, uri, date-time) and the tabular types (`datapackage_type`: date,
datetime, time), and that no property outside the specification is sent. Every page is
checked against the reference API's `/services` response (`Page` + `compiled/service_list.json`).
"""

import json
import os
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from relais.directory.models import Service
from tests.directory.factories import LocationFactory, NoticeFactory, ServiceFactory
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.conformance

REPO = Path(__file__).resolve().parents[2]
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
LIST = "/api/v1/export/hsds/services"


def schema_dir() -> Path:
    if os.environ.get("HSDS_SCHEMA_DIR"):
        return Path(os.environ["HSDS_SCHEMA_DIR"])
    if os.environ.get("RELAIS_SHARED_DIR"):
        return Path(os.environ["RELAIS_SHARED_DIR"]) / "interop" / "hsds-3.0"
    return REPO.parent / "shared" / "interop" / "hsds-3.0"


@cache
def registry() -> Registry:
    folder = schema_dir()
    assert (folder / "compiled" / "service.json").is_file(), (
        f"HSDS 3.0 schemas not found in {folder} (set HSDS_SCHEMA_DIR)"
    )
    resources = []
    for path in sorted(folder.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = BASE + path.relative_to(folder).as_posix()
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


# Formats and tabular types the stock checker leaves alone.
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("mailto", "tel", "urn")))


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.tzinfo is not None and "T" in value


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:\d{2})?$")


def _datapackage_type(validator, kind, instance, schema):
    if not isinstance(instance, str):
        return
    try:
        if kind == "date":
            date.fromisoformat(instance)
        elif kind == "datetime":
            assert _date_time(instance)
        elif kind == "time" and not _TIME.match(instance):
            raise ValueError
    except (ValueError, AssertionError):
        yield ValidationError(f"{instance!r} is not a valid {kind} (datapackage_type)")


HSDSValidator = validators.extend(Draft202012Validator, {"datapackage_type": _datapackage_type})


def validator(ref: str) -> Draft202012Validator:
    return HSDSValidator({"$ref": ref}, registry=registry(), format_checker=FORMATS)


@cache
def compiled_service():
    return registry().contents(BASE + "compiled/service.json")


def unknown_properties(instance, schema, path="service") -> list[str]:
    """Properties the specification does not define (the schemas allow them; we do not)."""
    found = []
    if isinstance(instance, dict) and "properties" in schema:
        for key, value in instance.items():
            if key not in schema["properties"]:
                found.append(f"{path}.{key}")
            else:
                found += unknown_properties(value, schema["properties"][key], f"{path}.{key}")
    elif isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            found += unknown_properties(item, schema["items"], f"{path}[{index}]")
    return found


def assert_conforms(document: dict) -> None:
    errors = [
        f"{ref}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for ref in (BASE + "compiled/service.json", BASE + "service.json")
        for e in validator(ref).iter_errors(document)
    ]
    assert not errors, "\n".join(errors[:20])
    assert unknown_properties(document, compiled_service()) == []


PAGE = BASE + "openapi.json#/paths/~1services/get/responses/200/content/application~1json/schema"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def assert_page_conforms(page: dict) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(PAGE).iter_errors(page)
    ]
    assert not errors, "\n".join(errors[:20])
    assert set(page) == PAGE_KEYS


def test_the_validators_do_reject_what_is_wrong():
    """The checks bite: a wrong document fails each of them."""
    good = {
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "name": "Abri de nuit",
        "status": "active",
        "schedules": [{"id": "c5f5b3d2-5e4a-4a7e-9d1e-2f4f0d1e6a11", "opens_at": "20:00"}],
    }
    assert_conforms(good)
    for key, value in [
        ("id", "12"),  # not a uuid
        ("status", "open"),  # not in the enum
        ("url", "relais/services/12"),  # not an absolute URI
        ("last_modified", "2024-13-01"),  # not a date-time
        ("assured_date", "01/02/2024"),  # not an ISO date (datapackage_type)
        ("schedules", [{"id": good["schedules"][0]["id"], "opens_at": "8h"}]),
        ("schedules", [{"opens_at": "20:00"}]),  # id missing
    ]:
        with pytest.raises(AssertionError):
            assert_conforms({**good, key: value})
    assert unknown_properties({**good, "axes": []}, compiled_service()) == ["service.axes"]


@pytest.fixture
def demo(db):
    """The demo data: five networks and their ~200 services."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def edge_cases(db):
    """Services of every shape the demo may not have today."""
    namur = NetworkFactory(slug="namur-hsds", country="BE")
    le_mans = NetworkFactory(
        slug="le-mans-hsds", country="FR", time_zone="Europe/Paris", axes=["aide_alimentaire"]
    )
    organisation = OrganisationFactory(enterprise_number="0207.373.429")
    french = OrganisationFactory(country="FR", enterprise_number="35600000000048")
    ServiceFactory(
        network=namur,
        organisation=organisation,
        night_shelter=True,
        languages=["fr", "ar", "uk", "sgn"],
        phone="081 24 86 00",
        email="abri@example.org",
        website="https://example.org/abri",
        welcomes=["jeunes_18_25"],
        access_modes=["walk_in"],
        capacity=24,
        capacity_unit="beds",
        conditions="Accueil inconditionnel.",
        verified=True,
    )
    weekend = ServiceFactory(
        network=namur,
        organisation=organisation,
        name="Accueil du week-end",
        opening_hours="Fr 18:00-24:00; Sa,Su 00:00-24:00; Mo 00:00-08:00",
    )
    NoticeFactory(service=weekend, closed=True)
    ServiceFactory(
        network=namur,
        organisation=organisation,
        name="Travail de rue",
        axes=["travail_de_rue"],
        opening_hours="Mo-Fr 10:00-12:00,14:00-18:00; PH off",
        locations=[LocationFactory.build(mobile=True, area_served="Centre et gare")],
    )
    ServiceFactory(
        network=le_mans,
        organisation=french,
        name="Épicerie sociale",
        axes=["aide_alimentaire"],
        thematiques=["equipement-et-alimentation--alimentation"],
        publics=["familles"],
        cost="participation",
        cost_details="10 % du prix",
        opening_hours="Su 22:00-02:00",
        locations=[
            LocationFactory.build(
                address="12 rue de la Paix",
                postcode="72000",
                municipality="Le Mans",
                latitude=48.0078,
                longitude=0.1978,
            )
        ],
    )
    ServiceFactory(network=namur, organisation=organisation, always_open=True)
    ServiceFactory(
        network=le_mans,
        organisation=french,
        axes=["aide_alimentaire"],
        opening_hours="",
        locations=[],
    )
    ServiceFactory(network=namur, organisation=organisation, professionals=True)
    # Hours that depend on the date, and hours in words: schedules with a description only.
    ServiceFactory(
        network=namur,
        organisation=organisation,
        opening_hours="Mo-Fr 09:00-12:00, Sa[1] 10:00-12:00",
        hours_text="Sur rendez-vous le mardi soir.",
    )


def _all_pages(client, **params) -> list[dict]:
    pages, number = [], 1
    while True:
        response = client.get(LIST, {"page": number, **params})
        assert response.status_code == 200, response.content
        page = response.json()
        pages.append(page)
        if page["last_page"]:
            return pages
        number += 1


def _check_every_service(client) -> list[dict]:
    public = Service.objects.filter(visibility="public").count()
    pages = _all_pages(client, per_page=100)
    documents = [d for page in pages for d in page["contents"]]
    assert len(documents) == public
    assert len({d["id"] for d in documents}) == public
    for page in pages:
        assert_page_conforms(page)
    for document in documents:
        assert_conforms(document)
        detail = client.get(f"{LIST}/{document['id']}")
        assert detail.status_code == 200
        assert detail.json() == document
    return documents


def _kinds(documents) -> dict[str, bool]:
    return {
        "night": any(s["closes_at"] < s["opens_at"] for d in documents for s in d["schedules"]),
        "day and night": any(
            s["closes_at"] == s["opens_at"] for d in documents for s in d["schedules"]
        ),
        "mobile": any(d["service_areas"] for d in documents),
        "belgian": any(
            a["country"] == "BE"
            for d in documents
            for sal in d["service_at_locations"]
            for a in sal["location"]["addresses"]
        ),
        "french": any(
            a["country"] == "FR"
            for d in documents
            for sal in d["service_at_locations"]
            for a in sal["location"]["addresses"]
        ),
    }


def test_every_demo_service_conforms(client, demo):
    documents = _check_every_service(client)
    assert len(documents) >= 150
    kinds = _kinds(documents)
    assert all(kinds.values()), kinds


def test_every_edge_case_conforms(client, edge_cases):
    documents = _check_every_service(client)
    assert len(documents) == 7
    kinds = _kinds(documents)
    kinds["closed"] = any(d["status"] == "temporarily closed" for d in documents)
    kinds["hours in words"] = any(
        "opens_at" not in s and s.get("description") for d in documents for s in d["schedules"]
    )
    kinds["longer than a day"] = any(
        s["opens_at"] == "00:00" and s["closes_at"] == "00:00"
        for d in documents
        if d["name"] == "Accueil du week-end"
        for s in d["schedules"]
    )
    assert all(kinds.values()), kinds


def test_an_empty_page_conforms(client, db):
    response = client.get(LIST)
    page = response.json()
    assert_page_conforms(page)
    assert page["empty"] is True and page["contents"] == []
