"""Payslips and employment contracts as PDF, in French, Dutch or English (pure: bytes out).
Fonts are embedded (Bitstream Vera, shipped with reportlab)."""

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

REGULAR, BOLD = "PayrollVera", "PayrollVera-Bold"
MARGIN = 50
WIDTH, HEIGHT = A4
LANGUAGES = ("fr", "nl", "en")

WORDS: dict[str, dict[str, str]] = {
    "payslip": {"fr": "Fiche de paie", "nl": "Loonfiche", "en": "Payslip"},
    "contract": {
        "fr": "Contrat de travail à durée déterminée",
        "nl": "Arbeidsovereenkomst voor een bepaalde tijd",
        "en": "Fixed-term employment contract",
    },
    "employer": {"fr": "Employeur", "nl": "Werkgever", "en": "Employer"},
    "worker": {"fr": "Travailleur", "nl": "Werknemer", "en": "Worker"},
    "enterprise_number": {"fr": "N° d'entreprise", "nl": "Ondernemingsnr.", "en": "Company no."},
    "period": {"fr": "Période", "nl": "Periode", "en": "Period"},
    "contract_type": {"fr": "Type de contrat", "nl": "Soort overeenkomst", "en": "Contract type"},
    "joint_committee": {
        "fr": "Commission paritaire",
        "nl": "Paritair comité",
        "en": "Joint committee",
    },
    "function": {"fr": "Fonction", "nl": "Functie", "en": "Function"},
    "days": {"fr": "Jours de travail", "nl": "Arbeidsdagen", "en": "Working days"},
    "hours": {"fr": "Heures prévues", "nl": "Geplande uren", "en": "Planned hours"},
    "remuneration": {
        "fr": "Rémunération brute estimée",
        "nl": "Geraamd brutoloon",
        "en": "Estimated gross pay",
    },
    "tax_situation": {"fr": "Situation fiscale", "nl": "Fiscale toestand", "en": "Tax situation"},
    "rules": {"fr": "Règles appliquées", "nl": "Toegepaste regels", "en": "Rules applied"},
    "signatures": {
        "fr": "Signé électroniquement par les parties, en deux exemplaires.",
        "nl": "Elektronisch ondertekend door de partijen, in twee exemplaren.",
        "en": "Signed electronically by the parties, in two copies.",
    },
    "amount_excl_vat": {
        "fr": "Montant facturé HTVA",
        "nl": "Gefactureerd bedrag excl. btw",
        "en": "Amount invoiced excl. VAT",
    },
    "contribution": {
        "fr": "Contribution à la coopérative",
        "nl": "Bijdrage aan de coöperatie",
        "en": "Contribution to the cooperative",
    },
    "expenses_reimbursed": {
        "fr": "Frais remboursés",
        "nl": "Terugbetaalde kosten",
        "en": "Expenses reimbursed",
    },
    "budget": {"fr": "Budget salarial", "nl": "Loonbudget", "en": "Salary budget"},
    "gross": {"fr": "Salaire brut", "nl": "Brutoloon", "en": "Gross pay"},
    "employee_social_contribution": {
        "fr": "Cotisation personnelle ONSS",
        "nl": "Persoonlijke RSZ-bijdrage",
        "en": "Employee social security",
    },
    "work_bonus": {"fr": "Bonus à l'emploi", "nl": "Werkbonus", "en": "Work bonus"},
    "taxable": {"fr": "Rémunération imposable", "nl": "Belastbaar loon", "en": "Taxable pay"},
    "withholding_before_fiscal_bonus": {
        "fr": "Précompte avant bonus fiscal",
        "nl": "Voorheffing vóór fiscale werkbonus",
        "en": "Withholding before fiscal bonus",
    },
    "fiscal_work_bonus": {
        "fr": "Bonus à l'emploi fiscal",
        "nl": "Fiscale werkbonus",
        "en": "Fiscal work bonus",
    },
    "withholding_tax": {
        "fr": "Précompte professionnel",
        "nl": "Bedrijfsvoorheffing",
        "en": "Withholding tax",
    },
    "special_social_contribution": {
        "fr": "Cotisation spéciale de sécurité sociale",
        "nl": "Bijzondere bijdrage sociale zekerheid",
        "en": "Special social security contribution",
    },
    "net": {"fr": "Salaire net", "nl": "Nettoloon", "en": "Net pay"},
    "net_paid": {"fr": "Net versé", "nl": "Netto uitbetaald", "en": "Net paid"},
    "employer_social_contribution": {
        "fr": "Cotisations patronales",
        "nl": "Werkgeversbijdragen",
        "en": "Employer contributions",
    },
    "employer_cost": {"fr": "Coût employeur", "nl": "Werkgeverskost", "en": "Employer cost"},
    "end_of_contract_bonus": {
        "fr": "Indemnité de fin de contrat (10 %)",
        "nl": "Einde-contractvergoeding (10 %)",
        "en": "End-of-contract bonus (10%)",
    },
    "csg_crds": {
        "fr": "dont CSG et CRDS",
        "nl": "waarvan CSG en CRDS",
        "en": "of which CSG and CRDS",
    },
    "general_reduction": {
        "fr": "Réduction générale des cotisations patronales",
        "nl": "Algemene vermindering werkgeversbijdragen",
        "en": "General reduction of employer contributions",
    },
    "cdd_levy": {
        "fr": "dont contribution CDD de 1 %",
        "nl": "waarvan bijdrage CDD 1 %",
        "en": "of which 1% fixed-term levy",
    },
    "paid_hours": {"fr": "Heures rémunérées", "nl": "Betaalde uren", "en": "Hours paid"},
    "specific_employee_contribution": {
        "fr": "dont contribution chômage des intermittents",
        "nl": "waarvan werkloosheidsbijdrage intermittenten",
        "en": "of which intermittent unemployment contribution",
    },
    "specific_employer_contribution": {
        "fr": "dont chômage des intermittents et Congés Spectacles",
        "nl": "waarvan werkloosheid intermittenten en Congés Spectacles",
        "en": "of which intermittent unemployment and Congés Spectacles",
    },
}
ENTITY_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "FR": {
        "enterprise_number": {"fr": "SIRET", "nl": "SIRET", "en": "SIRET"},
        "employee_social_contribution": {
            "fr": "Cotisations et contributions salariales",
            "nl": "Werknemersbijdragen",
            "en": "Employee contributions",
        },
        "net": {
            "fr": "Net à payer avant impôt sur le revenu",
            "nl": "Netto vóór inkomstenbelasting",
            "en": "Net before income tax",
        },
    }
}
"""Words whose meaning changes with the entity's law (France: no ONSS, SIRET, the income tax
withheld at the worker's own rate)."""
PAYSLIP_ROWS = (
    ("amount_excl_vat", False),
    ("contribution", False),
    ("expenses_reimbursed", False),
    ("budget", False),
    ("hours", False),
    ("gross", True),
    ("end_of_contract_bonus", False),
    ("employee_social_contribution", False),
    ("csg_crds", False),
    ("specific_employee_contribution", False),
    ("work_bonus", False),
    ("taxable", True),
    ("withholding_before_fiscal_bonus", False),
    ("fiscal_work_bonus", False),
    ("withholding_tax", False),
    ("special_social_contribution", False),
    ("net", True),
    ("net_paid", True),
    ("employer_social_contribution", False),
    ("cdd_levy", False),
    ("specific_employer_contribution", False),
    ("general_reduction", False),
    ("employer_cost", False),
)


