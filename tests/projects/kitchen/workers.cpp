#include "workers.h"

#include <mutex>
#include <thread>
#include <vector>

std::uint64_t parallel_sum(std::uint64_t n, unsigned threads) {
    std::uint64_t total = 0;
    std::mutex lock;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; t++) {
        pool.emplace_back([=, &total, &lock] {
            std::uint64_t partial = 0;
            for (std::uint64_t i = t + 1; i <= n; i += threads) {
                partial += i;
            }
            std::lock_guard<std::mutex> guard(lock);
            total += partial;
        });
    }
    for (std::thread &worker : pool) {
        worker.join();
    }
    return total;
}
