#!/usr/bin/env bash
# Cold start of the Lambda handler: from launching `java` to the first answer, median of N runs
# (default 5), each a fresh JVM that loads the golden credit bundle and answers one recorded
# API Gateway event (LambdaHandler's init and first invocation, without AWS's own runtime client).
# Besides the wall time it gives the process's CPU time (user + system, all threads, until exit),
# which other programs on a busy machine disturb less.
#   mvn -B -pl mlengine-server -am package -DskipTests     # once: classes and test classes
#   mlengine-server/bench/lambda-cold-start.sh [runs] [extra java options...]
# e.g. `lambda-cold-start.sh 5 -XX:TieredStopAtLevel=1` as AWS's Java runtimes start the JVM.
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-5}
shift || true
[ -d "$module/target/test-classes/org/mlengine/server" ] || {
  echo "lambda-cold-start.sh: build first: mvn -B -pl mlengine-server -am package -DskipTests" >&2
  exit 1
}
command -v /usr/bin/time >/dev/null || { echo "lambda-cold-start.sh: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$module" && mvn -B -q -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$scratch/cp.txt" >/dev/null)
classpath="$module/target/test-classes:$module/target/classes:$(cat "$scratch/cp.txt")"
bundle="$module/../mlengine-serving/src/test/resources/golden/format-1/credit-logistic.mlb"
event="$module/src/test/resources/lambda/rest-v1-predict.json"
for i in $(seq "$runs"); do
  start=$(date +%s%3N)
  line=$(/usr/bin/time -f '%U %S' -o "$scratch/cpu.txt" java "$@" -cp "$classpath" org.mlengine.server.LambdaColdStart \
    "$bundle" "$event")
  case "$line" in *'"statusCode":200'*) ;; *) echo "no 200 answer: $line" >&2; exit 1 ;; esac
  read -r user system <"$scratch/cpu.txt"
  echo "$(( ${line%% *} - start )) $(awk -v u="$user" -v s="$system" 'BEGIN { printf "%d", (u + s) * 1000 }')" >>"$scratch/runs.txt"
done
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
echo "wall ms (launch to answer): $(cut -d' ' -f1 "$scratch/runs.txt" | sort -n | tr '\n' ' ')"
echo "cpu ms (user+system):       $(cut -d' ' -f2 "$scratch/runs.txt" | sort -n | tr '\n' ' ')"
echo "median_wall_ms $(cut -d' ' -f1 "$scratch/runs.txt" | median) median_cpu_ms $(cut -d' ' -f2 "$scratch/runs.txt" | median)"
