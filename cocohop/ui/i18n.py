"""The interface's words in English and French. The designer chooses (the choice is kept
in a cookie), whatever the language of the trip, which governs its documents."""

from __future__ import annotations

import reflex as rx

# key: (English, French)
TEXTS: dict[str, tuple[str, str]] = {
    "trips": ("Trips", "Voyages"),
    "library": ("Library", "Bibliothèque"),
    "team": ("Team", "Équipe"),
    "branding": ("Branding", "Identité"),
    "founders": ("Founders", "Fondateurs"),
    "sign_out": ("Sign out", "Déconnexion"),
    "new_trip": ("New trip from a brief", "Nouveau voyage depuis une demande"),
    "no_trip": ("No trip yet: start from a client's brief.", "Aucun voyage : partez de la demande d'un client."),
    "col_trip": ("Trip", "Voyage"),
    "col_country": ("Country", "Pays"),
    "col_start": ("Start", "Départ"),
    "col_nights": ("Nights", "Nuits"),
    "col_status": ("Status", "Statut"),
    "col_updated": ("Updated", "Modifié"),
    "brief_help": (
        "Paste the client's e-mail (French or English). One click drafts the whole trip.",
        "Collez l'e-mail du client (français ou anglais). Un clic rédige tout le voyage.",
    ),
    "generate": ("Generate the trip", "Générer le voyage"),
    "cancel": ("Cancel", "Annuler"),
    "end": ("End", "Retour"),
    "adults": ("Adults", "Adultes"),
    "children": ("Children", "Enfants"),
    "currency": ("Currency", "Devise"),
    "book_language": ("Book language", "Langue du carnet"),
    "cover_photo": ("Cover photo", "Photo de couverture"),
    "add": ("Add", "Ajouter"),
    "days": ("Days", "Jours"),
    "add_day": ("+ Day", "+ Jour"),
    "remove_day": ("Remove day", "Supprimer le jour"),
    "base": ("Base", "Étape"),
    "items": ("Items", "Prestations"),
    "day_photo": ("Photo of the day", "Photo du jour"),
    "travel_book": ("Travel book", "Carnet de voyage"),
    "download_pdf": ("Download PDF", "Télécharger le PDF"),
    "hide_preview": ("Hide preview", "Masquer l'aperçu"),
    "show_preview": ("Show preview", "Afficher l'aperçu"),
    "saved": ("saved", "enregistré"),
    "saving": ("saving…", "enregistrement…"),
    "not_saved": ("not saved", "non enregistré"),
    "generated": ("generated", "généré"),
    "to_complete": ("to complete", "à compléter"),
    "to_verify": ("to verify", "à vérifier"),
    "regenerate_day": ("Regenerate the day", "Régénérer le jour"),
    "regenerate_paragraph": ("Regenerate the paragraph", "Régénérer le paragraphe"),
    "regen_help": ("Only generated text changes; your edits stay.", "Seul le texte généré change ; vos modifications restent."),
    "regen_placeholder": ("Optional instruction: more food, less museums…", "Consigne facultative : plus de cuisine, moins de musées…"),
    "trip_not_found": ("Trip not found", "Voyage introuvable"),
    "back_to_trips": ("Back to the trips", "Retour aux voyages"),
    "sign_in": ("Sign in", "Se connecter"),
    "email": ("E-mail", "E-mail"),
    "password": ("Password", "Mot de passe"),
    "forgot": ("Forgot your password?", "Mot de passe oublié ?"),
    "create_agency": ("Create an agency account", "Créer le compte d'une agence"),
}


