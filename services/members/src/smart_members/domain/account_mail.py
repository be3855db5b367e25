"""The e-mails an account receives, in the member's language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MailText:
    subject: str
    body: str


TEXTS: dict[str, dict[str, MailText]] = {
    "email_verification": {
        "fr": MailText(
            "Confirmez votre adresse e-mail",
            "Bonjour {first_name},\n\nConfirmez votre adresse e-mail pour déclarer vos "
            "prestations :\n{link}\n\nCe lien est valable {hours} heures.",
        ),
        "nl": MailText(
            "Bevestig uw e-mailadres",
            "Hallo {first_name},\n\nBevestig uw e-mailadres om uw opdrachten aan te geven:\n"
            "{link}\n\nDeze link is {hours} uur geldig.",
        ),
        "en": MailText(
            "Confirm your e-mail address",
            "Hello {first_name},\n\nConfirm your e-mail address to declare your jobs:\n{link}"
            "\n\nThis link is valid for {hours} hours.",
        ),
    },
    "password_reset": {
        "fr": MailText(
            "Réinitialisation de votre mot de passe",
            "Bonjour {first_name},\n\nPour choisir un nouveau mot de passe :\n{link}\n\nCe lien "
            "est valable {minutes} minutes et une seule fois. Si vous n'avez rien demandé, "
            "ignorez ce message.",
        ),
        "nl": MailText(
            "Uw wachtwoord opnieuw instellen",
            "Hallo {first_name},\n\nOm een nieuw wachtwoord te kiezen:\n{link}\n\nDeze link is "
            "{minutes} minuten en één keer geldig. Niets gevraagd? Negeer dit bericht.",
        ),
        "en": MailText(
            "Resetting your password",
            "Hello {first_name},\n\nTo choose a new password:\n{link}\n\nThis link is valid for "
            "{minutes} minutes, once. If you did not ask for it, ignore this message.",
        ),
    },
    "data_export_ready": {
        "fr": MailText(
            "Vos données sont prêtes",
            "Bonjour {first_name},\n\nL'export de vos données est prêt. Connectez-vous pour le "
            "télécharger, une seule fois, dans les {days} jours :\n{link}",
        ),
        "nl": MailText(
            "Uw gegevens staan klaar",
            "Hallo {first_name},\n\nDe export van uw gegevens staat klaar. Meld u aan om hem "
            "binnen {days} dagen één keer te downloaden:\n{link}",
        ),
        "en": MailText(
            "Your data is ready",
            "Hello {first_name},\n\nThe export of your data is ready. Log in to download it, "
            "once, within {days} days:\n{link}",
        ),
    },
}


def account_mail(kind: str, language: str, **values: object) -> MailText:
    text = TEXTS[kind].get(language) or TEXTS[kind]["en"]
    return MailText(text.subject, text.body.format(**values))
