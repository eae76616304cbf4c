#!/usr/bin/env bash
# Installs the existing InvenioRDM clients the tests run against LocalZenodo (ThirdPartyClientTests)
# into .build/python-clients: inveniordm-py, CERN's client; and PyYAML, whose safe_load InvenioRDM
# reads CITATION.cff and fixtures with (YAMLTextTests compare YAMLText with it). Without them those
# tests say they were skipped. Needs python3 with venv (Debian: python3-venv) and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .build/python-clients/bin/python ]; then
  mkdir -p .build
  python3 -m venv .build/python-clients
fi
.build/python-clients/bin/pip install --quiet --disable-pip-version-check inveniordm-py==0.1.1 pyyaml==6.0.2
