#!/usr/bin/env bash
# Builds the container image without a Docker engine, and runs the embedded demo in it.
#
#   mvn -B -q package -DskipTests && container/check-image.sh [dockerfile|jib ...]
#
# Both images by default: the Dockerfile's (buildah bud) and the pom's Jib configuration's (jib:buildTar), each on a
# local Debian bookworm base with a Java 17 JRE made by mmdebstrap instead of the public base a user's build pulls.
# Each image is unpacked (skopeo, umoci) and started as an engine would start it: its user, working directory,
# environment and entrypoint, with a state volume mounted on /app/data, in namespaces of its own (chroot, private
# mounts and /proc, no network). Checked for each image:
#   - the image's configuration: a non-root user, /app, the state volume, port 8080, the Databricks driver's JVM flag;
#   - `--once` prints the demo's summary line, and the checkpoint, outbox and dead letters land in the volume;
#   - a second container on the same volume finds nothing to do (`up to date at version 3`);
#   - a settings file mounted read-only and given with --config is read;
#   - secrets given in the environment (the request token, the Databricks secrets, the source's password, and a source
#     URL holding passwords that cannot be reached) appear neither in what the program prints nor in the volume;
#   - the default command runs the schedule, with /observe/health and /observe/metrics answering on *:8080.
#
# Needs root (mmdebstrap, mount, chroot) and Debian's mmdebstrap, umoci, skopeo, buildah and jq: it installs them
# with apt-get when they are missing. Everything it writes is under target/container/; the Debian base is kept there
# between runs (target/container/base, rebuilt when its recipe below changes).
set -euo pipefail

cd "$(dirname "$0")/.."
PROJECT=$(pwd)
WORK="$PROJECT/target/container"
MVN=${MVN:-mvn}
MVN_ARGS=${MVN_ARGS:-}

JAR=target/databricks-insider-sync.jar
SUMMARY='sync demo_purchase_changes: window 0..3, rows read 12, users 3, events 6, requests 1, dead-lettered 3, '
# The base: what a public JRE 17 image has that the images use (a JRE on the PATH, CA certificates, useradd).
BASE_SUITE=bookworm
BASE_PACKAGES=openjdk-17-jre-headless,ca-certificates,passwd
BASE_RECIPE="mmdebstrap --variant=essential --include=$BASE_PACKAGES $BASE_SUITE; PATH, LANG=C.UTF-8"
BASE_IMAGE="$WORK/base/debian-jre17.tar"

# Extra environment variables for the next container (run_container), as an engine's --env gives them.
CONTAINER_ENV=()

STARTED=$SECONDS
step() { printf '[%4ds] %s\n' $((SECONDS - STARTED)) "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }
pass() { printf 'PASS  %s\n' "$*"; }

IMAGES=("$@")
[ ${#IMAGES[@]} -gt 0 ] || IMAGES=(dockerfile jib)
for image in "${IMAGES[@]}"; do
  case "$image" in dockerfile | jib) ;; *) fail "unknown image '$image': give dockerfile, jib, or nothing for both" ;; esac
done

[ "$(id -u)" = 0 ] || fail "container/check-image.sh needs root (mmdebstrap, mount, chroot); run it as root, or with sudo"

# Tools: installed from Debian's packages when missing.
declare -A PACKAGE_OF=([mmdebstrap]=mmdebstrap [umoci]=umoci [skopeo]=skopeo [buildah]=buildah [jq]=jq [curl]=curl [ip]=iproute2
  [ss]=iproute2 [unshare]=util-linux [chroot]=coreutils)
missing=()
for tool in "${!PACKAGE_OF[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$tool]}")
done
mkdir -p "$WORK/logs"
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || fail "missing tools; install the packages ${missing[*]} (Debian names)"
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$WORK/logs/apt.log" 2>&1 || fail "apt-get update failed (see $WORK/logs/apt.log); install the packages ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$WORK/logs/apt.log" 2>&1 \
    || fail "could not install ${missing[*]} with apt-get: see $WORK/logs/apt.log"
