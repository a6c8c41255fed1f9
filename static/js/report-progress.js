// Follows a report while it is processed and reloads the page once it is finished.
(function () {
  const box = document.getElementById("report-progress");
  if (!box || box.dataset.finished === "1") return;
  const status = document.getElementById("report-status");
  const rows = document.getElementById("rows-read");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      const data = await response.json();
      status.textContent = data.status_display;
      if (rows) rows.textContent = data.rows_read.toLocaleString();
      if (data.finished) { window.location.reload(); return; }
    } catch (e) { /* network hiccup: try again */ }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();
