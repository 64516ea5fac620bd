# Microblog's container image (docs/deploy.md, "Container image"). Two ways to get the installed
# tree, one runtime stage:
#   podman build --format docker --build-arg TREE=source -t microblog .
#       builds from source in the `build` stage (ccache kept in a cache mount between builds);
#       podman 4.3 (buildah 1.28) needs TREE passed explicitly: it ignores an ARG's default
#       when it picks the stages to build (fixed in buildah 1.29); docker build needs nothing
#   cmake --install build --prefix image-tree --strip
#   podman build --format docker --build-arg TREE=prebuilt -t microblog .
#       takes the tree a normal build already made (what scripts/check-image.sh does in CI)
# The build host of the prebuilt tree must be Debian 12 like BASE, so that the runtime libraries
# below are the ones it was linked against. `--format docker` keeps the HEALTHCHECK (OCI images
# have no health check; docker build always writes this format).
# BASE: Debian 12 from a registry, or the image scripts/make-base-image.sh makes without one
# (--build-arg BASE=localhost/debian-base:bookworm).
ARG BASE=debian:bookworm
# Where /opt/microblog comes from: `source` (the build stage) or `prebuilt` (image-tree/).
ARG TREE=source

# ---- build: the compiler and the -dev packages; never shipped -------------------------------
FROM ${BASE} AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build ccache pkg-config \
      libboost1.81-dev libboost-url1.81-dev libboost-locale1.81-dev libicu-dev libsoci-dev libsqlite3-dev \
      libmariadb-dev libctemplate-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev \
      nlohmann-json3-dev libcurl4-openssl-dev libcld2-dev libssl-dev gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake/ cmake/
COPY migrations/ migrations/
COPY src/ src/
COPY templates/ templates/
COPY translations/ translations/
COPY static/ static/
# Bootstrap's css and js, and Swagger UI's (the API's docs page), as `npm ci` put them in the
# checkout (package-lock.json pins them; the .dockerignore lets only those files through). Run
# npm ci before building.
COPY node_modules/bootstrap/dist/ node_modules/bootstrap/dist/
COPY node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui-bundle.js \
     node_modules/swagger-ui-dist/
# The ccache folder is a cache mount: kept by the builder between builds, never in a layer.
ENV CCACHE_DIR=/var/cache/ccache CCACHE_BASEDIR=/src
RUN --mount=type=cache,target=/var/cache/ccache \
    cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DMICROBLOG_BUILD_TESTS=OFF -DMICROBLOG_BUILD_BENCH=OFF \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
 && cmake --build /build --target microblog \
 && cmake --install /build --prefix /opt/microblog --strip \
 && ccache --show-stats

# ---- the two sources of the installed tree ---------------------------------------------------
FROM scratch AS tree-source
COPY --from=build /opt/microblog/ /opt/microblog/

FROM scratch AS tree-prebuilt
COPY image-tree/ /opt/microblog/

FROM tree-${TREE} AS tree

# ---- runtime: the shared libraries the binary links (ldd), curl for the health check ---------
FROM ${BASE} AS runtime
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libboost-url1.81.0 libboost-locale1.81.0 libicu72 libsoci-core4.0 libsoci-sqlite3-4.0 libsoci-mysql4.0 libsqlite3-0 \
      libmariadb3 libctemplate3 libsodium23 libspdlog1.10 libfmt9 libcurl4 libcld2-0 libssl3 \
      ca-certificates curl \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/microblog --create-home \
      --shell /usr/sbin/nologin microblog
COPY --from=tree /opt/microblog/ /opt/microblog/

# Configuration comes only from the environment (README, "Configuration"). Inside a container
# the server listens on every interface; the SQLite database and the mail outbox (used when no
# mail transport is configured) live in the volume, owned by the app user.
ENV PATH=/opt/microblog/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LISTEN=0.0.0.0:5000 \
    DATABASE_URL=sqlite:////var/lib/microblog/microblog.db \
    MAIL_OUTBOX_DIR=/var/lib/microblog/outbox
VOLUME /var/lib/microblog
WORKDIR /var/lib/microblog
USER microblog
EXPOSE 5000
# /readyz: 200 only when the database answers and its schema is current.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS --max-time 4 -o /dev/null http://127.0.0.1:5000/readyz || exit 1
# The server stops on SIGTERM by itself: it finishes the requests in flight
# (SHUTDOWN_GRACE_SECONDS, default 20) and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["microblog"]
CMD ["serve"]
