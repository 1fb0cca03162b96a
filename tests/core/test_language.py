import pytest


@pytest.mark.django_db
def test_pages_are_french_whatever_the_browser_prefers(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.text


@pytest.mark.django_db
def test_the_language_switch_is_honoured(client):
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    response = client.get("/")
    assert response.headers["Content-Language"] == "nl"
