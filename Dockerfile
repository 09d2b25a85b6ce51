# Production image for Covenant: web (gunicorn), worker and beat all run from it.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts ./scripts
COPY static ./static
RUN npm run --silent build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 COVENANT_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 covenant
WORKDIR /app
COPY pyproject.toml README.md ./
COPY covenant ./covenant
COPY volunteers ./volunteers
COPY parishes ./parishes
COPY funds ./funds
COPY services ./services
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/dist ./static/dist
# collectstatic needs a key to import settings; this throwaway one is never used to serve requests.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
USER covenant
EXPOSE 8000
CMD ["gunicorn", "covenant.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
