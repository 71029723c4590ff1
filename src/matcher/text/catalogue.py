"""One catalogue of user-facing texts in English and Dutch.

Every problem a loader reports (:class:`matcher.errors.Problem`) and every warning it
gives has a stable code, such as ``"cell.number"`` or ``"io.too_many_rows"``, and a few
parameters. The texts live here, once, in both languages: the command line and the API
speak English (``lang="en"``), the Streamlit app asks for Dutch (``lang="nl"``).

>>> render("io.too_many_rows", "en", count=250_000, limit=200_000)
'the file has 250,000 data rows; the limit is 200,000.'
>>> render("io.too_many_rows", "nl", count=250_000, limit=200_000)
'het bestand heeft 250.000 rijen met gegevens; de grens is 200.000.'

A parameter may itself be a message (:class:`Msg`), rendered in the same language, so a
rule inside a sentence is translated too. Numbers follow the language: in Dutch ``,``
and ``.`` swap (``1.234,5``).

Every text a user reads in Dutch comes from a code: a problem keeps its code and
parameters (:meth:`matcher.errors.Problem.message`), a warning is a :class:`Note` that
carries its :class:`Msg`. Nothing is ever read back from rendered text.

The stages add their own messages in ``codes_<stage>.py`` (``code -> (English, Dutch)``),
merged into :data:`MESSAGES` when this module is imported; a code defined twice fails.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from matcher.text import codes_carving, codes_matching, codes_outputs, codes_session
from matcher.text.format import nl_format

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "Lang",
    "Msg",
    "Note",
    "Text",
    "known",
    "msg",
    "note",
    "render",
    "render_params",
    "text_in",
]

#: The languages every message has.
Lang = Literal["en", "nl"]
LANGUAGES: tuple[Lang, ...] = ("en", "nl")


@dataclass(frozen=True)
class Text:
    """One message in both languages (``str.format`` templates with named fields)."""

    en: str
    nl: str

    def template(self, lang: str) -> str:
        """The template in ``lang`` (English for an unknown language)."""
        return self.nl if lang == "nl" else self.en


_S = Text  # short alias for the table below

#: code -> the message in English and Dutch.
MESSAGES: dict[str, Text] = {
    # ---- reading files (io.py) -------------------------------------------------------
    "io.missing_file": _S("the file does not exist.", "het bestand bestaat niet."),
    "io.too_large": _S("the file is larger than the limit of {limit:,} bytes.",
                       "het bestand is groter dan de grens van {limit:,} bytes."),
    "io.xlsx_unpacked": _S(
        "the workbook unpacks to {size:,} bytes; the limit is {limit:,} (ten times the file "
        "size limit).",
        "uitgepakt is het werkboek {size:,} bytes groot; de grens is {limit:,} bytes (tien keer "
        "de grens voor de bestandsgrootte)."),
    "io.no_sheet": _S("the workbook has no worksheet with a table (only chart sheets?).",
                      "het werkboek heeft geen werkblad met een tabel (alleen grafiekbladen?)."),
    "io.bad_xlsx": _S("cannot be read as an Excel workbook ({error}).",
                      "is niet te lezen als Excel-werkboek ({error})."),
    "io.xls": _S("old .xls workbooks are not supported: save it as .xlsx or CSV.",
                 "oude .xls-werkboeken worden niet gelezen: sla het bestand op als .xlsx of "
                 "CSV."),
    "io.empty": _S("the file is empty: it has no header row.",
                   "het bestand is leeg: er is geen kopregel."),
    "io.too_many_rows": _S("the file has {count:,} data rows; the limit is {limit:,}.",
                           "het bestand heeft {count:,} rijen met gegevens; de grens is "
                           "{limit:,}."),
    "io.long_cell": _S("a cell is {length:,} characters long; the limit is {limit:,}.",
                       "een cel is {length:,} tekens lang; de grens is {limit:,}."),
    "io.long_cells": _S("{count} cells in all exceed the limit.",
                        "in totaal zijn {count} cellen langer dan de grens."),
    "io.wide_row": _S("the row has {count:,} cells; the limit is {limit:,} columns.",
                      "de rij heeft {count:,} cellen; de grens is {limit:,} kolommen."),
    "io.wide_header": _S("the header has {count:,} columns; the limit is {limit:,}.",
                         "de kopregel heeft {count:,} kolommen; de grens is {limit:,}."),
    "io.wide_rows": _S("{count:,} rows in all have more cells than the column limit.",
                       "in totaal hebben {count:,} rijen meer cellen dan de grens voor "
                       "het aantal kolommen."),
    "io.csv_error": _S("cannot be read as CSV ({error}).",
                       "is niet te lezen als CSV ({error})."),
    "io.open_quote": _S(
        'a quote (") is opened in this row and never closed, so the rest of the file was read '
        "as one cell: close the quote or remove it.",
        'in deze rij wordt een aanhalingsteken (") geopend en nooit gesloten, zodat de rest '
        "van het bestand als één cel is gelezen: sluit het aanhalingsteken of haal het weg."),
    "io.uncalculated": _S(
        "the cell holds a formula without a calculated value (the file was not saved by "
        "Excel): open it in Excel and save it again, or paste the values.",
        "de cel bevat een formule zonder berekende waarde (het bestand is niet door Excel "
        "opgeslagen): open het in Excel en sla het opnieuw op, of plak de waarden."),
    "io.uncalculated_more": _S("{count:,} formula cells in all have no calculated value.",
                               "in totaal hebben {count:,} formulecellen geen berekende "
                               "waarde."),
    "io.note_skipped": _S(
        "{name}: row(s) {rows} above the header row {header} were skipped (a title or a "
        "merged cell?).",
        "{name}: rij(en) {rows} boven de kopregel (rij {header}) zijn overgeslagen (een titel "
        "of een samengevoegde cel?)."),
    "io.rows_above": _S(
        "row(s) {rows} above the header row {header} hold a table of their own: matcher reads "
        "one table per sheet, so they would be lost. Move those rows into the table below "
        "(or delete them).",
        "rij(en) {rows} boven de kopregel (rij {header}) vormen een eigen tabel: matcher leest "
        "één tabel per tabblad, dus die rijen zouden verloren gaan. Zet ze in de tabel eronder "
        "(of verwijder ze)."),
    "io.mixed_separator": _S(
        "row(s) {rows} use '{other}' between their cells where the header uses '{separator}': "
        "save the whole file with one separator.",
        "rij(en) {rows} gebruiken '{other}' tussen de cellen, de kopregel '{separator}': sla "
        "het hele bestand op met één scheidingsteken."),
    "io.note_encoding": _S(
        "{name}: read as {encoding} text (Excel's 'Unicode text'); saving as 'CSV UTF-8' is "
        "the usual form.",
        "{name}: gelezen als {encoding}-tekst (Excels 'Unicode-tekst'); opslaan als 'CSV "
        "UTF-8' is de gebruikelijke vorm."),
    "io.not_text": _S(
        "cannot be read as text: it is neither UTF-8, UTF-16 nor Windows-1252 (binary "
        "bytes at the start). Save it from Excel as 'CSV UTF-8' or as .xlsx.",
        "is niet als tekst te lezen: het is geen UTF-8, UTF-16 of Windows-1252 (binaire "
        "bytes aan het begin). Sla het in Excel op als 'CSV UTF-8' of als .xlsx."),
    "io.note_merged": _S(
        "{name}: merged cells {cells} read as Excel shows them: the value on every row of "
        "the range.",
        "{name}: samengevoegde cellen {cells} gelezen zoals Excel ze toont: de waarde op elke "
        "rij van het bereik."),
    "io.note_sheet": _S(
        "{name}: the workbook has {count} sheets; read sheet '{sheet}' (the one whose headers "
        "match best).",
        "{name}: het werkboek heeft {count} tabbladen; tabblad '{sheet}' is gelezen (de "
        "kolomnamen passen daar het best)."),
    # ---- one cell (parsing.py, validate.py) -------------------------------------------
    "cell": _S("{column} {rule}", "{rule}"),
    "cell.number": _S("must be a number.", "moet een getal zijn."),
    "cell.finite": _S("must be a finite number.", "moet een eindig getal zijn."),
    "cell.number_format": _S("must be a number (decimal comma or point).",
                             "moet een getal zijn (met decimaalkomma of -punt)."),
    "cell.whole": _S("must be a whole number from {low} to {high}.",
                     "moet een heel getal van {low} tot en met {high} zijn."),
    "cell.level": _S("must be 1-4 or a level name (elementair, eenvoudig, mbo-2, mbo-3).",
                     "moet 1-4 zijn of een niveaunaam (elementair, eenvoudig, mbo-2, mbo-3)."),
    "cell.area": _S("must be one of concierge, classroom, administration, facilities "
                    "(Dutch: conciërge, klas, administratie, facilitair).",
                    "moet conciërge, klas, administratie of facilitair zijn (Engels: "
                    "concierge, classroom, administration, facilities)."),
    "cell.education": _S("must be one of geen, pro, vso, entree, mbo-1, mbo-2, mbo-3, mbo-4, "
                         "vmbo, havo, vwo, hbo, wo, onbekend.",
                         "moet een van deze zijn: geen, pro, vso, entree, mbo-1, mbo-2, mbo-3, "
                         "mbo-4, vmbo, havo, vwo, hbo, wo, onbekend."),
    "cell.yes_no": _S("must be yes or no (ja/nee).", "moet ja of nee zijn."),
    "cell.days": _S("must be days like ma,wo,vr or a range like ma-vr.",
                    "moet dagen noemen zoals ma,wo,vr of een reeks zoals ma-vr."),
    "cell.time": _S("must be a time HH:MM (e.g. 08:30).",
                    "moet een tijd UU:MM zijn (bijvoorbeeld 08:30)."),
    "cell.time_range": _S("must be a time between 00:00 and 24:00.",
                          "moet een tijd tussen 00:00 en 24:00 zijn."),
    "cell.hours_week": _S("must be a number of hours in (0, 40].",
                          "moet een aantal uren van meer dan 0 en hoogstens 40 zijn."),
    "cell.hours_range": _S("must be a number of hours in [0, 40].",
                           "moet een aantal uren van 0 tot en met 40 zijn."),
    "cell.hours_day": _S("must be a number of hours in (0, 12].",
                         "moet een aantal uren van meer dan 0 en hoogstens 12 zijn."),
    "cell.travel_km": _S("must be a distance in km in [0, 300].",
                         "moet een afstand in km van 0 tot en met 300 zijn."),
    "cell.latitude": _S("must be a latitude in the Netherlands (50-54).",
                        "moet een breedtegraad in Nederland zijn (50-54)."),
    "cell.longitude": _S("must be a longitude in the Netherlands (3-7.5).",
                         "moet een lengtegraad in Nederland zijn (3-7,5)."),
    "cell.pc4_full": _S("must be the 4 digits of a postcode only: a full postcode (with "
                        "letters or a house number) is too precise and is not accepted.",
                        "moet alleen de 4 cijfers van een postcode zijn: een volledige postcode "
                        "(met letters of huisnummer) is te precies en is niet toegestaan."),
    "cell.pc4": _S("must be a 4-digit Dutch postcode (1000-9999).",
                   "moet een Nederlandse postcode van 4 cijfers zijn (1000-9999)."),
    # ---- whole files and rows (validate.py) -------------------------------------------
    "val.personal_values": _S(
        "holds {count} value(s) that look like {many}, in row(s) {rows}: candidate data must "
        "be pseudonymous. Remove them before loading (values not shown).",
        "bevat {count} waarde(n) die lijken op {many}, in rij(en) {rows}: kandidaatgegevens "
        "moeten pseudoniem zijn. Haal ze weg voor het laden (waarden niet getoond)."),
    "val.id_name": _S(
        "holds {count} candidate id(s) that look like a name, in row(s) {rows}: candidate ids "
        "must be pseudonyms (a code such as K0042, not a name). Replace them with the "
        "pseudonymous ids (values not shown).",
        "bevat {count} kandidaat-id('s) die op een naam lijken, in rij(en) {rows}: een "
        "kandidaat-id moet een pseudoniem zijn (een code zoals K0042, geen naam). Vervang ze "
        "door de pseudoniemen (waarden niet getoond)."),
    "val.personal_header_value": _S(
        "the header looks like {what}, not a column name: is the header row missing? (not "
        "shown)",
        "de kop lijkt op {what}, niet op een kolomnaam: ontbreekt de kopregel? (niet "
        "getoond)"),
    "val.no_header": _S("a column with values has no header: give it one of the documented "
                        "names.",
                        "een kolom met waarden heeft geen kolomnaam: geef de kolom een van de "
                        "beschreven namen."),
    "val.personal_column": _S(
        "looks like {what}: personal data is not accepted; use a pseudonymous id and a "
        "4-digit postcode only. Remove the column.",
        "lijkt op {what}: persoonsgegevens zijn niet toegestaan; gebruik alleen een "
        "pseudoniem en een postcode van 4 cijfers. Haal de kolom weg."),
    "val.duplicate_column": _S("means the same as column '{first}' ({name}): keep one of them.",
                               "betekent hetzelfde als kolom '{first}' ({name}): laat er één "
                               "staan."),
    "val.missing_column": _S("required column is missing (accepted names: {accepted}).",
                             "verplichte kolom ontbreekt (toegestane namen: {accepted})."),
    "val.mixed_separator": _S(
        "the header holds {char} but the file is separated by {separator}: the file mixes "
        "separators. Use one separator throughout.",
        "de kop bevat {char} maar het bestand is gescheiden door {separator}: het bestand "
        "mengt scheidingstekens. Gebruik overal hetzelfde scheidingsteken."),
    "val.totals_row": _S("this looks like a totals row, not {what}: remove it (matcher counts "
                         "and adds up by itself).",
                         "dit lijkt een totaalrij, niet {what}: haal de rij weg (matcher "
                         "telt zelf op)."),
    "val.second_header": _S("this looks like a second header row (header cells merged over two "
                            "rows?): use one header row with one name per column.",
                            "dit lijkt een tweede kopregel (kopcellen over twee rijen "
                            "samengevoegd?): gebruik één kopregel met één naam per kolom."),
    "val.extra_values": _S("the row has {count} values but the header has {width} columns (a "
                           "separator inside a value? put such text in quotes).",
                           "de rij heeft {count} waarden maar de kopregel {width} kolommen "
                           "(een scheidingsteken in een waarde? zet zulke tekst tussen "
                           "aanhalingstekens)."),
    "val.no_rows": _S("the file has a header but no data rows.",
                      "het bestand heeft een kopregel maar geen rijen met gegevens."),
    "val.not_empty": _S("{column} must not be empty.", "mag niet leeg zijn."),
    "val.unique": _S("{column} must be unique; it appears {count} times.",
                     "moet uniek zijn; komt {count} keer voor."),
    "val.lat_lon": _S("give both lat and lon, or neither.",
                      "vul lat en lon allebei in, of geen van beide."),
    "val.pc4_unknown": _S("pc4 is not a known Dutch postcode.",
                          "pc4 is geen bekende Nederlandse postcode."),
    "val.site_location": _S("a site needs a location: lat and lon, or a 4-digit pc4.",
                            "een locatie heeft een plaats nodig: lat en lon, of een pc4 van 4 "
                            "cijfers."),
    "val.site_needed": _S("site must be given when the sites file has more than one site.",
                          "de locatie moet ingevuld zijn als het locatiebestand meer dan één "
                          "locatie heeft."),
    "val.site_unknown": _S("site must be one of the sites file: {sites}.",
                           "de locatie moet in het locatiebestand staan: {sites}."),
    "val.start_end": _S("give both start and end for a fixed-time task, or neither.",
                        "vul voor een taak met vaste tijd begin en eind allebei in, of geen van "
                        "beide."),
    "val.end_before": _S("end must be later than start.", "het eind moet na het begin liggen."),
    "val.fixed_hours": _S(
        "hours_per_week must equal days x (end - start) = {days} x {length:.2f} = "
        "{expected:.2f} h for a fixed-time task.",
        "de uren per week moeten bij een taak met vaste tijd gelijk zijn aan dagen x (eind - "
        "begin) = {days} x {length:.2f} = {expected:.2f} uur."),
    "val.hours_min_max": _S("hours_per_week_min must not be larger than hours_per_week_max.",
                            "het minimum aantal uren per week mag niet groter zijn dan het "
                            "maximum."),
    "val.unknown_kind": _S(
        "cannot tell whether this is a task, sites or candidates file: it needs a "
        "task_id/taak_id, site/locatie with lat/lon or pc4, or candidate_id column.",
        "niet te zien of dit een taken-, locatie- of kandidatenbestand is: het heeft een kolom "
        "task_id/taak_id, site/locatie met lat/lon of pc4, of candidate_id nodig."),
    "val.warn_unused_column": _S("{name}: column '{header}' is not used by matcher and was "
                                 "ignored.",
                                 "{name}: kolom '{header}' wordt door matcher niet gebruikt en "
                                 "is overgeslagen."),
    "val.warn_no_sites": _S(
        "{name}: no sites file, so the {count} sites have no location: a function only "
        "combines two sites on different days, and travel distances to candidates are "
        "unknown.",
        "{name}: geen locatiebestand, dus de {count} locaties hebben geen plaats: een functie "
        "combineert twee locaties alleen op verschillende dagen, en reisafstanden tot "
        "kandidaten zijn onbekend."),
    "val.warn_unknown_pc4": _S(
        "{name}: {count} profile(s) have a pc4 that is not in the postcode table; their "
        "location is treated as unknown.",
        "{name}: {count} profiel(en) hebben een pc4 die niet in de postcodetabel staat; hun "
        "woonplaats geldt als onbekend."),
    "val.hidden_personal": _S("(not shown: looks like {what})", "(niet getoond: lijkt op {what})"),
    "val.hidden_candidate": _S("(not shown: candidate data)", "(niet getoond: kandidaatgegevens)"),
    # words inside the messages above
    "sep.tab": _S("tab", "tab"),
    "sep.comma": _S("',' (comma)", "',' (komma)"),
    "sep.semicolon": _S("';' (semicolon)", "';' (puntkomma)"),
    "row.tasks": _S("a task", "een taak"),
    "row.sites": _S("a site", "een locatie"),
    "row.candidates": _S("a profile", "een profiel"),
    "pd.name": _S("a name", "een naam"),
    "pd.bsn": _S("a BSN", "een BSN"),
    "pd.email": _S("an e-mail address", "een e-mailadres"),
    "pd.phone": _S("a phone number", "een telefoonnummer"),
    "pd.address": _S("an address", "een adres"),
    "pd.street_address": _S("a street address", "een straat met huisnummer"),
    "pd.full_postcode": _S("a full postcode", "een volledige postcode"),
    "pd.birth_date": _S("a birth date", "een geboortedatum"),
    "pd.date": _S("a date", "een datum"),
    "pd.many.email": _S("e-mail addresses", "e-mailadressen"),
    "pd.many.date": _S("dates (birth dates?)", "datums (geboortedatums?)"),
    "pd.many.phone": _S("phone numbers", "telefoonnummers"),
    "pd.many.bsn": _S("numbers that pass the BSN 11-check", "nummers die de BSN-elfproef "
                      "doorstaan"),
    "pd.many.postcode": _S("full postcodes (with letters or a house number)",
                           "volledige postcodes (met letters of huisnummer)"),
    "pd.many.address": _S("street addresses (street and house number)",
                          "adressen (straat en huisnummer)"),
    "pd.iban": _S("an IBAN (bank account number)", "een IBAN (rekeningnummer)"),
    "pd.many.iban": _S("IBANs (bank account numbers)", "IBAN's (rekeningnummers)"),
    # ---- numbers and tables, shared by session, weights and quota ----------------------
    "num.nonnegative": _S("must be a number >= 0.", "moet een getal van 0 of meer zijn."),
    "num.int_min1": _S("must be a whole number >= 1.", "moet een heel getal van 1 of meer zijn."),
    "num.int_nonnegative": _S("must be a whole number >= 0.",
                              "moet een heel getal van 0 of meer zijn."),
    "num.number": _S("must be a number.", "moet een getal zijn."),
    "num.unit": _S("must be in [0, 1].", "moet tussen 0 en 1 liggen."),
    "num.positive": _S("must be > 0.", "moet groter dan 0 zijn."),
    # ---- the session file (session.py) ------------------------------------------------
    "ses.json_at": _S("is not a valid session file: the JSON breaks at line {line}, column "
                      "{column}.",
                      "is geen geldig sessiebestand: de JSON klopt niet op regel {line}, kolom "
                      "{column}."),
    "ses.json_deep": _S("is not a valid session file: its JSON is nested too deeply.",
                        "is geen geldig sessiebestand: de JSON is te diep genest."),
    "ses.json_number": _S("is not a valid session file: it holds a number of more than "
                          "{limit} digits.",
                          "is geen geldig sessiebestand: er staat een getal van meer dan "
                          "{limit} cijfers in."),
    "ses.too_big": _S("holds {count:,} rows; a session opens with at most {limit:,}.",
                      "bevat {count:,} rijen; een sessie opent met hoogstens {limit:,}."),
    "ses.basis": _S("must be 'employees' or 'jobs'.", "moet 'employees' of 'jobs' zijn."),
    "ses.yes_no": _S("must be true or false.", "moet true of false zijn."),
    "ses.not_utf8": _S("is not a valid session file: it is not UTF-8 text.",
                       "is geen geldig sessiebestand: het is geen UTF-8-tekst."),
    "ses.format": _S("is not a matcher session file (format must be '{format}').",
                     "is geen matcher-sessiebestand (format moet '{format}' zijn)."),
    "ses.version_new": _S("was made by a newer matcher (version {version}); this version reads "
                          "up to {supported}.",
                          "is gemaakt met een nieuwere matcher (versie {version}); deze versie "
                          "leest tot en met {supported}."),
    "ses.list": _S("must be a list.", "moet een lijst zijn."),
    "ses.no_tasks": _S("is missing or empty: a session has tasks.",
                       "ontbreekt of is leeg: een sessie heeft taken."),
    "ses.scope": _S("must be 'board' or 'site'.", "moet 'board' of 'site' zijn."),
    "ses.task_ids": _S("must have a non-empty list task_ids.",
                       "moet een niet-lege lijst task_ids hebben."),
    "ses.unknown_task": _S("names a task that is not in the tasks.",
                           "noemt een taak die niet in de taken staat."),
    "ses.task_twice": _S("names a task that is already in another function.",
                         "noemt een taak die al in een andere functie zit."),
    "ses.objective": _S("must be 'placements' or 'score'.",
                        "moet 'placements' of 'score' zijn."),
    "ses.table": _S("must be a table.", "moet een tabel zijn."),
    "ses.quota_table": _S("must be a table of quotum parameters.",
                          "moet een tabel met quotumparameters zijn."),
    "ses.unknown_setting": _S("unknown setting.", "onbekende instelling."),
    "ses.unknown_settings": _S("holds unknown settings.", "bevat onbekende instellingen."),
    "ses.invalid": _S("is not valid: {error}", "klopt niet: {error}"),
    "ses.pin_task": _S("must name a task (task_id) and another task of its function (with).",
                       "moet een taak (task_id) noemen en een andere taak uit dezelfde functie "
                       "(with)."),
    "ses.pin_unknown_candidate": _S(
        "the agreement for {function} names a candidate that is not in the candidates (id "
        "not shown).",
        "de afspraak voor {function} noemt een kandidaat die niet in de kandidaten staat (id "
        "niet getoond)."),
    "ses.pin_function": _S("function {function}", "functie {function}"),
    "ses.pin_function_of": _S("the function with task {task}", "de functie met taak {task}"),
    "ses.pin_task_twice": _S("pins a task that is already pinned.",
                             "pint een taak vast die al vastgepind is."),
    "ses.pin_candidate": _S("must name a task of the function (with) and a candidate "
                            "(candidate_id).",
                            "moet een taak van de functie (with) en een kandidaat "
                            "(candidate_id) noemen."),
    "ses.pin_personal": _S("holds a candidate id that looks like personal data: use the "
                           "pseudonymous id only (a code such as K0042, not a name).",
                           "bevat een kandidaat-id dat op persoonsgegevens lijkt: gebruik "
                           "alleen het pseudoniem (een code zoals K0042, geen naam)."),
    "ses.pin_twice": _S("pins a function or a candidate twice (the agreement for {function}; "
                        "id not shown).",
                        "legt een functie of kandidaat twee keer vast (de afspraak voor "
                        "{function}; id niet getoond)."),
    # ---- task pins that a (re-)carve could not keep (session.py) -----------------------
    "pin.gone": _S("task {task} is no longer in the tasks.",
                   "taak {task} staat niet meer in de takenlijst."),
    "pin.not_carvable": _S("task {task} is marked not carvable.",
                           "taak {task} staat op 'niet overdraagbaar'."),
    "pin.locked": _S("the tasks sit in two locked functions ({first} and {second}).",
                     "de taken zitten in twee vastgezette functies ({first} en {second})."),
    "pin.no_week": _S("{function} would have no workable week with them.",
                      "{function} heeft er dan geen werkbare week mee."),
    "pin.refused": _S("the functions could not be rebuilt: {reason}",
                      "de functies konden niet opnieuw worden opgebouwd: {reason}"),
    "pin.anchor_left": _S("its function has no other task left to hold on to.",
                          "in de functie blijft geen andere taak over om aan vast te zitten."),
    "pin.function_changed": _S("follows task {anchor} to {function}, which now holds other "
                               "tasks than the function it was agreed for.",
                               "volgt taak {anchor} naar {function}, en die functie heeft nu "
                               "andere taken dan de functie waarvoor de afspraak is gemaakt."),
    "pin.function_gone": _S("no function holds any task of the function it was agreed for "
                            "any more.",
                            "geen functie bevat nog een taak van de functie waarvoor de "
                            "afspraak is gemaakt."),
    # ---- weights (score.py) -----------------------------------------------------------
    "w.one_positive": _S("at least one weight must be > 0.",
                         "minstens één gewicht moet groter dan 0 zijn."),
    "w.tolerance": _S("must be a whole number 0-3.", "moet een heel getal van 0 tot en met 3 "
                      "zijn."),
    "w.toml": _S("is not valid TOML ({error}).", "is geen geldige TOML ({error})."),
    "w.unknown_table": _S("unknown table: use [weights] and [options].",
                          "onbekende tabel: gebruik [weights] en [options]."),
    "w.unknown_key": _S("unknown key; allowed: {allowed}.",
                        "onbekende sleutel; toegestaan: {allowed}."),
    # ---- quotum parameters (quota.py) -------------------------------------------------
    "q.year": _S("must be a year from 2013 to 2100.", "moet een jaartal tussen 2013 en 2100 zijn."),
    "q.percentage": _S("must be a percentage from 0 to 100.",
                       "moet een percentage tussen 0 en 100 zijn."),
    "q.amount": _S("must be an amount >= 0.", "moet een bedrag van 0 of meer zijn."),
    "q.source": _S("name the source of the percentage.", "noem de bron van het percentage."),
    "q.date": _S("must be a date YYYY-MM-DD.", "moet een datum JJJJ-MM-DD zijn."),
    "q.unknown_field": _S("unknown field.", "onbekend veld."),
    "q.missing": _S("is missing.", "ontbreekt."),
    "q.basis": _S("must be 'employees' or 'jobs'.",
                  "moet 'employees' (werknemers) of 'jobs' (banen) zijn."),
    # ---- locked functions (carve.py) --------------------------------------------------
    "lock.empty": _S("holds no tasks.", "bevat geen taken."),
    "lock.unknown_task": _S("names a task that is not in the inventory.",
                            "noemt een taak die niet in de inventaris staat."),
    "lock.task_twice": _S("holds a task that is already in locked function {other}.",
                          "bevat een taak die al in vergrendelde functie {other} zit."),
    "lock.no_week": _S("does not form a workable week: {reason}.",
                       "vormt geen werkbare week: {reason}."),
    # ---- command line (cli.py) --------------------------------------------------------
    "cli.not_functions": _S("is not a functions.csv written by matcher carve (needs "
                            "function_id and task_ids).",
                            "is geen functions.csv van matcher carve (heeft function_id en "
                            "task_ids nodig)."),
    "cli.lock_unknown": _S("--lock names a function that is not in this file.",
                           "--lock noemt een functie die niet in dit bestand staat."),
    # ---- the head of an InputError -----------------------------------------------------
    "error.head_one": _S("1 problem found in the input:", "1 probleem gevonden in de invoer:"),
    "error.head": _S("{count} problems found in the input:",
                     "{count} problemen gevonden in de invoer:"),
    "error.param_head_one": _S("1 setting breaks its rule:",
                               "1 instelling voldoet niet aan de regel:"),
    "error.param_head": _S("{count} settings break their rules:",
                           "{count} instellingen voldoen niet aan de regels:"),
}


def _merge_stage_codes() -> None:
    """Add the stages' own tables (``codes_*.py``) to :data:`MESSAGES`; a code twice fails."""
    for table in (codes_carving, codes_matching, codes_outputs, codes_session):
        for code, (en, nl) in table.MESSAGES.items():
            if code in MESSAGES:
                raise RuntimeError(f"message code {code!r} is defined twice")
            MESSAGES[code] = Text(en, nl)


