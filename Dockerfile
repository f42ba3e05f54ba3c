# One image for every service; the command picks the service (`python -m services.<name>`).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY shared ./shared
COPY campusctl ./campusctl
COPY services ./services
COPY deploy/demo ./deploy/demo
RUN pip install --no-cache-dir -c requirements.lock . && useradd --system campus
USER campus
ENV PYTHONUNBUFFERED=1
