"""The site's settings for a test run: the real ones, with two differences a test run needs.

- A data folder of its own, so a test run never touches a partnership's real one.
- Caches in memory (cleared before each test by conftest), because each test's database is
  rolled back and the version numbers the cache keys carry can come round again.
"""

import os
import tempfile

os.environ.setdefault("TRUSTBOARD_DATA_DIR", tempfile.mkdtemp(prefix="trustboard-test-"))

from trustboard.web.settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "trustboard",
    }
}
