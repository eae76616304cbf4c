#ifndef CGLIBCFLOOR_H
#define CGLIBCFLOOR_H

/// The `__wrap_` functions that the release link (`scripts/build-release.sh`, `--wrap`) puts in
/// place of glibc's newest versions of hypot and hypotf; the `zenodo_glibc_floor_` names call the
/// same, for tests (a test build is not linked with `--wrap`).
double __wrap_hypot(double x, double y);
float __wrap_hypotf(float x, float y);
double zenodo_glibc_floor_hypot(double x, double y);
float zenodo_glibc_floor_hypotf(float x, float y);

#endif
