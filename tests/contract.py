#!/usr/bin/env python3
"""contract.py: the checks of tests/common.bats that need parsing: a tool's usage lines
against its man page SYNOPSIS, and the man page's options against the test files.

  contract.py usage TOOL HELP-FILE MAN-FILE    options only one side names, exit 1 if any
  contract.py tested TOOL MAN-FILE TESTS-DIR   options no test file uses, exit 1 if any
"""
import glob
import os
import re
import sys

MACRO = re.compile(r"^(?:[A-Z][a-z][a-z]?|\||Ns)$")


def help_pairs(help_text):
    """Long option -> short option, from the '  -x, --long' lines of --help."""
    pairs = {}
    for m in re.finditer(r"^\s+-(\w), --([\w-]+)", help_text, re.M):
        pairs["--" + m.group(2)] = m.group(1)
    return pairs


def usage_block(help_text):
    lines = help_text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if i == 0:
            if not line.startswith("usage:"):
                sys.exit("contract.py: --help does not start with 'usage:'")
        elif not line.strip() or re.match(r"^\s{0,4}-", line) or not line[0].isspace():
            break
        out.append(line)
    return "\n".join(out)


def usage_options(help_text):
    opts = set()
    for tok in re.findall(r"(?<![\w-])(--?[A-Za-z0-9][\w.-]*)", usage_block(help_text)):
        if tok.startswith("--"):
            opts.add(tok.split("=")[0])
        else:
            opts.update("-" + c for c in tok[1:])
    return opts


def fl_words(line):
    """The options a line of mdoc names with Fl: [['-a'], ['--all']] per Fl macro."""
    words = line.lstrip(".").replace("\\-", "-").split()
    found = []
    i = 0
    while i < len(words):
        if words[i] == "Fl":
            group = []
            i += 1
            while i < len(words) and not MACRO.match(words[i]) and words[i] not in (",",):
                group.append("-" + words[i])
                i += 1
            found.append(group)
        else:
            i += 1
    return found


def synopsis_options(man_text):
    m = re.search(r"^\.Sh SYNOPSIS\n(.*?)^\.Sh ", man_text, re.M | re.S)
    opts = set()
    for line in m.group(1).splitlines():
        for group in fl_words(line):
            for w in group:
                if w.startswith("--"):
                    opts.add(w)
                else:
                    opts.update("-" + c for c in w[1:])
    return opts


def normal(opts, pairs):
    return {("-" + pairs[o]) if o in pairs else o for o in opts}


def check_usage(tool, help_file, man_file):
    help_text = open(help_file, encoding="utf-8", errors="replace").read()
    man_text = open(man_file, encoding="utf-8", errors="replace").read()
    pairs = help_pairs(help_text)
    u = normal(usage_options(help_text), pairs)
    s = normal(synopsis_options(man_text), pairs)
    bad = False
    for o in sorted(u - s):
        print(f"{tool}: {o} is in the usage text, not in the SYNOPSIS of {man_file}")
        bad = True
    for o in sorted(s - u):
        print(f"{tool}: {o} is in the SYNOPSIS of {man_file}, not in the usage text")
        bad = True
    return 1 if bad else 0


# Words after which a short option belongs to another command, and shell test operators.
OTHER = {"bash", "sh", "grep", "head", "tail", "cut", "sort", "mkdir", "rm", "ln", "chmod",
         "wc", "od", "diff", "seq", "ls", "mktemp", "tr", "sed", "printf", "xargs", "find",
         "touch", "cmp", "ulimit", "timeout", "setpriv", "env", "kill", "stat", "readlink",
         "cp", "mv", "tar", "id", "awk", "perl", "python3", "openssl", "date", "du", "df",
         "echo", "read", "local", "declare", "export", "set", "shift", "mandoc", "col",
         "iconv", "file", "getfacl", "setfacl", "getfattr", "setfattr", "chown", "truncate",
         "dd", "mkfifo", "realpath", "basename", "dirname", "uniq", "paste", "sleep", "wait",
         "postmap", "postconf", "doveconf", "run", "bats", "command", "type", "which",
         "shuf", "xxd", "base64", "fold", "expand", "comm", "join", "split", "tee", "nl",
         "getent", "useradd", "chattr", "lsattr", "flock", "nice", "ionice", "strace"}


def test_lines(tool, tests_dir):
    """The lines that may run tool: all of its own test files, the lines of the others
    that name it."""
    own = set(glob.glob(os.path.join(tests_dir, tool + ".bats")) +
              glob.glob(os.path.join(tests_dir, tool + "-*.bats")) +
              glob.glob(os.path.join(tests_dir, tool + "-*.bash")))
    for path in sorted(glob.glob(os.path.join(tests_dir, "*.bats")) + sorted(own)):
        for line in open(path, encoding="utf-8", errors="replace"):
            if path in own or re.search(r"(?<![\w.-])" + re.escape(tool) + r"(?![\w.-])", line):
                yield line
            elif os.path.basename(path) == "common.bats" and '"$t"' in line:
                yield line      # common.bats runs every tool as "$t"


def shorts_used(lines, shorts, takes_arg):
    used = set()
    for line in lines:
        if line.lstrip().startswith("#"):
            continue
        line = re.sub(r"\[\[? .*? \]\]?", " ", line)       # test expressions
        words = re.split(r"[\s;|&()`]+", line)
        for prev, w in zip([""] + words, words):
            w = w.strip("'\"")
            if os.path.basename(prev.strip("'\"")) in OTHER:
                continue
            m = re.fullmatch(r"-([A-Za-z0-9]+)(=.*)?", w)
            if not m:
                continue
            letters = m.group(1)
            if letters[0] in takes_arg:
                used.add(letters[0])
            elif all(c in shorts for c in letters):
                used.update(letters)
    return used


def check_tested(tool, man_file, tests_dir):
    items = []
    for line in open(man_file, encoding="utf-8", errors="replace"):
        if line.startswith(".It Fl"):
            spellings = [w for g in fl_words(line) for w in g[:1]]
            items.append((spellings, " Ar " in line or "Ns = Ns Ar" in line))
    shorts = {s[1] for sp, _ in items for s in sp if not s.startswith("--")}
    takes_arg = {s[1] for sp, arg in items for s in sp[:1] if arg and not s.startswith("--")}
    lines = list(test_lines(tool, tests_dir))
    text = "".join(lines)
    used = shorts_used(lines, shorts, takes_arg)
    bad = False
    for spellings, _ in items:
        hit = any(re.search(r"(?<![\w-])" + re.escape(s) + r"(?![\w-])", text)
                  if s.startswith("--") else s[1] in used for s in spellings)
        if not hit:
            print(f"{tool}: {' / '.join(spellings)} ({man_file}) is in no test file")
            bad = True
    return 1 if bad else 0


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "usage":
        return check_usage(*sys.argv[2:])
    if len(sys.argv) == 5 and sys.argv[1] == "tested":
        return check_tested(*sys.argv[2:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