@cache
def _fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


def _word(key: str, language: str, entity: str | None = None) -> str:
    return ENTITY_WORDS.get(entity or "", {}).get(key, WORDS[key])[language]


class _Writer:
    def __init__(self, title: str, author: str):
        _fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, invariant=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.y = HEIGHT - MARGIN

    def line(self, text: str, size: float = 10, bold: bool = False, x: float = MARGIN) -> None:
        for row in simpleSplit(text, BOLD if bold else REGULAR, size, WIDTH - MARGIN - x):
            if self.y < MARGIN:
                self.canvas.showPage()
                self.y = HEIGHT - MARGIN
            self.canvas.setFont(BOLD if bold else REGULAR, size)
            self.canvas.drawString(x, self.y, row)
            self.y -= size + 4

    def pair(self, label: str, value: str, bold: bool = False) -> None:
        self.canvas.setFont(BOLD if bold else REGULAR, 10)
        self.canvas.drawString(MARGIN, self.y, label)
        self.canvas.drawRightString(WIDTH - MARGIN, self.y, value)
        self.y -= 15

    def gap(self, height: float = 10) -> None:
        self.y -= height

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def render_payslip(payslip: dict[str, Any], employer: dict[str, str], language: str) -> bytes:
    """``payslip`` as payroll shows it (figures as strings, period, tax situation, rules)."""
    entity = payslip.get("entity")
    writer = _Writer(f"{_word('payslip', language)} {payslip['payslip_id']}", employer["name"])
    writer.line(_word("payslip", language), 16, bold=True)
    writer.gap()
    writer.line(
        f"{_word('employer', language)}: {employer['name']} — "
        f"{_word('enterprise_number', language, entity)} {employer['enterprise_number']}"
    )
    writer.line(f"{_word('worker', language)}: {payslip['worker_name']}")
    period = payslip["period"]
    writer.line(f"{_word('period', language)}: {period['start']} – {period['end']}")
    writer.line(f"{_word('contract_type', language)}: {payslip.get('contract_type', 'employee')}")
    situation = payslip["tax_situation"]
    writer.line(
        f"{_word('tax_situation', language)}: {situation['marital']}, "
        f"{situation['dependent_children']} — {situation.get('source', '')}",
        9,
    )
    writer.gap()
    figures = payslip["figures"]
    currency = payslip["currency"]
    for key, bold in PAYSLIP_ROWS:
        if key in figures:
            if key == "hours":
                writer.pair(_word("paid_hours", language), figures[key], bold)
            else:
                writer.pair(_word(key, language, entity), f"{figures[key]} {currency}", bold)
    writer.gap()
    rules = payslip["rule_pack"]
    writer.line(f"{_word('rules', language)}: {rules['version']}", 9, bold=True)
    for name, rule in sorted(rules["rules"].items()):
        mark = "" if rule["verified"] else " (non vérifié / niet geverifieerd / unverified)"
        writer.line(f"{name} ({rule['valid_from']}): {rule['source']}{mark}", 7)
    return writer.finish()


