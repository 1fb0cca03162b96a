"""system-packages.txt is the one list of Debian packages: the README's apt-get line (French and
English parts), the operator guide and the system checks follow it."""

import re
from pathlib import Path

from relais.core import system_packages as sp

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FRENCH, ENGLISH = README.split("\n## English\n", 1)
APT_LINE = re.compile(r"^(?:sudo )?apt-get install (?P<names>[a-z0-9.+ -]+)$", re.MULTILINE)


def test_the_list_is_well_formed():
    packages = sp.system_packages()
    names = [p.name for p in packages]
    assert len(names) == len(set(names))
    for package in packages:
        assert package.need in {"required", "optional", "e2e", "production", "rehearsal"}
        assert package.probe.split(":", 1)[0] in {"cmd", "lib", "file"}, package
        assert package.purpose
    assert {"libpango-1.0-0", "libharfbuzz-subset0", "nodejs", "npm"} <= set(names)
    assert {p.name: p.need for p in packages}["libharfbuzz-subset0"] == "optional"


def test_a_missing_list_gives_a_hint_that_still_helps(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    assert sp.system_packages() == []
    assert "system-packages.txt" in sp.install_command(group="pdf")


def test_install_command_follows_the_list():
    assert sp.install_command(needs=("required",), group="pdf") == (
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
    )
    assert sp.install_command(needs=("e2e",)) == "apt-get install chromium"


def test_the_readme_opens_with_make_run_and_make_test():
    first_block = README.split("```")[1]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()[1:]] == [
        "make run",
        "make test",
    ]


def test_each_part_of_the_readme_has_one_apt_get_line_with_the_list():
    needed = sp.package_names()
    for part in (FRENCH, ENGLISH):
        lines = APT_LINE.findall(part)
        assert len(lines) == 1, lines
        assert lines[0].split() == needed


def test_each_part_of_the_readme_names_every_package_and_the_optional_ones():
    for part in (FRENCH, ENGLISH):
        for package in sp.system_packages():
            assert f"`{package.name}`" in part, package.name
    assert "*facultatif*" in FRENCH
    assert "Optional:" in ENGLISH


def test_the_operator_guide_points_to_the_list():
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "../README.md#prérequis" in operations
    assert "../system-packages.txt" in operations
    assert "scripts/check-system.sh" in operations
