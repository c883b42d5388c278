#pragma once
// What a fuzz target asserts beyond "no crash": a broken invariant aborts, so libFuzzer keeps the
// input that broke it as a finding, the same as a sanitizer report.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                   \
    do {                                                                                        \
        if (!(condition)) {                                                                     \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                       \
        }                                                                                       \
    } while (false)
