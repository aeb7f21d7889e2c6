# Transcript Reader: `make demo` opens the sample talk, `make test` runs every test (both set up first).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# libvlc and its plugins play the media; Qt's xcb platform plugin needs the xcb/xkb libraries
# (libxcb-icccm4 included: without it Qt says it "could not load the Qt platform plugin xcb").
RUNTIME_DEBS := python3-venv libvlc5 vlc-plugin-base vlc-plugin-video-output \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
	libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libgl1 libegl1 \
	libfontconfig1 libdbus-1-3 fonts-dejavu-core
# Tests generate media with ffmpeg, run the real window on a virtual X screen, validate the desktop files
# and Flatpak manifest, look at exported PDFs (pdftoppm), check exported HTML in a headless browser and
# trace a whole session's system calls to show it never touches the network (strace).
TEST_DEBS := ffmpeg espeak-ng xvfb xauth desktop-file-utils appstream flatpak-builder poppler-utils chromium-headless-shell \
	strace

.PHONY: demo test bench soak fuzz lint system-deps test-system-deps sample clean

demo: system-deps $(VENV)/.gui
	$(PY) -m reader --demo

test: system-deps test-system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	$(VENV)/bin/ruff check reader tests resources
	$(VENV)/bin/lint-imports

# Speed and sync figures against baselines measured in the same run; writes bench-results.json.
bench: system-deps test-system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.benchmarks.bench --out bench-results.json

# A long session: a generated hour-long recording at libvlc's fastest rate, the window open, seeks, notes, searches
# and rate changes on timers; memory growth after the warm-up, warnings and the final highlight are checked.
# Writes soak-results.json; `make soak SOAK_SECONDS=1800` for longer (a 30 s version runs in make test).
SOAK_SECONDS ?= 600
soak: system-deps test-system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.soak.soak --duration $(SOAK_SECONDS) --out soak-results.json

# Fuzz every parser (tests/fuzz): Hypothesis's long profile (FUZZ_EXAMPLES per test, ~75 ms each over all
# the tests, plus the long-line tests at full size), then atheris (libFuzzer) for FUZZ_SECONDS, seeded from
# ../shared/corpus; what it finds stays in build/fuzz-corpus, crashes in build/fuzz-crashes. About 12 minutes.
FUZZ_EXAMPLES ?= 6000
FUZZ_SECONDS ?= 300
# Both fuzzers run even when the first finds something; the target fails if either did.
fuzz: $(VENV)/.fuzz
	@status=0; \
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q --hypothesis-show-statistics tests/fuzz \
	  || status=1; \
	mkdir -p build/fuzz-corpus build/fuzz-crashes; \
	$(PY) -m tests.fuzz.atheris_parsers -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=30 \
	  -rss_limit_mb=2048 -artifact_prefix=build/fuzz-crashes/ -print_final_stats=1 build/fuzz-corpus || status=1; \
	exit $$status

$(VENV)/.fuzz: pyproject.toml | $(VENV)/.test
	$(PY) -m pip install -q -e '.[gui,test,fuzz]'
	touch $@

lint: $(VENV)/.test
	$(VENV)/bin/ruff check reader tests resources
	$(VENV)/bin/lint-imports

