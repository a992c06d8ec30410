"""security/known-vulnerabilities.txt stays true: `make audit` ignores only what truly cannot be upgraded.

Each entry must name the version pinned in requirements/lock.txt (after an upgrade, review the entry: the
vulnerability may be gone), and every fixed version it names must be refused by an installed package's
requirement (Rasa's, or TensorFlow's for keras): otherwise upgrade instead of ignoring.
"""

from __future__ import annotations

import functools
import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

KNOWN = ROOT / "security" / "known-vulnerabilities.txt"
LOCK = ROOT / "requirements" / "lock.txt"
ID = re.compile(r"(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|PYSEC-\d{4}-\d+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def entries() -> list[list[str]]:
    lines = [line for line in KNOWN.read_text().splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [[field.strip() for field in line.split("|")] for line in lines]


def pins() -> dict[str, str]:
    return {
        normalise(name): version
        for name, _, version in (line.partition("==") for line in LOCK.read_text().splitlines() if "==" in line)
    }


@functools.cache
def installed_requirements() -> dict[str, list[tuple[str, Requirement]]]:
    """package -> (who, requirement) of every installed distribution that requires it (markers evaluated)."""
    found: dict[str, list[tuple[str, Requirement]]] = {}
    for dist in metadata.distributions():
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                found.setdefault(normalise(requirement.name), []).append((dist.metadata["Name"], requirement))
    return found


def test_the_list_is_well_formed() -> None:
    rows = entries()
    assert rows, "an empty list: then remove the --ignore-vuln handling instead"
    for row in rows:
        assert len(row) == 5 and all(row), f"id | package | version | why | exposure: {row}"
        assert ID.fullmatch(row[0]), row[0]
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.mark.parametrize("row", entries(), ids=lambda row: row[0])
def test_each_entry_is_the_pinned_version_and_cannot_be_upgraded(row: list[str]) -> None:
    vuln_id, package, version, why, _exposure = row
    package = normalise(package)
    assert pins().get(package) == version, f"{vuln_id}: lock.txt pins {package}=={pins().get(package)}: review"
    fixes = [Version(v) for v in re.findall(r"\b(\d+\.\d+(?:\.\d+)?)\b", why.split(";")[0])]
    assert fixes, f"{vuln_id}: say which version fixes it ('fixed in X')"
    blockers = installed_requirements().get(package, [])
    for fix in fixes:
        refused_by = [who for who, requirement in blockers if not requirement.specifier.contains(fix, prereleases=True)]
        assert refused_by, f"{vuln_id}: {package} {fix} is allowed by every requirement: upgrade instead"
