// Kitchen: one line per part of the build (the C library, the C++ threads, the target the compiler chose), so
// a test that runs the binary under qemu proves every part was compiled for that platform and linked.
#include <cstdio>
#include <cstring>
#include <string>

#include "checksum.h"
#include "workers.h"

int main() {
    const char *recipe = "tomato basil garlic olive";
    char sorted[128];
    if (kitchen_sorted_words(recipe, sorted, sizeof sorted) < 0) {
        std::fprintf(stderr, "the recipe does not fit\n");
        return 1;
    }
    std::string line = std::string("sorted: ") + sorted;
    std::printf("Kitchen built for %s.\n", kitchen_architecture());
    std::printf("crc32(\"%s\") = %08x\n", recipe,
                kitchen_crc32(reinterpret_cast<const unsigned char *>(recipe), std::strlen(recipe)));
    std::printf("%s\n", line.c_str());
    std::printf("4 threads: sum(1..1000000) = %llu\n",
                static_cast<unsigned long long>(parallel_sum(1000000, 4)));
    return 0;
}
