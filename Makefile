# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PO_FILES := $(wildcard panel/translations/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
NOTICE_FONT := build/notice-fonts/NoticeSerifSC-Regular.otf

.PHONY: run test system-deps install translations lint migrate demo

run: install translations
	$(FLASK) db upgrade heads
	$(FLASK) load-demo --if-empty
	$(BIN)/python scripts/run_panel.py --host 127.0.0.1 --port 5000

test: install translations
	$(VENV)/bin/python scripts/run_tests.py

system-deps:
	@bash scripts/system-deps.sh

install: system-deps $(STAMP) $(NOTICE_FONT)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

# The notice typeface, cut from the installed Noto Serif CJK SC (panel/notices/fonts.py).
$(NOTICE_FONT): panel/notices/fonts.py | $(STAMP)
	$(BIN)/python -m panel.notices.fonts $@

translations: $(MO_FILES)

%.mo: %.po
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics 2>&1 | tail -n 1

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrate: install
	$(FLASK) db upgrade heads

demo: install
	$(FLASK) load-demo
