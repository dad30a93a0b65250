// Where a phone number's extension starts, in every spelling people use ("x12", "ext. 5", "#5",
// ";ext=7", ",,5", "- 503#", "anexo 3", "доб 4", full-width letters): the extension grammar of
// Google's libphonenumber (phonenumberutil.js, createExtnPattern; Apache-2.0), as libphonenumber-js
// 1.13.16 builds it in helpers/extension/createExtensionPattern.js and applies it in
// extractExtension.js (anchored at the end, case-insensitive).
//
// Why written out here rather than asking libphonenumber-js: this one question was all phone.ts
// asked the library, and its parser is 6.6 kB gzip of the Flex overlays' 15 kB budget (issue #11
// §3), where the dialer needs the answer at once, as the agent types. The library stays the
// reference: tests/unit/domain/phone-metadata.test.ts checks this against it, spelling by spelling.

const DIGIT = "0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9";
const digits = (max: number) => `([${DIGIT}]{1,${max}})`;

/** Between the number and the label: spaces, tabs, commas. */
const BEFORE_LABEL = "[ \u00A0\\t,]*";
/** After the label: an optional "." or ":", then spaces, tabs, commas or dashes. */
const AFTER_LABEL = "[:\\.\uFF0E]?[ \u00A0\\t,-]*";
/** Labels that can only mean an extension: up to 20 digits follow. */
const EXPLICIT_LABEL =
  "(?:e?xt(?:ensi(?:o\u0301?|\u00F3))?n?|\uFF45?\uFF58\uFF54\uFF4E?|\u0434\u043E\u0431|anexo)";
/** One-character and less common labels: up to 9 digits, so two numbers side by side aren't one. */
const AMBIGUOUS_LABEL = "(?:[x\uFF58#\uFF03~\uFF5E]|int|\uFF49\uFF4E\uFF54)";

const EXTENSION = new RegExp(
  `(?:${[
    `;ext=${digits(20)}`, // RFC 3966
    `${BEFORE_LABEL}${EXPLICIT_LABEL}${AFTER_LABEL}${digits(20)}#?`,
    `${BEFORE_LABEL}${AMBIGUOUS_LABEL}${AFTER_LABEL}${digits(9)}#?`,
    `[- ]+${digits(6)}#`, // American style: "- 503#"
    `[ \u00A0\\t]*(?:,{2}|;)${AFTER_LABEL}${digits(15)}#?`, // auto-dialling: ",,5", ";5"
    `[ \u00A0\\t]*(?:,)+${AFTER_LABEL}${digits(9)}#?`,
  ].join("|")})$`,
  "i",
);

/** The number before the extension, as the library accepts it: digits and separators only. */
const NUMBER_PART = /^\+?[0-9\s().\-/\u2010-\u2015]*$/;

/**
 * The extension at the end of `text`, or undefined. Like libphonenumber-js, only after something
 * that reads as a +1 number: at least two digits with separators, and no other country's code.
 */
export function extensionOf(text: string): string | undefined {
  const match = EXTENSION.exec(text);
  if (!match) return undefined;
  const number = text.slice(0, match.index).trim();
  const numberDigits = number.replace(/\D/g, "");
  if (!NUMBER_PART.test(number) || numberDigits.length < 2) return undefined;
  // Another country's number: "+44 …" or "011 44 …" (phone.ts says which code it has).
  if (number.startsWith("+") && !numberDigits.startsWith("1")) return undefined;
  if (numberDigits.startsWith("011") && numberDigits.length > 10 && !numberDigits.startsWith("0111"))
    return undefined;
  return match.slice(1).find((group) => group !== undefined);
}
