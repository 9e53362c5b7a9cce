// Fails when modules of the app crate (src/) import each other in a circle. Parent ↔ child imports are allowed
// (a module and its submodules are one unit); anything else must point one way, so that a newcomer can read src/
// from the contexts up (ARCHITECTURE.md: "Modules depend on each other one way"). Reads `crate::…` and `super::…`
// paths as text: cheap, and enough for this codebase's style (no glob re-exports across modules).
//   node tools/module-cycles.mjs [dir]   (default: src) — part of `make lint`
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? 'src';

/** Module path (`apply::store`) → source, for every .rs file under `root` except binaries. */
function modules(dir, out = new Map()) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'bin') modules(file, out);
    } else if (entry.name.endsWith('.rs')) {
      const parts = path.relative(root, file).slice(0, -3).split(path.sep);
      if (parts.at(-1) === 'mod') parts.pop();
      if (parts.length === 1 && parts[0] === 'lib') parts.pop();
      out.set(parts.join('::'), fs.readFileSync(file, 'utf8'));
    }
  }
  return out;
}

const sources = modules(root);
const names = new Set(sources.keys());
/** The longest known module a path starts with. */
function resolve(segments) {
  for (let i = segments.length; i > 0; i--) {
    const candidate = segments.slice(0, i).join('::');
    if (names.has(candidate)) return candidate;
  }
  return null;
}
const related = (a, b) => a === '' || b === '' || a.startsWith(`${b}::`) || b.startsWith(`${a}::`);

const edges = new Map();
for (const [name, text] of sources) {
  const code = text.replace(/\/\/[^\n]*/g, '');
  const targets = new Set();
  for (const m of code.matchAll(/crate::([a-z_:]+)(?:::\{([^}]*)\})?/g)) {
    const base = m[1].replace(/:+$/, '').split('::');
    const inner = m[2] ? m[2].split(',').map((s) => s.trim().split(/\s/)[0]).filter(Boolean) : [null];
    for (const item of inner) {
      const target = (item && resolve([...base, ...item.split('::')])) || resolve(base);
      if (target !== null && target !== name) targets.add(target);
    }
  }
  for (const m of code.matchAll(/super::([a-z_]+)/g)) {
    const parent = name.split('::').slice(0, -1);
    const target = resolve([...parent, m[1]]) ?? parent.join('::');
    if (target !== name) targets.add(target);
  }
  edges.set(name, [...targets].filter((t) => !related(name, t)));
}

// Strongly connected components (Tarjan): any with more than one module is a circle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const circles = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter);
  counter += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) circles.push(component.sort());
  }
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

if (circles.length > 0) {
  for (const circle of circles) {
    console.error(`modules importing each other in a circle: ${circle.join(', ')}`);
    for (const m of circle) console.error(`  ${m} → ${edges.get(m).filter((t) => circle.includes(t)).join(', ')}`);
  }
  console.error('Move what both need into its own module (see ARCHITECTURE.md, src/).');
  process.exit(1);
}
console.log(`${root}: ${sources.size} modules, no import circle`);
