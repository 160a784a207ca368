// Runs before first paint: a saved choice wins, otherwise the page follows prefers-color-scheme.
try {
  const saved = localStorage.getItem('pulseboard-theme');
  const forced = new URLSearchParams(location.search).get('theme');
  const theme = forced === 'light' || forced === 'dark' ? forced : saved;
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  /* storage blocked: follow the OS */
}
