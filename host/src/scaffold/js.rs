//! The TypeScript scaffold: `app.ts` with one tool on the JavaScript SDK
//! (a zod schema and a handler, as MCP servers in TypeScript are written),
//! its `node --test` tests, and a `package.json` naming the SDK by `file:`
//! path. Node 22.18 and later run the TypeScript as it is: no compile step.

use std::path::Path;

use super::{Template, component_file, shell_word};

/// The zod the SDK is tested with (its `package.json`).
const ZOD: &str = "^4.6.7";

pub(super) fn template(name: &str, sdk: &Path, dir: &Path) -> Template {
    let cd = shell_word(dir);
    let wasm = component_file(name);
    // build.mjs runs esbuild and componentize-js from the SDK's own
    // node_modules, which `npm install` here does not fill.
    let sdk_setup = if sdk.join("node_modules").is_dir() {
        String::new()
    } else {
        format!("Set up the SDK once: cd {} && npm ci\n", shell_word(sdk))
    };
    let next_steps = format!(
        "Created {shown}: a toolhost tool in TypeScript with one tool, `{name}`.\n\
         \n\
         {sdk_setup}\
         Set it up: cd {cd} && npm install\n\
         Test it:   npm test\n\
         Build it:  toolhost build\n\
         Serve it:  toolhost serve --tools dist/{wasm}\n\
         Call it:   toolhost call {name} --tools dist/{wasm} --args '{{\"text\": \"one two two\"}}'\n\
         \n\
         (Node 22.18 or later, on PATH or as TOOLHOST_NODE. The set-up links the SDK\n\
         from {sdk} and installs zod.)\n",
        shown = dir.display(),
        sdk = sdk.display(),
    );
    Template {
        files: vec![
            ("package.json", package_json(name, sdk)),
            ("tsconfig.json", TSCONFIG.to_owned()),
            ("app.ts", app_ts(name)),
            ("app.test.ts", app_test_ts(name)),
            (".gitignore", "/node_modules/\n/dist/\n".to_owned()),
        ],
        next_steps,
    }
}

fn package_json(name: &str, sdk: &Path) -> String {
    let manifest = serde_json::json!({
        "name": name,
        "version": "0.1.0",
        "private": true,
        "description": "A toolhost tool",
        "type": "module",
        "engines": { "node": ">=22.18" },
        "scripts": { "test": "node --test '*.test.ts'", "build": "toolhost build" },
        "dependencies": {
            "@toolhost/sdk": format!("file:{}", sdk.display()),
            "zod": ZOD,
        },
    });
    format!("{manifest:#}\n")
}

/// For editors: Node runs the `.ts` files as they are (type stripping), so
/// the code keeps to what it can strip and imports files by their `.ts` name.
const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "es2022",
    "module": "nodenext",
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "verbatimModuleSyntax": true,
    "erasableSyntaxOnly": true
  }
}
"#;

fn app_ts(name: &str) -> String {
    format!(
        r#"/**
 * {name}: a toolhost tool written in TypeScript.
 *
 * A tool is a name, a description, a zod schema of its arguments (the host
 * checks every call against its JSON Schema) and a handler. The module knows
 * nothing of WebAssembly, so its tests (`app.test.ts`) run under Node;
 * `toolhost build` turns its default export into a component.
 */

import {{ defineTool, InvalidInput, Toolbox }} from "@toolhost/sdk";
import {{ z }} from "zod";

export const countWords = defineTool(
  {{
    name: "{name}",
    description: "Counts the words in a text and lists the most common ones.",
    input: z.object({{
      text: z.string().describe("The text to count the words of."),
      top: z.number().int().min(0).default(3).describe("How many of the most common words to list."),
    }}),
    output: z.object({{
      words: z.number().int().describe("How many words the text has."),
      mostCommon: z.array(z.string()).describe("The most common words, most common first."),
    }}),
    annotations: {{ readOnlyHint: true, idempotentHint: true, openWorldHint: false }},
  }},
  ({{ text, top }}) => {{
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) {{
      // Arguments that fit the schema but cannot be used: a tool error the
      // model can act on.
      throw new InvalidInput("the text has no words");
    }}
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    // The sort is stable: words as common as each other stay in the order first seen.
    const mostCommon = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([word]) => word);
    return {{ words: words.length, mostCommon }};
  }},
);

export default new Toolbox([countWords]);
"#
    )
}

fn app_test_ts(name: &str) -> String {
    format!(
        r#"// {name}'s tests, under Node: `npm test` (`node --test '*.test.ts'`).

import assert from "node:assert/strict";
import {{ test }} from "node:test";

import {{ InvalidInput, ToolResult }} from "@toolhost/sdk";
import toolbox from "./app.ts";

test("counts the words and lists the most common", async () => {{
  const result = await toolbox.call("{name}", {{ text: "The cat saw the dog", top: 1 }});
  assert.ok(result instanceof ToolResult);
  assert.deepEqual(result.structured, {{ words: 5, mostCommon: ["the"] }});
}});

test("lists three words unless asked for more", async () => {{
  const result = await toolbox.call("{name}", {{ text: "d c c b b b a a a a" }});
  assert.ok(result instanceof ToolResult);
  assert.deepEqual(result.structured, {{ words: 10, mostCommon: ["a", "b", "c"] }});
}});

test("refuses a text without words", async () => {{
  await assert.rejects(toolbox.call("{name}", {{ text: "  " }}), InvalidInput);
}});
"#
    )
}
