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


class FolderProblem(RuntimeError):
    """The data folder or the settings cannot be opened; the message says why, for a person."""


def open_data_folder(data_dir: Path | str | None) -> Path:
    """Point settings at the folder (``--data-dir``, else ``$TRUSTBOARD_DATA_DIR``, else the
    default), start Django and migrate; returns the folder as an absolute path.

    A folder that cannot be made or written, a setting that cannot be read and a database that
    cannot be reached or is busy raise :class:`FolderProblem`: a message, never a traceback.
    An interrupted upgrade changes nothing, as each migration is one transaction.
    """
    chosen = Path(data_dir or os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)
    try:
        chosen.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FolderProblem(f"Cannot use {chosen} as the data folder: {error.strerror}.") from None
    os.environ[DATA_DIR_VARIABLE] = str(chosen.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustboard.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
    except ImproperlyConfigured as error:
        raise FolderProblem(f"Settings: {error}") from None
    except OSError as error:
        raise FolderProblem(f"Cannot use {chosen}: {error.strerror or error}.") from None
    except DatabaseError as error:
        raise FolderProblem(
            f"The app database cannot be opened or brought up to date ({error}); nothing was "
            "changed. If another trustboard command is running on this folder, try again when "
            "it has finished."
        ) from None
    return chosen.resolve()
