/**
 * Matching a URI against a resource template (RFC 6570) and taking out its
 * variables, so a template's handler gets `{ city }` rather than a URI to
 * parse.
 *
 * The rules are the host's (it routes a read to the component whose
 * template matches): a simple variable (`{id}`) stands for one or more
 * characters other than `/ ? #`, a reserved one (`{+path}`) for one or more
 * of any character, and where several splits fit, earlier variables take
 * as little as they can. Any other operator is refused when the template is
 * defined, since no read could reach it. Values are percent-decoded.
 */

/** The longest URI matched, in characters; a longer one matches nothing. */
const MAX_URI_CHARS = 16 * 1024;

const EXPRESSION = /\{([^{}]*)\}/g;
const NAME = /^[A-Za-z0-9_.%]+$/;

/** The variables a template names, as a type: `"files://{+path}"` gives
 * `"path"`, so a handler's `{ path }` is checked. */
export type TemplateVariables<T extends string> = T extends `${string}{${infer Expression}}${infer Rest}`
  ? (Expression extends `+${infer Name}` ? Name : Expression) | TemplateVariables<Rest>
  : never;

/** A parsed template, ready for matching. */
export class UriTemplate {
  readonly template: string;
  /** The variables, in order. */
  readonly variables: string[] = [];
  readonly #pattern: RegExp;

  /** A `TypeError` for what the host could not route: another operator, a
   * variable twice, two variables with nothing between them. */
  constructor(template: string) {
    this.template = template;
    const pattern: string[] = [];
    let end = 0;
    for (const match of template.matchAll(EXPRESSION)) {
      if (this.variables.length > 0 && match.index === end) {
        throw new TypeError(`${template}: two variables follow each other with nothing between them`);
      }
      pattern.push(literal(template, template.slice(end, match.index)));
      const expression = match[1]!;
      const reserved = expression.startsWith("+");
      const name = reserved ? expression.slice(1) : expression;
      if (!NAME.test(name)) {
        throw new TypeError(`${template}: {${expression}} is not a simple {name} or reserved {+name} variable`);
      }
      if (this.variables.includes(name)) throw new TypeError(`${template}: the variable ${name} appears twice`);
      this.variables.push(name);
      pattern.push(reserved ? "(.+?)" : "([^/?#]+?)");
      end = match.index + match[0].length;
    }
    pattern.push(literal(template, template.slice(end)));
    this.#pattern = new RegExp(`^${pattern.join("")}$`, "s");
  }

  /** The variables of `uri` by name, percent-decoded, if it is one of the
   * URIs the template names. */
  match(uri: string): Record<string, string> | undefined {
    if (uri.length > MAX_URI_CHARS) return undefined;
    const found = this.#pattern.exec(uri);
    if (found === null) return undefined;
    return Object.fromEntries(this.variables.map((name, index) => [name, percentDecoded(found[index + 1]!)]));
  }
}

function literal(template: string, text: string): string {
  if (text.includes("{") || text.includes("}")) throw new TypeError(`${template}: a brace without its pair`);
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Percent-decoded, leaving a malformed escape as it is. */
function percentDecoded(value: string): string {
  return value.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
