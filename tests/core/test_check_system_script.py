"""scripts/check-system.sh, run as make install runs it, on a machine that the test makes up: a
PATH holding only stub commands and a stub `ldconfig` that lists the libraries the test wants,
and a file-system root (RELAIS_CHECK_ROOT) holding the files of the file probes."""

import os
import re
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from relais.core.system_packages import NEEDED, system_packages

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check-system.sh"
BASH = "/bin/bash"


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def machine(tmp_path):
    """A made-up machine with every package of the list, but those passed to `run(hide=...)`."""

    def run(*args: str, hide: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        here = Path(tempfile.mkdtemp(dir=tmp_path))
        bin_dir, root = here / "bin", here / "root"
        bin_dir.mkdir()
        sonames = []
        for package in system_packages():
            if package.name in hide:
                continue
            kind, what = package.probe.split(":", 1)
            if kind == "cmd":
                _executable(bin_dir / what, "#!/bin/sh\nexit 0\n")
            elif kind == "lib":
                sonames.append(what)
            elif kind == "file":
                # a glob: its wildcards stand for one name, say "15"
                target = root / what.lstrip("/").replace("*", "15")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("")
        listing = "".join(
            f"\t{so} (libc6,x86-64) => /lib/x86_64-linux-gnu/{so}\\n" for so in sonames
        )
        _executable(
            bin_dir / "ldconfig",
            f"#!{BASH}\nprintf '%d libs found in cache\\n{listing}' {len(sonames)}\n",
        )
        env = {"PATH": str(bin_dir), "RELAIS_CHECK_ROOT": str(root), "HOME": str(tmp_path)}
        return subprocess.run(  # noqa: S603 - our own script
            [BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=30
        )

    return run


INSTALL = r"install it: (sudo )?apt-get install {}$"


def test_all_there(machine):
    result = machine()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "missing" not in result.stdout
    count = len([p for p in system_packages() if p.need in NEEDED])
    assert f"the {count} Debian packages needed (required,optional) are there" in result.stdout


def test_a_missing_optional_package_warns_and_goes_on(machine):
    result = machine(hide=("libharfbuzz-subset0",))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: libharfbuzz-subset0 is missing (optional, pdf)" in result.stdout
    assert "PDFs still work" in result.stdout
    assert re.search(INSTALL.format("libharfbuzz-subset0"), result.stdout, re.MULTILINE)
    assert "going on without libharfbuzz-subset0" in result.stdout


def test_a_missing_required_library_stops(machine):
    result = machine(hide=("libpango-1.0-0", "libharfbuzz-subset0"))
    assert result.returncode == 1
    assert "error: libpango-1.0-0 is missing (required, pdf)" in result.stdout
    assert re.search(INSTALL.format("libpango-1.0-0"), result.stdout, re.MULTILINE)
    # the optional one is named too, but the closing command installs the required ones
    assert "warning: libharfbuzz-subset0 is missing" in result.stdout
    last = result.stdout.splitlines()
    assert re.fullmatch(r"  (sudo )?apt-get install libpango-1.0-0", last[-2])


def test_a_missing_required_command_stops(machine):
    result = machine(hide=("npm", "make"))
    assert result.returncode == 1
    assert "error: make is missing (required, tools)" in result.stdout
    assert "error: npm is missing (required, front-end)" in result.stdout
    assert re.search(r"(sudo )?apt-get install make npm$", result.stdout, re.MULTILINE)


def test_a_missing_file_stops(machine):
    result = machine(hide=("fonts-dejavu-core",))
    assert result.returncode == 1
    assert "error: fonts-dejavu-core is missing (required, pdf)" in result.stdout


def test_other_needs_are_checked_when_asked(machine):
    assert "chromium" not in machine(hide=("chromium",)).stdout
    result = machine("--need", "e2e", hide=("chromium",))
    assert result.returncode == 1
    assert re.search(INSTALL.format("chromium"), result.stdout, re.MULTILINE)
    assert machine("--need", "production").returncode == 0


def test_missing_and_names_print_package_names(machine):
    result = machine("--missing", "required,optional,e2e", hide=("chromium", "git"))
    assert (result.returncode, result.stdout) == (0, "git chromium\n")
    names = machine("--names", "required,optional").stdout.split()
    assert names == [p.name for p in system_packages() if p.need in NEEDED]


def test_a_bad_option_is_refused(machine):
    result = machine("--everything")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_the_real_machine_answers_in_the_same_terms():
    """On this machine, as make install runs it: whatever is installed, each missing package
    is named with its install command, and the exit code follows the required ones."""
    result = subprocess.run(  # noqa: S603 - our own script
        [BASH, str(SCRIPT)], capture_output=True, text=True, timeout=30, env=dict(os.environ)
    )
    errors = re.findall(r"^check-system: error: (\S+) is missing", result.stdout, re.MULTILINE)
    warnings = re.findall(r"^check-system: warning: (\S+) is missing", result.stdout, re.MULTILINE)
    for name in errors + warnings:
        assert re.search(INSTALL.format(re.escape(name)), result.stdout, re.MULTILINE)
    assert result.returncode == (1 if errors else 0)
