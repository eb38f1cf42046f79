#!/bin/sh
# Start the web process: apply migrations, collect static files, serve with gunicorn (WhiteNoise serves /static/).
set -e
python manage.py migrate --noinput
python manage.py collectstatic --noinput
exec gunicorn --config deploy/gunicorn.conf.py whitelist_portal.wsgi
