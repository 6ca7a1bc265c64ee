"""The fixed vocabulary of the specialisation model (Socialstyrelsen 2021, chapter 2)."""

from enum import IntEnum, StrEnum


class Level(IntEnum):
    """Specialisation level; ordered so that comparisons mean 'at least'."""

    LET = 1
    MODERAT = 2
    HOEJT = 3

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {Level.LET: "let", Level.MODERAT: "moderat", Level.HOEJT: "højt"}


class DescriptionParameter(StrEnum):
    """The four parameters of a målgruppebeskrivelse (the rows of the 4 × 3 grid)."""

    KOMPLEKSITET = "kompleksitet"
    STOERRELSE = "stoerrelse"
    SAMMENSAETNING = "sammensaetning"
    FAGLIGT_INDHOLD = "fagligt_indhold"


DESCRIPTION_PARAMETER_LABELS = {
    DescriptionParameter.KOMPLEKSITET: "Målgruppekompleksitet",
    DescriptionParameter.STOERRELSE: "Målgruppens størrelse",
    DescriptionParameter.SAMMENSAETNING: "Sammensætning af ydelser og foranstaltninger",
    DescriptionParameter.FAGLIGT_INDHOLD: "Fagligt indhold",
}


class SupplierParameter(StrEnum):
    """The eight parameters on which a supplier is judged, in the order of the model."""

    AKTIV_PRAKSIS = "aktiv_praksis"
    PRAKSISERFARING = "praksiserfaring"
    UDDANNELSE = "uddannelse"
    FAGMILJOE = "fagmiljoe"
    SAMARBEJDSFORMER = "samarbejdsformer"
    VIDENSUDVIKLING = "vidensudvikling"
    METODER = "metoder"
    HJAELPEMIDLER = "hjaelpemidler"


SUPPLIER_PARAMETER_LABELS = {
    SupplierParameter.AKTIV_PRAKSIS: "Aktiv praksis",
    SupplierParameter.PRAKSISERFARING: "Praksiserfaring",
    SupplierParameter.UDDANNELSE: "Uddannelsesmæssige kompetencer",
    SupplierParameter.FAGMILJOE: "Fagmiljø",
    SupplierParameter.SAMARBEJDSFORMER: "Samarbejdsformer",
    SupplierParameter.VIDENSUDVIKLING: "Vidensudvikling",
    SupplierParameter.METODER: "Metoder og faglige tilgange",
    SupplierParameter.HJAELPEMIDLER: "Hjælpemidler og teknologi",
}

SUPPLIER_PARAMETERS: tuple[SupplierParameter, ...] = tuple(SupplierParameter)
DESCRIPTION_PARAMETERS: tuple[DescriptionParameter, ...] = tuple(DescriptionParameter)
