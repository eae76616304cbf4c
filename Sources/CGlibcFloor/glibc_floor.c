// The glibc the shipped binary needs is the newest symbol version it references, and the wheel's
// manylinux tag says it (scripts/package-channels.sh). Linked against Debian 12's glibc 2.36, two
// references came out at GLIBC_2.35 only because glibc 2.35 gave hypot and hypotf new versions
// (the same functions without the old SVID error handling); everything else needs 2.34 at most.
// The release link wraps those two (`-Xlinker --wrap=hypot`, scripts/build-release.sh), and these
// call the versions every glibc has had, so the binary runs on glibc 2.34: RHEL 9 and its
// rebuilds (Rocky, Alma), which many clusters run, and Ubuntu 22.04.
//
// The old version is looked up with dlvsym, once: a `.symver` reference to `hypot@GLIBC_2.2.5`
// here would be rewritten by `--wrap` too (it is still a reference to `hypot`), and the wrapper
// would call itself.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include "CGlibcFloor.h"

#if defined(__x86_64__)
#define ZENODO_GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define ZENODO_GLIBC_BASE "GLIBC_2.17"
#else
#define ZENODO_GLIBC_BASE NULL
#endif

typedef double (*zenodo_hypot_fn)(double, double);
typedef float (*zenodo_hypotf_fn)(float, float);

// The function at `*slot`, looked up on the first call (a race only looks it up twice).
static void *zenodo_base_symbol(void **slot, const char *name) {
    void *found = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (found) return found;
    found = ZENODO_GLIBC_BASE ? dlvsym(RTLD_DEFAULT, name, ZENODO_GLIBC_BASE) : NULL;
    // Any glibc has it; should one not, its default version is what the unwrapped link used.
    if (!found) found = dlsym(RTLD_DEFAULT, name);
    __atomic_store_n(slot, found, __ATOMIC_RELEASE);
    return found;
}

double __wrap_hypot(double x, double y) {
    static void *base;
    return ((zenodo_hypot_fn)zenodo_base_symbol(&base, "hypot"))(x, y);
}

float __wrap_hypotf(float x, float y) {
    static void *base;
    return ((zenodo_hypotf_fn)zenodo_base_symbol(&base, "hypotf"))(x, y);
}

double zenodo_glibc_floor_hypot(double x, double y) { return __wrap_hypot(x, y); }
float zenodo_glibc_floor_hypotf(float x, float y) { return __wrap_hypotf(x, y); }