# Words of the other pages, by their English: tr("Team") is "Équipe" for a French designer.
FRENCH: dict[str, str] = {
    "Team": "Équipe",
    "Name": "Nom",
    "E-mail": "E-mail",
    "Role": "Rôle",
    "Invite a designer": "Inviter un concepteur",
    "Create the invitation": "Créer l'invitation",
    "Send this one-time link (no mail server is configured): ": "Envoyez ce lien à usage unique (aucun serveur de courrier n'est configuré) : ",
    "Links waiting to be used": "Liens en attente",
    "Photos of ": "Photos de ",
    "Add": "Ajouter",
    "Content library": "Bibliothèque de contenus",
    "Your own places, stays, activities and transfers, used by the generator before the starter library.": "Vos lieux, hébergements, activités et transferts, utilisés par le générateur avant la bibliothèque de départ.",
    "Search name, place, supplier, tag…": "Chercher un nom, un lieu, un fournisseur, un thème…",
    "Kind": "Type",
    "Country": "Pays",
    "Place": "Lieu",
    "Supplier": "Fournisseur",
    "Cost": "Coût",
    "Cur.": "Dev.",
    "Unit": "Unité",
    "Tags": "Thèmes",
    "Phone": "Téléphone",
    "Website": "Site web",
    "Emergency phone during trips (24/7)": "Téléphone d'urgence pendant les voyages (24 h/24)",
    "Trade name": "Raison sociale",
    "Address": "Adresse",
    "Atout France registration number (IM…)": "Immatriculation Atout France (IM…)",
    "Financial guarantee (guarantor, amount)": "Garantie financière (garant, montant)",
    "Professional liability insurer (name, policy)": "Assureur RC professionnelle (nom, police)",
    "Branding and legal mentions": "Identité et mentions légales",
    "Logo": "Logo",
    "Colours and fonts": "Couleurs et polices",
    "Main colour": "Couleur principale",
    "Accent colour": "Couleur d'accent",
    "Headings": "Titres",
    "Text": "Texte",
    "Contacts printed in the travel book": "Contacts imprimés dans le carnet",
    "Legal mentions (printed on quotes and documents)": "Mentions légales (imprimées sur les devis et documents)",
    "Create your agency's account": "Créer le compte de votre agence",
    "Agency name": "Nom de l'agence",
    "Your name": "Votre nom",
    "Password (10 characters or more)": "Mot de passe (10 caractères ou plus)",
    "Create the account": "Créer le compte",
    "I already have an account": "J'ai déjà un compte",
    "Forgotten password": "Mot de passe oublié",
    "Ask for a reset link": "Demander un lien de réinitialisation",
    "Back to sign-in": "Retour à la connexion",
    "Join your agency on Cocohop": "Rejoindre votre agence sur Cocohop",
    "Invitation for ": "Invitation pour ",
    "Choose a password (10 characters or more)": "Choisissez un mot de passe (10 caractères ou plus)",
    "Join": "Rejoindre",
    "Choose a new password": "Choisir un nouveau mot de passe",
    "New password (10 characters or more)": "Nouveau mot de passe (10 caractères ou plus)",
    "The same again": "Le même, à nouveau",
    "Change the password": "Changer le mot de passe",
    "Your profile": "Votre profil",
    "Change your password": "Changer votre mot de passe",
    "Current password": "Mot de passe actuel",
    "New password": "Nouveau mot de passe",
    "Change": "Changer",
    "Sessions": "Sessions",
    "Signs you out on every browser and device, this one included.": "Vous déconnecte de tous les navigateurs et appareils, celui-ci compris.",
    "Sign out everywhere": "Se déconnecter partout",
    "Agencies": "Agences",
    "Agency": "Agence",
    "Designers": "Concepteurs",
    "Trips": "Voyages",
    "Since": "Depuis",
    "Page not found": "Page introuvable",
    "Reset link": "Lien de réinitialisation",
    "Remove": "Retirer",
    "you": "vous",
    "Only the agency's admins invite and remove designers.": "Seuls les administrateurs de l'agence invitent et retirent des concepteurs.",
    "No logo yet.": "Pas encore de logo.",
    "Choose a PNG, JPEG or SVG (1 MB at most)": "Choisir un PNG, JPEG ou SVG (1 Mo au plus)",
    "Import a CSV file": "Importer un fichier CSV",
    " rows imported.": " lignes importées.",
    "Close": "Fermer",
    "Time": "Heure",
    "Nights / min": "Nuits / min",
    "Local contacts for the travellers (": "Contacts sur place pour les voyageurs (",
    "+ Contact": "+ Contact"
}


def tr(english: str) -> rx.Var | str:
    """``english`` in the designer's chosen language (as is when no French is listed)."""
    french = FRENCH.get(english)
    return english if french is None else rx.cond(ui_lang_var() == "fr", french, english)


def ui_lang_var() -> rx.Var:
    from cocohop.ui.base import BaseState

    return BaseState.ui_lang


def t(key: str) -> rx.Var | str:
    """The word for ``key`` in the designer's chosen language."""
    english, french = TEXTS[key]
    return rx.cond(ui_lang_var() == "fr", french, english)


def language_switch() -> rx.Component:
    from cocohop.ui.base import BaseState

    return rx.segmented_control.root(
        rx.segmented_control.item("FR", value="fr"),
        rx.segmented_control.item("EN", value="en"),
        value=BaseState.ui_lang,
        on_change=BaseState.set_ui_lang,
        size="1",
        id="ui-lang",
    )
