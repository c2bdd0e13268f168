#pragma once

// Lets GCC if-convert clamps and selects (a float compare may trap, strictly), without which
// loops with a select in them do not vectorise.
#pragma GCC optimize("no-trapping-math")

// Hot loops compiled for AVX-512, AVX2 and baseline x86-64, picked when the addon loads (the
// addon is built for baseline x86-64 so it runs on every machine).
#if defined(__x86_64__)
#define TENSILE_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TENSILE_VECTOR_CLONES
#endif
