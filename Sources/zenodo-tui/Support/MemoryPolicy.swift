import CMemoryPolicy

/// How the process keeps the memory it frees. A transfer refills its 16 MiB queue of network
/// buffers about 60 times per GiB; glibc hands freed heap back to the kernel past 128 KiB by
/// default, so the same buffers were faulted in afresh, zeroed, again and again (16,000-31,000
/// page faults per GiB downloaded, 5,800 with this). On a virtual machine that returns freed
/// pages to its host, every such fault is a round trip to the host. Freed heap is kept up to
/// 64 MiB, and blocks up to 32 MiB come from the heap rather than their own mappings (setting
/// the trim threshold switches off glibc's own adjustment of that one, which would otherwise map
/// and unmap every 1 MiB upload buffer).
enum MemoryPolicy {
    static func apply() { _ = zt_keep_freed_memory(32 << 20, 64 << 20) }
}
