/* glibc's malloc settings, which Swift's Glibc module does not export (malloc.h). */
#ifndef ZENODO_TUI_MEMORY_POLICY_H
#define ZENODO_TUI_MEMORY_POLICY_H

/* Keeps up to trim_bytes of freed heap instead of handing it back to the kernel, and serves
   blocks up to mmap_bytes from the heap. Returns 1 if both were accepted (always 0 off glibc). */
int zt_keep_freed_memory(int mmap_bytes, int trim_bytes);

#endif
