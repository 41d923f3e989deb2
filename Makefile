# kanri: small C filters for mail and web server administration.
# GNU make 4. Every tool is tools/NAME/*.c linked with the helpers in tools/lib.

VERSION = 0.1.0

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
DESTDIR =

CC = cc
CFLAGS = -O2 -g
LDFLAGS =
LDLIBS =
AR = ar
# Where binaries go; the sanitizer and static builds use their own.
O = build

KANRI_CPPFLAGS = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DKANRI_VERSION=\"$(VERSION)\" \
	-Itools/lib -I$(O)/gen
KANRI_CFLAGS = -std=c11 -Wall -Wextra -Wpedantic
ALL_CFLAGS = $(KANRI_CPPFLAGS) $(KANRI_CFLAGS) $(CPPFLAGS) $(CFLAGS)

# A tool exists once tools/NAME/NAME.c does; the list grows as tools land.
TOOLS = $(patsubst tools/%/,%,$(dir $(wildcard tools/*/*.c)))
TOOLS := $(sort $(filter-out lib,$(foreach t,$(TOOLS),$(if $(wildcard tools/$(t)/$(t).c),$(t)))))
BINS = $(TOOLS:%=$(O)/%)
MANS = $(wildcard man/*.1)

LIB_SRC = $(wildcard tools/lib/*.c)
LIB_OBJ = $(LIB_SRC:tools/%.c=$(O)/obj/%.o)

FUZZ_SECONDS = 60
# make fuzz also compares ctree with tree on CTREE_DIFF_RUNS generated cases
# (tests/fixtures/ctree/gen.py); reproduce a failure with CTREE_DIFF_SEED=<the seed it printed>.
CTREE_DIFF_RUNS = 2000
CTREE_DIFF_SEED := $(shell date +%s)
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZERS = $(patsubst tests/fuzz/%.c,$(O)/fuzz/%,$(wildcard tests/fuzz/*.c))

SAN_CC = clang
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

BATS = bats

all: $(BINS)

$(O)/libkanri.a: $(LIB_OBJ)
	$(AR) rcs $@ $(LIB_OBJ)

$(O)/obj/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

define tool_rule
$(O)/$(1): $(patsubst tools/%.c,$(O)/obj/%.o,$(wildcard tools/$(1)/*.c)) $(O)/libkanri.a
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

# wpver's release table is compiled in from the one data file beside it.
$(O)/gen/wpver_data.h: tools/wpver/wpver-data.tsv tools/wpver/mkdata.awk
	@mkdir -p $(@D)
	awk -f tools/wpver/mkdata.awk tools/wpver/wpver-data.tsv > $@.tmp && mv $@.tmp $@
$(O)/obj/wpver/data.o $(O)/obj/wpver/wpver.o: $(O)/gen/wpver_data.h

# Shell completions, generated from each built tool's --help and its closed sets of option
# arguments (tools/NAME/complete), so that a new option cannot be missing from them.
COMPLETIONS = $(TOOLS:%=$(O)/completion/bash/%) $(TOOLS:%=$(O)/completion/zsh/_%)
all: $(COMPLETIONS)
define completion_rule
$(O)/completion/bash/$(1) $(O)/completion/zsh/_$(1): $(O)/$(1) tools/mkcomplete.awk $(wildcard tools/$(1)/complete)
	@mkdir -p $(O)/completion/bash $(O)/completion/zsh
	$(O)/$(1) --help | awk -v shell=bash -v tool=$(1) -f tools/mkcomplete.awk \
	    $(or $(wildcard tools/$(1)/complete),/dev/null) - > $(O)/completion/bash/$(1).tmp
	$(O)/$(1) --help | awk -v shell=zsh -v tool=$(1) -f tools/mkcomplete.awk \
	    $(or $(wildcard tools/$(1)/complete),/dev/null) - > $(O)/completion/zsh/_$(1).tmp
	mv $(O)/completion/bash/$(1).tmp $(O)/completion/bash/$(1)
	mv $(O)/completion/zsh/_$(1).tmp $(O)/completion/zsh/_$(1)
endef
$(foreach t,$(TOOLS),$(eval $(call completion_rule,$(t))))

-include $(wildcard $(O)/obj/*/*.d)

# tools/lib's shared pieces tested on their own (tests/lib.bats); built only for the tests.
$(O)/klib-test: tests/lib/klib-test.c $(O)/libkanri.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

check: test
test: have-bats all $(O)/klib-test
	KANRI_BIN=$(CURDIR)/$(O) $(BATS) tests

have-bats:
	@command -v $(BATS) >/dev/null 2>&1 || \
	    { echo "make: bats not found: install bats-core (apt-get install bats)" >&2; exit 1; }

sanitize: have-bats
	$(MAKE) O=build-san CC=$(SAN_CC) CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" all build-san/klib-test
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    KANRI_BIN=$(CURDIR)/build-san KANRI_SANITIZED=1 $(BATS) tests

# Fully static binaries: musl where it is installed, glibc otherwise.
static:
	$(MAKE) O=build-static CC="$$(command -v musl-gcc || echo $(CC))" \
	    CFLAGS="-O2" LDFLAGS="-static" all

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
	    n=$$(basename $$f); mkdir -p $(O)/fuzz/corpus-$$n; \
	    seeds=; [ -d tests/fuzz/corpus/$$n ] && seeds=tests/fuzz/corpus/$$n; \
	    dict=; [ -f tests/fuzz/$$n.dict ] && dict=-dict=tests/fuzz/$$n.dict; \
	    echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 -close_fd_mask=3 $$dict \
	        $(O)/fuzz/corpus-$$n $$seeds >$(O)/fuzz/$$n.log 2>&1 || \
	        { tail -n 60 $(O)/fuzz/$$n.log; exit 1; }; \
	done

fuzz: ctree-diff
ctree-diff: $(O)/ctree
	@command -v tree >/dev/null 2>&1 || \
	    { echo "make: tree not found: install tree (apt-get install tree)" >&2; exit 1; }
	python3 tests/fixtures/ctree/gen.py run --ctree $(O)/ctree \
	    --seed $(CTREE_DIFF_SEED) --runs $(CTREE_DIFF_RUNS)
	python3 tests/fixtures/ctree/gen.py patterns --ctree $(O)/ctree \
	    --seed $(CTREE_DIFF_SEED) --runs $(CTREE_DIFF_RUNS)

# Record tree's outputs for the fixed-seed cases again (needs tree and root), after a
# change to gen.py: the bats test refuses outputs recorded by another generator.
ctree-diff-record:
	python3 tests/fixtures/ctree/gen.py record --seed 1 --runs 160 --out tests/fixtures/ctree/diff

# A harness tests/fuzz/TOOL-WHAT.c links every source of TOOL except TOOL.c (main).
$(O)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(wildcard tools/*/*.[ch]) $(if $(wildcard tools/wpver/wpver-data.tsv),$(O)/gen/wpver_data.h)
	@mkdir -p $(@D)
	t=$$(echo $* | cut -d- -f1); \
	$(FUZZ_CC) $(KANRI_CPPFLAGS) -Itools/$$t $(FUZZ_FLAGS) -o $@ $< \
	    $$(ls tools/$$t/*.c | grep -v "^tools/$$t/$$t\.c$$") $(LIB_SRC)

bench: all
	@for b in tests/bench/*; do [ -x "$$b" ] && KANRI_BIN=$(CURDIR)/$(O) "$$b"; done; true

lint:
	mandoc -Tlint -Wwarning $(MANS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
	    --inline-suppr --std=c11 -D__GNUC__ -Itools/lib -I$(O)/gen tools
	shellcheck -x tests/helper.bash tests/ctree-compare.bash .ci/run .ci/without-peers $(wildcard tests/bench/*)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	for t in $(TOOLS); do \
	    cp -f $(O)/$$t $(DESTDIR)$(BINDIR)/$$t && chmod 755 $(DESTDIR)$(BINDIR)/$$t; \
	    cp -f man/$$t.1 $(DESTDIR)$(MANDIR)/man1/$$t.1 && \
	        chmod 644 $(DESTDIR)$(MANDIR)/man1/$$t.1; \
	done
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	for t in $(TOOLS); do \
	    cp -f $(O)/completion/bash/$$t $(DESTDIR)$(BASHCOMPDIR)/$$t && \
	        chmod 644 $(DESTDIR)$(BASHCOMPDIR)/$$t; \
	    cp -f $(O)/completion/zsh/_$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t && \
	        chmod 644 $(DESTDIR)$(ZSHCOMPDIR)/_$$t; \
	done

uninstall:
	for t in $(TOOLS); do \
	    rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/man1/$$t.1; \
	    rm -f $(DESTDIR)$(BASHCOMPDIR)/$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t; \
	done

print-tools:
	@echo $(TOOLS)

clean:
	rm -rf build build-san build-static

.PHONY: print-tools all check test have-bats sanitize static fuzz ctree-diff ctree-diff-record bench lint install uninstall clean

# snimap's UTS 46 tables, tools/snimap/idna-table.h, are committed so that a build needs
# no data files; `make idna-table` writes them again from the data files named here
# (Debian python3-idna, unicode-data; the newer table of Python's idna package from PyPI,
# whose A-labels snimap must match too).
IDNA_PY = /usr/lib/python3/dist-packages/idna
IDNA_PY_NEWER = $(shell python3 -c 'import idna, os; print(os.path.dirname(idna.__file__))' 2>/dev/null)
UNICODE_DATA = /usr/share/unicode
# the IDNA2008 tables of libidn2 2.3 are of Unicode 12.1
IDNA_AGE = 12.1
$(O)/mkidna: tools/snimap/mkidna/mkidna.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<
idna-table: $(O)/mkidna
	@for f in $(IDNA_PY)/uts46data.py $(IDNA_PY)/idnadata.py $(IDNA_PY_NEWER)/uts46data.py \
	    $(UNICODE_DATA)/UnicodeData.txt $(UNICODE_DATA)/DerivedNormalizationProps.txt \
	    $(UNICODE_DATA)/DerivedAge.txt; do [ -r "$$f" ] || \
	    { echo "make: $$f missing (apt-get install python3-idna unicode-data; pip install idna)" >&2; exit 1; }; done
	$(O)/mkidna -n $(IDNA_PY_NEWER)/uts46data.py -N $(IDNA_PY_NEWER)/idnadata.py \
	    -a $(UNICODE_DATA)/DerivedAge.txt -A $(IDNA_AGE) \
	    $(IDNA_PY)/uts46data.py $(IDNA_PY)/idnadata.py \
	    $(UNICODE_DATA)/UnicodeData.txt $(UNICODE_DATA)/DerivedNormalizationProps.txt \
	    > tools/snimap/idna-table.h.tmp && mv tools/snimap/idna-table.h.tmp tools/snimap/idna-table.h
.PHONY: idna-table

# make fuzz also compares snimap's A-labels with Python's idna and idn2 on
# SNIMAP_IDNA_RUNS generated names; reproduce a failure with SNIMAP_IDNA_SEED=<the seed>.
SNIMAP_IDNA_RUNS = 3000
SNIMAP_IDNA_SEED := $(shell date +%s)
fuzz: snimap-idna-diff
snimap-idna-diff: $(O)/snimap
	python3 tests/fixtures/snimap/idna-compare.py --snimap $(O)/snimap \
	    --idn2 "$$(command -v idn2 || echo none)" \
	    --seed $(SNIMAP_IDNA_SEED) --runs $(SNIMAP_IDNA_RUNS)
.PHONY: snimap-idna-diff
