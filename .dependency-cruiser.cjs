/**
 * The import rule of lib/ (docs/ARCHITECTURE.md): folders depend on each other in one direction
 * only, the platform (lib/k8s, lib/config, lib/db, ...) at the bottom, domains above it, actions
 * and the start-up wiring on top. `npm run check:imports` fails on any cycle between folders and on
 * any cycle between modules.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'A folder under lib/ imports a folder that (through others) imports it back. Move the shared piece down into the lower folder (labels and resource paths into lib/k8s, configuration into lib/config) instead of importing upwards.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'Two modules under lib/ import each other (type imports included).',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: [
        '^node_modules/',
        '^lib/db/generated/',
        // Tests sit above everything they test; nothing imports them.
        '\\.test\\.ts$',
      ],
    },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
}
