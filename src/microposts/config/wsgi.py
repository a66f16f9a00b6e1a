import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microposts.config.settings")

application = get_wsgi_application()

from microposts.ops.runtime import tune_garbage_collector  # noqa: E402 - after Django's setup

tune_garbage_collector()
