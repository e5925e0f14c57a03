#!/usr/bin/env bash
# Load benchmark on loopback: `advisor serve` with a private Redis against
# the minimal reference webhook (../shared/tools/wxref), both sent signed
# plaintext text messages that the knowledge base answers (wechat.lua), by
# wrk with 32 connections, alternating runs on the same machine.
#
# It prints requests/s, p99 and errors of every run, the medians, the ratio
# advisor/wxref, and a verdict against the target: zero errors, advisor p99
# <= 20 ms and advisor throughput >= wxref's. Exit status 0 iff it is met.
#
# Usage: scripts/loadtest/run.sh   (from anywhere; needs go, node/npm,
# redis-server, curl; installs wrk with apt-get when missing)
#
# Knobs (environment): ROUNDS (3), DURATION (10s), CONNECTIONS (32),
# THREADS (2), WARMUP (10s, per server), WXREF_DIR (the wxref folder),
# ADVISOR_BIN (an advisor binary to measure instead of building one, e.g.
# a profiling build), KEEP_LOGS=1 (keep the temporary folder with the
# servers' logs).
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10s}
TOKEN=loadtok
P99_LIMIT_MS=20

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
WXREF_DIR=${WXREF_DIR:-$repo/../shared/tools/wxref}

log() { printf '%s\n' "$*" >&2; }
die() { log "loadtest: $*"; exit 2; }

for tool in go node npm redis-server redis-cli curl sha1sum; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
[[ -f $WXREF_DIR/server.mjs ]] || die "no wxref at $WXREF_DIR (set WXREF_DIR)"
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP_LOGS:-} == 1 ]]; then
    log "logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

# wait_until CMD...: polls CMD every 0.1 s for up to 30 s.
wait_until() {
  local deadline=$((SECONDS + 30))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# --- build and start -----------------------------------------------------
advisor_bin=${ADVISOR_BIN:-$work/advisor}
if [[ -z ${ADVISOR_BIN:-} ]]; then
  log "building advisor"
  (cd "$repo" && go build -o "$advisor_bin" ./cmd/advisor)
fi

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
wait_until redis-cli -p "$redis_port" ping || die "redis did not start (see $work/redis.log)"

advisor_port=$(free_port)
env -u OPENAI_MODEL -u KB_DIR -u WECHAT_AES_KEY \
  ADDR="127.0.0.1:$advisor_port" WECHAT_TOKEN="$TOKEN" \
  REDIS_URL="redis://127.0.0.1:$redis_port/0" LOG_LEVEL=warn \
  RATE_LIMIT_PER_MINUTE=100000 \
  "$advisor_bin" serve >"$work/advisor.log" 2>&1 &
pids+=($!)
wait_until curl -fsS "http://127.0.0.1:$advisor_port/readyz" ||
  die "advisor not ready: $(tail -5 "$work/advisor.log")"

log "installing wxref"
cp -r "$WXREF_DIR" "$work/wxref"
(cd "$work/wxref" && npm ci --silent --no-audit --no-fund >/dev/null)
wxref_port=$(free_port)
(cd "$work/wxref" && exec env PORT="$wxref_port" TOKEN="$TOKEN" node server.mjs) >"$work/wxref.log" 2>&1 &
pids+=($!)
wait_until curl -fsS "http://127.0.0.1:$wxref_port/stats" ||
  die "wxref did not start: $(tail -5 "$work/wxref.log")"

# --- the signed query ----------------------------------------------------
# Plaintext mode: signature = sha1 of token, timestamp and nonce, sorted
# and concatenated. The same query serves every request.
timestamp=$(date +%s)
nonce=$((RANDOM * 32768 + RANDOM))
signature=$(printf '%s\n' "$TOKEN" "$timestamp" "$nonce" | LC_ALL=C sort | tr -d '\n' | sha1sum | cut -d' ' -f1)
query="signature=$signature&timestamp=$timestamp&nonce=$nonce"
declare -A url=(
  [advisor]="http://127.0.0.1:$advisor_port/wechat?$query"
  [wxref]="http://127.0.0.1:$wxref_port/wechat?$query"
)

# One request each, to show what is being measured.
for target in advisor wxref; do
  body="<xml><ToUserName><![CDATA[gh_loadtest0001]]></ToUserName><FromUserName><![CDATA[oLoadProbe]]></FromUserName><CreateTime>$timestamp</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[义乌哪里能考电工证]]></Content><MsgId>$timestamp$RANDOM</MsgId></xml>"
  reply=$(curl -fsS -H 'Content-Type: text/xml' --data-binary "$body" "${url[$target]}") ||
    die "$target rejected the probe request"
  log "$target answers: $(printf '%s' "$reply" | sed -n 's/.*<Content><!\[CDATA\[//; 1,3p' | tr '\n' ' ')"
done

# --- measure -------------------------------------------------------------
# run_wrk TARGET DURATION: prints "req_per_s p99_ms errors" for one run.
run_wrk() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$here/wechat.lua" "${url[$1]}")
  printf '%s\n' "$out" >>"$work/wrk-$1.txt"
  printf '%s\n' "$out" | awk '
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); p99 = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); p99 = v + 0 }
      else if (v ~ /s$/) { sub(/s$/, "", v); p99 = v * 1000 }
    }
    /^wxload:/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "errors") errors = kv[2] } }
    END {
      if (rps == "" || p99 == "" || errors == "") { print "unparsable wrk output" > "/dev/stderr"; exit 1 }
      printf "%.0f %.2f %d\n", rps, p99, errors
    }'
}

log "warming up ($WARMUP each)"
run_wrk advisor "$WARMUP" >/dev/null
run_wrk wxref "$WARMUP" >/dev/null

declare -A rps p99 errors
printf '%-6s %-8s %10s %9s %7s\n' run server 'req/s' 'p99 ms' errors
for round in $(seq 1 "$ROUNDS"); do
  for target in advisor wxref; do
    result=$(run_wrk "$target" "$DURATION")
    read -r r p e <<<"$result"
    rps[$target]+="$r "
    p99[$target]+="$p "
    errors[$target]=$((${errors[$target]:-0} + e))
    printf '%-6s %-8s %10s %9s %7s\n' "$round" "$target" "$r" "$p" "$e"
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'; }
adv_rps=$(median <<<"${rps[advisor]}")
ref_rps=$(median <<<"${rps[wxref]}")
adv_p99=$(median <<<"${p99[advisor]}")
ref_p99=$(median <<<"${p99[wxref]}")
ratio=$(awk -v a="$adv_rps" -v b="$ref_rps" 'BEGIN { printf "%.2f", a / b }')

printf '\nmedian   advisor %s req/s, p99 %s ms, %s errors\n' "$adv_rps" "$adv_p99" "${errors[advisor]}"
printf 'median   wxref   %s req/s, p99 %s ms, %s errors\n' "$ref_rps" "$ref_p99" "${errors[wxref]}"
printf 'ratio    advisor/wxref throughput %s\n' "$ratio"

verdict=pass
[[ ${errors[advisor]} -eq 0 ]] || verdict=fail
awk -v p="$adv_p99" -v l="$P99_LIMIT_MS" 'BEGIN { exit !(p <= l) }' || verdict=fail
awk -v r="$ratio" 'BEGIN { exit !(r >= 1) }' || verdict=fail
printf 'verdict  %s (target: 0 errors, p99 <= %s ms, ratio >= 1)\n' "$verdict" "$P99_LIMIT_MS"
[[ $verdict == pass ]]
