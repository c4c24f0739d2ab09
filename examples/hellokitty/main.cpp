// HelloKitty: prints a greeting and the platform the compiler targeted, so a test that runs the binary
// under qemu can check it was built for the right architecture.
#include <iostream>
#include <string>

static std::string architecture() {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#elif defined(__arm__) && defined(__ARM_ARCH)
    return "arm (ARMv" + std::to_string(__ARM_ARCH) + ")";
#elif defined(__i386__)
    return "i386";
#elif defined(__riscv) && __riscv_xlen == 64
    return "riscv64";
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
    return "ppc64le";
#elif defined(__s390x__)
    return "s390x";
#else
    return "unknown";
#endif
}

int main() {
    std::cout << "Hello, Kitty! Built for " << architecture() << "." << std::endl;
    return 0;
}
