#include "memory_policy.h"

/* <features.h> says which C library this is; __GLIBC__ is defined only once a libc header is in. */
#if defined(__linux__)
#include <features.h>
#endif

#if defined(__GLIBC__)
#include <malloc.h>
int zt_keep_freed_memory(int mmap_bytes, int trim_bytes) {
    return mallopt(M_MMAP_THRESHOLD, mmap_bytes) == 1 && mallopt(M_TRIM_THRESHOLD, trim_bytes) == 1;
}
#else
int zt_keep_freed_memory(int mmap_bytes, int trim_bytes) { (void)mmap_bytes; (void)trim_bytes; return 0; }
#endif
