/**
 * The part of TaskRouter's expression language that the emulator's workflow uses
 * (https://www.twilio.com/docs/taskrouter/expression-syntax): string, number and boolean
 * constants, lists of them, JSON keys (dotted, e.g. `task.type`, `worker.contact_uri`), the
 * comparisons `==`, `!=`, `IN`, `NOT IN`, the logical `AND`, `OR` and parentheses. Keywords are
 * matched in any case, as Twilio's own examples write `in` and `IN`.
 *
 * Stricter than Twilio on purpose: anything else (`HAS`, `CONTAINS`, `<`, `>=`, `=`, hyphens, a
 * bare key without a comparison, …) is an ExpressionError when the expression is parsed, never a
 * silent match. The one choice Twilio's page does not settle: a comparison whose key is missing
 * from the attributes is false, `!=` and `NOT IN` included (SQL's NULL), which keeps a task out
 * of a filter whose expression names an attribute it lacks.
 */

export class ExpressionError extends Error {}

type Scalar = string | number | boolean;
type Operand =
  | { kind: "key"; path: string[] }
  | { kind: "value"; value: Scalar }
  | { kind: "list"; values: Scalar[] };
type ComparisonOp = "==" | "!=" | "IN" | "NOT IN";
export type Expression =
  | { kind: "and"; left: Expression; right: Expression }
  | { kind: "or"; left: Expression; right: Expression }
  | { kind: "compare"; op: ComparisonOp; left: Operand; right: Operand };

type Token =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "word"; v: string }
  | { t: "op"; v: string }
  | { t: "punct"; v: "(" | ")" | "[" | "]" | "," };

