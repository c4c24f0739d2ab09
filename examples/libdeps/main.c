/* Uses one function of each library and prints what the library itself reports, so a run proves which
 * library was loaded: zlib's CRC-32, OpenSSL's SHA-256 and an lz4 round trip, with the versions linked in. */
#include <lz4.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
    const char *text = argc > 1 ? argv[1] : "hello, kitty";
    size_t length = strlen(text);

    unsigned long crc = crc32(0L, (const Bytef *) text, (uInt) length);
    printf("zlib %s crc32 %08lx\n", zlibVersion(), crc);

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (!EVP_Digest(text, length, digest, &digestLength, EVP_sha256(), NULL)) {
        fprintf(stderr, "sha256 failed\n");
        return 1;
    }
    printf("%s sha256 ", OpenSSL_version(OPENSSL_VERSION));
    for (unsigned int i = 0; i < digestLength; i++) {
        printf("%02x", digest[i]);
    }
    printf("\n");

    char compressed[256];
    char restored[256];
    int packed = LZ4_compress_default(text, compressed, (int) length, (int) sizeof compressed);
    int unpacked = LZ4_decompress_safe(compressed, restored, packed, (int) sizeof restored);
    if (packed <= 0 || unpacked != (int) length || memcmp(text, restored, length) != 0) {
        fprintf(stderr, "lz4 round trip failed\n");
        return 1;
    }
    printf("lz4 %s round trip %d -> %d -> %d bytes\n", LZ4_versionString(), (int) length, packed, unpacked);
    return 0;
}
