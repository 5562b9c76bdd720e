# Shared set-up for bin/serve-demo and bin/run-tests: finds Odoo 18, PostgreSQL and the
# addons path. Sourced, not executed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
ODOO_DB_USER="${ODOO_DB_USER:-odoo}"
STATE_DIR="${PAINEL_STATE_DIR:-$REPO_ROOT/.odoo}"

die() {
    echo "error: $*" >&2
    exit 1
}

require_odoo() {
    local version
    if ! version="$("$PYTHON" -c 'import odoo.release as r; print(r.major_version)' 2>/dev/null)"; then
        cat >&2 <<'TXT'
error: `python3` cannot import Odoo.

painel_atendimento is an Odoo 18.0 addon; install Odoo 18.0 (Community) first, for
this same interpreter, then run this command again. Either:
  * from the official source: clone branch 18.0 of the official Odoo repository
    (github.com/odoo/odoo), then
        pip install -r odoo/requirements.txt
        pip install -e ./odoo --config-settings editable_mode=compat
    (compat: addons installed with pip, e.g. ./painel_atendimento, share the
    odoo.addons namespace with an editable Odoo only in that mode)
  * or the official Odoo 18.0 packages (nightly.odoo.com, "18.0"): the .deb installs
    Odoo for the system python3.
TXT
        exit 1
    fi
    [ "$version" = "18.0" ] || die "found Odoo $version; painel_atendimento needs Odoo 18.0."
}

install_requirements() {
    "$PYTHON" -m pip install --quiet --disable-pip-version-check \
        -r "$REPO_ROOT/requirements.txt" -r "$REPO_ROOT/requirements-test.txt"
    ensure_gevent_starts
}

ensure_gevent_starts() {
    # Production mode (--workers) runs a gevent process for the bus websocket. gevent
    # 22.10 (Odoo 18's pin for Python 3.11) loads its plugins through pkg_resources, and
    # the pkg_resources of setuptools < 76 cannot find a distribution whose wheel has a
    # normalized name (zope_interface-8.x.dist-info): that process then dies at start
    # with DistributionNotFound 'zope.interface'. setuptools 80 warns and 81 drops
    # pkg_resources, hence the range. Only touched when the check fails.
    if ! "$PYTHON" -W ignore -c 'import gevent.monkey; gevent.monkey.patch_all()' \
        >/dev/null 2>&1; then
        "$PYTHON" -m pip install --quiet --disable-pip-version-check 'setuptools>=76,<80'
    fi
}

ensure_postgresql() {
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not running on $PGHOST:$PGPORT."
        echo "Starting PostgreSQL..."
        for version in /etc/postgresql/*; do
            pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
        done
        for _ in $(seq 30); do
            pg_isready -q -h "$PGHOST" -p "$PGPORT" && break
            sleep 1
        done
        pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "PostgreSQL did not start."
    fi
    # Odoo refuses to run as the postgres superuser: use (and create) a plain role.
    if ! psql -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ODOO_DB_USER'" \
        | grep -q 1; then
        psql -q -U postgres -d postgres -c "CREATE ROLE \"$ODOO_DB_USER\" LOGIN CREATEDB"
    fi
}

addons_path() {
    "$PYTHON" - "$REPO_ROOT" <<'PY'
import os, sys
import odoo
paths = []
root = os.path.dirname(os.path.dirname(odoo.__file__))
if os.path.isdir(os.path.join(root, "addons", "mail")):
    paths.append(os.path.join(root, "addons"))      # source checkout
paths.append(os.path.join(os.path.dirname(odoo.__file__), "addons"))
paths.append(sys.argv[1])
print(",".join(paths))
PY
}

write_config() {
    # $1: database name
    mkdir -p "$STATE_DIR"
    cat > "$STATE_DIR/odoo.conf" <<CONF
[options]
addons_path = $(addons_path)
db_host = $PGHOST
db_port = $PGPORT
db_user = $ODOO_DB_USER
db_name = $1
dbfilter = ^$1\$
data_dir = $STATE_DIR/data
without_demo = False
CONF
    echo "$STATE_DIR/odoo.conf"
}

odoo_cli() {
    # a real script, not `python3 -c`: the prefork server re-runs sys.argv[0] to start
    # its gevent process (see bin/_odoo.py)
    "$PYTHON" "$REPO_ROOT/bin/_odoo.py" "$@"
}

recreate_database() {
    # $1: database name, $2: odoo config, then extra Odoo options
    local db="$1" config="$2"
    shift 2
    dropdb -U postgres --if-exists --force "$db"
    odoo_cli -c "$config" -d "$db" -i painel_atendimento --stop-after-init --log-level=warn "$@"
}

create_demo_database() {
    # $1: database name, $2: odoo config. The demo ISP in pt_BR, as bin/serve-demo
    # serves it (bin/load-test copies it).
    local db="$1" config="$2"
    recreate_database "$db" "$config" --load-language=pt_BR
    # the operators of the demo ISP, and the admin who shows it, work in Portuguese
    odoo_cli shell -c "$config" -d "$db" --no-http --log-level=warn >/dev/null <<'PY'
users = env["res.users"].search([("share", "=", False), ("login", "!=", "__system__")])
users.write({"lang": "pt_BR"})
env.cr.commit()
PY
}

uninstall_addon() {
    # $1: database name, $2: odoo config. Uninstalls painel_atendimento (its demo data
    # included) and checks that nothing of it is left: tables, trigger function, module.
    local db="$1" config="$2"
    odoo_cli shell -c "$config" -d "$db" --no-http --log-level=warn <<'PY'
module = env["ir.module.module"].search([("name", "=", "painel_atendimento")])
module.button_immediate_uninstall()
PY
    local left
    left=$(psql -U postgres -d "$db" -tAc "
        SELECT (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'service\_%')
             + (SELECT count(*) FROM pg_proc WHERE proname LIKE 'painel\_atendimento%')
             + (SELECT count(*) FROM ir_module_module
                WHERE name = 'painel_atendimento' AND state <> 'uninstalled')")
    [ "$left" = 0 ] || die "uninstalling painel_atendimento left $left tables, functions or states behind."
    echo "uninstalled cleanly"
}
