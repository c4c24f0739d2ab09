#!/usr/bin/env bash
# Writes a C project of FILES sources with FUNCTIONS functions each (about 12 lines a function) into DIR: a
# CMakeLists.txt and lading.yaml (CMake), plain.yaml (the same sources as executables:), a shared header. The
# functions are loops and switches, so an optimizing compile takes a while, as real code does. Generated, not copied:
# the cache tests and benchmarks need many sources that no other project has to provide.
# Usage: generated-project.sh DIR [FILES] [FUNCTIONS]
set -euo pipefail
dir=$1 files=${2:-50} functions=${3:-50}
mkdir -p "$dir"
{
  echo '#ifndef GENERATED_COMMON_H'
  echo '#define GENERATED_COMMON_H'
  echo '#include <stdint.h>'
  echo 'static inline uint32_t rotate(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }'
  for ((i = 1; i <= files; i++)); do echo "uint32_t unit$i(uint32_t seed);"; done
  echo '#endif'
} > "$dir/common.h"
for ((i = 1; i <= files; i++)); do
  {
    echo '#include "common.h"'
    for ((f = 1; f <= functions; f++)); do
      echo "static uint32_t step${f}(uint32_t x, const uint32_t *table, int n) {"
      echo "    uint32_t acc = x ^ ${i}u * ${f}u;"
      echo "    for (int k = 0; k < n; k++) {"
      echo "        switch ((acc + (uint32_t) k) % 4u) {"
      echo "        case 0: acc = rotate(acc, ${f}u) + table[k]; break;"
      echo "        case 1: acc ^= table[(k * ${f}) % n] * 2654435761u; break;"
      echo "        case 2: acc -= rotate(table[k], ${i}u) | ${f}u; break;"
      echo "        default: acc = acc * 31u + (uint32_t) k; break;"
      echo "        }"
      echo "    }"
      echo "    return acc;"
      echo "}"
    done
    echo "uint32_t unit${i}(uint32_t seed) {"
    echo "    uint32_t table[16];"
    echo "    for (int k = 0; k < 16; k++) table[k] = seed * (uint32_t) (k + ${i});"
    echo "    uint32_t acc = seed;"
    for ((f = 1; f <= functions; f++)); do echo "    acc = step${f}(acc, table, 16);"; done
    echo "    return acc;"
    echo "}"
  } > "$dir/unit$i.c"
done
{
  echo '#include <stdio.h>'
  echo '#include "common.h"'
  echo 'int main(void) {'
  echo '    uint32_t acc = 1;'
  for ((i = 1; i <= files; i++)); do echo "    acc = unit$i(acc);"; done
  echo '    printf("generated %08x\n", (unsigned) acc);'
  echo '    return 0;'
  echo '}'
} > "$dir/main.c"
sources=$(for ((i = 1; i <= files; i++)); do printf ' unit%d.c' "$i"; done)
cat > "$dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(Generated LANGUAGES C)
add_library(units STATIC${sources})
add_executable(app main.c)
target_link_libraries(app PRIVATE units)
CMAKE
cat > "$dir/lading.yaml" <<'YAML'
from: scratch
build:
  cmake:
    source: .
    targets: [app]
    defines: {CMAKE_BUILD_TYPE: Release}
layers:
  - name: app
    files:
      - artifact: app
        dest: /app/app
entrypoint: [/app/app]
YAML
list=$(for ((i = 1; i <= files; i++)); do printf 'unit%d.c, ' "$i"; done)
cat > "$dir/plain.yaml" <<YAML
from: scratch
build:
  executables:
    - name: app
      sources: [${list}main.c]
      flags: [-O2]
layers:
  - name: app
    files:
      - artifact: app
        dest: /app/app
entrypoint: [/app/app]
YAML
