#!/usr/bin/env bash
# Assembles the root filesystem Jib layers onto "scratch" for Pulse's images (Linux x86_64 build hosts):
#   /opt/java/openjdk   a jlink runtime of the build JDK (same path and JAVA_HOME as eclipse-temurin images)
#   /lib, /lib64        the glibc libraries that runtime and the JNI libraries in our jars (RocksDB, zstd,
#                       snappy, lz4) load, copied from the build host
#   /etc/passwd, group  root and the non-root user the services run as (pulse, 10001:10001)
#   /tmp, /var/lib/pulse/streams   writable by that user (JNI libraries unpack to /tmp; Streams state)
# Usage: assemble-rootfs.sh JAVA_HOME OUTPUT_DIR
set -euo pipefail

java_home="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"

# Modules the services use (Kafka clients and Streams, Jetty/Javalin, Micrometer's JVM and process
# metrics, Logback, Avro, the JDK HTTP client), plus what SASL, TLS and DNS need in a real cluster.
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
modules+=,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.jfr
modules+=,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

marker="$out/.assembled-from"
want="$("$java_home/bin/java" -version 2>&1 | tr '\n' ' ') $modules $(sha1sum "$0" | cut -c1-12)"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "image rootfs up to date: $out"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out"
"$java_home/bin/jlink" --add-modules "$modules" --output "$out/opt/java/openjdk" \
  --strip-debug --no-man-pages --no-header-files --compress=2

# Libraries: whatever the runtime links, plus what the JNI libraries bundled in our jars link.
ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
jni_needs="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libstdc++.so.6 libgcc_s.so.1"
{
  # AWT's native libraries (X11, fonts, images) never load in these headless servers: skip their needs.
  find "$out/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) \
      ! -regex '.*/lib\(awt.*\|splashscreen\|fontmanager\|jawt\|lcms\|javajpeg\|mlib_image\)\.so' -print0 \
    | xargs -0 -n1 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' \
    | grep -v "^$out/" || true
  for lib in $jni_needs; do
    # awk reads to the end (no early exit): ldconfig would die of SIGPIPE, and pipefail fail the build.
    "$ldconfig" -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}'
  done
} | sort -u | while read -r lib; do
  # Keep the path the loader looks for (/lib/x86_64-linux-gnu/..., /lib64/ld-linux-x86-64.so.2).
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
test -e "$out/lib64/ld-linux-x86-64.so.2" || { echo "no dynamic loader found" >&2; exit 1; }

mkdir -p "$out/etc" "$out/tmp"
cp -r "$here/src/rootfs/." "$out/"
printf 'root:x:0:0:root:/root:/sbin/nologin\npulse:x:10001:10001:Pulse:/var/lib/pulse:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\npulse:x:10001:\n' > "$out/etc/group"

# The runtime must start from what was copied, with no library from the host.
"$out/opt/java/openjdk/bin/java" -version >/dev/null 2>&1
echo "$want" > "$marker"
du -sh "$out"
