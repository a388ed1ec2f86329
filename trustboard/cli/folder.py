"""The partnership's data folder, and Django started on it.

Settings read the folder from the environment when Django starts, so it has to be chosen
first; and a data folder made by an earlier release must be usable by this one, so every
command that opens it brings its database up to date before doing anything else.
"""

from __future__ import annotations

import os
from pathlib import Path

from trustboard import DEFAULT_DATA_DIR

DATA_DIR_VARIABLE = "TRUSTBOARD_DATA_DIR"


def open_data_folder(data_dir: Path | str | None) -> Path:
    """Point settings at the folder (``--data-dir``, else ``$TRUSTBOARD_DATA_DIR``, else the
    default), start Django and migrate; returns the folder as an absolute path."""
    chosen = Path(data_dir or os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)
    chosen.mkdir(parents=True, exist_ok=True)
    os.environ[DATA_DIR_VARIABLE] = str(chosen.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustboard.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return chosen.resolve()
