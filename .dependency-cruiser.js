// Import rules of src/ (README "Design"), checked by `npm run lint:deps`, which `npm run lint` runs.
// Specs are left out: a spec may reach across folders to build what it tests.
const KERNEL = '^src/(common|config)/';
const COMPOSITION_ROOT = '^src/(main|app\\.module|app\\.factory)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No two files import each other, directly or round a loop.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-circular',
      severity: 'error',
      comment:
        'The folders form a layered graph: no folder reaches back to itself through the folders it imports.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'kernel-imports-no-feature',
      severity: 'error',
      comment: 'common/ and config/ are the shared kernel: they import nothing else of src/.',
      from: { path: KERNEL },
      to: { path: '^src/', pathNot: KERNEL },
    },
    {
      name: 'only-the-root-knows-the-sandbox',
      severity: 'error',
      comment:
        'Only the composition root (and the simulator itself, with its CLI) imports src/simulator/.',
      from: { path: '^src/', pathNot: [COMPOSITION_ROOT, '^src/simulator/'] },
      to: { path: '^src/simulator/' },
    },
  ],
  options: {
    includeOnly: '^src/',
    exclude: { path: '\\.spec\\.ts$' },
    // Type-only imports count: a type shared by two folders still ties them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Folder metrics are what the folder-scoped rule reads.
    metrics: true,
    reporterOptions: {
      archi: { collapsePattern: '^src/[^/]+' },
      text: { highlightFocused: false },
    },
  },
};
