"""The words of our documents in French, Dutch, English and German (labels and clauses).

Figures in clauses come from the rule pack; only the wording lives here.
"""

from __future__ import annotations

LANGUAGES = ("fr", "nl", "en", "de")

LABELS: dict[str, dict[str, str]] = {
    "invoice": {"fr": "Facture", "nl": "Factuur", "en": "Invoice", "de": "Rechnung"},
    "credit_note": {
        "fr": "Note de crédit",
        "nl": "Creditnota",
        "en": "Credit note",
        "de": "Gutschrift",
    },
    "quote": {"fr": "Devis", "nl": "Offerte", "en": "Quote", "de": "Angebot"},
    "number": {"fr": "Numéro", "nl": "Nummer", "en": "Number", "de": "Nummer"},
    "issue_date": {"fr": "Date", "nl": "Datum", "en": "Date", "de": "Datum"},
    "due_date": {"fr": "Échéance", "nl": "Vervaldag", "en": "Due date", "de": "Fällig am"},
    "valid_until": {
        "fr": "Valable jusqu'au",
        "nl": "Geldig tot",
        "en": "Valid until",
        "de": "Gültig bis",
    },
    "seller": {"fr": "Émetteur", "nl": "Uitgever", "en": "Issuer", "de": "Aussteller"},
    "buyer": {"fr": "Client", "nl": "Klant", "en": "Customer", "de": "Kunde"},
    "vat_number": {"fr": "N° TVA", "nl": "Btw-nr.", "en": "VAT no.", "de": "USt-IdNr."},
    "enterprise_number": {
        "fr": "N° d'entreprise",
        "nl": "Ondernemingsnr.",
        "en": "Company no.",
        "de": "Unternehmensnr.",
    },
    "tax_number": {
        "fr": "Identifiant",
        "nl": "Identificatie",
        "en": "Tax id",
        "de": "Steuernummer",
    },
    "activity": {"fr": "Activité", "nl": "Activiteit", "en": "Activity", "de": "Tätigkeit"},
    "description": {
        "fr": "Description",
        "nl": "Omschrijving",
        "en": "Description",
        "de": "Beschreibung",
    },
    "quantity": {"fr": "Qté", "nl": "Aantal", "en": "Qty", "de": "Menge"},
    "unit_price": {
        "fr": "Prix unitaire",
        "nl": "Eenheidsprijs",
        "en": "Unit price",
        "de": "Einzelpreis",
    },
    "amount": {
        "fr": "Montant HTVA",
        "nl": "Bedrag excl. btw",
        "en": "Amount excl. VAT",
        "de": "Betrag netto",
    },
    "vat_rate": {"fr": "Taux TVA", "nl": "Btw-tarief", "en": "VAT rate", "de": "USt-Satz"},
    "taxable_amount": {
        "fr": "Base imposable",
        "nl": "Maatstaf van heffing",
        "en": "Taxable amount",
        "de": "Bemessungsgrundlage",
    },
    "vat_amount": {"fr": "TVA", "nl": "Btw", "en": "VAT", "de": "USt"},
    "total_excl_vat": {
        "fr": "Total HTVA",
        "nl": "Totaal excl. btw",
        "en": "Total excl. VAT",
        "de": "Summe netto",
    },
    "total_vat": {"fr": "Total TVA", "nl": "Totaal btw", "en": "Total VAT", "de": "Summe USt"},
    "total_incl_vat": {
        "fr": "Total TVAC",
        "nl": "Totaal incl. btw",
        "en": "Total incl. VAT",
        "de": "Gesamtbetrag",
    },
    "to_pay": {"fr": "À payer", "nl": "Te betalen", "en": "Amount due", "de": "Zahlbetrag"},
    "to_refund": {
        "fr": "À rembourser",
        "nl": "Terug te betalen",
        "en": "To be refunded",
        "de": "Zu erstatten",
    },
    "period": {"fr": "Période", "nl": "Periode", "en": "Period", "de": "Zeitraum"},
    "credits_invoice": {
        "fr": "Rectifie la facture",
        "nl": "Verbetert factuur",
        "en": "Corrects invoice",
        "de": "Berichtigt Rechnung",
    },
    "of": {"fr": "du", "nl": "van", "en": "of", "de": "vom"},
    "reason": {"fr": "Motif", "nl": "Reden", "en": "Reason", "de": "Grund"},
    "accept": {
        "fr": "Accepter ce devis",
        "nl": "Deze offerte aanvaarden",
        "en": "Accept this quote",
        "de": "Dieses Angebot annehmen",
    },
    "payment": {
        "fr": "Paiement par virement sur {iban} avec la communication structurée {reference}, au plus tard le {due}.",
        "nl": "Betaling per overschrijving op {iban} met de gestructureerde mededeling {reference}, uiterlijk op {due}.",
        "en": "Please pay by transfer to {iban} with the structured communication {reference} by {due} at the latest.",
        "de": "Zahlung per Überweisung auf {iban} mit der strukturierten Mitteilung {reference} bis spätestens {due}.",
    },
    "payment_creditor_reference": {
        "fr": "Paiement par virement sur {iban} avec la référence {reference}, au plus tard le {due}.",
        "nl": "Betaling per overschrijving op {iban} met de referentie {reference}, uiterlijk op {due}.",
        "en": "Please pay by transfer to {iban} with the reference {reference} by {due} at the latest.",
        "de": "Zahlung per Überweisung auf {iban} mit der Referenz {reference} bis spätestens {due}.",
    },
    "payment_terms": {
        "fr": "Payable à {days} jours",
        "nl": "Betaalbaar binnen {days} dagen",
        "en": "Payable within {days} days",
        "de": "Zahlbar innerhalb von {days} Tagen",
    },
    "issued_for": {
        "fr": "Facture émise par {seller}, employeur, pour l'activité « {activity} ».",
        "nl": "Factuur uitgegeven door {seller}, werkgever, voor de activiteit \u201c{activity}\u201d.",
        "en": "Invoice issued by {seller}, the employer, for the activity \u201c{activity}\u201d.",
        "de": "Rechnung ausgestellt von {seller}, Arbeitgeber, für die Tätigkeit \u201e{activity}\u201c.",
    },
    "prevails": {
        "fr": "En cas de divergence, la version en {language} fait foi.",
        "nl": "Bij verschillen heeft de {language} versie voorrang.",
        "en": "In case of discrepancy, the {language} version prevails.",
        "de": "Bei Abweichungen ist die {language} Fassung maßgebend.",
    },
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "fr": {"fr": "française", "nl": "Franse", "en": "French", "de": "französische"},
    "nl": {"fr": "néerlandaise", "nl": "Nederlandse", "en": "Dutch", "de": "niederländische"},
    "de": {"fr": "allemande", "nl": "Duitse", "en": "German", "de": "deutsche"},
    "en": {"fr": "anglaise", "nl": "Engelse", "en": "English", "de": "englische"},
}

