"""Dutch function titles a school recognises, from a function's areas, level and tasks."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.carving.problem import hours_by
from matcher.model import Task

__all__ = ["function_title"]


def function_title(tasks: Sequence[Task], sites: int) -> str:
    """A Dutch title a school would recognise, from the function's areas and tasks."""
    hours = hours_by((t.area, t.hours) for t in tasks)
    level = max(t.level for t in tasks)
    text = " ".join(t.description.lower() for t in tasks)
    names = [_area_title(area, level, text, tasks) for area in list(hours)[:2]]
    title = names[0] if len(names) == 1 else f"{names[0]} en {names[1][0].lower()}{names[1][1:]}"
    if sites > 1:
        title += f" ({sites} locaties)"
    return title


def _area_title(area: str, level: int, text: str, tasks: Sequence[Task]) -> str:
    if area == "concierge":
        return "Assistent-conciërge"
    if area == "classroom":
        young = any(k in text for k in ("groep 1", "kleuter", "onderbouw po"))
        if young:
            return "Zorgassistent groep 1-2"
        if any(k in text for k in ("praktijk", "practicum", "techniek", "kooklok", "keuken")):
            return "Assistent praktijklessen"
        return "Klassenassistent" if level <= 2 else "Onderwijsassistent"
    if area == "administration":
        return "Administratief ondersteuner" if level <= 2 else "Administratief medewerker"
    return "Facilitair medewerker"
