/**
 * The cheapest process the supervisor's test can supervise: says it is ready, then runs until it is
 * signalled — or, with EXIT_AFTER_MS, exits with code 3 that long after being ready (a crash loop),
 * or, with NEVER_READY, exits with code 4 before saying it.
 */
if (process.env['NEVER_READY']) {
  console.error('cannot start: the fixture was told never to be ready');
  process.exit(4);
}
console.log(`ready as pid ${process.pid}`);
const exitAfterMs = Number(process.env['EXIT_AFTER_MS'] || 0);
if (exitAfterMs > 0) {
  setTimeout(() => {
    console.error('crashing on purpose');
    process.exit(3);
  }, exitAfterMs);
}
setInterval(() => undefined, 60_000);
