"""WSGI entry point for production servers (waitress in the demo, gunicorn in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustboard.web.settings")
application = get_wsgi_application()
