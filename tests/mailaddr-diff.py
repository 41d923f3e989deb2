"""mailaddr-diff.py: compare mailaddr with Python's email.utils (strict), Go's net/mail
and mblaze's maddr on the hand-picked values of tests/fixtures/mailaddr/diff-values.txt
and on values made by a seeded generator. Every disagreement must come from a value
that shows one of the kinds that man/mailaddr.1 explains under COMPATIBILITY, for a
peer that kind names; any other one is printed and makes the exit status 1.

usage: mailaddr-diff.py WORKDIR VALUES SEED COUNT MAILADDR PYTHON GO-PEER MADDR
(a peer given as "-" is not run)."""
import os
import random
import subprocess
import sys

# kind -> the peers that may disagree with mailaddr on a value showing it
KINDS = {
    "phrase-bare": {"python", "go"},
    "missing-comma": {"python", "go", "maddr"},
    "unclosed": {"python", "go"},
    "carrier-dots": {"go"},
    "glued-quoted": {"python", "go", "maddr"},
    "empty-quoted": {"go", "maddr"},
    "domain-literal": {"python", "go"},
    "obs-local-part": {"go"},
    "obs-route": {"python", "go"},
    "quoted-specials": {"python", "maddr"},
    "mailto": {"python", "go", "maddr"},
    "obs-cfws": {"go", "maddr"},
}

ATEXT = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")


def canon(addr):
    """An address in the one spelling of RFC 5322 3.4.1 (quotes that change nothing
    removed), computed here from the peer's output, not by mailaddr."""
    at = addr.rfind("@")
    if at <= 0:
        return addr
    local, domain = addr[:at], addr[at + 1:]
    text, i = "", 0
    while i < len(local):
        if local[i] == '"':
            j = i + 1
            while j < len(local) and local[j] != '"':
                if local[j] == "\\" and j + 1 < len(local):
                    j += 1
                text += local[j]
                j += 1
            if j >= len(local):
                return addr
            i = j + 1
        else:
            text += local[i]
            i += 1
    plain = text and text[0] != "." and all(c == "." or c in ATEXT or ord(c) >= 0x80
                                            for c in text)
    if not plain:
        text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text + "@" + domain


def gen_value(rnd):
    """One generated header value and the kinds it shows."""
    kinds = set()

    def atom():
        return "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789-_+=!#")
                       for _ in range(rnd.randint(1, 6)))

    def local():
        r = rnd.randrange(12)
        if r == 0:
            return '"' + atom() + '"'
        if r == 1:
            return '"' + atom() + "." + atom() + '"'
        if r == 2:
            return '"' + atom() + " " + atom() + '"'
        if r == 3:
            return '"' + atom() + "\\" + rnd.choice(['"', "\\", "a", " ", "."]) + '"'
        if r == 4:
            kinds.add("obs-local-part")
            return '"' + atom() + '".' + atom()
        if r == 5:
            kinds.add("glued-quoted")
            return rnd.choice(['"' + atom() + '"' + atom(), atom() + '"' + atom() + '"'])
        if r == 6:
            kinds.add("carrier-dots")
            return rnd.choice([atom() + ".." + atom(), atom() + "."])
        if r == 7:
            return rnd.choice(["jörg", "山田", "ñandú"]) + atom()
        if r == 8 and rnd.random() < 0.2:
            kinds.add("empty-quoted")
            return '""'
        return atom() + ("." + atom() if rnd.random() < 0.5 else "")

    def domain():
        r = rnd.randrange(8)
        if r == 0:
            kinds.add("domain-literal")
            return "[192.0.2.%d]" % rnd.randint(0, 255)
        if r == 1:
            return "bücher.example"
        return atom() + "." + rnd.choice(["example", "example.org", "co.jp"])

    def name():
        return rnd.choice([atom().capitalize() + " " + atom().capitalize(),
                           '"' + atom() + ", " + atom() + '"', '"evil@bad.example"',
                           atom() + " (x@y.example)", '"' + atom() + '  ' + atom() + '"'])

    def mailbox():
        addr = local() + "@" + domain()
        r = rnd.randrange(8)
        if r == 0:
            return "<" + addr + ">"
        if r in (1, 2):
            return name() + " <" + addr + ">"
        if r == 3:
            return addr + " (" + atom() + ")"
        if r == 4 and rnd.random() < 0.3:
            kinds.add("phrase-bare")
            return atom().capitalize() + " " + addr
        if r == 5 and rnd.random() < 0.3:
            kinds.add("obs-route")
            return "<@" + atom() + ".example:" + addr + ">"
        return addr

    def element():
        if rnd.random() < 0.1:
            if rnd.random() < 0.3:
                return atom() + ":;"
            return atom() + ": " + ", ".join(mailbox() for _ in range(rnd.randint(1, 2))) + ";"
        return mailbox()

    value = rnd.choice([", ", ",", ",\t", " , "]).join(element()
                                                        for _ in range(rnd.randint(1, 3)))
    return value, kinds


