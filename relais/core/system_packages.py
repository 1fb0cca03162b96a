"""The Debian packages relais needs, from system-packages.txt at the root of the repository: the
one list that the README's apt-get line, make install (scripts/check-system.sh), .ci/run,
scripts/fresh-machine.sh and the system checks (checks.py) share."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

NEEDED = ("required", "optional")  # what make install checks and the README's apt-get line installs


@dataclass(frozen=True)
class SystemPackage:
    name: str  # the Debian package
    need: str  # required, optional, e2e, production, rehearsal
    group: str  # tools, front-end, pdf, python, browser, database
    probe: str  # cmd:NAME, lib:SONAME, file:GLOB (scripts/check-system.sh)
    purpose: str  # what it is for, and what degrades without it


def list_path() -> Path:
    return Path(settings.BASE_DIR) / "system-packages.txt"


def system_packages(path: Path | None = None) -> list[SystemPackage]:
    """The packages of the list, in its order; none if the file is not there (a deployment
    without the repository's root files)."""
    try:
        text = (path or list_path()).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    packages = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, need, group, probe, purpose = line.split(None, 4)
        packages.append(SystemPackage(name, need, group, probe, purpose))
    return packages


def package_names(*, needs=NEEDED, group: str | None = None) -> list[str]:
    return [
        p.name for p in system_packages() if p.need in needs and (group is None or p.group == group)
    ]


def install_command(*, needs=NEEDED, group: str | None = None) -> str:
    """`apt-get install ...` for these packages (as root; with sudo otherwise)."""
    names = package_names(needs=needs, group=group)
    if not names:
        return "apt-get install (the packages of system-packages.txt, see README.md)"
    return "apt-get install " + " ".join(names)
