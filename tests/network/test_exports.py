"""The members list as CSV, XLSX and PDF: open the produced files and read them back."""

import csv
import io
import re
import zlib
from datetime import date

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from relais.network import exports
from tests.factories import (
    CharterVersionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    coordinator_of,
    login_with_second_factor,
)

pytestmark = pytest.mark.django_db

HEADERS = [
    "Organisation",
    "Qualité",
    "Membre depuis",
    "Siège approuvé par l'AG le",
    "Code postal",
    "Commune",
    "Téléphone",
    "Site web",
    "Dernière signature de la charte",
]


@pytest.fixture
def network():
    network = NetworkFactory(slug="brabant-wallon", name="Relais social du Brabant wallon")
    v1 = CharterVersionFactory(network=network, number=1, approved_on=date(2019, 5, 1))
    v2 = CharterVersionFactory(network=network, number=2, approved_on=date(2021, 10, 18))
    cpas = OrganisationFactory(
        name="CPAS de Wavre",
        postcode="1300",
        municipality="Wavre",
        phone="+32 10 23 43 11",
        website="https://www.cpas-wavre.example",
    )
    SignatureFactory(charter_version=v1, organisation=cpas, signed_on=date(2019, 6, 3))
    SignatureFactory(charter_version=v2, organisation=cpas, signed_on=date(2021, 11, 8))
    MembershipFactory(
        network=network,
        organisation=cpas,
        started_on=date(2019, 6, 10),
        kind="ga_member",
        ga_approved_on=date(2019, 9, 20),
    )
    # A name a spreadsheet would run as a formula: it must stay text.
    abri = OrganisationFactory(name='=HYPERLINK("http://x")', postcode="1340")
    SignatureFactory(charter_version=v2, organisation=abri, signed_on=date(2022, 2, 1))
    MembershipFactory(network=network, organisation=abri, started_on=date(2022, 2, 15))
    # Not members: an applicant, a former member, a member of another network.
    MembershipFactory(network=network, applicant=True)
    MembershipFactory(network=network, status="left", ended_on=date(2023, 1, 1))
    MembershipFactory(organisation=OrganisationFactory(name="Ailleurs"))
    return network


@pytest.fixture
def coord(network) -> Client:
    client = Client()
    login_with_second_factor(client, coordinator_of(network))
    return client


def pdf_streams(pdf: bytes) -> bytes:
    """The PDF's compressed streams, inflated (where WeasyPrint keeps the metadata)."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def get(client, name):
    return client.get(reverse(name, args=["brabant-wallon"]))


def test_rows_are_the_active_members_in_name_order(network):
    rows = exports.member_rows(network)
    assert [row[0] for row in rows] == ['=HYPERLINK("http://x")', "CPAS de Wavre"]
    assert rows[1] == [
        "CPAS de Wavre",
        "membre effectif",
        date(2019, 6, 10),
        date(2019, 9, 20),
        "1300",
        "Wavre",
        "+32 10 23 43 11",
        "https://www.cpas-wavre.example",
        date(2021, 11, 8),  # the latest accepted signature
    ]


def test_csv(coord):
    response = get(coord, "network:members_csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="membres-brabant-wallon-' in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # Excel reads UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == HEADERS
    assert rows[2] == [
        "CPAS de Wavre",
        "membre effectif",
        "2019-06-10",
        "2019-09-20",
        "1300",
        "Wavre",
        "+32 10 23 43 11",
        "https://www.cpas-wavre.example",
        "2021-11-08",
    ]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'  # never a formula
    assert rows[1][1] == "partenaire"
    assert rows[1][3] == ""
    assert len(rows) == 3


def test_xlsx(coord):
    response = get(coord, "network:members_xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[2][0] == "CPAS de Wavre"
    assert rows[2][2].date() == date(2019, 6, 10)
    assert rows[2][8].date() == date(2021, 11, 8)
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert len(rows) == 3
    assert sheet.freeze_panes == "A2"


def test_pdf(coord):
    response = get(coord, "network:members_pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content.rstrip().endswith(b"%%EOF")
    streams = pdf_streams(response.content)
    assert b"/Producer (WeasyPrint" in streams
    assert b"/Title (Membres de Relais social du Brabant wallon)" in streams


def test_pdf_content(network):
    context = exports.members_pdf_context(network)
    html = render_to_string("network/pdf/members.html", context)
    assert "Relais social du Brabant wallon" in html
    assert "2 organisations membres" in html
    assert "CPAS de Wavre" in html
    assert "20/09/2019" in html
    assert "<style>" in html and "size: A4 landscape" in html


def test_pdf_of_a_network_without_members():
    network = NetworkFactory()
    coordinator = coordinator_of(network)
    client = Client()
    login_with_second_factor(client, coordinator)
    response = client.get(reverse("network:members_pdf", args=[network.slug]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_export_query_count(coord, network, django_assert_num_queries):
    get(coord, "network:members_csv")
    # session, user, second factor, network of the coordinator, members, session save (3).
    with django_assert_num_queries(8):
        get(coord, "network:members_csv")
