# Everyday commands; each goes through ./campus, which installs what a fresh machine lacks.
.PHONY: run test chaos lint format bench lock catalogue messages security-doc

run:
	./campus up

test:
	./campus test

# The long fault scenarios (tests/chaos at full counts, 2,000-message replica runs, the
# three-node cluster at length); RELIABILITY.md records the last run's figures.
chaos:
	./campus test -m chaos

lint:
	.venv/bin/ruff check shared services campusctl tests bench

format:
	.venv/bin/ruff format shared services campusctl tests bench

bench:
	./campus bench

# Re-pin every dependency after changing pyproject.toml.
lock:
	.venv/bin/python -m pip freeze --exclude-editable | grep -v '^campus-logistics' > requirements.lock

# Rewrite the authorisation matrix of docs/security.md from tests/security/matrix.py.
security-doc:
	.venv/bin/python -m tests.security.matrix write

# Regenerate the committed AsyncAPI event catalogue and the broker definitions (bindings).
catalogue:
	.venv/bin/python -m campusctl.catalogue write
	.venv/bin/python -m shared.topology > deploy/rabbitmq/definitions.json

# Extract the console's texts and update its zh-CN and English catalogues (then translate the
# new zh-CN entries; tests/unit/console fail while one is missing).
messages:
	.venv/bin/pybabel extract -F services/console/locales/babel.cfg -k N_ -k flash:2 --no-location --sort-output -o services/console/locales/messages.pot .
	.venv/bin/pybabel update -i services/console/locales/messages.pot -d services/console/locales --no-fuzzy-matching --ignore-obsolete --width 100
