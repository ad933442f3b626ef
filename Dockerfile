# The API image: slim Python, the package installed from this repo, gunicorn as a non-root user.
#   docker build -t articles-api .
#   docker run -p 8000:8000 -e ELASTICSEARCH_URL=http://host:9200 articles-api
# docker-compose.yml runs it next to Elasticsearch and a one-shot seed loader.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Dependencies first, in their own layer, against a stub package: spaCy and its model
# are large and change far less often than the code.
WORKDIR /src
# README* is optional: pyproject.toml names it, the build only warns when it is absent.
COPY pyproject.toml README* ./
RUN mkdir service && touch service/__init__.py \
    && pip install --no-cache-dir . \
    && rm -rf /src/service /src/build /src/*.egg-info

# Then the code itself; the installed package lives in site-packages, the sources are not kept.
COPY service ./service
RUN pip install --no-cache-dir --no-deps --force-reinstall . \
    && rm -rf /src

# Runs as an unprivileged user; the code in site-packages stays root-owned and read-only to it.
RUN useradd --create-home --uid 10001 --user-group articles
WORKDIR /home/articles
USER 10001:10001

# gunicorn workers: cores + 1 suits a 2-core host; set WEB_CONCURRENCY to yours + 1.
ENV WEB_CONCURRENCY=3
EXPOSE 8000

# /health answers without Elasticsearch (liveness); /ready is the one that checks Elasticsearch.
# No curl in the slim image: python's urllib raises, so exits non-zero, on any non-2xx answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

# `articles serve` runs gunicorn with the app and the language model preloaded (workers share its
# pages), timeouts that fit POST /articles and metrics summed over workers. Its workers are
# threaded behind a buffering front (service/worker.py): a request is read whole, within 30 s,
# before a thread runs it, so clients that trickle bytes hold no thread and cannot starve the
# API even though it binds 0.0.0.0; a body over ARTICLES_MAX_BODY_BYTES is answered 413 before
# it is read.
# exec: it becomes PID 1 and gets SIGTERM from `docker stop` for a graceful shutdown.
CMD ["sh", "-c", "exec articles serve --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3}"]
