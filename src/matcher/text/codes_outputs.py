"""Catalogue messages of the outputs stage: code -> (English, Dutch) templates.

Merged into :data:`matcher.text.catalogue.MESSAGES`; codes start with a prefix of the
stage (see ``tests/text/test_catalogue.py``).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
