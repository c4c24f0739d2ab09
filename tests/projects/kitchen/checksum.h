/* The C half of the kitchen: a static library with plain C linkage, called from C++. */
#ifndef KITCHEN_CHECKSUM_H
#define KITCHEN_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CRC-32 (IEEE 802.3, as zlib and java.util.zip.CRC32) of the bytes, computed bit by bit so the result does not
   depend on byte order: a big-endian target must print the same value as a little-endian one. */
uint32_t kitchen_crc32(const unsigned char *bytes, size_t length);

/* Sorts the words of a space-separated recipe with the C library's qsort and writes them into out, joined by
   single spaces; returns the length written, or -1 when out is too small. */
int kitchen_sorted_words(const char *recipe, char *out, size_t out_size);

/* The CPU the compiler targeted, from its predefined macros, e.g. "aarch64" or "arm (ARMv6)". */
const char *kitchen_architecture(void);

#ifdef __cplusplus
}
#endif

#endif
