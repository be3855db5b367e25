"""The e-mails an account receives, in the member's language: its own (verification, reset,
data export) and the cooperative's convocations to its general assemblies."""

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
    "assembly_convocation": {
        "fr": MailText(
            "Convocation : {title}",
            "Bonjour {first_name},\n\nEn tant qu'associé·e, vous êtes convoqué·e à l'assemblée "
            "générale {kind_fr} de la coopérative :\n{title}\nle {when}\n{where}\n\nOrdre du "
            "jour :\n{agenda}\n\nVous pouvez voter en ligne pendant l'ouverture du scrutin ou "
            "donner procuration à un·e autre associé·e.",
        ),
        "nl": MailText(
            "Oproeping: {title}",
            "Hallo {first_name},\n\nAls vennoot wordt u opgeroepen voor de {kind_nl} algemene "
            "vergadering van de coöperatie:\n{title}\nop {when}\n{where}\n\nAgenda:\n"
            "{agenda}\n\nU kunt online stemmen zolang de stemming open is of een volmacht "
            "geven aan een andere vennoot.",
        ),
        "en": MailText(
            "Convocation: {title}",
            "Hello {first_name},\n\nAs a shareholder, you are convened to the cooperative's "
            "{kind_en} general assembly:\n{title}\non {when}\n{where}\n\nAgenda:\n{agenda}"
            "\n\nYou may vote online while the ballot box is open, or give your proxy to "
            "another shareholder.",
        ),
    },
}

ASSEMBLY_KINDS = {
    "ordinary": {"fr": "ordinaire", "nl": "gewone", "en": "ordinary"},
    "extraordinary": {"fr": "extraordinaire", "nl": "buitengewone", "en": "extraordinary"},
}


def account_mail(kind: str, language: str, **values: object) -> MailText:
    text = TEXTS[kind].get(language) or TEXTS[kind]["en"]
    return MailText(text.subject.format(**values), text.body.format(**values))
