#!/usr/bin/env bash
# mlengine predict at scale (issue #17): scores a generated credit-shaped CSV of 2,000,000 rows
# (the shipped credit_data.csv repeated) from a file into a file, and the first 200,000 of
# those rows, under -Xmx256m and -Xmx32m, alternating with `cat` of the same file (the I/O floor),
# RUNS times each; prints every run and then the medians: wall time, rows/s, peak RSS.
#   mlengine-bench/predict_scale.sh [RUNS]      (default 5; about 2 minutes on 2 cores)
# Peak RSS is GNU time's %M of the JVM; the ./mlengine script is built first, so no run builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/mlengine" --help >/dev/null
cd "$work"
"$root/mlengine" quickstart "$root/mlengine-examples/src/main/resources/org/mlengine/examples/credit_data.csv" credit.mlb >/dev/null 2>&1
awk 'NR == 1 { gsub(/"/, ""); print; next } { rows[n++] = $0 }
     END { for (i = 0; i < 2000000; i++) print rows[i % n] }' \
  "$root/mlengine-examples/src/main/resources/org/mlengine/examples/credit_data.csv" > rows-2m.csv
head -200001 rows-2m.csv > rows-200k.csv
for ((i = 1; i <= runs; i++)); do
  for case in 2m-xmx256m 200k-xmx256m 2m-xmx32m cat-2m; do
    case $case in
      2m-xmx256m) cmd=(env JAVA_OPTS=-Xmx256m "$root/mlengine" predict credit.mlb rows-2m.csv -o out.csv) ;;
      200k-xmx256m) cmd=(env JAVA_OPTS=-Xmx256m "$root/mlengine" predict credit.mlb rows-200k.csv -o out.csv) ;;
      2m-xmx32m) cmd=(env JAVA_OPTS=-Xmx32m "$root/mlengine" predict credit.mlb rows-2m.csv -o out.csv) ;;
      cat-2m) cmd=(sh -c 'cat rows-2m.csv > out.csv') ;;
    esac
    /usr/bin/time -o time.txt -f "%e %M" "${cmd[@]}" 2>/dev/null
    echo "$case $(cat time.txt)" | tee -a runs.txt
  done
done
echo "medians of $runs: case, wall s, rows/s, peak RSS MB"
for case in 2m-xmx256m 200k-xmx256m 2m-xmx32m cat-2m; do
  rows=2000000
  [ "$case" = 200k-xmx256m ] && rows=200000
  wall=$(awk -v c="$case" '$1 == c { print $2 }' runs.txt | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  rss=$(awk -v c="$case" '$1 == c { print $3 }' runs.txt | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  awk -v c="$case" -v w="$wall" -v r="$rows" -v m="$rss" 'BEGIN { printf "%-13s %6.2f %9.0f %5.0f\n", c, w, r / w, m / 1024 }'
done
