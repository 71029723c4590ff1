"""Task inventories with the structure real ones have, for benchmarks and property tests.

Independent of matcher's own generators (``matcher.demo.generate_inventory`` and
``generate_board`` redraw the demo catalogue's tasks); only matcher's data model, its PC4
table (places) and its loader are used: :func:`generate` builds the tasks and sites files
as a school would write them (:func:`frames`, HH:MM times, Dutch areas and day names) and
loads them with :func:`matcher.inputs.loaders.load_tasks`, so every inventory passes the
loader and reads back the same from CSV (:func:`write`).

The structure (issue 16, "Measured, not assumed"):

* **A timetable per school**, shared by the schools of a primary board (``shared=True``,
  the default for boards: the issue's "six small primary schools whose fixed tasks fall at
  the same times at every school"): gate duty 08:15-08:30, the morning break (10:15-10:30),
  the lunch break (12:00-12:45, not on a short Wednesday), reading with pupils
  ("tutorlezen") at the start of the day, cleaning after the pupils have gone.
* **Pupil contact at breaks and at the start of the day**: the fixed tasks at those times
  have pupil contact 2, several in parallel (one per group or part of the playground).
* **Fixed tasks on some days only** (Mon/Tue/Thu, Tue/Thu, Wednesday only, the lunch days),
  flexible tasks with days and without; weekly hours in quarter hours; levels 1-3; the four
  areas of the demo catalogues.
* **School hours in the sites file** on some schools (columns ``open_from``,
  ``open_until``, ``pupils_from``, ``pupils_until``, ``wednesday_pupils_until``): a short
  Wednesday for most primary schools (pupils until 12:15), a continuous timetable
  (pupils until 14:15) for some, secondary schools until 16:00.
* **Places**: primary boards over the villages around a town (``region="villages"``, tens
  of minutes apart) or inside one town (``region="town"``); a secondary school with two
  sites 10-20 minutes apart (``vo_two_sites``).

Kinds: ``po`` (one primary school), ``po_board`` (several primary schools of one board,
default 6), ``vo`` (a secondary school on one site), ``vo_two_sites`` (two sites),
``mixed_board`` (primary and secondary schools of one board, default 40 schools). The
named benchmark instances are in :data:`INSTANCES`.

Run ``python benchmarks/realistic.py po_board6_shared --out DIR`` to write one as CSV.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from matcher.geo import TravelParams, haversine_km, pc4_table
from matcher.inputs.loaders import load_tasks
from matcher.model import Inventory
from matcher.text.format import format_days, format_time

__all__ = ["INSTANCES", "KINDS", "frames", "generate", "instance", "summary", "write"]

#: The kinds :func:`generate` makes, with their default number of schools.
KINDS: dict[str, int] = {"po": 1, "po_board": 6, "vo": 1, "vo_two_sites": 1, "mixed_board": 40}

#: Named benchmark instances: keyword arguments of :func:`generate`.
INSTANCES: dict[str, dict[str, Any]] = {
    "po_school_45": {"kind": "po", "seed": 1, "n_tasks": 45},
    "po_school_60": {"kind": "po", "seed": 2, "n_tasks": 60},
    "po_board4_40": {"kind": "po_board", "seed": 3, "n_tasks": 40, "n_schools": 4,
                     "region": "town"},
    "po_board6_shared": {"kind": "po_board", "seed": 4, "n_tasks": 60, "n_schools": 6},
    "vo_two_sites_60": {"kind": "vo_two_sites", "seed": 5, "n_tasks": 60},
    "vo_school_120": {"kind": "vo", "seed": 6, "n_tasks": 120},
    "vo_two_sites_200": {"kind": "vo_two_sites", "seed": 7, "n_tasks": 200},
    "po_board_300": {"kind": "po_board", "seed": 8, "n_tasks": 300, "n_schools": 8,
                     "region": "town"},
    "mixed_board_2000": {"kind": "mixed_board", "seed": 9, "n_tasks": 2000, "n_schools": 40},
}

_KIND_CODE = {"po": 1, "po_board": 2, "vo": 3, "vo_two_sites": 4, "mixed_board": 5}
_DAY = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4}
_WEEK = (0, 1, 2, 3, 4)
#: Day pattern of the lunch days: Monday to Friday, or without a short Wednesday.
LUNCH = "L"


def _t(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class _Template:
    """A kind of task. ``timing``: ``fixed`` (at ``slot`` of the school's timetable, on one
    of ``days``), ``days`` (flexible, on one of ``days``, ``minutes`` a day) or ``free``
    (flexible, ``minutes`` a week). ``{v}`` in ``text`` takes one of ``variants``."""

    text: str
    area: str
    level: int
    load: int
    contact: int
    role: str
    timing: str
    slot: str = ""
    days: tuple[str, ...] = ()
    minutes: tuple[int, ...] = ()
    variants: tuple[str, ...] = ("",)
    weight: float = 1.0
    carvable: float = 1.0


def _fixed(text: str, area: str, level: int, load: int, contact: int, role: str, slot: str,
           days: tuple[str, ...], variants: tuple[str, ...] = ("",), weight: float = 1.0,
           carvable: float = 1.0) -> _Template:
    return _Template(text, area, level, load, contact, role, "fixed", slot, days, (), variants,
                     weight, carvable)


def _days(text: str, area: str, level: int, load: int, contact: int, role: str,
          days: tuple[str, ...], minutes: tuple[int, ...], variants: tuple[str, ...] = ("",),
          weight: float = 1.0, carvable: float = 1.0) -> _Template:
    return _Template(text, area, level, load, contact, role, "days", "", days, minutes,
                     variants, weight, carvable)


def _free(text: str, area: str, level: int, load: int, contact: int, role: str,
          minutes: tuple[int, ...], variants: tuple[str, ...] = ("",), weight: float = 1.0,
          carvable: float = 1.0) -> _Template:
    return _Template(text, area, level, load, contact, role, "free", "", (), minutes,
                     variants, weight, carvable)


_GROUPS = (" (groep 1-2)", " (groep 3-4)", " (groep 5-6)", " (groep 7-8)")
_YARD = (" (onderbouwplein)", " (bovenbouwplein)")
_SECTIONS = (" (sectie talen)", " (sectie exact)", " (sectie mens en maatschappij)",
             " (sectie kunst en cultuur)", " (sectie lichamelijke opvoeding)")
_FLOORS = (" (begane grond)", " (eerste verdieping)", " (tweede verdieping)", " (vleugel A)",
           " (vleugel B)")
_LABS = (" biologie", " scheikunde", " natuurkunde")

#: Tasks every primary school has (in this order), then the weighted pool.
PO_CORE: tuple[_Template, ...] = (
    _fixed("Deur openen, ouders en leerlingen ontvangen bij de inloop", "conciërge", 2, 0, 1,
           "conciërge", "inloop", ("ma-vr",)),
    _fixed("Pleinwacht tijdens de ochtendpauze{v}", "klas", 2, 1, 2, "leerkracht", "pauze",
           ("ma-vr",), _YARD),
    _fixed("Toezicht bij het overblijven{v}", "klas", 2, 1, 2, "leerkracht", "lunch",
           (LUNCH,), _GROUPS),
    _fixed("Samen lezen met kleine groepjes{v} (tutorlezen)", "klas", 2, 0, 2, "leerkracht",
           "tutor", ("ma,di,do", "di,do", "ma,wo"), _GROUPS[1:]),
    _days("Dagschoonmaak: toiletten, wastafels en de hal bijhouden", "facilitair", 1, 2, 0,
          "schoonmaker", ("ma-vr",), (30,)),
)

PO_POOL: tuple[_Template, ...] = (
    _fixed("Pleinwacht tijdens de ochtendpauze{v}", "klas", 2, 1, 2, "leerkracht", "pauze",
           ("ma-vr", "ma,di,do", "wo,vr"), _YARD, 1.5),
    _fixed("Toezicht bij het overblijven{v}", "klas", 2, 1, 2, "leerkracht", "lunch",
           (LUNCH, "ma,di", "do,vr"), _GROUPS, 2.0),
    _fixed("Samen lezen met kleine groepjes{v} (tutorlezen)", "klas", 2, 0, 2, "leerkracht",
           "tutor", ("ma,di,do", "di,do", "ma,wo"), _GROUPS[1:], 1.5),
    _fixed("Zorgassistent groep 1-2: helpen met jassen, toiletbezoek en naar buiten gaan",
           "klas", 3, 1, 2, "leerkracht", "kleuter", ("ma,di,do", "di,do", "ma,wo", "wo,vr"),
           weight=1.5),
    _fixed("Schoolfruit schillen, snijden en verdelen{v}", "klas", 1, 0, 1, "leerkracht",
           "fruit", ("di,wo,do",), (" over groep 1 t/m 4", " over groep 5 t/m 8")),
    _fixed("Helpen bij het buitenspelen van groep 1-2 na de kring", "klas", 2, 1, 2,
           "leerkracht", "buiten", ("di,do", "ma,wo")),
    _fixed("Helpen bij de creatieve middag{v}: materialen klaarzetten, leerlingen helpen en "
           "opruimen", "klas", 2, 1, 2, "leerkracht", "middag", ("vr", "do", "di"),
           _GROUPS[1:]),
    _fixed("Toezicht bij het uitgaan van de school en bij de fietsenstalling", "conciërge", 2,
           1, 2, "conciërge", "uit", (LUNCH, "ma-vr")),
    _fixed("School openen: deuren van het slot, lichten en verwarming aan", "conciërge", 1, 1,
           0, "conciërge", "open", ("ma-vr",)),
    _fixed("Lokalen{v} vegen, tafels afnemen en prullenbakken legen na schooltijd",
           "facilitair", 1, 2, 0, "schoonmaker", "na", (LUNCH, "ma,di,do", "di,do"), _GROUPS,
           1.5),
    _days("Gymmateriaal in het speellokaal klaarzetten en opruimen", "klas", 1, 2, 0,
          "leerkracht", ("ma,wo,vr", "di,do"), (30, 45)),
    _days("Leesgroepje begeleiden{v}: voorlezen en samen lezen", "klas", 2, 0, 2,
          "leerkracht", ("ma,wo", "di,do", "ma,di,do"), (30, 45), _GROUPS[1:], 1.5),
    _free("Oefenen met tafels en rekenspelletjes met kleine groepjes{v}", "klas", 2, 0, 2,
          "leerkracht", (60, 90, 120), _GROUPS[1:]),
    _free("Hoeken en materiaal van groep 1-2 klaarzetten en opruimen (bouwhoek, huishoek)",
          "klas", 1, 1, 1, "leerkracht", (60, 90, 120)),
    _free("Lijmpotjes bijvullen, potloden slijpen en kleurdozen aanvullen{v}", "klas", 1, 0, 0,
          "leerkracht", (30, 45, 60, 90), _GROUPS, 1.5),
    _days("Werkjes van leerlingen ophangen in de klassen en in de gang", "klas", 1, 1, 0,
          "leerkracht", ("vr", "wo"), (45, 60)),
    _free("Kopiëren en lamineren van werkbladen en lesmateriaal{v}", "administratie", 1, 1, 0,
          "leerkracht", (60, 90, 120, 150), _GROUPS, 2.0),
    _days("Absenties en ziekmeldingen verwerken in ParnasSys", "administratie", 2, 0, 0,
          "administratief medewerker", ("ma-vr",), (15, 30)),
    _days("Telefoon aannemen en bezoekers te woord staan", "conciërge", 2, 0, 1, "directie",
          ("ma,di,do", "di,do", "ma-vr"), (30, 45, 60)),
    _free("Nieuwsbrief opmaken en klassenlijsten bijwerken in het ouderportaal",
          "administratie", 3, 0, 0, "directie", (60, 90)),
    _days("Gevonden voorwerpen verzamelen, uitstallen en een lijst in het ouderportaal zetten",
          "administratie", 1, 0, 1, "leerkracht", ("vr",), (30, 45)),
    _free("Voorraad schoonmaak- en kantoorartikelen bijhouden en bestellijst maken",
          "facilitair", 2, 1, 0, "directie", (30, 60)),
    _days("Schoolplein vegen en zwerfvuil prikken", "facilitair", 1, 2, 0, "conciërge",
          ("ma,wo", "di,vr", "ma,do"), (30,)),
    _days("Kliko's aan de straat zetten en terugzetten", "facilitair", 1, 2, 0, "conciërge",
          ("di", "ma", "do"), (30,)),
    _days("Zandbak omspitten en harken, speelgoed uit de zandbak zeven", "facilitair", 1, 2, 0,
          "conciërge", ("vr", "wo"), (30,)),
    _days("Koffie en thee zetten in de teamkamer en de vaatwasser uitruimen", "facilitair", 1,
          1, 0, "conciërge", ("ma-vr",), (15, 30)),
    _free("Moestuin en plantenbakken bij de school bijhouden", "facilitair", 1, 1, 0,
          "leerkracht", (45, 60, 90)),
    _free("Klein onderhoud: lampen vervangen, kapstokhaakjes en deurstoppers vastzetten",
          "conciërge", 2, 1, 0, "conciërge", (60, 90, 120)),
    _days("Chromebooks opladen, tellen en klaarzetten{v}", "klas", 2, 0, 0,
          "onderwijsassistent", ("ma-vr", "ma,di,do"), (15, 30), _GROUPS[2:]),
    _free("Schoolbibliotheek: boeken terugzetten, labelen en kapotte boeken repareren",
          "klas", 1, 0, 0, "leerkracht", (60, 90)),
    _free("BHV: blusmiddelen, nooduitgangen en ontruimingsplattegronden controleren "
          "(weekgemiddelde)", "conciërge", 3, 1, 0, "conciërge", (30, 60), carvable=0.0,
          weight=0.4),
)

#: Tasks every secondary site has, then the weighted pool.
VO_CORE: tuple[_Template, ...] = (
    _fixed("Gebouw openen: deuren van het slot, lichten aan, rondgang langs lokalen en "
           "toiletten", "conciërge", 1, 1, 0, "conciërge", "open", ("ma-vr",)),
    _fixed("Toezicht bij de fietsenstalling en hoofdingang bij binnenkomst leerlingen",
           "conciërge", 2, 1, 2, "conciërge", "binnen", ("ma-vr",)),
    _fixed("Laatkomers opvangen bij de balie, te-laatbriefje uitschrijven en naar de les "
           "sturen", "conciërge", 2, 0, 2, "conciërge", "laat", ("ma-vr",)),
    _fixed("Receptie en telefoon tijdens de ochtendpauze", "conciërge", 2, 0, 1, "conciërge",
           "pauze1", ("ma-vr",)),
    _fixed("Receptie en telefoon tijdens de middagpauze", "conciërge", 2, 0, 1, "conciërge",
           "pauze2", ("ma-vr",)),
    _fixed("Kantineverkoop tijdens de middagpauze (kassa en uitgifte)", "facilitair", 2, 1, 1,
           "facilitair medewerker", "pauze2", ("ma-vr",)),
    _fixed("Sluitronde: ramen dicht, lichten en digiborden uit, lokalen afsluiten",
           "conciërge", 1, 1, 0, "conciërge", "sluit", ("ma-vr",)),
)

VO_POOL: tuple[_Template, ...] = (
    _fixed("Kantineverkoop tijdens de ochtendpauze (kassa en uitgifte)", "facilitair", 2, 1, 1,
           "facilitair medewerker", "pauze1", ("ma-vr",)),
    _fixed("Toezicht in de aula en op het plein tijdens de middagpauze{v}", "klas", 2, 1, 2,
           "docent", "pauze2", ("ma-vr", "ma,di,do", "wo,vr"), (" (aula)", " (plein)",
                                                                 " (fietsenstalling)"), 2.0),
    _fixed("Mediatheek: boeken uitlenen en toezicht bij de studieplekken in de middagpauze",
           "klas", 2, 0, 2, "onderwijsassistent", "pauze2", ("ma-vr", "ma,di,do")),
    _fixed("Kantine: broodjes smeren, fruit snijden en de vitrine aanvullen", "facilitair", 1,
           1, 0, "facilitair medewerker", "kantine", ("ma-vr",)),
    _fixed("Kantine na de middagpauze: tafels afnemen, stoelen rechtzetten, vloer vegen",
           "facilitair", 1, 1, 0, "schoonmaker", "napauze", ("ma-vr",)),
    _fixed("Koffie en thee zetten en de personeelskamer klaarmaken voor de ochtendpauze",
           "facilitair", 1, 0, 0, "conciërge", "koffie", ("ma-vr",)),
    _fixed("Schoonmaak lokalen na schooltijd{v}: vegen, tafels afnemen, prullenbakken legen",
           "facilitair", 1, 2, 0, "schoonmaker", "schoon", ("ma-vr", "ma,di,do", "di,do"),
           _FLOORS, 2.0),
    _fixed("Assisteren bij het practicum{v}: materiaal uitdelen, leerlingen helpen en "
           "opruimen", "klas", 3, 1, 2, "TOA", "practicum", ("di", "do", "wo", "ma"), _LABS,
           1.5),
    _fixed("Toezicht en ondersteuning op het leerplein bij zelfstandig werken", "klas", 3, 0,
           2, "onderwijsassistent", "leerplein", ("ma,wo", "di,do")),
    _fixed("Ziekmeldingen van ouders telefonisch aannemen en in Magister zetten",
           "administratie", 2, 0, 0, "administratief medewerker", "vroeg", ("ma-vr",)),
    _fixed("Absenties en te-laatmeldingen van de balie invoeren in Magister", "administratie",
           2, 0, 0, "administratief medewerker", "absentie", ("ma-vr",)),
    _fixed("Lokaalruil en roosterwijzigingen bij ziekte van docenten doorvoeren in Zermelo",
           "administratie", 3, 0, 0, "roostermaker", "rooster", ("ma-vr",)),
    _fixed("Digiborden en beamers aanzetten en testen, storingen melden bij ICT", "klas", 2, 0,
           0, "onderwijsassistent", "vroeg", ("ma-vr",)),
    _days("Practicumlokalen{v} klaarzetten volgens de practicumlijst en opruimen", "klas", 3, 1,
          0, "TOA", ("ma,di,wo,do", "di,do", "ma-vr"), (30, 45), _LABS, 1.5),
    _free("Glaswerk en practicummateriaal afwassen, drogen en terugzetten in de kasten",
          "klas", 1, 1, 0, "TOA", (60, 90, 120)),
    _free("Tekenlokaal: verf aanmaken, kwasten en paletten schoonmaken, papier klaarleggen",
          "klas", 1, 1, 0, "docent", (60, 90, 120)),
    _free("Readers en werkbladen in klassensets per lokaal klaarleggen{v}", "klas", 1, 1, 0,
          "docent", (60, 90), _SECTIONS),
    _free("Tweede surveillant bij toetsen en herkansingen (weekgemiddelde)", "klas", 3, 0, 2,
          "docent", (60, 90, 120)),
    _days("Chromebookkarren opladen, tellen en per lesuur uitgeven en innemen{v}", "klas", 2,
          1, 1, "onderwijsassistent", ("ma-vr",), (15, 30), _FLOORS[:3]),
    _days("Opvang van uit de les verwijderde leerlingen in het time-outlokaal", "conciërge", 3,
          0, 2, "conciërge", ("ma-vr",), (45, 60), carvable=0.3, weight=0.5),
    _free("Kopieerwerk en lamineren voor docenten{v}", "administratie", 1, 1, 0, "docent",
          (90, 120, 180), _SECTIONS, 2.5),
    _free("Toetsen kopiëren, tellen en per klas in enveloppen verpakken (weekgemiddelde)",
          "administratie", 3, 0, 0, "administratief medewerker", (60, 120)),
    _free("Dossiers van oud-leerlingen sorteren, ontnieten en in archiefdozen opbergen",
          "administratie", 1, 1, 0, "administratief medewerker", (60, 120)),
    _free("Papieren leerlingdossiers scannen en in het digitale archief zetten",
          "administratie", 2, 0, 0, "administratief medewerker", (90, 150)),
    _free("Enveloppen vullen, adresetiketten plakken en ouderbrieven frankeren",
          "administratie", 1, 0, 0, "administratief medewerker", (45, 60)),
    _free("Schoolboeken innemen, controleren op schade en registreren (weekgemiddelde)",
          "administratie", 2, 1, 1, "administratief medewerker", (60, 90)),
    _free("Algemene mailbox bijhouden en berichten doorsturen naar mentoren", "administratie",
          3, 0, 0, "administratief medewerker", (90, 120)),
    _free("Afspraken van ouders en bezoekers inplannen in de agenda's van teamleiders",
          "administratie", 3, 0, 0, "administratief medewerker", (60, 90)),
    _free("Gevonden voorwerpen registreren, fotograferen en na zes weken afvoeren",
          "administratie", 1, 0, 1, "conciërge", (45, 60)),
    _free("Bezoekers en ouders ontvangen, laten aanmelden en naar de juiste ruimte begeleiden",
          "conciërge", 1, 0, 1, "conciërge", (60, 90, 120)),
    _free("Kluissleutels van leerlingen uitgeven, innemen en registreren", "conciërge", 2, 0,
          1, "conciërge", (45, 60)),
    _free("Klein onderhoud: lampen vervangen, deurklinken en stoelen repareren{v}",
          "conciërge", 2, 1, 0, "conciërge", (90, 120), _FLOORS[:3], 1.5),
    _free("Lokalen inrichten voor de toetsweken: tafels in rijen, tafelnummers "
          "(weekgemiddelde)", "conciërge", 1, 2, 0, "conciërge", (60, 90)),
    _days("Aula klaarzetten en opruimen na ouderavonden en voorlichtingsavonden", "conciërge",
          1, 2, 0, "conciërge", ("di,do", "wo"), (45, 60)),
    _days("Zwerfvuil prikken op het schoolplein en bij de entree, prullenbakken buiten legen",
          "facilitair", 1, 1, 0, "conciërge", ("ma,wo,vr", "di,do"), (30,)),
    _days("Afvalcontainers aan de straat zetten en na lediging terugzetten", "facilitair", 1,
          2, 0, "conciërge", ("ma,do", "di"), (15, 30)),
    _days("Oud papier en karton uit de lokalen ophalen en naar de perscontainer brengen",
          "facilitair", 1, 1, 0, "schoonmaker", ("wo", "vr"), (45, 60)),
    _days("Dagschoonmaak toiletten: controleren, papier en zeep bijvullen{v}", "facilitair", 1,
          1, 0, "schoonmaker", ("ma-vr",), (30,), _FLOORS[:3], 1.5),
    _days("Vaatwasser personeelskamer in- en uitruimen, aanrecht en tafels afnemen",
          "facilitair", 1, 1, 0, "conciërge", ("ma-vr",), (15, 30)),
    _free("Voorraad kopieerpapier, toner en kantoorartikelen bijhouden en aanvullen",
          "facilitair", 2, 1, 0, "conciërge", (60, 90)),
    _days("Planten in de aula en kantoren water geven en verzorgen", "facilitair", 1, 0, 0,
          "conciërge", ("di,vr",), (15, 30)),
    _free("Groenonderhoud rond het gebouw: onkruid wieden, perken bijhouden en bladeren "
          "ruimen", "facilitair", 1, 2, 0, "conciërge", (60, 90, 120)),
    _days("Legionellaspoeling: weinig gebruikte tappunten doorspoelen en registreren",
          "facilitair", 2, 1, 0, "conciërge", ("wo", "ma"), (60,)),
    _days("Praktijkkeuken: boodschappen uitpakken en ingrediënten per werkplek afwegen",
          "klas", 1, 1, 0, "TOA", ("ma,wo", "di,do"), (45, 60)),
    _days("Techniekwerkplaats: gereedschap tellen en terughangen, zaagsel opvegen", "klas", 1,
          1, 0, "TOA", ("ma-vr", "ma,wo,vr"), (30,)),
    _free("Maandelijkse controle nooduitgangen en blusmiddelen (BHV-taak, weekgemiddelde)",
          "conciërge", 3, 1, 0, "conciërge", (60,), carvable=0.0, weight=0.4),
)

#: Only at a secondary school with two sites (at its main site).
VO_TWO_SITES: tuple[_Template, ...] = (
    _days("Bodedienst: interne post, pakketten en lesmaterialen heen en weer brengen tussen de "
          "locaties", "conciërge", 2, 1, 0, "conciërge", ("di,do", "ma,wo,vr"), (45, 60)),
)


# --------------------------------------------------------------------------- timetables


@dataclass
class _School:
    """One school (or one site of a school): where, when, and which tasks."""

    site: str
    name: str
    kind: str  # "po" or "vo"
    lat: float
    lon: float
    pc4: str
    board: str
    slots: dict[str, tuple[int, int]]
    short_wednesday: bool
    hours: dict[str, str] = field(default_factory=dict)  # the sites-file hour columns
    prefix: str = ""
    extra: tuple[_Template, ...] = ()


def _po_timetable(rng: np.random.Generator) -> tuple[dict[str, tuple[int, int]], bool, dict[
        str, str]]:
    """A primary school's timetable: slots, short Wednesday, and the hours it would write
    in the sites file."""
    model = rng.choice(["traditional", "continuous", "five_days"], p=[0.45, 0.35, 0.2])
    pause = (_t("10:15"), _t("10:30")) if rng.random() < 0.6 else (_t("10:00"), _t("10:15"))
    if model == "traditional":
        until, lunch = _t("15:15"), (_t("12:00"), _t("12:45"))
    elif model == "continuous":
        until, lunch = _t("14:30"), (_t("12:00"), _t("12:30"))
    else:
        until, lunch = _t("14:15"), (_t("12:00"), _t("12:30"))
    short = model != "five_days"
    tutor = (_t("08:30"), _t("09:00")) if rng.random() < 0.6 else (_t("13:15"), _t("13:45"))
    slots = {
        "open": (_t("07:45"), _t("08:15")),
        "inloop": (_t("08:15"), _t("08:30")),
        "tutor": tutor,
        "kleuter": (_t("08:30"), _t("10:00")),
        "fruit": (pause[0] - 30, pause[0] - 15),
        "pauze": pause,
        "buiten": (pause[1], pause[1] + 45),
        "lunch": lunch,
        "middag": (_t("13:00"), _t("14:15")),
        "uit": (until, until + 15),
        "na": (until + 15, until + 75),
    }
    hours = {"open_from": str(rng.choice(["07:30", "07:45"])),
             "open_until": str(rng.choice(["17:00", "17:30", "18:00"])),
             "pupils_from": "08:30", "pupils_until": format_time(until)}
    if short:
        hours["wednesday_pupils_until"] = str(rng.choice(["12:15", "12:15", "12:30"]))
    return slots, short, hours


def _vo_timetable(rng: np.random.Generator) -> tuple[dict[str, tuple[int, int]], bool, dict[
        str, str]]:
    """A secondary school's timetable (one for all its sites)."""
    first = _t("08:30") if rng.random() < 0.7 else _t("08:15")
    pause1 = (_t("10:15"), _t("10:30")) if rng.random() < 0.6 else (_t("10:00"), _t("10:15"))
    pause2 = (_t("12:15"), _t("12:45")) if rng.random() < 0.6 else (_t("12:30"), _t("13:00"))
    until = _t("16:00") if rng.random() < 0.6 else _t("15:45")
    slots = {
        "open": (_t("07:30"), _t("08:15")),
        "vroeg": (_t("07:45"), first),
        "rooster": (_t("07:30"), _t("08:00")),
        "binnen": (first - 15, first),
        "laat": (first, first + 30),
        "absentie": (first + 30, first + 60),
        "koffie": (pause1[0] - 15, pause1[0]),
        "pauze1": pause1,
        "practicum": (pause1[1], pause1[1] + 105),
        "kantine": (pause2[0] - 45, pause2[0]),
        "pauze2": pause2,
        "napauze": (pause2[1], pause2[1] + 30),
        "leerplein": (pause2[1] + 30, pause2[1] + 120),
        "schoon": (until, until + 60),
        "sluit": (_t("16:45"), _t("17:30")),
    }
    hours = {"open_from": "07:30", "open_until": str(rng.choice(["17:30", "18:00"])),
             "pupils_from": format_time(first), "pupils_until": format_time(until)}
    return slots, False, hours


