# Acompaña as a container: `docker compose up` (compose.yaml) runs it in webhook mode against its
# own PostgreSQL, with the migrations run once by the `migrate` service. See docs/OPERATIONS.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MODEL_CACHE_DIR=/var/lib/acompana/cache \
    WEBHOOK_HOST=0.0.0.0 \
    METRICS_HOST=0.0.0.0

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY flows ./flows
COPY storage ./storage
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /var/lib/acompana --create-home acompana \
    && mkdir -p /var/lib/acompana/cache && chown -R acompana /var/lib/acompana

# Never root: the bot needs nothing but its port and its cache folder.
USER acompana
WORKDIR /var/lib/acompana
EXPOSE 8080 9464

# One line and exit 0/1: the database, the oldest message owed, and the bot's own /healthz.
HEALTHCHECK --interval=30s --timeout=15s --start-period=120s --retries=3 CMD ["acompana", "health"]

ENTRYPOINT ["acompana"]
CMD ["webhook"]
