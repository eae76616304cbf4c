#ifndef ZENODO_TUI_BUILD_INFO_H
#define ZENODO_TUI_BUILD_INFO_H

/// The git commit the binary was built from: set by scripts/install.sh and scripts/package.sh with
/// `-Xcc -DZENODO_TUI_COMMIT=\"<hash>\"`; empty for a plain `swift build`.
const char *zenodo_tui_build_commit(void);

#endif