def _written(rng: np.random.Generator, hours: dict[str, str], share: float) -> dict[str, str]:
    """The hour columns one school fills in: with probability ``share`` its pupil hours (and
    its short Wednesday), half of those also its opening hours; else none (the defaults)."""
    if rng.random() >= share:
        return {}
    keep = {"pupils_from", "pupils_until", "wednesday_pupils_until"}
    if rng.random() < 0.5:
        keep |= {"open_from", "open_until"}
    return {k: v for k, v in hours.items() if k in keep}


# --------------------------------------------------------------------------- places

#: Centres of the regions boards are placed in (PC4 of the town centre).
_CENTRES = ("6711", "3811", "8011", "7311", "5011", "7411", "4811", "5211", "6511", "2011")
_PO_NAMES = ("De Wegwijzer", "De Regenboog", "De Wielewaal", "Het Heideveld", "De Fontein",
             "De Klimboom", "De Vlinder", "Het Kompas", "De Schakel", "De Zonnewijzer",
             "De Sterrenboog", "Het Palet", "De Bongerd", "De Linde", "Het Mozaïek",
             "De Springplank", "De Toermalijn", "Het Klavertje", "De Ark", "De Eendracht")
_VO_NAMES = ("Eemland College", "Vallei Lyceum", "Het Baken", "Stedelijk College",
             "Christelijk College De Breul", "Het Hooghe Land")