# Late-payment clauses by the wording a rule pack names (each its own legal text).
LATE_PAYMENT_B2B: dict[str, dict[str, str]] = {
    "be_law_2002": {
        "fr": "En cas de retard de paiement, sont dus de plein droit et sans mise en demeure des intérêts au taux légal de la loi du 2 août 2002{rate} et une indemnité forfaitaire pour frais de recouvrement de {compensation} EUR.",
        "nl": "Bij laattijdige betaling zijn van rechtswege en zonder ingebrekestelling interesten verschuldigd tegen de wettelijke rentevoet van de wet van 2 augustus 2002{rate} en een forfaitaire vergoeding voor invorderingskosten van {compensation} EUR.",
        "en": "Late payment makes interest at the statutory rate of the Belgian law of 2 August 2002{rate} and a flat compensation for recovery costs of EUR {compensation} due by operation of law, without notice.",
        "de": "Bei Zahlungsverzug sind von Rechts wegen und ohne Mahnung Zinsen zum gesetzlichen Satz des Gesetzes vom 2. August 2002{rate} sowie eine Pauschale für Beitreibungskosten von {compensation} EUR geschuldet.",
    },
    "fr_commercial_code": {
        "fr": "En cas de retard de paiement, sont dues de plein droit des pénalités au taux d'intérêt appliqué par la Banque centrale européenne à son opération de refinancement la plus récente, majoré de 10 points (art. L441-10 du Code de commerce){rate}, et une indemnité forfaitaire pour frais de recouvrement de {compensation} EUR. Pas d'escompte pour paiement anticipé.",
        "en": "Late payment makes penalties due by operation of law at the European Central Bank's most recent refinancing rate plus 10 points (French Commercial Code art. L441-10){rate}, and a flat compensation for recovery costs of EUR {compensation}. No discount for early payment.",
    },
}
RATE_SUFFIX = {"fr": " ({rate} %)", "nl": " ({rate} %)", "en": " ({rate}%)", "de": " ({rate} %)"}

