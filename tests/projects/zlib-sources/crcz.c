/* Prints zlib's CRC-32 of its argument and the zlib version it loaded at run time. */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
    const char *text = argc > 1 ? argv[1] : "hello, kitty";
    printf("zlib %s crc32 %08lx\n", zlibVersion(), crc32(0L, (const Bytef *) text, (uInt) strlen(text)));
    return 0;
}
