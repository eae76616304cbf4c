/* zlib's CRC-32 (and crc32_combine), which a ZIP member's data descriptor carries, and raw
   inflate for reading a deflated member (inflateInit2 is a macro Swift cannot call). */
#ifndef ZENODO_TUI_CZLIB_SHIM_H
#define ZENODO_TUI_CZLIB_SHIM_H
#include <zlib.h>

static inline int zt_inflate_init_raw(z_stream *stream) { return inflateInit2(stream, -15); }
#endif
