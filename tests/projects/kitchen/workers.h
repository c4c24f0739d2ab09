// The C++ half of the kitchen: work shared between std::threads.
#ifndef KITCHEN_WORKERS_H
#define KITCHEN_WORKERS_H

#include <cstdint>

// Sums 1..n on `threads` threads, each over its own stripe, and adds the partial sums under a mutex.
std::uint64_t parallel_sum(std::uint64_t n, unsigned threads);

#endif
