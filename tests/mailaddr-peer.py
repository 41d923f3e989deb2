"""mailaddr-peer.py: Python's email.utils.getaddresses(strict=True) as a peer for
tests/mailaddr-diff.bats: one header value per input line; per line
"N<TAB>OK<TAB>addresses joined by 0x1f" or "N<TAB>ERR"."""
import sys, email.utils
out = []
for n, raw in enumerate(sys.stdin.buffer.read().split(b'\n')[:-1], 1):
    v = raw.decode('utf-8', 'surrogateescape')
    r = email.utils.getaddresses([v], strict=True)
    if r == [('', '')]:
        out.append('%d\tERR' % n)
    else:
        out.append('%d\tOK\t%s' % (n, '\x1f'.join(a for _, a in r if a)))
sys.stdout.buffer.write(('\n'.join(out) + '\n').encode('utf-8', 'surrogateescape'))
