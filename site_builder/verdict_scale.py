"""The default verdict scale, for a site whose settings give none: its keys, colours and places,
with its labels and meanings in each language the theme speaks (in English for another).
`site-builder new site` writes it out in the site's language, for editors to reword."""

from __future__ import annotations

# The default scale's keys, colours and places on the scale (the best highest).
SCALE_COLOURS: dict[str, dict] = {
    "accurate": {"colour": "#17603a", "place": 3},
    "misleading": {"colour": "#8a4b00", "place": 2},
    "inaccurate": {"colour": "#a4161a", "place": 1},
    "unverified": {"colour": "#555555"},
}

# The default scale's labels and meanings in each language the theme speaks (the keys and
# colours stay those of `SCALE_COLOURS`); a language not here gets them in English.
SCALES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "accurate": ("Accurate", "The claim is correct."),
        "misleading": ("Misleading", "Partly right, but misleading."),
        "inaccurate": ("Inaccurate", "The claim is wrong."),
        "unverified": ("Unverified", "Could not be checked."),
    },
    "fr": {
        "accurate": ("Exact", "L’affirmation est exacte."),
        "misleading": ("Trompeur", "En partie juste, mais trompeur."),
        "inaccurate": ("Faux", "L’affirmation est fausse."),
        "unverified": ("Non vérifié", "N’a pas pu être vérifié."),
    },
    "de": {
        "accurate": ("Richtig", "Die Behauptung stimmt."),
        "misleading": ("Irreführend", "Teilweise richtig, aber irreführend."),
        "inaccurate": ("Falsch", "Die Behauptung ist falsch."),
        "unverified": ("Nicht überprüfbar", "Konnte nicht überprüft werden."),
    },
    "it": {
        "accurate": ("Vero", "L’affermazione è corretta."),
        "misleading": ("Fuorviante", "In parte giusta, ma fuorviante."),
        "inaccurate": ("Falso", "L’affermazione è sbagliata."),
        "unverified": ("Non verificato", "Non è stato possibile verificarla."),
    },
    "es": {
        "accurate": ("Verdadero", "La afirmación es correcta."),
        "misleading": ("Engañoso", "En parte cierto, pero engañoso."),
        "inaccurate": ("Falso", "La afirmación es errónea."),
        "unverified": ("Sin verificar", "No se ha podido comprobar."),
    },
    "pt": {
        "accurate": ("Verdadeiro", "A afirmação está correta."),
        "misleading": ("Enganoso", "Em parte certo, mas enganoso."),
        "inaccurate": ("Falso", "A afirmação está errada."),
        "unverified": ("Não verificado", "Não foi possível verificar."),
    },
    "nl": {
        "accurate": ("Klopt", "De bewering klopt."),
        "misleading": ("Misleidend", "Deels juist, maar misleidend."),
        "inaccurate": ("Onjuist", "De bewering klopt niet."),
        "unverified": ("Niet na te gaan", "Kon niet worden nagegaan."),
    },
    "pl": {
        "accurate": ("Prawda", "Twierdzenie jest prawdziwe."),
        "misleading": ("Manipulacja", "Częściowo prawdziwe, ale wprowadza w błąd."),
        "inaccurate": ("Fałsz", "Twierdzenie jest fałszywe."),
        "unverified": ("Nieweryfikowalne", "Nie udało się tego sprawdzić."),
    },
    "ru": {
        "accurate": ("Правда", "Утверждение верно."),
        "misleading": ("Вводит в заблуждение", "Отчасти верно, но вводит в заблуждение."),
        "inaccurate": ("Неправда", "Утверждение неверно."),
        "unverified": ("Не проверено", "Проверить не удалось."),
    },
    "uk": {
        "accurate": ("Правда", "Твердження правдиве."),
        "misleading": ("Маніпуляція", "Частково правда, але вводить в оману."),
        "inaccurate": ("Неправда", "Твердження неправдиве."),
        "unverified": ("Не перевірено", "Перевірити не вдалося."),
    },
}


def scale_language(language: str) -> str:
    """The language of `SCALES` that speaks to a site in `language` (its region aside), or ""."""
    base = language.lower().replace("_", "-").split("-")[0]
    return base if base in SCALES else ""


def scale_of(language: str) -> dict[str, tuple[str, str]]:
    """The default scale's words in `language`, else in English."""
    return SCALES[scale_language(language) or "en"]


def default_verdicts(language: str) -> dict:
    """The default scale, as settings give a scale, with its words in `language` (else in
    English)."""
    words = scale_of(language)
    return {
        key: {"label": words[key][0], "meaning": words[key][1], **entry}
        for key, entry in SCALE_COLOURS.items()
    }


DEFAULT_VERDICTS = default_verdicts("en")
