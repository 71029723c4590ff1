"""The repository's Streamlit settings: a school sees the app, not Streamlit's chrome."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_config_hides_the_developer_chrome() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"  # no Deploy, Rerun, Clear cache
    assert config["client"]["showErrorDetails"] in ("type", "none")  # no tracebacks
    assert config["browser"]["gatherUsageStats"] is False


def test_every_uploader_has_a_limit_within_the_configured_one() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    limit = config["server"]["maxUploadSize"]
    pages = "\n".join(p.read_text("utf-8") for p in (ROOT / "app").rglob("*.py"))
    limits = [int(n) for n in re.findall(r"max_upload_size=(\d+)", pages)]
    assert len(limits) == pages.count("st.file_uploader(")
    assert max(limits) == limit