def render_contract(contract: dict[str, Any], employer: dict[str, str], language: str) -> bytes:
    writer = _Writer(f"{_word('contract', language)} {contract['contract_id']}", employer["name"])
    writer.line(_word("contract", language), 15, bold=True)
    writer.gap()
    entity = contract.get("entity")
    writer.line(
        f"{_word('employer', language)}: {employer['name']}, {employer['address']} — "
        f"{_word('enterprise_number', language, entity)} {employer['enterprise_number']}"
    )
    worker = contract["worker"]
    writer.line(f"{_word('worker', language)}: {worker['first_name']} {worker['last_name']}")
    writer.gap()
    writer.line(
        f"{_word('function', language)}: {contract['description']} "
        f"(ISCO {contract['occupation_code']})"
    )
    writer.line(f"{_word('period', language)}: {contract['start_date']} – {contract['end_date']}")
    writer.line(f"{_word('days', language)}: {contract['worked_days']}")
    if contract.get("planned_hours"):
        writer.line(f"{_word('hours', language)}: {contract['planned_hours']}")
    writer.line(f"{_word('contract_type', language)}: {contract['contract_type']}")
    if contract.get("joint_committee"):
        writer.line(f"{_word('joint_committee', language)}: {contract['joint_committee']}")
    if contract.get("estimated_gross"):
        writer.line(
            f"{_word('remuneration', language)}: "
            f"{contract['estimated_gross']} {contract['currency']}"
        )
    writer.gap(30)
    writer.line(_word("signatures", language), 9)
    return writer.finish()