def _slug(text: str) -> str:
    folded = text.lower().replace("ï", "i").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) in direction ``bearing`` (radians), flat-earth."""
    dlat = km * math.cos(bearing) / 111.2
    dlon = km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _places(rng: np.random.Generator, centre: str, n: int, region: str
            ) -> list[tuple[str, str, float, float]]:
    """``n`` school locations (pc4, place, lat, lon) around ``centre``: in its villages
    (the town itself first, then distinct places 3-10 km away, further when there are
    too few) or in the town
    (0.5-3 km from its centre)."""
    table = pc4_table()
    lat0, lon0 = cast(float, table.at[centre, "lat"]), cast(float, table.at[centre, "lon"])
    town = str(table.at[centre, "place"])
    if region == "town":
        out = []
        for _ in range(n):
            lat, lon = _offset(lat0, lon0, float(rng.uniform(0.5, 3.0)),
                               float(rng.uniform(0, 2 * math.pi)))
            out.append((centre, town, lat, lon))
        return out
    if region != "villages":
        raise ValueError(f"region must be 'villages' or 'town', not {region!r}")
    km = haversine_km(lat0, lon0, table["lat"].to_numpy(float), table["lon"].to_numpy(float))
    every = table.assign(km=km).reset_index()
    every = every[(every["km"] >= 3) & (every["place"] != town)]
    every = every.sort_values(["km", "pc4"]).drop_duplicates("place")
    radius = 10.0  # km: a board's villages; wider only when there are too few
    frame = every[every["km"] <= radius]
    while len(frame) < 2 * (n - 1) and radius < 30:
        radius += 2.5
        frame = every[every["km"] <= radius]
    if len(frame) < n - 1:
        raise ValueError(f"fewer than {n} places around {town}")
    chosen = sorted(rng.choice(len(frame), size=n - 1, replace=False)) if n > 1 else []
    out = [(centre, town, *_offset(lat0, lon0, float(rng.uniform(0.2, 1.0)),
                                   float(rng.uniform(0, 2 * math.pi))))]
    for k in chosen:
        row = frame.iloc[int(k)]
        out.append((str(row["pc4"]), str(row["place"]),
                    *_offset(float(row["lat"]), float(row["lon"]), float(rng.uniform(0, 0.3)),
                             float(rng.uniform(0, 2 * math.pi)))))
    return out


def _second_site(rng: np.random.Generator, lat: float, lon: float) -> tuple[float, float, int]:
    """A point 10-20 minutes of travel (matcher's default travel) from (lat, lon)."""
    travel = TravelParams()
    target = int(rng.integers(12, 21))  # minutes
    per_km = travel.detour_factor / travel.speed_kmh * 60
    km = (target - travel.overhead_min) / per_km - 0.01
    lat2, lon2 = _offset(lat, lon, km, float(rng.uniform(0, 2 * math.pi)))
    minutes = int(travel.minutes(float(haversine_km(lat, lon, lat2, lon2))))
    return lat2, lon2, minutes


# --------------------------------------------------------------------------- tasks


def _day_text(pattern: str, short_wednesday: bool) -> tuple[int, ...]:
    if pattern == LUNCH:
        return (0, 1, 3, 4) if short_wednesday else _WEEK
    if pattern == "ma-vr":
        return _WEEK
    return tuple(sorted(_DAY[p] for p in pattern.split(",")))


def _task_rows(rng: np.random.Generator, school: _School, n: int,
               core: Sequence[_Template], pool: Sequence[_Template]) -> list[dict[str, str]]:
    """``n`` task rows of one school: its core tasks, then draws from the pool (each
    template-and-variant once before any repeats)."""
    chosen: list[tuple[_Template, str]] = []
    for template in core[:n]:
        chosen.append((template, template.variants[0]))
    options = [(t, v) for t in (*pool, *school.extra) for v in t.variants]
    weights = np.array([t.weight / len(t.variants) for t, _ in options])
    while len(chosen) < n:
        take = min(n - len(chosen), len(options))
        picks = rng.choice(len(options), size=take, replace=False, p=weights / weights.sum())
        chosen += [options[int(k)] for k in picks]
    rows = []
    for k, (template, variant) in enumerate(chosen, start=1):
        rows.append(_row(rng, school, f"{school.prefix}-{k:03d}", template, variant))
    return rows


def _row(rng: np.random.Generator, school: _School, task_id: str, template: _Template,
         variant: str) -> dict[str, str]:
    start = end = ""
    pattern = str(rng.choice(template.days)) if template.days else ""
    days = _day_text(pattern, school.short_wednesday) if pattern else ()
    if template.timing == "fixed":
        lo, hi = school.slots[template.slot]
        if school.short_wednesday and lo >= _t("12:00"):
            days = tuple(d for d in days if d != 2) or (1,)  # no pupils on Wednesday afternoon
        start, end = format_time(lo), format_time(hi)
        minutes = (hi - lo) * len(days)
    elif template.timing == "days":
        minutes = int(rng.choice(template.minutes)) * len(days)
    else:
        minutes = int(rng.choice(template.minutes))
    carvable = template.carvable >= 1 or rng.random() < template.carvable
    return {
        "task_id": task_id,
        "description": template.text.replace("{v}", variant),
        "area": template.area,
        "hours_per_week": f"{minutes / 60:g}",
        "level": str(template.level),
        "site": school.site,
        "days": format_days(days),
        "start": start,
        "end": end,
        "physical_load": str(template.load),
        "pupil_contact": str(template.contact),
        "current_role": template.role,
        "carvable": "ja" if carvable else "nee",
    }


def _sizes(rng: np.random.Generator, n_tasks: int, weights: Sequence[float], least: int
           ) -> list[int]:
    """``n_tasks`` split over schools in proportion to ``weights`` (a random spread), each
    at least ``least``."""
    k = len(weights)
    if n_tasks < least * k:
        raise ValueError(f"{n_tasks} tasks are too few for {k} schools (at least {least} "
                         f"each)")
    share = np.asarray(weights, float) * rng.lognormal(0.0, 0.35, size=k)
    share = share / share.sum()
    sizes = np.full(k, least) + np.floor(share * (n_tasks - least * k)).astype(int)
    for j in np.argsort(-share)[: n_tasks - int(sizes.sum())]:
        sizes[j] += 1
    return [int(s) for s in sizes]


# --------------------------------------------------------------------------- the API


def frames(kind: str = "po_board", seed: int = 0, n_tasks: int = 60,
           n_schools: int | None = None, *, region: str | None = None,
           shared: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tasks file and the sites file of an inventory, as a school writes them (text
    cells: HH:MM times, Dutch areas and day names). Arguments as :func:`generate`."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: choose one of {', '.join(KINDS)}")
    if n_tasks < 1:
        raise ValueError("n_tasks must be at least 1")
    schools_n = KINDS[kind] if n_schools is None else int(n_schools)
    if kind in ("po", "vo", "vo_two_sites") and schools_n != 1:
        raise ValueError(f"kind {kind!r} is one school (n_schools=1)")
    rng = np.random.default_rng([int(seed), _KIND_CODE[kind]])
    centre = str(_CENTRES[int(rng.integers(len(_CENTRES)))])
    town = str(pc4_table().loc[centre, "place"])
    if region is None:
        region = "villages" if kind in ("po_board", "mixed_board") else "town"
    if kind == "mixed_board":
        n_vo = max(1, round(schools_n * 0.12))
        kinds = ["vo"] * n_vo + ["po"] * (schools_n - n_vo)
        board = f"Stichting Onderwijsgroep {town}"
    else:
        kinds = ["vo" if kind.startswith("vo") else "po"] * schools_n
        board = (f"Stichting Primair Onderwijs {town} e.o." if kind == "po_board"
                 else "")
    if kind == "mixed_board":  # secondary schools and a third of the primary ones stand in
        # the town, the other primary schools in the villages around it
        n_po = kinds.count("po")
        in_town = n_po // 3
        places = _places(rng, centre, len(kinds) - n_po + in_town, "town")
        places += _places(rng, centre, n_po - in_town + 1, region)[1:]
    else:
        places = _places(rng, centre, schools_n, region)
    shared_po = (kind == "po_board") if shared is None else shared
    po_timetable = _po_timetable(rng)
    vo_timetable = _vo_timetable(rng)
    schools: list[_School] = []
    site_weights: list[float] = []
    po_names = list(rng.permutation(len(_PO_NAMES)))
    vo_names = list(rng.permutation(len(_VO_NAMES)))
    for k, (school_kind, (pc4, place, lat, lon)) in enumerate(zip(kinds, places, strict=True)):
        own_board = board
        if school_kind == "po":
            slots, short, hours = po_timetable if shared_po else _po_timetable(rng)
            hours = _written(rng, hours, 0.65)
            name = f"Basisschool {_PO_NAMES[po_names[k % len(_PO_NAMES)]]}"
            if not own_board:
                own_board = f"Stichting {name.removeprefix('Basisschool ')}"
            prefix = "PO" if schools_n == 1 else f"PO{k + 1:02d}"
            schools.append(_School(_slug(f"{name.split(' ', 1)[1]} {place}"), f"{name} {place}",
                                   "po", lat, lon, pc4, own_board, slots, short, hours, prefix))
            site_weights.append(1.0)
            continue
        slots, short, hours = vo_timetable if kind != "mixed_board" else _vo_timetable(rng)
        hours = _written(rng, hours, 0.7)
        name = _VO_NAMES[vo_names[k % len(_VO_NAMES)]]
        own_board = own_board or f"Stichting {name}"
        prefix = "VO" if schools_n == 1 else f"VO{k + 1:02d}"
        two = kind == "vo_two_sites" or (kind == "mixed_board" and rng.random() < 0.5)
        if not two:
            schools.append(_School(_slug(f"{name} {place}"), f"{name} {place}", "vo", lat, lon,
                                   pc4, own_board, slots, short, hours, prefix))
            site_weights.append(6.0)
            continue
        lat2, lon2, _ = _second_site(rng, lat, lon)
        for part, (la, lo, label, extra) in enumerate(
                ((lat, lon, "Centrum", VO_TWO_SITES), (lat2, lon2, "Noord", ()))):
            schools.append(_School(_slug(f"{name} {label}"), f"{name} locatie {label}", "vo",
                                   la, lo, pc4, own_board, slots, short, hours,
                                   f"{prefix}{'CN'[part]}", extra))
            site_weights.append(3.5)
    seen: dict[str, int] = {}
    for school in schools:
        seen[school.site] = seen.get(school.site, 0) + 1
        if seen[school.site] > 1:
            school.site = f"{school.site}-{seen[school.site]}"
    least = max(len(PO_CORE), len(VO_CORE))
    if n_tasks < least * len(schools):
        least = max(1, n_tasks // len(schools))
    sizes = _sizes(rng, n_tasks, site_weights, least)
    rows: list[dict[str, str]] = []
    for school, size in zip(schools, sizes, strict=True):
        core, pool = (PO_CORE, PO_POOL) if school.kind == "po" else (VO_CORE, VO_POOL)
        rows += _task_rows(rng, school, size, core, pool)
    tasks = pd.DataFrame(rows, columns=list(rows[0]))
    sites = pd.DataFrame([{
        "site": s.site, "name": s.name, "lat": f"{s.lat:.6f}", "lon": f"{s.lon:.6f}",
        "pc4": s.pc4, "board": s.board,
        **{c: s.hours.get(c, "") for c in ("open_from", "open_until", "pupils_from",
                                           "pupils_until", "wednesday_pupils_until")},
    } for s in schools])
    return tasks, sites


def generate(kind: str = "po_board", seed: int = 0, n_tasks: int = 60,
             n_schools: int | None = None, **options: Any) -> Inventory:
    """A realistic inventory (deterministic per argument set), loaded by matcher's loader.

    Parameters
    ----------
    kind
        ``po``, ``po_board``, ``vo``, ``vo_two_sites`` or ``mixed_board`` (:data:`KINDS`).
    seed
        Everything is drawn from it (timetables, places, tasks).
    n_tasks
        Tasks in the whole inventory, split over the schools by their size.
    n_schools
        Schools of a board (default :data:`KINDS`); 1 for the single-school kinds.
    options
        ``region``: ``"villages"`` (boards' default: schools in the villages around a
        town) or ``"town"``; ``shared``: the primary schools share one timetable
        (default for ``po_board``).
    """
    unknown = set(options) - {"region", "shared"}
    if unknown:
        raise TypeError(f"unknown options: {', '.join(sorted(unknown))}")
    shared = options.get("shared")
    if isinstance(shared, str):
        shared = shared.lower() in ("1", "true", "yes", "ja")
    elif isinstance(shared, int):
        shared = bool(shared)
    tasks, sites = frames(kind, seed, n_tasks, n_schools, region=options.get("region"),
                          shared=shared)
    name = f"realistic:kind={kind},seed={seed},n_tasks={n_tasks}"
    return load_tasks(tasks, sites, name=name, sites_name=f"{name} (sites)")


def region(seed: int = 0, n_tasks: int = 1300, n_schools: int = 50) -> Inventory:
    """A WSP's region: primary schools in the villages around a town (their own
    timetables), each its own board, as most primary schools of a region are."""
    tasks, sites = frames("po_board", seed, n_tasks, n_schools, shared=False)
    sites = sites.copy()
    sites["board"] = "Stichting " + sites["name"].astype(str)
    name = f"realistic:region,seed={seed},n_tasks={n_tasks},n_schools={n_schools}"
    return load_tasks(tasks, sites, name=name, sites_name=f"{name} (sites)")


def instance(name: str) -> Inventory:
    """A named benchmark instance (:data:`INSTANCES`)."""
    return generate(**INSTANCES[name])


def write(directory: Path, kind: str = "po_board", seed: int = 0, n_tasks: int = 60,
          n_schools: int | None = None, **options: Any) -> tuple[Path, Path]:
    """Write ``tasks.csv`` and ``sites.csv`` of an inventory to ``directory``; their paths."""
    tasks, sites = frames(kind, seed, n_tasks, n_schools, **options)
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / "tasks.csv", directory / "sites.csv"
    tasks.to_csv(paths[0], index=False)
    sites.to_csv(paths[1], index=False)
    return paths


def summary(inventory: Inventory) -> dict[str, Any]:
    """What an inventory holds: tasks, hours, fixed and day-bound shares, sites, travel."""
    tasks = inventory.tasks
    hours = sum(t.hours for t in tasks)
    travel = [m for (a, b), m in inventory.sites.travel_minutes().items() if a < b]
    return {
        "tasks": len(tasks),
        "hours": round(hours, 2),
        "carvable_hours": round(sum(t.hours for t in tasks if t.carvable), 2),
        "fixed": sum(t.fixed for t in tasks),
        "with_days": sum(1 for t in tasks if not t.fixed and t.days),
        "free": sum(1 for t in tasks if not t.fixed and not t.days),
        "pupil_contact": sum(1 for t in tasks if t.pupil_contact >= 1),
        "sites": len(inventory.sites.ids),
        "travel_min": min(travel, default=0.0),
        "travel_max": max(travel, default=0.0),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("instance", nargs="?", help=f"one of {', '.join(INSTANCES)}")
    parser.add_argument("--out", type=Path, help="write tasks.csv and sites.csv here")
    args = parser.parse_args(argv)
    names = [args.instance] if args.instance else list(INSTANCES)
    for name in names:
        print(name, summary(instance(name)))
        if args.out:
            write(args.out if len(names) == 1 else args.out / name, **INSTANCES[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
