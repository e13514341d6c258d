#!/usr/bin/env python3
"""Regenerates seeds/chat_context/ for fuzz_chat_context: payloads in the wire
form of chat-svc/src/chat_state.c (version 2: issue time, shown ids, focus,
pending question, action, candidates, undo) behind a 0x01 selector byte (the
fuzzer signs them), and raw context strings behind 0x00. Run after the state
format changes: python3 tests/fuzz/make-chat-seeds.py"""
import os

VERSION = 2
ISSUED = 1795885200  # 2026-11-28T17:00:00Z


def var(v):
    out = b''
    while v >= 0x80:
        out += bytes([(v & 0x7f) | 0x80])
        v >>= 7
    return out + bytes([v])


def svar(v):
    return var(((v << 1) ^ (v >> 63)) & (2**64 - 1))


def s(x):
    x = x.encode()
    return var(len(x)) + x


def strs(items):
    return var(len(items)) + b''.join(s(x) for x in items)


def body(shown=(), focus='', pending=0, intent=0, title='', fl=0, due=0, shift=0, prio=0,
         tags=(), cand=(), undo=0, undo_rest=b''):
    b = bytes([VERSION]) + svar(ISSUED) + strs(shown) + s(focus) + bytes([pending, intent])
    b += s(title) + bytes([fl]) + svar(due) + svar(shift) + bytes([prio]) + strs(tags) + strs(cand)
    b += bytes([undo])
    if undo:
        b += undo_rest
    return b


todo = b'\x0a\x02t1\x12\x08buy milk'
seeds = {
    'signed_empty': body(),
    'signed_list': body(shown=['t1abc', 't2def', 't3ghi'], focus='t2def'),
    'signed_confirm': body(shown=['t1', 't2'], pending=1, intent=5, cand=['t1', 't2'], title='x'),
    'signed_choose': body(pending=2, intent=6, title='new title', fl=9, due=1795885200, shift=-120,
                          prio=3, tags=['home', 'work'], cand=['a', 'b', 'c']),
    'signed_undo_ids': body(focus='t9', undo=1, undo_rest=bytes([1]) + var(0) + strs(['t9', 't8']) + var(0)),
    'signed_undo_recreate': body(undo=2, undo_rest=bytes([5]) + var(0) + strs([]) + var(2)
                                 + var(len(todo)) + todo + var(len(todo)) + todo),
    'signed_undo_restore': body(undo=3, undo_rest=bytes([6]) + var(63) + strs([]) + var(1) + var(len(todo)) + todo),
}
raw = {'raw_prefix': b'c1.', 'raw_short': b'c1.AAAA', 'raw_garbage': b'c1.' + b'A' * 40 + b'!',
       'raw_other': b'v2.abcdefghijklmnop', 'raw_empty': b''}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seeds', 'chat_context')
os.makedirs(out, exist_ok=True)
for name in os.listdir(out):
    os.remove(os.path.join(out, name))
for k, v in seeds.items():
    open(os.path.join(out, k + '.bin'), 'wb').write(b'\x01' + v)
for k, v in raw.items():
    open(os.path.join(out, k + '.bin'), 'wb').write(b'\x00' + v)
print(f'wrote {len(seeds) + len(raw)} seeds to {out}')
