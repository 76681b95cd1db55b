#!/usr/bin/env bash
# Lays out the container image's base for Jib on `scratch` (this build reaches no image registry):
#   base.sh OUT JAVA_HOME CLASSPATH_FILE CLASSES_DIR BUNDLE
# OUT/opt/java  a Java runtime made by jlink from the build's JDK with only the modules that jdeps
#               finds in the server's classes and run-time class path (plus two that libraries
#               reach by reflection, which jdeps cannot see);
# OUT/lib*      the C libraries that runtime loads (glibc, libstdc++, zlib), copied from this
#               machine, found by ldd, at the paths the dynamic loader searches;
# OUT/etc       passwd and group naming the non-root user 65532 the container runs as;
# OUT/models    the credit bundle the image serves unless told otherwise; OUT/tmp.
# The same JDK and the same Debian packages give the same bytes (jlink is deterministic, Jib sets
# every file's time to a constant), so the image digest repeats.
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: base.sh OUT JAVA_HOME CLASSPATH_FILE CLASSES_DIR BUNDLE" >&2; exit 2; }
out=$1 java_home=$2 classpath_file=$3 classes=$4 bundle=$5
for tool in jdeps jlink; do
  [ -x "$java_home/bin/$tool" ] || {
    echo "base.sh: $java_home/bin/$tool is missing; the image needs a full JDK 17 or later (with jlink), run Maven with JAVA_HOME set to one" >&2
    exit 1
  }
done
command -v ldd >/dev/null || { echo "base.sh: ldd is missing; the image is built on Linux x86_64 with glibc (Debian: apt-get install libc-bin)" >&2; exit 1; }
[ -f "$bundle" ] || { echo "base.sh: bundle $bundle is missing; pass the path of a .mlb file" >&2; exit 1; }

classpath=$(cat "$classpath_file")
# Build into a sibling and rename at the end: a failed run leaves no half-made base behind.
staging="$out.partial"
rm -rf "$staging"
mkdir -p "$staging"/{etc,models,tmp,home/nonroot}

# The server's classes as the input, its jars as the class path: jdeps follows the references
# through them (a jar given as an input too would be seen twice, as split packages).
modules=$("$java_home/bin/jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps \
  --class-path "$classpath" "$classes" | tail -n 1)
[[ "$modules" =~ ^[a-z][a-z0-9.,]*$ ]] || { echo "base.sh: jdeps gave no module list (\"$modules\")" >&2; exit 1; }
# Less java.desktop (AWT and its X11 libraries, 20 MB): only java.beans is named, by Micrometer's
# Log4j2 binder (unused here) and by jackson-databind for two optional annotations it looks up
# guarded. Plus jdk.unsupported (sun.misc.Unsafe, which HTTP stacks look up by reflection) and
# jdk.management (the com.sun.management beans that Micrometer's process and JVM meters read),
# in case jdeps does not see them.
modules="$( (tr , '\n' <<<"$modules"; echo jdk.unsupported; echo jdk.management) | grep -vx java.desktop | sort -u \
  | paste -sd ,)"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$staging/opt/java"

# Every library the runtime's executables and shared objects load, and the loader itself.
mapfile -t libraries < <(find "$staging/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  -exec ldd {} \; 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$staging" | sort -u)
for library in "${libraries[@]}"; do
  mkdir -p "$staging$(dirname "$library")"
  cp -L "$library" "$staging$library"
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
  >"$staging/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$staging/etc/group"
cp "$bundle" "$staging/models/credit.mlb"

rm -rf "$out"
mv "$staging" "$out"
echo "base.sh: $out: java modules $modules; ${#libraries[@]} C libraries"
