#!/usr/bin/env bash
# Lets TorchSharp 0.107's native shim load on a system libstdc++ older than GCC 13's (Debian 12: GLIBCXX_3.4.30).
# libLibTorchSharp.so (built with GCC 13) requires the version GLIBCXX_3.4.32 for one symbol only,
# std::ios_base_library_init(), which GCC 13's <iostream> references with a bare `.globl` to pin the library version:
# no relocation in the shim uses it, so nothing ever binds to it. This script marks that one version requirement weak
# (VER_FLG_WEAK, one byte of the copy in the build output; never the NuGet cache), after checking that it is still the
# only GLIBCXX_3.4.31+ requirement and that no relocation refers to it; then glibc loads the shim (a weak missing version
# is not an error). libtorch itself (libtorch_cpu.so, libc10.so) needs nothing newer than GLIBCXX_3.4.22 and is untouched.
# Usage: bash patch-shim.sh OUTPUT_DIR   (idempotent; does nothing where libstdc++ provides GLIBCXX_3.4.32)
set -euo pipefail
dir="$1"
shim="$dir/libLibTorchSharp.so"
[ -f "$shim" ] || { echo "patch-shim: $shim not found" >&2; exit 1; }
libstdcxx="$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')"
if [ -n "$libstdcxx" ] && grep -q GLIBCXX_3.4.32 "$libstdcxx"; then
  exit 0
fi
# Every symbol the shim binds to a GLIBCXX/CXXABI version that this libstdc++ lacks.
needed="$(objdump -T "$shim" | grep -oE '\((GLIBCXX|CXXABI)_[0-9.]+\) +[^ ]+$' | tr -d '()' | sort -u)"
missing=""
while read -r ver sym; do
  [ -n "$ver" ] || continue
  grep -q "$ver" "$libstdcxx" || missing="$missing $ver:$sym"
done <<< "$needed"
if [ "$missing" != " GLIBCXX_3.4.32:_ZSt21ios_base_library_initv" ]; then
  echo "patch-shim: unexpected libstdc++ requirements:$missing (only GLIBCXX_3.4.32:_ZSt21ios_base_library_initv is handled)" >&2
  exit 1
fi
if readelf -rW "$shim" | grep -q ios_base_library_init; then
  echo "patch-shim: a relocation refers to std::ios_base_library_init; marking its version weak would not be safe" >&2
  exit 1
fi
python3 "$(dirname "$0")/elf_weak_version.py" "$shim" GLIBCXX_3.4.32 >/dev/null
