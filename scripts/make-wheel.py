#!/usr/bin/env python3
"""Makes a platform wheel of zenodo-tui from an installed tree, as ruff and uv ship theirs: the
binary as a script entry (pip puts it on PATH, executable, untouched), the man page and the
completions as data under the environment's prefix, no Python code at run time.

    scripts/make-wheel.py --prefix STAGE --version V --platform manylinux_2_34_x86_64 --out dist

STAGE holds bin/zenodo-tui and share/... as scripts/install.sh lays them out. The wheel is
reproducible: fixed timestamps, sorted entries, RECORD with each file's SHA-256 and size
(PEP 427, PEP 376).
"""

import argparse
import base64
import hashlib
import os
import sys
import zipfile

NAME = "zenodo-tui"
SUMMARY = "Publish research datasets on Zenodo (and any InvenioRDM repository) from a terminal"


def digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--platform", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--license", default="LICENSE")
    # Licences of what is linked into the binary (LibYAML), beside the project's own.
    parser.add_argument("--bundled-license", action="append", default=["Sources/CLibYAML/LICENSE:LICENSE.libyaml"])
    parser.add_argument("--readme", default="README.md")
    args = parser.parse_args()

    dist = NAME.replace("-", "_")
    data_dir = f"{dist}-{args.version}.data"
    info_dir = f"{dist}-{args.version}.dist-info"
    entries = []  # (archive name, bytes, executable)

    binary = os.path.join(args.prefix, "bin", NAME)
    with open(binary, "rb") as f:
        entries.append((f"{data_dir}/scripts/{NAME}", f.read(), True))
    share = os.path.join(args.prefix, "share")
    for root, _, files in os.walk(share):
        for name in files:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, args.prefix)
            if relative.startswith("share/zenodo-tui/"):
                continue  # the installer's own record of what it installed
            with open(path, "rb") as f:
                entries.append((f"{data_dir}/data/{relative}", f.read(), False))

    with open(args.readme, encoding="utf-8") as f:
        readme = f.read()
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {args.version}\n"
        f"Summary: {SUMMARY}\n"
        "License: Apache-2.0\n"
        "Keywords: zenodo,inveniordm,research data,terminal\n"
        "Classifier: Environment :: Console :: Curses\n"
        "Classifier: Intended Audience :: Science/Research\n"
        "Classifier: Operating System :: POSIX :: Linux\n"
        "Classifier: Programming Language :: Swift\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + readme
    )
    wheel = (
        "Wheel-Version: 1.0\n"
        "Generator: zenodo-tui scripts/make-wheel.py\n"
        "Root-Is-Purelib: false\n"
        f"Tag: py3-none-{args.platform}\n"
    )
    with open(args.license, "rb") as f:
        entries.append((f"{info_dir}/LICENSE", f.read(), False))
    for pair in args.bundled_license:
        path, name = pair.split(":", 1)
        with open(path, "rb") as f:
            entries.append((f"{info_dir}/{name}", f.read(), False))
    entries.append((f"{info_dir}/METADATA", metadata.encode(), False))
    entries.append((f"{info_dir}/WHEEL", wheel.encode(), False))
    entries.sort(key=lambda e: (e[0].startswith(info_dir), e[0]))
    record = "".join(f"{name},{digest(data)},{len(data)}\n" for name, data, _ in entries)
    record += f"{info_dir}/RECORD,,\n"
    entries.append((f"{info_dir}/RECORD", record.encode(), False))

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"{dist}-{args.version}-py3-none-{args.platform}.whl")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data, executable in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
            archive.writestr(info, data)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