_merge_stage_codes()


@dataclass(frozen=True)
class Msg:
    """A message by code with its parameters; rendered in a language on demand."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return render(self.code, lang, **dict(self.params))

    def __str__(self) -> str:
        return self.text("en")


def msg(code: str, **params: Any) -> Msg:
    """A :class:`Msg` (raises KeyError for a code that is not in the catalogue)."""
    if code not in MESSAGES:
        raise KeyError(f"unknown message code {code!r}")
    return Msg(code, tuple(sorted(params.items())))


def known(code: str) -> bool:
    """Whether ``code`` is in the catalogue."""
    return code in MESSAGES


class _Formatter(string.Formatter):
    """``str.format`` with language-aware numbers and nested messages."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Msg):
            return value.text(self.lang)
        if isinstance(value, Note):
            return value.message.text(self.lang)
        if isinstance(value, str):
            return value
        if self.lang == "nl" and isinstance(value, int | float) and not isinstance(value, bool):
            return nl_format(value, format_spec)
        return format(value, format_spec)


def render(code: str, lang: str = "en", /, **params: Any) -> str:
    """The message ``code`` in ``lang`` with ``params`` filled in.

    Raises
    ------
    KeyError
        For a code that is not in the catalogue or a missing parameter.
    """
    return _Formatter(lang).format(MESSAGES[code].template(lang), **params)