# Installs only what is missing, so a set-up machine runs no apt-get at all.
system-deps:
	@missing=$$(for p in $(RUNTIME_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

test-system-deps:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing test packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip

$(VENV)/.gui: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[gui]'
	touch $@

$(VENV)/.test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[gui,test]'
	touch $@ $(VENV)/.gui

# Rebuild the bundled sample talk (needs espeak-ng and ffmpeg).
sample: $(VENV)/.gui
	$(PY) resources/sample/build_sample.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis .import_linter_cache

# ---- Packaging and desktop integration (packaging/README.md) ----
APP_ID := io.github.transcript_reader.TranscriptReader
XDG_DATA := $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
# Validators for the desktop file, the AppStream metainfo and the Flatpak manifest.
PACKAGING_DEBS := desktop-file-utils appstream flatpak-builder
BUNDLE := dist/transcript-reader/transcript-reader

.PHONY: install-desktop uninstall-desktop package package-test validate-packaging

# Menu entry, "Open With" entry, icon and software-centre metadata for the current user. Exec names
# `transcript-reader` when it is on PATH (pipx, pip --user), else this checkout's .venv/bin/transcript-reader.
install-desktop:
	@exe=transcript-reader; \
	if ! command -v transcript-reader >/dev/null; then \
	  if [ -x $(VENV)/bin/transcript-reader ]; then exe="$(abspath $(VENV))/bin/transcript-reader"; \
	  else echo "warning: transcript-reader is not on PATH; install it (pipx install '.[gui]') or run make demo first" >&2; fi; \
	fi; \
	mkdir -p "$(XDG_DATA)/applications" && \
	sed -e "s|^Exec=transcript-reader|Exec=$$exe|" -e "s|^TryExec=transcript-reader|TryExec=$$exe|" \
	  packaging/linux/$(APP_ID).desktop > "$(XDG_DATA)/applications/$(APP_ID).desktop" && \
	echo "installed $(XDG_DATA)/applications/$(APP_ID).desktop (Exec=$$exe)"
	install -Dm644 packaging/linux/$(APP_ID).metainfo.xml "$(XDG_DATA)/metainfo/$(APP_ID).metainfo.xml"
	install -Dm644 packaging/linux/$(APP_ID).svg "$(XDG_DATA)/icons/hicolor/scalable/apps/$(APP_ID).svg"
	-@command -v update-desktop-database >/dev/null && update-desktop-database -q "$(XDG_DATA)/applications" || true
	-@command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f "$(XDG_DATA)/icons/hicolor" || true

uninstall-desktop:
	rm -f "$(XDG_DATA)/applications/$(APP_ID).desktop" "$(XDG_DATA)/metainfo/$(APP_ID).metainfo.xml" \
	  "$(XDG_DATA)/icons/hicolor/scalable/apps/$(APP_ID).svg"
	-@command -v update-desktop-database >/dev/null && update-desktop-database -q "$(XDG_DATA)/applications" || true

validate-packaging:
	@missing=$$(for p in $(PACKAGING_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing packaging validators:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	desktop-file-validate packaging/linux/$(APP_ID).desktop
	appstreamcli validate --no-net packaging/linux/$(APP_ID).metainfo.xml
	@# flatpak-builder only warns about unknown keys, so its warnings fail the check here.
	@# (It keeps a .flatpak-builder/ state folder in the current one: run it in a scratch folder.)
	@tmp=$$(mktemp -d); out=$$(cd "$$tmp" && flatpak-builder --show-manifest $(abspath packaging/flatpak/$(APP_ID).yml) 2>&1 >/dev/null); \
	rm -rf "$$tmp"; if [ -n "$$out" ]; then echo "$$out" >&2; exit 1; fi; echo "packaging/flatpak/$(APP_ID).yml: parsed"

$(VENV)/.package: pyproject.toml | $(VENV)/.gui
	$(PY) -m pip install -q 'pyinstaller>=6,<7'
	touch $@

# A one-folder app in dist/transcript-reader/ (Linux: uses the system's libvlc, see system-deps).
package: system-deps $(VENV)/.package
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/pyinstaller/transcript-reader.spec
	@du -sh dist/transcript-reader

# Builds the bundle, then runs it from an empty folder: --version, parse --json on the sample (and on the
# shared seed when present), and the --demo window offscreen until its first frame.
package-test: package
	@if find dist/transcript-reader -name 'libvlc*.so*' | grep -q .; then \
	  echo "package-test: libvlc was copied into the bundle; it must come from the system" >&2; exit 1; fi
	@set -euo pipefail; exe="$(abspath $(BUNDLE))"; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; cd "$$tmp"; \
	"$$exe" --version; \
	for f in $(abspath resources/sample/talk.txt) $(wildcard $(abspath ../shared/seed)/*.txt); do \
	  "$$exe" parse --json "$$f" > out.json; \
	  python3 -c 'import json, sys; d = json.load(open("out.json")); assert d["turns"], d; print(sys.argv[1] + ":", d["format"], len(d["turns"]), "turns")' "$$f"; \
	done; \
	TRANSCRIPT_READER_QUIT_WHEN_SHOWN=1 QT_QPA_PLATFORM=offscreen timeout 60 "$$exe" --demo 2> demo.err || { cat demo.err >&2; exit 1; }; \
	echo "package-test: $(BUNDLE) works"