fi

# Private mount namespaces keep every mount of the runs away from this shell; this catches anything left all the same.
cleanup() {
  local mounted
  mounted=$(awk -v work="$WORK/" 'index($5, work) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  for mountpoint in $mounted; do umount -l "$mountpoint" || true; done
  rm -rf "$WORK/bundles" "$WORK/buildah"
}
trap cleanup EXIT
trap "exit 130" INT TERM

if [ ! -f "$JAR" ] || [ ! -d target/lib ]; then
  step "building the jar (mvn package)"
  # shellcheck disable=SC2086
  "$MVN" -B -q $MVN_ARGS package -DskipTests >"$WORK/logs/package.log" 2>&1 || fail "mvn package failed: see $WORK/logs/package.log"
fi

# The Debian base, as a docker-archive image (what Jib's tar:// and buildah's docker-archive: read).
if [ -f "$BASE_IMAGE" ] && [ "$(cat "$WORK/base/recipe" 2>/dev/null)" = "$BASE_RECIPE" ]; then
  step "Debian base: kept from an earlier run ($BASE_IMAGE)"
else
  step "Debian base: mmdebstrap $BASE_SUITE with $BASE_PACKAGES"
  rm -rf "$WORK/base" && mkdir -p "$WORK/base"
  # The setup hook: openjdk's postinst fails without the man1 directory that --variant=essential does not create.
  # shellcheck disable=SC2016
  mmdebstrap --variant=essential --include="$BASE_PACKAGES" --dpkgopt='path-exclude=/usr/share/doc/*' \
    --setup-hook='mkdir -p "$1/usr/share/man/man1"' "$BASE_SUITE" "$WORK/base/rootfs.tar" >"$WORK/logs/mmdebstrap.log" 2>&1 \
    || fail "mmdebstrap failed (it needs Debian's package mirror): see $WORK/logs/mmdebstrap.log"
  (
    cd "$WORK/base"
    umoci init --layout oci
    umoci new --image oci:base
    umoci raw add-layer --image oci:base --history.created_by "$BASE_RECIPE" rootfs.tar
    umoci config --image oci:base --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --config.env LANG=C.UTF-8 --config.cmd /bin/bash
    skopeo copy -q oci:oci:base "docker-archive:$BASE_IMAGE:localhost/debian-jre17:$BASE_SUITE"
  ) >"$WORK/logs/base.log" 2>&1 || fail "could not make the base image: see $WORK/logs/base.log"
  rm -rf "$WORK/base/rootfs.tar" "$WORK/base/oci"
  echo "$BASE_RECIPE" >"$WORK/base/recipe"
fi

rm -rf "$WORK/images" "$WORK/bundles" "$WORK/state" "$WORK"/jib-image.*
mkdir -p "$WORK/bundles" "$WORK/state"

build_dockerfile() {
  local storage=(--root "$WORK/buildah/root" --runroot "$WORK/buildah/run" --storage-driver vfs)
  buildah "${storage[@]}" bud --isolation chroot --build-arg "BASE_IMAGE=docker-archive:$BASE_IMAGE" \
    -t localhost/databricks-insider-sync:check -f Dockerfile . >"$WORK/logs/buildah.log" 2>&1 \
    || fail "buildah bud failed: see $WORK/logs/buildah.log"
  buildah "${storage[@]}" push -q localhost/databricks-insider-sync:check "oci:$WORK/images:dockerfile" >>"$WORK/logs/buildah.log" 2>&1 \
    || fail "buildah push failed: see $WORK/logs/buildah.log"
  rm -rf "$WORK/buildah"
}

build_jib() {
  # Jib's caches under target/ too (its base image cache is in the home directory otherwise).
  # shellcheck disable=SC2086
  "$MVN" -B -q $MVN_ARGS jib:buildTar -Djib.from.image="tar://$BASE_IMAGE" -Djib.outputPaths.tar="$WORK/jib-image.tar" \
    -Djib.outputPaths.digest="$WORK/jib-image.digest" -Djib.outputPaths.imageId="$WORK/jib-image.id" \
    -Djib.outputPaths.imageJson="$WORK/jib-image.json" -Djib.console=plain \
    -Djib.baseImageCache="$WORK/jib-cache/base" -Djib.applicationCache="$WORK/jib-cache/application" \
    >"$WORK/logs/jib.log" 2>&1 || fail "mvn jib:buildTar failed: see $WORK/logs/jib.log"
  skopeo copy -q "docker-archive:$WORK/jib-image.tar" "oci:$WORK/images:jib" >>"$WORK/logs/jib.log" 2>&1 \
    || fail "skopeo could not read the image Jib built: see $WORK/logs/jib.log"
}

# The image's own configuration, as an engine reads it.
check_config() {
  local image=$1 config
  config=$(skopeo inspect --config "oci:$WORK/images:$image" | jq .config)
  jq -e '.User | test("^[0-9]+(:[0-9]+)?$") and (split(":")[0] | tonumber) != 0' <<<"$config" >/dev/null \
    || fail "$image: the image's user is not a non-root uid: $(jq -c .User <<<"$config")"
  jq -e '.WorkingDir == "/app"' <<<"$config" >/dev/null || fail "$image: working directory $(jq -c .WorkingDir <<<"$config"), not /app"
  jq -e '.Volumes | has("/app/data")' <<<"$config" >/dev/null || fail "$image: /app/data is not a volume"
  jq -e '.ExposedPorts | has("8080/tcp")' <<<"$config" >/dev/null || fail "$image: port 8080 is not exposed"
  jq -e '.Env | index("CAMEL_MANAGEMENT_HOST=0.0.0.0") != null' <<<"$config" >/dev/null \
    || fail "$image: CAMEL_MANAGEMENT_HOST=0.0.0.0 is not set: health and metrics would answer inside the container only"
  jq -e '.Entrypoint | index("--add-opens=java.base/java.nio=ALL-UNNAMED") != null' <<<"$config" >/dev/null \
    || fail "$image: the entrypoint does not open java.base/java.nio: $(jq -c .Entrypoint <<<"$config")"
  jq -e '[(.Entrypoint // []) + (.Cmd // []) | .[] | select(. == "--once")] | length == 0' <<<"$config" >/dev/null \
    || fail "$image: the default command runs once instead of on the schedule"
  pass "$image: user $(jq -r .User <<<"$config"), working directory /app, volume /app/data, port 8080 on 0.0.0.0, --add-opens=java.base/java.nio=ALL-UNNAMED"
}

# Starts a container from the unpacked bundle: the image's user, working directory, environment and entrypoint, the
# given arguments appended. A fresh host directory stands for the volume, made as an engine makes a named volume
# (owner and mode of the image's /app/data); a second directory, when given, is mounted read-only on /config.
# PROBE=FILE: instead of waiting for the program to end, wait until it answers on port 8080, save its health
# (FILE.health), metrics (FILE.metrics) and listening socket (FILE.listen), and stop it.
run_container() {
  local bundle=$1 volume=$2 config_dir=$3 output=$4
  shift 4
  local rootfs="$bundle/rootfs" uid gid cwd env=() entrypoint=()
  uid=$(jq -r .process.user.uid "$bundle/config.json")
  gid=$(jq -r .process.user.gid "$bundle/config.json")
  cwd=$(jq -r .process.cwd "$bundle/config.json")
  mapfile -t env < <(jq -r '.process.env[]' "$bundle/config.json")
  mapfile -t entrypoint < <(jq -r '.process.args[]' "$bundle/config.json")
  if [ ! -d "$volume" ]; then
    mkdir -p "$volume"
    chown --reference="$rootfs/app/data" "$volume"
    chmod --reference="$rootfs/app/data" "$volume"
  fi
  # Inside new mount, PID, network, IPC and UTS namespaces: the mounts go away with them.
  # shellcheck disable=SC2016
  timeout --kill-after=10 300 env -i "${env[@]}" "${CONTAINER_ENV[@]}" unshare --mount --pid --net --ipc --uts --fork --kill-child bash -c '
    set -e
    rootfs=$1 volume=$2 config_dir=$3 user=$4 cwd=$5 probe=$6
    shift 6
    mount --bind "$volume" "$rootfs/app/data"
    if [ -n "$config_dir" ]; then
      mkdir -p "$rootfs/config"
      mount --bind "$config_dir" "$rootfs/config"
      mount -o remount,bind,ro "$rootfs/config"
    fi
    mount -t proc proc "$rootfs/proc"
    start() { chroot --userspec="$user" --groups="${user#*:}" "$rootfs" /usr/bin/env -C "$cwd" "$@"; }
    if [ -z "$probe" ]; then
      start "$@"
      exit
    fi
    ip link set lo up
    start "$@" &
    pid=$!
    for _ in $(seq 120); do
      if curl -fsS -o "$probe.health" http://127.0.0.1:8080/observe/health 2>/dev/null; then
        curl -fsS -o "$probe.metrics" http://127.0.0.1:8080/observe/metrics
        ss -ltnH "sport = :8080" >"$probe.listen"
        kill -TERM "$pid"
        wait "$pid" || true
        exit 0
      fi
      kill -0 "$pid" 2>/dev/null || { echo "the program ended before it answered on port 8080"; exit 1; }
      sleep 1
    done
    echo "no answer on port 8080 in 2 minutes"
    exit 1
  ' container "$rootfs" "$volume" "$config_dir" "$uid:$gid" "$cwd" "${PROBE:-}" "${entrypoint[@]}" "$@" >"$output" 2>&1
}

check_image() {
  local image=$1 bundle="$WORK/bundles/$1" state="$WORK/state/$1" log="$WORK/logs/run-$1"
  check_config "$image"
  umoci unpack --image "$WORK/images:$image" "$bundle" >"$WORK/logs/unpack-$image.log" 2>&1 \
    || fail "$image: umoci unpack failed: see $WORK/logs/unpack-$image.log"
  [ -d "$bundle/rootfs/app/data" ] || fail "$image: the image has no /app/data directory for the state volume"

  run_container "$bundle" "$state/volume" "" "$log-once.log" --once \
    || fail "$image: --once exited with $?: $(cat "$log-once.log")"
  grep -qF "$SUMMARY" "$log-once.log" || fail "$image: no demo summary line in: $(cat "$log-once.log")"
  local volume="$state/volume"
  [ -f "$volume/checkpoint-demo_purchase_changes.json" ] || fail "$image: no checkpoint in the state volume"
  ls "$volume"/demo/outbox/*.json >/dev/null 2>&1 || fail "$image: no request body in the state volume's demo/outbox"
  [ "$(grep -c . "$volume/demo/deadletter/demo_purchase_changes.jsonl" 2>/dev/null)" = 3 ] \
    || fail "$image: the state volume's demo/deadletter/demo_purchase_changes.jsonl does not hold the 3 dead letters"
  local owners
  owners=$(find "$volume" -mindepth 1 -printf '%U\n' | sort -u | tr '\n' ' ')
  [ "$owners" = "$(jq -r .process.user.uid "$bundle/config.json") " ] || fail "$image: files in the state volume owned by: $owners"
  pass "$image: --once: $(grep -F 'sync demo_purchase_changes' "$log-once.log"); checkpoint, outbox and 3 dead letters in the volume, owned by uid $owners"

  run_container "$bundle" "$volume" "" "$log-again.log" --once || fail "$image: second --once exited with $?: $(cat "$log-again.log")"
  grep -q 'up to date at version 3' "$log-again.log" || fail "$image: a second container on the same volume did not find the checkpoint: $(cat "$log-again.log")"
  pass "$image: a second container on the same volume: $(grep 'up to date' "$log-again.log")"

  mkdir -p "$state/config"
  printf '# mounted read-only on /config\ninsider.batch-max-users=1\n' >"$state/config/sync.properties"
  run_container "$bundle" "$state/volume-config" "$state/config" "$log-config.log" --config /config/sync.properties --once \
    || fail "$image: --config /config/sync.properties --once exited with $?: $(cat "$log-config.log")"
  grep -q 'users 3, events 6, requests 3,' "$log-config.log" \
    || fail "$image: insider.batch-max-users=1 from the mounted --config file was not applied: $(cat "$log-config.log")"
  pass "$image: --config /config/sync.properties (read-only mount): one user per request, requests 3"

  # Secrets in the environment, and a source whose URL holds passwords and has no driver in the image (the JDBC driver
  # manager repeats such a URL whole): the program stops at start-up naming the source, with no secret in sight.
  local secret secrets=(ins-token-image-5c2e dbx-client-secret-image-91d0 dapi-image-pat-3f7a src-password-image-b64c
    userinfo-pass-image-0e89 param-pass-image-d215) status=0
  printf '%s\n' '# mounted read-only on /config; the secrets come from the environment' source.kind=jdbc source.jdbc-user=sync \
    sync.table=purchase_changes sync.key-columns=line_id mapping.identifiers.email=email insider.partner-name=imagecheck \
    >"$state/config/secrets.properties"
  CONTAINER_ENV=("INSIDER_REQUEST_TOKEN=${secrets[0]}" "DATABRICKS_CLIENT_SECRET=${secrets[1]}" "DATABRICKS_TOKEN=${secrets[2]}"
    "SOURCE_JDBC_PASSWORD=${secrets[3]}" "SOURCE_JDBC_URL=jdbc:postgresql://sync:${secrets[4]}@db.example.com:5432/crm?password=${secrets[5]}")
  run_container "$bundle" "$state/volume-secrets" "$state/config" "$log-secrets.log" --config /config/secrets.properties --once || status=$?
  CONTAINER_ENV=()
  [ "$status" = 1 ] || fail "$image: with secrets in the environment and an unreachable source, --once exited with $status, not 1: $(cat "$log-secrets.log")"
  grep -qF 'Could not start: Could not read the columns of table purchase_changes from jdbc:postgresql://sync:******@db.example.com:5432/crm' \
    "$log-secrets.log" || fail "$image: the unreachable source is not named, its password masked: $(cat "$log-secrets.log")"
  for secret in "${secrets[@]}"; do
    if grep -rqF "$secret" "$log-secrets.log" "$state/volume-secrets"; then
      fail "$image: $secret, given in the environment, is shown in: $(grep -rlF "$secret" "$log-secrets.log" "$state/volume-secrets" | tr '\n' ' ')"
    fi
  done
  pass "$image: secrets in the environment (INSIDER_REQUEST_TOKEN, DATABRICKS_CLIENT_SECRET, DATABRICKS_TOKEN, SOURCE_JDBC_PASSWORD, passwords in SOURCE_JDBC_URL): none in the output or the volume"

  # The default command: the schedule, with health and metrics on port 8080.
  PROBE="$log-serve" run_container "$bundle" "$state/volume-serve" "" "$log-serve.log" \
    || fail "$image: the default command (the schedule): $(cat "$log-serve.log")"
  grep -q '"status":"UP"' "$log-serve.health" || fail "$image: /observe/health: $(cat "$log-serve.health")"
  grep -q '^sync_rows_read_total' "$log-serve.metrics" || fail "$image: /observe/metrics has no sync_rows_read_total"
  grep -qE '^LISTEN +[0-9]+ +[0-9]+ +(\*|0\.0\.0\.0|\[::\]):8080 ' "$log-serve.listen" \
    || fail "$image: port 8080 is not open on every interface: $(cat "$log-serve.listen")"
  pass "$image: the default command runs the schedule: /observe/health UP and /observe/metrics on *:8080"
  rm -rf "$bundle"
}

for image in "${IMAGES[@]}"; do
  step "$image: building the image"
  "build_$image"
  step "$image: unpacking and running it"
  check_image "$image"
done

step "container check passed: ${IMAGES[*]}"
