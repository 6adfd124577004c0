// Preloaded (node --require) into a process whose memory a benchmark measures: prints the
// process's peak resident set size on stderr as it exits, however it exits.
process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
