"""The register extract of a member and an assembly's minutes as PDF, in French, Dutch or
English (pure: bytes out). Fonts are embedded (Bitstream Vera, shipped with reportlab)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REGULAR, BOLD = "GovernanceVera", "GovernanceVera-Bold"
MARGIN = 50
WIDTH, HEIGHT = A4

WORDS: dict[str, dict[str, str]] = {
    "extract": {
        "fr": "Extrait du registre des parts",
        "nl": "Uittreksel uit het aandelenregister",
        "en": "Share register extract",
    },
    "minutes": {
        "fr": "Procès-verbal de l'assemblée générale",
        "nl": "Notulen van de algemene vergadering",
        "en": "Minutes of the general assembly",
    },
    "member": {"fr": "Membre", "nl": "Lid", "en": "Member"},
    "as_of": {"fr": "À la date du", "nl": "Op datum van", "en": "As of"},
    "category": {"fr": "Catégorie", "nl": "Categorie", "en": "Category"},
    "shares": {"fr": "Parts", "nl": "Aandelen", "en": "Shares"},
    "paid_capital": {"fr": "Capital libéré", "nl": "Volgestort kapitaal", "en": "Paid capital"},
    "since": {"fr": "depuis le", "nl": "sinds", "en": "since"},
    "paid": {"fr": "libérées", "nl": "volgestort", "en": "paid"},
    "redeemed": {"fr": "remboursées", "nl": "terugbetaald", "en": "redeemed"},
    "no_shares": {
        "fr": "Aucune part au registre.",
        "nl": "Geen aandelen in het register.",
        "en": "No shares in the register.",
    },
    "kind": {"fr": "Nature", "nl": "Soort", "en": "Kind"},
    "ordinary": {"fr": "ordinaire", "nl": "gewone", "en": "ordinary"},
    "extraordinary": {"fr": "extraordinaire", "nl": "buitengewone", "en": "extraordinary"},
    "date": {"fr": "Date", "nl": "Datum", "en": "Date"},
    "place": {"fr": "Lieu", "nl": "Plaats", "en": "Place"},
    "attendance": {"fr": "Présences", "nl": "Aanwezigheid", "en": "Attendance"},
    "entitled": {
        "fr": "membres convoqués (actionnaires inscrits à la date d'enregistrement)",
        "nl": "opgeroepen leden (aandeelhouders ingeschreven op de registratiedatum)",
        "en": "members convened (shareholders of record at the record date)",
    },
    "present": {
        "fr": "présents ou représentés",
        "nl": "aanwezig of vertegenwoordigd",
        "en": "present or represented",
    },
    "passed": {"fr": "ADOPTÉE", "nl": "AANGENOMEN", "en": "PASSED"},
    "rejected": {"fr": "REJETÉE", "nl": "VERWORPEN", "en": "REJECTED"},
    "votes": {
        "fr": "Pour {yes}, contre {no}, abstentions {abstain}",
        "nl": "Voor {yes}, tegen {no}, onthoudingen {abstain}",
        "en": "Yes {yes}, no {no}, abstentions {abstain}",
    },
    "elected": {"fr": "Élus", "nl": "Verkozen", "en": "Elected"},
    "receipts": {
        "fr": "La liste des bulletins et de leurs reçus est publiée : chaque votant y retrouve "
        "le sien et chacun peut recompter.",
        "nl": "De lijst van de stembiljetten en hun ontvangstbewijzen is gepubliceerd: elke "
        "kiezer vindt het zijne en iedereen kan hertellen.",
        "en": "The list of ballots and their receipts is published: every voter finds theirs "
        "and anyone can recount.",
    },
}


@cache
def _fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


class _Page:
    def __init__(self, title: str):
        _fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, invariant=1)
        self.canvas.setTitle(title)
        self.y = HEIGHT - MARGIN

    def line(self, text: str, size: float = 10, bold: bool = False, indent: float = 0) -> None:
        font = BOLD if bold else REGULAR
        for row in simpleSplit(text, font, size, WIDTH - 2 * MARGIN - indent):
            if self.y < MARGIN:
                self.canvas.showPage()
                self.y = HEIGHT - MARGIN
            self.canvas.setFont(font, size)
            self.canvas.drawString(MARGIN + indent, self.y, row)
            self.y -= size + 4

    def gap(self) -> None:
        self.y -= 10

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def register_extract(
    member_id: str, entity: str, as_of: str, holdings: list[dict[str, Any]], language: str
) -> bytes:
    """``holdings``: the member's lines of the register (category, shares, paid capital,
    since, history)."""
    words = {key: value[language] for key, value in WORDS.items()}
    page = _Page(f"{words['extract']} {member_id}")
    page.line(f"{words['extract']} — {entity}", 16, bold=True)
    page.gap()
    page.line(f"{words['member']}: {member_id}")
    page.line(f"{words['as_of']} {as_of}")
    page.gap()
    if not holdings:
        page.line(words["no_shares"])
    for holding in holdings:
        page.line(
            f"{words['category']} {holding['category']}: {holding['shares']} "
            f"{words['shares'].lower()} — {words['paid_capital']} {holding['paid_capital']} "
            f"({words['since']} {holding['since']})",
            bold=True,
        )
        for line in holding["history"]:
            page.line(
                f"{line['on']}: {line['shares']} {words[line['what']]} — {line['value']}",
                indent=15,
            )
    return page.finish()


def minutes(assembly: dict[str, Any], language: str) -> bytes:
    """``assembly`` as the API shows it once its vote closed."""
    words = {key: value[language] for key, value in WORDS.items()}
    page = _Page(f"{words['minutes']} {assembly['title']}")
    page.line(words["minutes"], 16, bold=True)
    page.line(assembly["title"], 12, bold=True)
    page.gap()
    page.line(f"{words['kind']}: {words[assembly['kind']]}")
    page.line(f"{words['date']}: {assembly['starts_at']}")
    if assembly.get("place") or assembly.get("online_link"):
        where = " — ".join(filter(None, (assembly.get("place"), assembly.get("online_link"))))
        page.line(f"{words['place']}: {where}")
    page.gap()
    page.line(words["attendance"], 12, bold=True)
    page.line(f"{assembly['entitled']} {words['entitled']}")
    page.line(f"{assembly['present']} {words['present']}")
    page.gap()
    for result in assembly["results"]:
        page.line(f"{result['item_id']} — {result['title']}", 11, bold=True)
        if result.get("elected") is not None:
            for category, elected in result["elected"].items():
                page.line(
                    f"{words['elected']} ({category}): {', '.join(elected) or '—'}", indent=15
                )
        else:
            page.line(words["passed" if result["passed"] else "rejected"], bold=True, indent=15)
            page.line(words["votes"].format(**result), indent=15)
        page.line(result["reason"], 9, indent=15)
        page.gap()
    page.line(words["receipts"], 9)
    return page.finish()
