# Sourced by ./campus: create the virtual environment and start the broker (and, for the tests,
# PostgreSQL), installing what a fresh Debian machine lacks (python3-venv, rabbitmq-server,
# postgresql; for the tests also chromium, prometheus's promtool, nodejs and npm) from the OS
# packages.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "missing: $* — install it with your system's package manager" >&2; return 1
  fi
  echo "installing OS packages: $*" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_python_env() {
  local py="${PYTHON:-python3}"
  if ! command -v "$py" >/dev/null; then apt_install python3 python3-venv python3-pip; fi
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed (found $("$py" --version))" >&2; exit 1
  fi
  if ! "$py" -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3-venv; fi
  local stamp=.venv/.installed
  local want
  want=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "setting up the virtual environment in .venv (pinned by requirements.lock)" >&2
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c requirements.lock -e ".[dev]"
  echo "$want" > "$stamp"
}

ensure_browser() {
  # The browser tests drive Debian's Chromium (no browser downloads: the network is closed),
  # with a Chinese font so the console's zh-CN pages (and their screenshots) render.
  command -v chromium >/dev/null || apt_install chromium
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || apt_install fonts-wqy-microhei
}

ensure_rabbitmq() {
  if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then return 0; fi
  if ! command -v rabbitmq-server >/dev/null && [ ! -x /usr/sbin/rabbitmq-server ]; then
    apt_install rabbitmq-server
  fi
  echo "starting RabbitMQ (rabbitmq-server -detached)" >&2
  as_root rabbitmq-server -detached || true
  # `rabbitmq-diagnostics ping` answers before the AMQP port opens: wait for the port.
  for _ in $(seq 1 180); do
    if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "RabbitMQ did not open 127.0.0.1:5672 within 90 s" >&2; exit 1
}

postgres_ready() {
  if command -v pg_isready >/dev/null; then pg_isready -q -h 127.0.0.1 -p 5432; return; fi
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
}

ensure_postgres() {
  # The store contract suite runs on the machine's PostgreSQL (127.0.0.1:5432) as its own role,
  # campus_test, which logs in with a password (as Debian's pg_hba.conf asks on loopback) and
  # may create the suite's throw-away databases. Debian's clusters live under
  # /etc/postgresql/<version>/main (the tests of this function point it elsewhere).
  local etc="${CAMPUS_POSTGRES_ETC:-/etc/postgresql}" version ready=0
  if postgres_ready; then ready=1; fi
  if [ "$ready" = 0 ]; then
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls "$etc" 2>/dev/null)" ]; then
      apt_install postgresql
    fi
    version=$(ls "$etc" | sort -V | tail -n 1)
    echo "starting PostgreSQL $version (pg_ctlcluster $version main start)" >&2
    # Fails harmlessly when the cluster is already up (on another port, say): the wait decides.
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 120); do
      if postgres_ready; then ready=1; break; fi
      sleep 0.5
    done
  fi
  if [ "$ready" = 0 ]; then
    echo "PostgreSQL did not accept connections on 127.0.0.1:5432 within 60 s" >&2; exit 1
  fi
  ensure_postgres_test_role
}

ensure_postgres_test_role() {
  # Through the local socket as the postgres system user (peer authentication): no password.
  local psql=(as_root runuser -u postgres -- psql -qtAX -h /var/run/postgresql)
  local exists
  exists=$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'campus_test'" 2>/dev/null)
  [ "$exists" = 1 ] && return 0
  echo "PostgreSQL: creating the test role campus_test (LOGIN CREATEDB)" >&2
  "${psql[@]}" -c "CREATE ROLE campus_test LOGIN CREATEDB PASSWORD 'campus-test'"
}

ensure_promtool() {
  # The alert rules' checks and unit tests (`promtool check …`, `promtool test rules`).
  # --no-install-recommends: promtool only, not the node exporter; Debian does not start
  # the Prometheus server it installs inside a container (policy-rc.d), nor do we need it.
  command -v promtool >/dev/null && return 0
  apt_install --no-install-recommends prometheus
}

ensure_wrk() {
  # The benchmarks' HTTP load generator (`bench/lua/post_assets.lua`): Debian's wrk, fast enough
  # that the figures measure the platform rather than the client.
  command -v wrk >/dev/null && return 0
  apt_install wrk
}

ensure_node() {
  # The official AsyncAPI parser (tools/asyncapi), installed exactly as package-lock.json pins
  # it; `npm ci` runs again only when the lock file changed.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  local dir=tools/asyncapi stamp=tools/asyncapi/node_modules/.campus-installed want
  want=$(sha256sum "$dir/package-lock.json" | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "installing the AsyncAPI parser (npm ci in $dir)" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
  echo "$want" > "$stamp"
}
