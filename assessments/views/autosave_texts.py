"""The words static/js/autosave.js shows, translated here so the script carries no language of its own."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def autosave_texts() -> dict[str, str]:
    """The words autosave.js shows, translated here so the script carries no language of its own."""
    return {
        "saving": _("Gemmer …"),
        "saved": _("Gemt kl. %(time)s"),
        "unsaved": _("Ændret – gemmes om lidt"),
        "confirmed": _("Svaret er bekræftet"),
        "offline": _("Ikke gemt endnu – vi prøver igen, så snart der er forbindelse. Ændringen er gemt i browseren."),
        "logged_out": _(
            "Ikke gemt – du er måske blevet logget ud. Log ind igen i en ny fane; ændringen er gemt i browseren."
        ),
        "not_saved_error": _("Ikke gemt – ret fejlen ovenfor."),
        "not_saved_conflict": _("Ikke gemt – en anden har ændret svaret. Vælg nedenfor, hvilket svar der skal gælde."),
        "error_prefix": _("Fejl:"),
        "conflict_heading": _("En anden har gemt et andet svar, mens du skrev"),
        "your_value": _("Din værdi"),
        "saved_by": _("Gemt af %(who)s kl. %(when)s"),
        "colleague": _("en kollega"),
        "keep_mine": _("Behold min"),
        "use_saved": _("Brug den gemte"),
        "progress": _("%(answered)s af %(required)s obligatoriske svar"),
        "no_required": _("Ingen obligatoriske spørgsmål"),
        # A context of its own: the template uses "%(n)s ord" as a plural, the script has no count to pluralise.
        "words": pgettext("autosave", "%(n)s ord"),
        "words_of": _("%(n)s af højst %(max)s ord"),
        "incomplete_row": _(
            "Række %(rows)s er ikke udfyldt helt. Den ligger i browseren indtil videre "
            "og gemmes, så snart rækken er udfyldt."
        ),
        "incomplete_rows": _(
            "Række %(rows)s er ikke udfyldt helt. De ligger i browseren indtil videre "
            "og gemmes, så snart rækkerne er udfyldt."
        ),
        "and": pgettext("list", "og"),
        "cell_required": _("Udfyld «%(label)s»."),
        "restored_rows": _(
            "Vi har sat halvt udfyldte tabelrækker ind igen fra browseren. De gemmes, så snart rækkerne er udfyldt."
        ),
        "restored": _(
            "Vi har fundet %(n)s ændring(er), der ikke nåede frem sidst, og sat dem ind igen. De bliver gemt nu."
        ),
    }
