#include "build_info.h"

#ifndef ZENODO_TUI_COMMIT
#define ZENODO_TUI_COMMIT ""
#endif

const char *zenodo_tui_build_commit(void) { return ZENODO_TUI_COMMIT; }
