// One-off migration (issue 20, run once on 2026-12-05): the materials model that separates necessity, form and
// the data-sharing route. Kept so the change can be read and re-run on an older checkout:
//   node tools/migrate-materials.mjs
// 1. Every material with a 免提交 route gets `replaces`: the generated application form always replaces the
//    paper; an e-licence or shared data replaces it when the department can retrieve it (otherwise the applicant
//    brings the paper the guide asks for).
// 2. Documents issued by a catalog item name it in `issued_by`, so a chain including that item says so.
// 3. The references where the paper itself is used get the form 交回 / 现场查验 and a `paper` reason (the route
//    does not replace them there), each with the rule that says so.
// Idempotent: running it twice changes nothing the second time.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../data/', import.meta.url).pathname;
const files = (dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).map((f) => join(root, dir, f));
const load = (path) => {
  const text = readFileSync(path, 'utf8');
  return { path, json: JSON.parse(text), newline: text.endsWith('\n') };
};
const save = ({ path, json, newline }) => writeFileSync(path, JSON.stringify(json, null, 2) + (newline ? '\n' : ''));

const materialFiles = files('materials').map(load);
const guideFiles = files('guides').map(load);

// 1 + 2: the materials dictionary.
const issuedBy = { csyxzm: ['P001'], yfjzz: ['P002'], swyxzm: ['P108'], hhzm: ['P110'] };
const materials = new Map();
for (const file of materialFiles) {
  for (const m of file.json.materials) {
    materials.set(m.key, m);
    if (m.exempt && !m.exempt.replaces) {
      m.exempt.replaces = m.exempt.source === 'generated_form' ? 'always' : 'if_retrieved';
    }
    if (issuedBy[m.key]) m.issued_by = issuedBy[m.key];
  }
}
const p9 = materialFiles.find((f) => f.path.endsWith('p9-aid-elder-after.json'));
if (!materials.has('szjmsfz')) {
  p9.json.materials.push({
    key: 'szjmsfz',
    name: '逝者的居民身份证',
    note: '办理死亡户口注销时由公安机关收回',
  });
}

// 3: references. A guide's own list, its add_materials, or (copied out of) its family's list.
const families = new Map();
const guides = new Map();
for (const file of guideFiles) {
  for (const f of file.json.families ?? []) families.set(f.key, f);
  for (const g of file.json.guides) guides.set(g.item, g);
}
function ownRef(item, key) {
  const g = guides.get(item);
  if (!g) throw new Error(`no guide ${item}`);
  let ref = (g.materials ?? []).find((m) => m.key === key) ?? (g.add_materials ?? []).find((m) => m.key === key);
  if (ref) return ref;
  const family = families.get(g.family);
  const inherited = family?.materials?.find((m) => m.key === key);
  if (!inherited || g.materials) throw new Error(`${item} does not list ${key}`);
  ref = structuredClone(inherited);
  g.remove_materials = [...(g.remove_materials ?? []), key];
  g.add_materials = [...(g.add_materials ?? []), ref];
  return ref;
}
function addRef(item, ref) {
  const g = guides.get(item);
  const list = g.materials ?? (g.add_materials ??= []);
  if (!list.some((m) => m.key === ref.key)) list.push(ref);
}
const edit = (item, key, changes) => Object.assign(ownRef(item, key), changes);

// 户口簿: the police add the child's page (户口登记条例 第七条); 身份证法 第十条 requires 交验户口簿.
edit('P003', 'hkb', { paper: '公安派出所将在户口簿上为孩子增加户口页' });
edit('P006', 'hkb', {
  form: '现场查验',
  paper: '《中华人民共和国居民身份证法》第十条：申请领取居民身份证，应当交验居民户口簿',
});
// 结婚证 for a divorce: 婚姻登记条例 第十一条 (本人的结婚证).
for (const item of ['P084', 'P085']) {
  edit(item, 'jhz', { paper: '《婚姻登记条例》第十一条：办理离婚登记应当出具本人的结婚证' });
}
// 行驶证 handed in: 机动车登记规定 第三十八条、第三十九条 (注销), 第五十二条 (换领收回).
for (const item of ['E054-5', 'P072-5']) {
  edit(item, 'xsz', { form: '交回', paper: '注销登记时车辆管理所收回行驶证（《机动车登记规定》第三十八条、第三十九条）' });
  edit(item, 'jdchp', { form: '交回' });
}
edit('P075', 'xsz', { form: '交回', paper: '换领时车辆管理所收回原行驶证（《机动车登记规定》第五十二条）' });
edit('P076', 'jdchp', { form: '交回' });
// The deceased's ID card: shown to the hospital, the funeral home, and handed in at the police.
edit('P111', 'jmsfz', { note: '申报人的居民身份证' });
addRef('P111', { key: 'szjmsfz', form: '交回', count: 1, required: true, note: '办理死亡户口注销时交回' });
for (const item of ['P109', 'P110']) {
  edit(item, 'jmsfz', { note: '承办人（家属）的居民身份证' });
  addRef(item, { key: 'szjmsfz', form: '现场查验', count: 1, required: true });
}

// A generated application form the department wants on paper, signed: the form is filled here, the signed
// printout is brought. Read from each reference's own note.
const signed = (note) => (note ?? '').match(/由(法定代表人[^，；]*签字[^；]*)$/)?.[1];
const paperForm = (ref) => {
  if (ref.key !== 'sqb' || ref.form !== '原件' || ref.paper) return;
  const who = signed(ref.note);
  ref.paper = who ? `须由${who}` : "受理部门要求提交纸质原件";
};
for (const g of guides.values()) [...(g.materials ?? []), ...(g.add_materials ?? [])].forEach(paperForm);
for (const f of families.values()) (f.materials ?? []).forEach(paperForm);

for (const f of [...materialFiles, ...guideFiles]) save(f);
console.log('migrated', materialFiles.length, 'materials files and', guideFiles.length, 'guides files');
