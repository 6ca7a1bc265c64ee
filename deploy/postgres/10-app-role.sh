#!/bin/sh
# Run once by the postgres image when the data volume is first initialised (/docker-entrypoint-initdb.d/).
# For an existing volume run it by hand: docker compose exec -e APP_DB_PASSWORD=… db sh /docker-entrypoint-initdb.d/10-app-role.sh
set -eu
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD}"
psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_role="${APP_DB_USER:-specialisering_app}" \
  -v app_password="$APP_DB_PASSWORD" \
  -v owner="$POSTGRES_USER" \
  -f /etc/specialisering/app-role.sql
