#!/usr/bin/env bash
# System packages the tests and documents need: poppler (pdftotext/pdftoppm for PDF tests),
# the fonts and HarfBuzz WeasyPrint renders with, the fonts a reader's LibreOffice substitutes for
# Word's (Liberation Sans for Arial, the DOCX font; Carlito for Calibri), headless LibreOffice
# Writer for the DOCX → PDF acceptance tests, PostgreSQL for the database tests and Chromium for
# the browser tests. Installed only when missing; quiet when all are there.
set -u
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi 'Liberation Sans' || need+=(fonts-liberation2)
fc-list 2>/dev/null | grep -qi carlito || need+=(fonts-crosextra-carlito)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installerar systempaket: ${need[*]}"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
      || echo "Varning: kunde inte installera ${need[*]}; tester som kräver dem hoppas över" >&2
  else
    echo "Varning: saknar ${need[*]} och kan inte installera (ingen apt-get eller inte root)" >&2
  fi
fi
exit 0
