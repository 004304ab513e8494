import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

/**
 * The benchmark's child processes run as plain JavaScript (no ts-node in a process under test: it would
 * add its own memory and start-up to what is measured). Transpiled into bench/results/.build/, which
 * resolves `undici` from the project's node_modules.
 */
export const BUILD_DIR = join(__dirname, 'results', '.build');
const CHILDREN = [
  'histogram',
  'load-generator',
  'nest-conventional',
  'nest-floor',
  'operation',
  'probe',
  'reference-proxy',
  'shallow-merge',
  'stand-in',
];

export function compileChildren(): void {
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const name of CHILDREN) {
    const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
    const { outputText } = transpileModule(source, {
      compilerOptions: {
        module: ModuleKind.CommonJS,
        target: ScriptTarget.ES2022,
        // nest-floor.ts: Nest's dependency injection reads the constructor parameter types.
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
      },
    });
    writeFileSync(join(BUILD_DIR, `${name}.js`), outputText);
  }
}

/**
 * The gateway runs from a private copy of dist/ taken at start-up: other work rebuilding dist/ (whose
 * build deletes it first) cannot pull it away mid-run. Paths inside dist/ are relative, so it runs as is.
 */
export const GATEWAY_DIR = join(__dirname, 'results', '.gateway');

export async function snapshotGateway(distDir: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(distDir, 'main.js'))) {
    if (Date.now() > deadline) {
      throw new Error(`${distDir}/main.js missing: run npm run build`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  rmSync(GATEWAY_DIR, { recursive: true, force: true });
  cpSync(distDir, GATEWAY_DIR, { recursive: true });
}

export function built(name: string): string {
  return join(BUILD_DIR, `${name}.js`);
}
