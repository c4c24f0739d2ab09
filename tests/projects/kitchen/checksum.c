#include "checksum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t kitchen_crc32(const unsigned char *bytes, size_t length) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static int compare_words(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int kitchen_sorted_words(const char *recipe, char *out, size_t out_size) {
    char copy[256];
    const char *words[32];
    size_t count = 0;
    if (strlen(recipe) >= sizeof copy) {
        return -1;
    }
    strcpy(copy, recipe);
    for (char *word = strtok(copy, " "); word != NULL && count < 32; word = strtok(NULL, " ")) {
        words[count++] = word;
    }
    qsort(words, count, sizeof words[0], compare_words);
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        int written = snprintf(out + used, out_size - used, i == 0 ? "%s" : " %s", words[i]);
        if (written < 0 || (size_t)written >= out_size - used) {
            return -1;
        }
        used += (size_t)written;
    }
    return (int)used;
}

const char *kitchen_architecture(void) {
    /* One test per architecture rather than a chain: exactly one of them holds on a supported target. */
    static char name[32] = "unknown";
#ifdef __x86_64__
    strcpy(name, "x86_64");
#endif
#ifdef __aarch64__
    strcpy(name, "aarch64");
#endif
#if defined(__arm__) && defined(__ARM_ARCH)
    /* The version is the compiler's: ARMv6 and ARMv7 builds must be told apart. */
    snprintf(name, sizeof name, "arm (ARMv%d)", __ARM_ARCH);
#endif
#ifdef __i386__
    strcpy(name, "i386");
#endif
#if defined(__riscv) && __riscv_xlen == 64
    strcpy(name, "riscv64");
#endif
#if defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
    strcpy(name, "ppc64le");
#endif
#ifdef __s390x__
    strcpy(name, "s390x");
#endif
    return name;
}
