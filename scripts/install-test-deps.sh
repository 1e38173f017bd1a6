#!/usr/bin/env bash
# Installs what the test suites need beyond the .NET SDK. Idempotent; never fails CI.
# - chromium: the retail spot-check report test renders the HTML page headless. Installed with apt only when
#   /usr/bin/chromium is missing and we are root; otherwise the test skips with a visible message.
# - redis-server: the cluster end-to-end tests start their own redis-server (membership store) on a free loopback
#   port in a temp folder. Installed with apt only when missing and we are root; otherwise those tests skip with a
#   visible message.
set -u

if [ -x /usr/bin/chromium ]; then
  echo "install-test-deps: chromium already present (/usr/bin/chromium)"
elif [ "$(id -u)" != "0" ]; then
  echo "install-test-deps: chromium missing and not root; the HTML report browser test will be skipped"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: chromium missing and apt-get unavailable; the HTML report browser test will be skipped"
else
  echo "install-test-deps: installing chromium with apt-get"
  if (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium); then
    echo "install-test-deps: chromium installed"
  else
    echo "install-test-deps: WARNING chromium install failed; the HTML report browser test will be skipped"
  fi
fi

if command -v redis-server >/dev/null 2>&1; then
  echo "install-test-deps: redis-server already present ($(command -v redis-server))"
elif [ "$(id -u)" != "0" ]; then
  echo "install-test-deps: redis-server missing and not root; the cluster end-to-end tests will be skipped"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: redis-server missing and apt-get unavailable; the cluster end-to-end tests will be skipped"
else
  echo "install-test-deps: installing redis-server with apt-get"
  if (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server); then
    # The package may start a system service on 6379; the tests never use it (they start their own server).
    echo "install-test-deps: redis-server installed"
  else
    echo "install-test-deps: WARNING redis-server install failed; the cluster end-to-end tests will be skipped"
  fi
fi

exit 0
