#!/usr/bin/env node
/**
 * `npm run rule:apply -- --workspace WS… --cs-queue WQ… --callback-url https://…/transfer-guard [--dry-run]`:
 * puts the rule "only inbound calls reach customer service" into a Flex workspace (kit.js).
 */
const { main } = require("./kit.js");

main("apply", process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
