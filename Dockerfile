# nayose as a SageMaker bring-your-own-container image.
#
# SageMaker starts it as `docker run IMAGE serve` (endpoints, Batch
# Transform) or `docker run IMAGE train` (training jobs): there is no
# ENTRYPOINT, so the first argument is the program, found on PATH.
#
# Two ways to build (docs/sagemaker.md), giving the same runtime image:
#   (a) from source, on a host that can pull the Rust image (the default,
#       last stage `runtime`):
#         docker build -t nayose .
#   (b) from binaries built on the host (`cargo build --release -p nayose-serve
#       -p nayose-train`), needing only the debian:bookworm-slim base image:
#         podman build --pull=never --target prebuilt -t nayose .
#       BINARY_DIR (default target/release) names the directory in the
#       context that holds serve, train and nayose; scripts/container-test.sh
#       passes target/container with copies stripped of debug information.
#
# No secrets are baked in: the company database URL comes from the
# environment at run time (NAYOSE_COMPANIES or DATABASE_URL).

# --- (a) the binaries compiled from source -------------------------------
FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
# Line tables stay out of the image's binaries (150 MB → 17 MB for train).
ENV CARGO_PROFILE_RELEASE_STRIP=debuginfo
COPY Cargo.toml Cargo.lock README.md ./
COPY benches/ benches/
COPY crates/ crates/
COPY data/ data/
COPY opt/ml/model/ opt/ml/model/
RUN cargo build --release --locked -p nayose-serve -p nayose-train \
    && mkdir -p /out \
    && cp target/release/serve target/release/train target/release/nayose /out/

# --- the runtime image, without the programs ------------------------------
FROM debian:bookworm-slim AS runtime-base

LABEL org.opencontainers.image.title="nayose" \
      org.opencontainers.image.description="Japanese company entity resolution: SageMaker endpoint (serve) and training job (train)" \
      org.opencontainers.image.licenses="MIT" \
      com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true

# The user the programs run as. SageMaker's documentation says it expects
# root; `serve` only reads /opt/ml/model and works as this user. If a
# training job cannot write its /opt/ml/model or /opt/ml/output mounts,
# build the training image with --build-arg NAYOSE_USER=root.
ARG NAYOSE_USER=nayose
ARG NAYOSE_UID=1000

RUN groupadd --gid "${NAYOSE_UID}" nayose \
    && useradd --uid "${NAYOSE_UID}" --gid nayose --no-create-home \
         --home-dir /var/lib/nayose --shell /usr/sbin/nologin nayose \
    && mkdir -p /var/lib/nayose /opt/ml/model /opt/ml/input/config \
         /opt/ml/input/data /opt/ml/output/data \
    && chown -R nayose:nayose /var/lib/nayose /opt/ml

# The shipped default model; SageMaker unpacks a model.tar.gz over it.
COPY --chown=nayose:nayose opt/ml/model/ /opt/ml/model/

# NAYOSE_COMPANIES is deliberately unset: give it (or DATABASE_URL) at run
# time. NAYOSE_DATA_DIR is where the generated default table would go.
ENV NAYOSE_MODEL_DIR=/opt/ml/model \
    NAYOSE_DATA_DIR=/var/lib/nayose

WORKDIR /var/lib/nayose
USER ${NAYOSE_USER}
EXPOSE 8080
CMD ["serve"]

# --- (b) runtime with the host's binaries: --target prebuilt -------------
FROM runtime-base AS prebuilt
ARG BINARY_DIR=target/release
COPY ${BINARY_DIR}/serve ${BINARY_DIR}/train ${BINARY_DIR}/nayose /usr/local/bin/

# --- (a) runtime with the binaries compiled above: the default target ----
FROM runtime-base AS runtime
COPY --from=builder /out/serve /out/train /out/nayose /usr/local/bin/