def render_params(code: str, lang: str, params: Mapping[str, Any]) -> str:
    """:func:`render` with the parameters as a mapping."""
    return render(code, lang, **dict(params))


# --------------------------------------------------------------------------------------
# Warnings that carry their message


class Note(str):
    """A warning as English text that also carries its catalogue message.

    Loaders keep warnings as strings (``str`` and the command line show English); any
    other language comes from the message (``note.message.text("nl")`` or
    :func:`text_in`), so user values inside it (a column header, a file name) are never
    read back or translated themselves.
    """

    message: Msg

    def __new__(cls, message: Msg) -> Note:
        note = super().__new__(cls, message.text("en"))
        note.message = message
        return note

    def __reduce__(self) -> tuple[type[Note], tuple[Msg]]:
        # pickled and copied (st.cache_data, deepcopy) from the message, not the text
        return (Note, (self.message,))


def note(code: str, /, **params: Any) -> Note:
    """The catalogue message ``code`` as a :class:`Note` (English text, any language on demand)."""
    return Note(msg(code, **params))


def text_in(text: str | Msg, lang: str = "en") -> str:
    """``text`` in ``lang`` when it carries its message (a :class:`Note` or a :class:`Msg`).

    Any other string is returned as it is: it is never read back or translated.

    >>> text_in(note("io.empty"), "nl")
    'het bestand is leeg: er is geen kopregel.'
    """
    if isinstance(text, Note):
        return text.message.text(lang)
    if isinstance(text, Msg):
        return text.text(lang)
    return text
