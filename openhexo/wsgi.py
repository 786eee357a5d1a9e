"""WSGI entry point used by `openhexo serve` and by any WSGI server in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openhexo.settings")
application = get_wsgi_application()
