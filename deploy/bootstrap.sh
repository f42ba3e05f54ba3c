# Sourced by ./campus: create the virtual environment and start the broker, installing what a
# fresh Debian machine lacks (python3-venv, rabbitmq-server) from the OS packages.

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
