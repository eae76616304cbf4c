/* zlib's CRC-32 (and crc32_combine), which a ZIP member's data descriptor carries. */
#ifndef ZENODO_TUI_CZLIB_SHIM_H
#define ZENODO_TUI_CZLIB_SHIM_H
#include <zlib.h>
#endif
