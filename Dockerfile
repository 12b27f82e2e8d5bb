# Multi-stage build: the API server (target `api`) and the SPA behind nginx (target `web`).

FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock clippy.toml ./
COPY .cargo ./.cargo
COPY backend ./backend
RUN cargo build --release -p ihub

FROM node:20-bookworm AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm install --no-audit --no-fund
COPY frontend ./
COPY openapi /src/openapi
RUN npm run build

FROM debian:bookworm-slim AS api
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/ihub ihub \
 && mkdir -p /var/lib/ihub && chown ihub /var/lib/ihub
COPY --from=build /src/target/release/ihub /usr/local/bin/ihub
USER ihub
ENV IHUB_BIND=0.0.0.0:8080 IHUB_DATA_DIR=/var/lib/ihub IHUB_LOG=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fs http://127.0.0.1:8080/api/v1/ready || exit 1
# `serve` runs the migrations first; it never loads demo data.
CMD ["ihub", "serve"]

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=spa /src/frontend/dist /usr/share/nginx/html
EXPOSE 80
