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