const UNSUPPORTED_WORDS = new Set(["HAS", "CONTAINS", "NOT"]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`unterminated string at ${i}`);
      tokens.push({ t: "str", v: text.slice(i + 1, end) });
      i = end + 1;
    } else if ("()[],".includes(c)) {
      tokens.push({ t: "punct", v: c as "(" | ")" | "[" | "]" | "," });
      i += 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      if (!m) throw new ExpressionError(`bad number at ${i}`);
      tokens.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i));
      if (!m) throw new ExpressionError(`bad key at ${i}`);
      tokens.push({ t: "word", v: m[0] });
      i += m[0].length;
    } else {
      const m = /^(==|!=|>=|<=|=|>|<)/.exec(text.slice(i));
      if (!m) throw new ExpressionError(`unsupported character "${c}" at ${i}`);
      tokens.push({ t: "op", v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parses `text`; throws ExpressionError for anything outside the subset. */
export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (tok: Token | undefined) => (tok?.t === "word" ? tok.v.toUpperCase() : null);
  const describe = (tok: Token | undefined) => (tok === undefined ? "the end" : `"${String(tok.v)}"`);

  const scalar = (tok: Token | undefined): Scalar | undefined => {
    if (tok?.t === "str" || tok?.t === "num") return tok.v;
    const w = word(tok);
    if (w === "TRUE") return true;
    if (w === "FALSE") return false;
    return undefined;
  };

  const operand = (): Operand => {
    const tok = peek();
    if (tok?.t === "punct" && tok.v === "[") {
      pos += 1;
      const values: Scalar[] = [];
      while (!(peek()?.t === "punct" && peek()?.v === "]")) {
        const value = scalar(peek());
        if (value === undefined) throw new ExpressionError(`a list holds constants, not ${describe(peek())}`);
        values.push(value);
        pos += 1;
        const next = peek();
        if (next?.t === "punct" && next.v === ",") pos += 1;
        else if (!(next?.t === "punct" && next.v === "]"))
          throw new ExpressionError(`expected , or ] at ${describe(next)}`);
      }
      pos += 1;
      return { kind: "list", values };
    }
    const value = scalar(tok);
    if (value !== undefined) {
      pos += 1;
      return { kind: "value", value };
    }
    if (word(tok) === "NULL")
      throw new ExpressionError("null is not one of TaskRouter's constants (strings, numbers, booleans)");
    if (tok?.t === "word" && !["AND", "OR", "IN", ...UNSUPPORTED_WORDS].includes(tok.v.toUpperCase())) {
      pos += 1;
      return { kind: "key", path: tok.v.split(".") };
    }
    throw new ExpressionError(`expected a key or a constant at ${describe(tok)}`);
  };

  const comparison = (): Expression => {
    const tok = peek();
    if (tok?.t === "punct" && tok.v === "(") {
      pos += 1;
      const inner = or();
      const close = peek();
      if (!(close?.t === "punct" && close.v === ")"))
        throw new ExpressionError(`expected ) at ${describe(close)}`);
      pos += 1;
      return inner;
    }
    const left = operand();
    const opTok = peek();
    let op: ComparisonOp;
    if (opTok?.t === "op" && (opTok.v === "==" || opTok.v === "!=")) {
      op = opTok.v;
      pos += 1;
    } else if (word(opTok) === "IN") {
      op = "IN";
      pos += 1;
    } else if (word(opTok) === "NOT" && word(tokens[pos + 1]) === "IN") {
      op = "NOT IN";
      pos += 2;
    } else {
      throw new ExpressionError(
        `unsupported comparison ${describe(opTok)} (the emulator knows ==, !=, IN, NOT IN)`,
      );
    }
    const right = operand();
    if ((op === "IN" || op === "NOT IN") && right.kind === "value") {
      throw new ExpressionError(`${op} needs a list or a key on its right`);
    }
    if ((op === "==" || op === "!=") && (left.kind === "list" || right.kind === "list")) {
      throw new ExpressionError(`${op} compares single values, not lists`);
    }
    return { kind: "compare", op, left, right };
  };

  const and = (): Expression => {
    let left = comparison();
    while (word(peek()) === "AND") {
      pos += 1;
      left = { kind: "and", left, right: comparison() };
    }
    return left;
  };

  const or = (): Expression => {
    let left = and();
    while (word(peek()) === "OR") {
      pos += 1;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };

  const expression = or();
  if (pos !== tokens.length) throw new ExpressionError(`unexpected ${describe(peek())}`);
  return expression;
}

/** Looks up a dotted key; `found: false` when any step is missing. */
export type Resolver = (path: string[]) => { found: true; value: unknown } | { found: false };

/**
 * A resolver over JSON objects. Filter expressions name task attributes bare (`type`); target
 * expressions prefix them (`task.type`, `worker.contact_uri`): pass `{ task, worker }` then.
 */
export function objectResolver(root: Record<string, unknown>): Resolver {
  return (path) => {
    let value: unknown = root;
    for (const step of path) {
      if (
        typeof value !== "object" ||
        value === null ||
        Array.isArray(value) ||
        !Object.hasOwn(value, step)
      ) {
        return { found: false };
      }
      value = (value as Record<string, unknown>)[step];
    }
    return { found: true, value };
  };
}

const isScalar = (v: unknown): v is Scalar =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function operandValue(
  operand: Operand,
  resolve: Resolver,
): { found: true; value: unknown } | { found: false } {
  if (operand.kind === "value") return { found: true, value: operand.value };
  if (operand.kind === "list") return { found: true, value: operand.values };
  return resolve(operand.path);
}

export function evaluate(expression: Expression, resolve: Resolver): boolean {
  if (expression.kind === "and")
    return evaluate(expression.left, resolve) && evaluate(expression.right, resolve);
  if (expression.kind === "or")
    return evaluate(expression.left, resolve) || evaluate(expression.right, resolve);
  return compare(expression, resolve);
}

function compare(expression: Extract<Expression, { kind: "compare" }>, resolve: Resolver): boolean {
  const left = operandValue(expression.left, resolve);
  const right = operandValue(expression.right, resolve);
  if (!left.found || !right.found) return false;
  if (expression.op === "==" || expression.op === "!=") {
    if (!isScalar(left.value) || !isScalar(right.value)) return false;
    return (left.value === right.value) === (expression.op === "==");
  }
  if (!isScalar(left.value) || !Array.isArray(right.value)) return false;
  const member = right.value.some((v) => v === left.value);
  return expression.op === "IN" ? member : !member;
}

/** Parses and evaluates in one go (tests, one-off checks). */
export function matches(text: string, resolve: Resolver): boolean {
  return evaluate(parseExpression(text), resolve);
}
