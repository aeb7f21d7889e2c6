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
# Tests generate media with ffmpeg and run the real window on a virtual X screen.
TEST_DEBS := ffmpeg xvfb xauth

.PHONY: demo test bench lint system-deps test-system-deps sample clean

demo: system-deps $(VENV)/.gui
	$(PY) -m reader --demo

test: system-deps test-system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	$(VENV)/bin/ruff check reader tests resources

# Speed and sync figures against baselines measured in the same run; writes bench-results.json.
bench: system-deps test-system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.benchmarks.bench --out bench-results.json

lint: $(VENV)/.test
	$(VENV)/bin/ruff check reader tests resources

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
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