def load(path):
    values = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kinds, value = line.split("\t", 1)
            unknown = set(kinds.split(",")) - set(KINDS) - {"-"}
            if unknown:
                sys.exit("%s: unknown kind %s" % (path, ", ".join(sorted(unknown))))
            values.append((value, set(kinds.split(",")) - {"-"}))
    return values


def parse_listing(text, count):
    """'N<TAB>OK<TAB>a<0x1f>b' or 'N<TAB>ERR' lines -> [None or [addresses]]."""
    out = [None] * count
    for line in text.split("\n"):
        if not line:
            continue
        f = line.split("\t")
        n = int(f[0]) - 1
        out[n] = None if f[1] == "ERR" else [a for a in (f[2] if len(f) > 2 else "").split("\x1f") if a]
    return out


def run_mailaddr(binary, vfile, count):
    p = subprocess.run([binary, "-l", "-f", "%i\t%a", vfile], stdout=subprocess.PIPE, check=False)
    if p.returncode not in (0, 1):
        sys.exit("mailaddr: exit status %d" % p.returncode)
    out = [[] for _ in range(count)]
    for line in p.stdout.decode("utf-8", "surrogateescape").split("\n"):
        if line:
            n, a = line.split("\t", 1)
            out[int(n) - 1].append(a)
    return out


def run_maddr(binary, workdir, values):
    """maddr reads messages: one file per value, a marker file between them."""
    files = []
    for i, v in enumerate(values):
        for name, text in (("v%d" % i, "To: " + v), ("m%d" % i, "To: mark%d@marker.invalid" % i)):
            path = os.path.join(workdir, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n\n")
            files.append(path)
    p = subprocess.run([binary, "-a", "-h", "to"] + files, stdout=subprocess.PIPE, check=False)
    out, cur = [], []
    for a in p.stdout.decode("utf-8", "surrogateescape").split("\n"):
        if a.endswith("@marker.invalid"):
            out.append(cur)
            cur = []
        elif a:
            cur.append(a)
    for path in files:
        os.unlink(path)
    if len(out) != len(values):
        sys.exit("maddr: %d of %d markers seen" % (len(out), len(values)))
    return out


def main():
    workdir, vpath, seed, count, mailaddr, python, gopeer, maddr = sys.argv[1:9]
    rnd = random.Random(int(seed))
    values = load(vpath) + [gen_value(rnd) for _ in range(int(count))]
    texts = [v for v, _ in values]
    vfile = os.path.join(workdir, "values")
    with open(vfile, "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in texts))
    ours = run_mailaddr(mailaddr, vfile, len(texts))
    peers = {}
    here = os.path.dirname(os.path.abspath(__file__))
    if python != "-":
        p = subprocess.run([python, os.path.join(here, "mailaddr-peer.py")],
                           stdin=open(vfile, "rb"), stdout=subprocess.PIPE, check=True)
        peers["python"] = parse_listing(p.stdout.decode("utf-8", "surrogateescape"), len(texts))
    if gopeer != "-":
        p = subprocess.run([gopeer], stdin=open(vfile, "rb"), stdout=subprocess.PIPE, check=True)
        peers["go"] = parse_listing(p.stdout.decode("utf-8", "surrogateescape"), len(texts))
    if maddr != "-":
        peers["maddr"] = run_maddr(maddr, workdir, texts)
    bad = 0
    seen = {}
    agree = {name: 0 for name in peers}
    for i, (value, kinds) in enumerate(values):
        for name, results in peers.items():
            theirs = results[i]
            theirs = [] if theirs is None else [canon(a) for a in theirs]
            if theirs == ours[i]:
                agree[name] += 1
                continue
            allowed = sorted(k for k in kinds if name in KINDS[k])
            if allowed:
                for k in allowed:
                    seen[(k, name)] = seen.get((k, name), 0) + 1
                continue
            bad += 1
            print("unexplained: %s: %r: mailaddr %r, %s %r%s" % (
                name, value, ours[i], name, results[i], " (kinds %s)" % ",".join(sorted(kinds))
                if kinds else ""))
    print("%d values; agreeing: %s" % (len(values), ", ".join(
        "%s %d" % (n, c) for n, c in sorted(agree.items()))))
    for (k, name), c in sorted(seen.items()):
        print("explained: %s with %s: %d" % (k, name, c))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
