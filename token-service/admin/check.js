#!/usr/bin/env node
/**
 * `npm run rule:check -- --workspace WS… --cs-queue WQ… [--callback-url https://…/transfer-guard]`:
 * says what a Flex workspace lacks of the rule "only inbound calls reach customer service", and
 * exits 1 if anything does (kit.js).
 */
const { main } = require("./kit.js");

main("check", process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
