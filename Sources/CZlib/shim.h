/* zlib's CRC-32 (and crc32_combine), which a ZIP member's data descriptor carries, and raw
   inflate for reading a deflated member (inflateInit2 and deflateInit2 are macros Swift cannot
   call). */
#ifndef ZENODO_TUI_CZLIB_SHIM_H
#define ZENODO_TUI_CZLIB_SHIM_H
#include <zlib.h>

static inline int zt_inflate_init_raw(z_stream *stream) { return inflateInit2(stream, -15); }
/* Raw deflate (no zlib header), as a ZIP member carries it; LocalZenodo zips a container's
   directory with it, as InvenioRDM's zipstream does with ZIP_DEFLATED. */
static inline int zt_deflate_init_raw(z_stream *stream) {
    return deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
#endif
