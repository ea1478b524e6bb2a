"""Marks version requirements (Verneed auxiliary entries) of an ELF shared object as weak (VER_FLG_WEAK).

glibc's loader fails on a missing required version ("version `GLIBCXX_3.4.32' not found") unless the requirement is
weak, in which case it loads the object and only symbols still bound to that version would fail to resolve. Used by
bench/TorchRef/setup.sh after `patchelf --clear-symbol-version` has unbound the only symbol of that version.
Usage: python3 elf_weak_version.py FILE VERSION [VERSION...]   (64-bit little-endian ELF only; edits FILE in place)
"""
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE


def main():
    path, names = sys.argv[1], set(sys.argv[2:])
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a 64-bit little-endian ELF")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        marked = set()
        for sh in sections:
            if sh[1] != SHT_GNU_VERNEED:
                continue
            strtab_off = sections[sh[6]][4]
            off = sh[4]
            for _ in range(sh[7]):  # sh_info = number of Verneed entries
                _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, off)
                a = off + aux
                for _ in range(cnt):
                    _, flags, _, name, anext = struct.unpack_from("<IHHII", data, a)
                    end = data.index(0, strtab_off + name)
                    vname = data[strtab_off + name:end].decode()
                    if vname in names:
                        struct.pack_into("<H", data, a + 4, flags | VER_FLG_WEAK)
                        marked.add(vname)
                    a += anext
                off += nxt
        missing = names - marked
        if missing:
            sys.exit(f"{path}: no requirement named {', '.join(sorted(missing))}")
        f.seek(0)
        f.write(data)
    print(f"{path}: marked weak: {', '.join(sorted(marked))}")


if __name__ == "__main__":
    main()
