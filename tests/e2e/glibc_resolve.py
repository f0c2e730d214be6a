#!/usr/bin/env python3
"""What glibc answers from a services file: run where /etc/services is that
file (tests/e2e/services_glibc.sh bind-mounts it in a private mount
namespace).  For each entry line (or only those listed in LINES), every
name of the line is looked up with getservbyname(name, proto) and its port
with getservbyport(port, proto) through libc itself; a lookup whose answer
is not the line is shadowed.  Prints one JSON object per finding:
{"line", "lookup": "name"|"port", "name", "answer": [name, port] or null}.

usage: glibc_resolve.py FILE [LINES...]"""
import ctypes, json, socket, sys

libc = ctypes.CDLL(None)
class Servent(ctypes.Structure):
    _fields_ = [("s_name", ctypes.c_char_p), ("s_aliases", ctypes.POINTER(ctypes.c_char_p)),
                ("s_port", ctypes.c_int), ("s_proto", ctypes.c_char_p)]
libc.getservbyname.restype = ctypes.POINTER(Servent)
libc.getservbyname.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.getservbyport.restype = ctypes.POINTER(Servent)
libc.getservbyport.argtypes = [ctypes.c_int, ctypes.c_char_p]

def entry(p):
    if not p:
        return None
    s, aliases, i = p.contents, [], 0
    while s.s_aliases[i]:
        aliases.append(s.s_aliases[i].decode())
        i += 1
    return (s.s_name.decode(), socket.ntohs(s.s_port & 0xffff), tuple(aliases))

path, only = sys.argv[1], {int(x) for x in sys.argv[2:]}
for no, text in enumerate(open(path, encoding="utf-8"), 1):
    words = text.split("#", 1)[0].split()
    if len(words) < 2 or (only and no not in only):
        continue
    port, _, proto = words[1].partition("/")
    if not port.isdigit():
        continue  # glibc does not read this line
    mine = (words[0], int(port), tuple(words[2:]))
    seen = set()
    for name in words[:1] + words[2:]:
        if name in seen:
            continue
        seen.add(name)
        got = entry(libc.getservbyname(name.encode(), proto.encode()))
        if got != mine:
            print(json.dumps({"line": no, "lookup": "name", "name": name,
                              "answer": [got[0], got[1]] if got else None}))
    got = entry(libc.getservbyport(socket.htons(int(port)), proto.encode()))
    if got != mine:
        print(json.dumps({"line": no, "lookup": "port", "name": words[0],
                          "answer": [got[0], got[1]] if got else None}))
