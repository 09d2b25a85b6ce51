// Builds static/dist/ with node alone: Sass to CSS, then GOV.UK Frontend's, htmx's and Leaflet's scripts and assets.

import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const modules = join(root, 'node_modules')
const dist = join(root, 'static', 'dist')
const govuk = join(modules, 'govuk-frontend', 'dist', 'govuk')

function need (path, hint) {
  if (!existsSync(path)) {
    console.error(`Cannot build the assets: ${path} is missing. ${hint}`)
    process.exit(1)
  }
}

need(govuk, 'Run `npm ci` first.')
need(join(modules, 'htmx.org', 'dist', 'htmx.min.js'), 'Run `npm ci` first.')
need(join(modules, 'leaflet', 'dist', 'leaflet.js'), 'Run `npm ci` first.')

// Start clean so nothing stale from an older GOV.UK Frontend survives an upgrade.
rmSync(dist, { recursive: true, force: true })
mkdirSync(dist, { recursive: true })

const css = sass.compile(join(root, 'static', 'scss', 'covenant.scss'), {
  loadPaths: [modules],
  style: 'compressed',
  sourceMap: true,
  // GOV.UK Frontend's own deprecation notices are theirs to fix, not ours to read on every build.
  quietDeps: true
})
writeFileSync(join(dist, 'covenant.css'), `${css.css}\n/*# sourceMappingURL=covenant.css.map */\n`)
writeFileSync(join(dist, 'covenant.css.map'), JSON.stringify(css.sourceMap))

// The stylesheet refers to images under $govuk-assets-path (/static/dist/). No font files are
// needed: covenant.scss uses Arial, as GDS Transport is only for services on GOV.UK.
cpSync(join(govuk, 'assets', 'images'), join(dist, 'images'), { recursive: true })

for (const name of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
  copyFileSync(join(govuk, name), join(dist, name))
}
copyFileSync(join(modules, 'htmx.org', 'dist', 'htmx.min.js'), join(dist, 'htmx.min.js'))
copyFileSync(join(root, 'static', 'js', 'app.js'), join(dist, 'app.js'))

// Leaflet for the maps (search results, areas), loaded only on the pages that have one. Its stylesheet refers to images/ beside it.
const leaflet = join(modules, 'leaflet', 'dist')
mkdirSync(join(dist, 'leaflet'), { recursive: true })
for (const name of ['leaflet.js', 'leaflet.js.map', 'leaflet.css']) {
  copyFileSync(join(leaflet, name), join(dist, 'leaflet', name))
}
cpSync(join(leaflet, 'images'), join(dist, 'leaflet', 'images'), { recursive: true })
copyFileSync(join(root, 'static', 'js', 'map.js'), join(dist, 'map.js'))
// Maps of areas: the "draw an area" widget and the areas map, loaded only where a page has one of them.
copyFileSync(join(root, 'static', 'js', 'areas.js'), join(dist, 'areas.js'))

console.log(`Built ${dist}`)
