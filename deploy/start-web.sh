#!/bin/sh
# Start the web process: apply migrations, collect static files, serve with gunicorn (WhiteNoise serves /static/).
# Under docker compose the `migrate` service has already migrated as the tables' owner (MIGRATE_ON_START=0):
# the web process's own database role may not change the schema.
set -e
if [ "${MIGRATE_ON_START:-1}" = "1" ]; then
  python manage.py migrate --noinput
fi
python manage.py collectstatic --noinput
exec gunicorn --config deploy/gunicorn.conf.py whitelist_portal.wsgi
