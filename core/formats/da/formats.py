"""Danish date formats of the product (FORMAT_MODULE_PATH), on top of Django's own Danish formats.

Text shows `21. december 2026` and `21. december 2026 kl. 14.05` (`{{ value|date }}`,
`{{ value|date:"DATETIME_FORMAT" }}`, `date_format(value)` in Python); `21-12-2026` is the short form that
date fields are typed in, used only where a form field needs it.
"""

DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = r"d-m-Y \k\l. H.i"
MONTH_DAY_FORMAT = "j. F"
