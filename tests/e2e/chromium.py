"""How the end-to-end tests and benchmarks/concurrency.py drive Debian's Chromium.

One place for the browser binary, its flags (verified on this machine kind: no
background networking, no GPU, no sandbox as root) and the script that watches a
Streamlit page's reruns.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 1000}

#: Start recording the app's script-state changes; returns the page's clock.
OBSERVE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__runs = [];
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(() => window.__runs.push(
      [app.getAttribute('data-test-script-state'), performance.now()]));
  window.__observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  return performance.now();
}"""
