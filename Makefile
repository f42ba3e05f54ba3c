# Everyday commands; each goes through ./campus, which installs what a fresh machine lacks.
.PHONY: run test lint format bench lock catalogue

run:
	./campus up

test:
	./campus test

lint:
	.venv/bin/ruff check shared services campusctl tests bench

format:
	.venv/bin/ruff format shared services campusctl tests bench

bench:
	./campus bench

# Re-pin every dependency after changing pyproject.toml.
lock:
	.venv/bin/python -m pip freeze --exclude-editable | grep -v '^campus-logistics' > requirements.lock

# Regenerate the committed AsyncAPI event catalogue.
catalogue:
	.venv/bin/python -m campusctl.catalogue write
