# On Probation archive. `make html`, `make latexpdf`, `make test`, `make clean`.
# Every target sets up the local virtual environment (.venv) it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going -n
STAMP  := $(VENV)/.installed
# The validators the tests run on the built site (Nu Html Checker, axe-core,
# Lighthouse), pinned in tests/js/package-lock.json; reinstalled only when the
# lock changes. Install scripts are skipped: vnu-jar's would fetch a Java.
JS     := tests/js
JS_STAMP := $(JS)/node_modules/.installed

.PHONY: html latexpdf test clean venv validators convert bench bench-quick fuzz serve lighthouse

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

validators: $(JS_STAMP)

$(JS_STAMP): $(JS)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(JS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules/.installed; \
	else echo "npm is not installed: the validator tests will skip (.ci/run installs it)"; fi

convert: $(STAMP)
	$(BIN)/onprobation convert seeds --out docs

html: $(STAMP)
	$(BIN)/sphinx-build -M html docs docs/_build $(SPHINXOPTS)

# -j auto: the LaTeX of PDF volumes (ONPROBATION_PDF_VOLUMES=year) is written and
# typeset a volume per core at once (latex/Makefile sets its own -j, so an outer
# make's jobserver is not passed on).
latexpdf: $(STAMP)
	MAKEFLAGS= $(BIN)/sphinx-build -M latexpdf docs docs/_build -j auto $(SPHINXOPTS)

test: $(STAMP) $(JS_STAMP)
	$(BIN)/pytest

clean:
	rm -rf docs/_build docs/organisations docs/reports docs/people
	find docs -mindepth 1 -maxdepth 1 -type d -regex '.*/[0-9][0-9][0-9][0-9]' -exec rm -rf {} +

# The benchmark of issues 6 and 14 (not part of the tests): 500 posts and the real
# size, 4,500 posts with the blog's profile; about an hour on two busy cores.
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 500,4500 --pdf-volumes --out bench/results.md

# The 500-post archive alone, for quick comparisons: about ten minutes.
bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --sizes 500 --out bench/results-quick.md

# Many more generated hostile dumps than the test suite runs (slow).
fuzz: $(STAMP)
	ONPROBATION_FUZZ_EXAMPLES=200 $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider

# Preview the site locally, rebuilding on every change to the docs, the seeds
# or the registry (generated pages are ignored: the build writes them).
serve: $(STAMP)
	$(BIN)/pip install --quiet -e '.[serve]'
	$(BIN)/sphinx-autobuild docs docs/_build/html $(SPHINXOPTS) --watch seeds \
		--ignore 'docs/[0-9][0-9][0-9][0-9]/*' --ignore 'docs/organisations/*' --ignore 'docs/reports/*' --ignore 'docs/people/*'