LATE_PAYMENT_CONSUMER: dict[str, dict[str, str]] = {
    "be_book_xix": {
        "fr": "En cas de non-paiement à l'échéance, un premier rappel gratuit vous sera adressé. Sans paiement dans les {days} jours suivant ce rappel, des intérêts de retard au taux d'intérêt légal de la loi du 2 août 2002 au plus et une indemnité forfaitaire pourront être réclamés : {tiers}, avec un maximum de {cap} EUR (Code de droit économique, livre XIX).",
        "nl": "Bij niet-betaling op de vervaldag ontvangt u een eerste kosteloze herinnering. Zonder betaling binnen {days} dagen na deze herinnering kunnen verwijlinteresten tegen ten hoogste de rentevoet van de wet van 2 augustus 2002 en een forfaitaire schadevergoeding worden gevorderd: {tiers}, met een maximum van {cap} EUR (Wetboek van economisch recht, boek XIX).",
        "en": "If the invoice is unpaid when due, you will first receive a free reminder. Without payment within {days} days of that reminder, late interest at no more than the rate of the law of 2 August 2002 and a flat compensation may be claimed: {tiers}, at most EUR {cap} (Code of Economic Law, book XIX).",
        "de": "Bei Nichtzahlung zum Fälligkeitstag erhalten Sie zunächst eine kostenlose Erinnerung. Ohne Zahlung innerhalb von {days} Tagen nach dieser Erinnerung können Verzugszinsen höchstens zum Satz des Gesetzes vom 2. August 2002 und eine Pauschalentschädigung verlangt werden: {tiers}, höchstens {cap} EUR (Wirtschaftsgesetzbuch, Buch XIX).",
    },
    "fr_civil_code": {
        "fr": "En cas de retard de paiement, des intérêts au taux légal sont dus à compter de la mise en demeure (art. 1231-6 du Code civil).",
        "en": "Late payment makes interest at the French statutory rate due from the formal notice to pay (French Civil Code art. 1231-6).",
    },
}


REMINDER_TITLES: dict[str, dict[str, str]] = {
    "first_reminder": {"fr": "Rappel", "nl": "Herinnering", "en": "Reminder"},
    "second_reminder": {"fr": "Second rappel", "nl": "Tweede herinnering", "en": "Second reminder"},
    "formal_notice": {"fr": "Mise en demeure", "nl": "Ingebrekestelling", "en": "Formal notice"},
}
REMINDER_LINES: dict[str, dict[str, str]] = {
    "intro": {
        "fr": "Sauf erreur de notre part, la facture {invoice} échue le {due} reste impayée. "
        "Au {as_of}, le montant dû est le suivant :",
        "nl": "Behoudens vergissing blijft factuur {invoice}, vervallen op {due}, onbetaald. "
        "Op {as_of} is het verschuldigde bedrag:",
        "en": "Unless we are mistaken, invoice {invoice}, due on {due}, is still unpaid. On "
        "{as_of} the amount due is:",
    },
    "principal": {"fr": "Principal", "nl": "Hoofdsom", "en": "Principal"},
    "interest": {"fr": "Intérêts de retard", "nl": "Verwijlinteresten", "en": "Late interest"},
    "compensation": {
        "fr": "Indemnité forfaitaire",
        "nl": "Forfaitaire vergoeding",
        "en": "Flat compensation",
    },
    "total": {"fr": "Total dû", "nl": "Totaal verschuldigd", "en": "Total due"},
    "interest_partial": {
        "fr": "Les intérêts d'une période sans taux publié ne sont pas réclamés.",
        "nl": "Interesten over een periode zonder gepubliceerde rentevoet worden niet gevorderd.",
        "en": "Interest over a period without a published rate is not claimed.",
    },
    "already_paid": {
        "fr": "Si vous avez payé entre-temps, veuillez ne pas tenir compte de ce rappel.",
        "nl": "Indien u intussen betaald hebt, mag u deze herinnering als onbestaande beschouwen.",
        "en": "If you have paid in the meantime, please disregard this reminder.",
    },
}


def reminder_text(key: str, language: str) -> str:
    texts = REMINDER_TITLES.get(key) or REMINDER_LINES[key]
    return texts.get(language) or texts["en"]


def label(key: str, language: str) -> str:
    texts = LABELS[key]
    return texts.get(language) or texts["en"]


CONSUMER_DAMAGES_TIERS = {
    "fr": {
        "flat": "{base} EUR pour un solde jusqu'à {up_to} EUR",
        "band": "{base} EUR + {rate} % du montant dû sur la tranche de {above} à {up_to} EUR",
        "above": "{base} EUR + {rate} % du montant dû sur la tranche au-delà de {above} EUR",
        "separator": " ; ",
    },
    "nl": {
        "flat": "{base} EUR voor een saldo tot {up_to} EUR",
        "band": "{base} EUR + {rate} % van het bedrag tussen {above} en {up_to} EUR",
        "above": "{base} EUR + {rate} % van het bedrag boven {above} EUR",
        "separator": "; ",
    },
    "en": {
        "flat": "EUR {base} for a balance up to EUR {up_to}",
        "band": "EUR {base} + {rate}% of the part between EUR {above} and {up_to}",
        "above": "EUR {base} + {rate}% of the part above EUR {above}",
        "separator": "; ",
    },
    "de": {
        "flat": "{base} EUR bei einem Saldo bis {up_to} EUR",
        "band": "{base} EUR + {rate} % des Betrags zwischen {above} und {up_to} EUR",
        "above": "{base} EUR + {rate} % des Betrags über {above} EUR",
        "separator": "; ",
    },
}
