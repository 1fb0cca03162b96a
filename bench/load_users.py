"""The simulated users of bench/load.py (locust): the public directory and workers.

Not run on its own: bench/load.py prepares the database and the server, fills `PLAN` (what
to ask: service ids, guide places, the demo accounts) and paces the users through
`PLAN.rate`, the offered rate of the current step in requests per second.

Mix of requests (the issue's): 60 % directory searches (public directory page, search page,
API), 20 % service sheets (public page, API), 15 % a worker's person files (read a file,
write a note, with a bearer token), 5 % pocket guides (PDF) and exports (HSDS pages). Public
users make 85 % of the offered rate, worker users the other 15 %, each kind split evenly
between its users.

Every request carries the headers a production proxy adds (`X-Forwarded-Proto: https`,
`X-Forwarded-For`); every target is the loopback server bench/load.py started.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyotp
from locust import FastHttpUser, task

PUBLIC_SHARE = 0.85
WORKER_SHARE = 0.15


@dataclass
class Plan:
    """What bench/load.py tells the users."""

    rate: float = 10.0  # offered requests per second, all users together
    public_users: int = 1
    worker_users: int = 1
    service_ids: list[tuple[str, int]] = field(default_factory=list)  # (network slug, id)
    guides: list[tuple[str, str, str]] = field(default_factory=list)  # (slug, municipality, axis)
    hsds_pages: dict[str, int] = field(default_factory=dict)  # slug -> pages of 50
    network_axes: dict[str, list[str]] = field(default_factory=dict)  # slug -> its axes
    accounts: list[str] = field(default_factory=list)
    password: str = ""
    totp_secret: str = ""
    seed: int = 0


PLAN = Plan()

# Searches people make: a need, sometimes a word, around a town, often "open now".
WORDS = ["", "", "", "abri", "accueil", "colis", "douche", "repas", "épicerie", "permanence",
         "logement", "soins", "vestiaire", "laverie", "dou", "resto", "nuit", "écoute"]  # fmt: skip
# (network, town or postcode as typed in the public directory, its centre)
PLACES = [
    ("namur", "Namur", (50.4657, 4.8661)),
    ("namur", "5100", (50.4545, 4.8790)),  # Jambes, by its postcode
    ("mons-borinage", "Mons", (50.4542, 3.9523)),
    ("mons-borinage", "Quaregnon", (50.4406, 3.8650)),
    ("luxembourg", "Arlon", (49.6833, 5.8167)),
    ("luxembourg", "Marche-en-Famenne", (50.2268, 5.3442)),
    ("brabant-wallon", "Wavre", (50.7170, 4.6080)),
    ("brabant-wallon", "Nivelles", (50.5981, 4.3285)),
    ("le-mans", "Le Mans", (48.0061, 0.1996)),
]
RADII = ["", "1", "2", "5", "10"]
LANGUAGES = ["", "", "", "nl", "en", "ar"]


class Paced:
    """Waits so that a user makes `share × PLAN.rate / users` requests per second (each user
    starting at a random phase), whatever the rate of the current step."""

    share = 1.0

    def users(self) -> int:
        return 1

    def wait_time(self):
        rate = max(PLAN.rate * self.share / max(self.users(), 1), 0.01)
        interval = 1.0 / rate
        now = time.monotonic()
        previous = getattr(self, "_paced_at", None)
        if previous is None:
            self._paced_at = now + random.uniform(0, interval)
            return self._paced_at - now
        self._paced_at = max(previous + interval, now)
        return self._paced_at - now


def _axis(network: str) -> str:
    """No axis half of the time, else one of the network's (its public directory offers
    those only)."""
    axes = PLAN.network_axes.get(network) or []
    return random.choice(axes) if axes and random.random() < 0.5 else ""


def _proxy_headers(address: str) -> dict:
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": address}


class PublicVisitor(Paced, FastHttpUser):
    """Someone looking for help, or a worker orienting someone: no login."""

    share = PUBLIC_SHARE
    weight = 1

    def users(self) -> int:
        return PLAN.public_users

    def on_start(self):
        self.headers = _proxy_headers(f"127.1.{random.randint(0, 255)}.{random.randint(1, 254)}")

    def _get(self, path, name, params=None):
        with self.client.get(
            path, params=params, headers=self.headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")

    # -- 60 %: searches ---------------------------------------------------------------------

    def _search_params(self) -> dict:
        network, town, _centre = random.choice(PLACES)
        params = {"q": random.choice(WORDS), "axis": _axis(network), "near": town}
        radius = random.choice(RADII)
        if radius:
            params["radius"] = radius
        if random.random() < 0.5:
            params["when"] = "now"
        if random.random() < 0.15:
            params["page"] = "2"
        return network, {k: v for k, v in params.items() if v}

    @task(30)
    def public_directory(self):
        network, params = self._search_params()
        language = random.choice(LANGUAGES)
        if language:
            params["lang"] = language
        self._get(f"/annuaire/public/{network}/", "search: public directory", params)

    @task(10)
    def search_page(self):
        network, params = self._search_params()
        params["network"] = network
        self._get("/annuaire/", "search: search page", params)

    @task(20)
    def api_search(self):
        network, town, (lat, lon) = random.choice(PLACES)
        params = {"network": network}
        if word := random.choice(WORDS):
            params["q"] = word
        if axis := _axis(network):
            params["axis"] = axis
        if random.random() < 0.7:
            jitter = random.uniform(-0.01, 0.01)
            params["near"] = f"{lat + jitter:.5f},{lon + jitter:.5f}"
            params["radius_km"] = random.choice(["1", "2", "5", "10"])
        else:
            params["postcode" if town.isdigit() else "municipality"] = town
        if random.random() < 0.5:
            params["open_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self._get("/api/v1/services", "search: API", params)

    # -- 20 %: sheets -----------------------------------------------------------------------

    @task(14)
    def public_sheet(self):
        network, pk = random.choice(PLAN.service_ids)
        params = {"lang": language} if (language := random.choice(LANGUAGES)) else None
        self._get(f"/annuaire/public/{network}/services/{pk}/", "sheet: public page", params)

    @task(6)
    def api_sheet(self):
        _network, pk = random.choice(PLAN.service_ids)
        self._get(f"/api/v1/services/{pk}", "sheet: API")

    # -- 5 %: guides and exports ------------------------------------------------------------

    @task(2)
    def guide(self):
        network, municipality, axis = random.choice(PLAN.guides)
        params = {"municipality": municipality}
        if axis:
            params["axis"] = axis
        self._get(f"/annuaire/guide/{network}.pdf", "guide: PDF", params)

    @task(3)
    def hsds_page(self):
        network = random.choice(list(PLAN.hsds_pages))
        page = random.randint(1, PLAN.hsds_pages[network])
        self._get(
            "/api/v1/export/hsds/services",
            "export: HSDS page",
            {"network": network, "page": page, "per_page": 50},
        )


_next_account = 0


class Worker(Paced, FastHttpUser):
    """A worker (or organisation admin) of the demo with an 8-hour API token: opens the files
    their organisation may see, and writes notes in the files it opened."""

    share = WORKER_SHARE
    weight = 1

    def users(self) -> int:
        return PLAN.worker_users

    def on_start(self):
        global _next_account
        self.username = PLAN.accounts[_next_account % len(PLAN.accounts)]
        _next_account += 1
        self.headers = _proxy_headers(f"127.2.0.{_next_account % 250 + 1}")
        self.token = self._token()
        self.auth = {**self.headers, "Authorization": f"Bearer {self.token}"}
        listed = self.client.get(
            "/api/v1/persons",
            params={"page_size": 100},
            headers=self.auth,
            name="set-up: person list",
        )
        self.files = [item["id"] for item in listed.json()["items"]]
        self.own_files: list[str] = []

    def _token(self) -> str:
        """POST /api/v1/auth/token with the demo password and the current TOTP code. A code
        is single-use: if another client of the same account used this one, wait for the
        next 30-second step (at most twice, far from the lockout's five failures)."""
        totp = pyotp.TOTP(PLAN.totp_secret)
        for _attempt in range(3):
            response = self.client.post(
                "/api/v1/auth/token",
                json={"username": self.username, "password": PLAN.password, "otp": totp.now()},
                headers=self.headers,
                name="set-up: token",
            )
            if response.status_code == 200:
                return response.json()["token"]
            time.sleep(30 - time.time() % 30 + 0.5)
        raise RuntimeError(f"no token for {self.username}: {response.status_code}")

    @task(2)
    def read_file(self):
        if not self.files:
            return
        person = random.choice(self.files)
        with self.client.get(
            f"/api/v1/persons/{person}",
            headers=self.auth,
            name="worker: read a file",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} reading a file")
                return
            own = response.json()["access"]["basis"] == "own_organisation"
            if own and person not in self.own_files:
                self.own_files.append(person)

    @task(1)
    def write_note(self):
        if not self.own_files:
            return self.read_file()
        person = random.choice(self.own_files)
        with self.client.post(
            f"/api/v1/persons/{person}/notes",
            json={
                "text": f"Passage à l'accueil ({random.randint(1, 10_000)}).",
                "visibility": random.choice(["organisation", "shared"]),
            },
            headers=self.auth,
            name="worker: write a note",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code} writing a note")


def without_guides() -> None:
    """The mix without pocket guides (bench/load.py --no-pdf): their 2 % go to HSDS pages."""
    hsds = PublicVisitor.hsds_page
    kept = [t for t in PublicVisitor.tasks if t is not PublicVisitor.guide]
    PublicVisitor.tasks = kept + [hsds] * (len(PublicVisitor.tasks) - len(kept))
