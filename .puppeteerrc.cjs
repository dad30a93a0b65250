// Puppeteer never downloads a browser here: tests drive the system Chromium
// (PUPPETEER_EXECUTABLE_PATH overrides /usr/bin/chromium).
module.exports = { skipDownload: true };
