// Regenerates the documentation derived from code: docs/openapi.json, docs/API.md (route reference with access
// rules) and the configuration table in README.md. `npm run docs` writes them; test/docs.test.ts fails when stale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { CONFIG_KEYS, loadConfig } from '../src/config/config.js';
import { createRuntime } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '..');

/** The generated files and their contents. */
export async function generateDocs(): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-docs-'));
  const runtime = await createRuntime({
    ...loadConfig({}),
    dataDir: dir,
    logLevel: 'silent',
    webDir: dir,
    port: 8080,
  });
  try {
    const spec = runtime.app.swagger() as {
      paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
    };
    const openapi = JSON.stringify(spec, null, 2) + '\n';
    const rows = runtime.app.routeTable
      .map((r) => {
        // OpenAPI writes `:name` as `{name}` and a trailing wildcard as `{*}`.
        const oaPath = r.url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{*}');
        const op = spec.paths[oaPath]?.[r.method.toLowerCase()];
        const access =
          r.access === 'public'
            ? 'public'
            : r.access === 'signed-in'
              ? 'any signed-in account'
              : r.access.join(', ');
        const extra = [r.beforeMfa ? 'before 2FA' : '', r.rateLimitPerMinute ? 'rate-limited' : '']
          .filter(Boolean)
          .join('; ');
        return {
          tag: op?.tags?.[0] ?? 'other',
          line: `| ${r.method} | \`${r.url}\` | ${access}${extra ? ` (${extra})` : ''} | ${op?.summary ?? ''} |`,
        };
      })
      .sort((a, b) => a.tag.localeCompare(b.tag));
    let api =
      '# API reference\n\nGenerated from the route table and the OpenAPI document (`npm run docs`); do not edit by hand.\n';
    api +=
      'The machine-readable OpenAPI 3.1 document is [`openapi.json`](openapi.json), served live at `/api/v1/openapi.json`, ';
    api += 'with a browsable reference at `/api/docs`.\n\n';
    api +=
      'Errors are `{ code, message, requestId, details? }` with a stable `code` from `src/shared/errors.ts`. ';
    api += 'State-changing requests need the `x-csrf-token` header equal to the `pl_csrf` cookie.\n';
    let tag = '';
    for (const r of rows) {
      if (r.tag !== tag) {
        tag = r.tag;
        api += `\n## ${tag}\n\n| method | path | who may call | what it does |\n|---|---|---|---|\n`;
      }
      api += `${r.line}\n`;
    }
    const table = ['| variable | default | meaning |', '|---|---|---|']
      .concat(
        CONFIG_KEYS.map(
          (k) => `| \`${k.env}\` | ${k.default === undefined ? '(unset)' : `\`${k.default}\``} | ${k.doc} |`,
        ),
      )
      .join('\n');
    const readmePath = path.join(root, 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const newReadme = readme.replace(
      /(<!-- config:start -->)[\s\S]*?(<!-- config:end -->)/,
      `$1\n\n${table}\n\n$2`,
    );
    const out: Record<string, string> = {
      'docs/openapi.json': openapi,
      'docs/API.md': api,
      'README.md': newReadme,
    };
    // Formatted exactly as `prettier --check` wants, so generated files and the format check agree.
    for (const [file, content] of Object.entries(out)) {
      const options = (await prettier.resolveConfig(path.join(root, file))) ?? {};
      out[file] = await prettier.format(content, { ...options, filepath: path.join(root, file) });
    }
    return out;
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  for (const [file, content] of Object.entries(await generateDocs())) {
    fs.writeFileSync(path.join(root, file), content);
    console.log(`wrote ${file}`);
  }
}
