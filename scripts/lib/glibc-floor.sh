# The glibc a binary needs, read off its dynamic symbols (`objdump -T`): sourced by
# package-channels.sh (the wheel's manylinux tag), test-channels.sh (the tag is honest) and
# test-install.sh (the floor stays at 2.34, Sources/CGlibcFloor).

# N of the newest GLIBC_2.N symbol version BINARY references; empty when it references none.
glibc_newest() {
  objdump -T "$1" | grep -o 'GLIBC_2\.[0-9]*' | sed 's/GLIBC_2\.//' | sort -n | tail -1
}

# The first few symbols BINARY takes at version GLIBC_2.N, on one line: why it needs 2.N.
glibc_symbols_at() {
  objdump -T "$1" | awk -v v="(GLIBC_2.$2)" 'index($0, v) { print $NF }' | sort | head -5 | tr '\n' ' '
}
