import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bidlabDashboards, DASHBOARDS, DASHBOARDS_FILE, type SavedObject, savedObjectsNdjson, validateSavedObjects,
} from '../../src/dashboards/index.js';
import { ensureBuilt, ROOT, runCli } from '../helpers/cli.js';

type Mutable = { type: string; id: string; attributes: Record<string, any>; references: { name: string; type: string; id: string }[] };

/** A fresh copy of the generated bundle to break. */
function bundle(): Mutable[] {
  return JSON.parse(JSON.stringify(bidlabDashboards())) as Mutable[];
}

function lens(objects: Mutable[], panelId: string): Mutable {
  return objects.find((o) => o.id === `bidlab-lens-${panelId}`)!;
}

function layer(o: Mutable): Record<string, any> {
  return Object.values(o.attributes['state'].datasourceStates.formBased.layers)[0] as Record<string, any>;
}

/** Problems found in a broken copy, written as the file `broken.ndjson`. */
function problems(objects: Mutable[]) {
  return validateSavedObjects([{ path: 'broken.ndjson', text: savedObjectsNdjson(objects as unknown as SavedObject[]) }]);
}

function lineOf(objects: Mutable[], id: string): number {
  return objects.findIndex((o) => o.id === id) + 1;
}

describe('the dashboards bundle', () => {
  it('is what scripts/write-dashboards.ts writes (regenerate after changing src/dashboards or the templates)', async () => {
    const committed = await readFile(join(ROOT, DASHBOARDS_FILE), 'utf8');
    expect(committed).toBe(savedObjectsNdjson(bidlabDashboards()));
  });

  it('has the five dashboards, each with its panels, and passes validation', async () => {
    const objects = bidlabDashboards();
    const dashboards = objects.filter((o) => o.type === 'dashboard');
    expect(dashboards.map((d) => d.attributes['title'])).toEqual([
      'bidlab: run overview', 'bidlab: champion vs challenger', 'bidlab: segments', 'bidlab: calibration', 'bidlab: market',
    ]);
    for (const [i, d] of dashboards.entries()) {
      const panels = JSON.parse(d.attributes['panelsJSON'] as string) as { panelRefName: string; panelIndex: string }[];
      expect(panels).toHaveLength(DASHBOARDS[i]!.panels.length);
      expect(d.references.map((r) => r.name)).toEqual(panels.map((p) => `${p.panelIndex}:${p.panelRefName}`));
    }
    expect(validateSavedObjects([{ path: DASHBOARDS_FILE, text: await readFile(join(ROOT, DASHBOARDS_FILE), 'utf8') }])).toEqual([]);
  });

  it('is generated the same way twice (no random ids)', () => {
    expect(savedObjectsNdjson(bidlabDashboards())).toBe(savedObjectsNdjson(bidlabDashboards()));
  });
});

describe('dashboards validation finds each kind of mistake, naming file, line, object and field', () => {
  it('a line that does not parse', () => {
    const text = savedObjectsNdjson(bidlabDashboards()).replace(/\n/, '\n{"type": "lens", \n');
    const p = validateSavedObjects([{ path: 'broken.ndjson', text }]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ file: 'broken.ndjson', line: 2 });
    expect(p[0]!.message).toMatch(/^not JSON/);
  });

  it('a duplicate id', () => {
    const objects = bundle();
    const first = objects.findIndex((o) => o.type === 'lens');
    const copy = { ...objects[first]!, attributes: { ...objects[first]!.attributes } };
    objects.push(copy);
    const p = problems(objects);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: objects.length, object: `lens ${copy.id}`, field: 'id' });
    expect(p[0]!.message).toContain(`broken.ndjson:${first + 1}`);
  });

  it('a reference to an object not in the bundle', () => {
    const objects = bundle();
    const dashboard = objects.find((o) => o.type === 'dashboard')!;
    dashboard.references[2]!.id = 'bidlab-lens-nowhere';
    const p = problems(objects);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: lineOf(objects, dashboard.id), object: `dashboard ${dashboard.id}`, field: 'references[2] (2:panel_2)' });
    expect(p[0]!.message).toContain("lens 'bidlab-lens-nowhere'");
  });

  it("a panel whose panelRefName has no reference, and a reference no panel uses", () => {
    const objects = bundle();
    const dashboard = objects.find((o) => o.id === 'bidlab-dashboard-market')!;
    const panels = JSON.parse(dashboard.attributes['panelsJSON']) as { panelRefName: string }[];
    panels[1]!.panelRefName = 'panel_99';
    dashboard.attributes['panelsJSON'] = JSON.stringify(panels);
    const p = problems(objects);
    expect(p.map((x) => x.field)).toEqual(['panelsJSON[1].panelRefName', 'references (1:panel_1)']);
    for (const x of p) expect(x).toMatchObject({ line: lineOf(objects, dashboard.id), object: `dashboard ${dashboard.id}` });
  });

  it('a Lens column over a field the index templates do not have', () => {
    const objects = bundle();
    const o = lens(objects, 'spend-per-hour');
    layer(o)['columns'].m0.sourceField = 'spent';
    const p = problems(objects);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: lineOf(objects, o.id), object: `lens ${o.id}`, field: 'attributes.state.datasourceStates.formBased.layers.layer-spend-per-hour.columns.m0.sourceField' });
    expect(p[0]!.message).toBe("'spent' is not a field of bidlab-hourly (index-templates.ts)");
  });

  it('a field whose type does not fit the operation: sum of a keyword, terms on a number, date histogram of a number', () => {
    const objects = bundle();
    const a = lens(objects, 'conversions');
    layer(a)['columns'].m0.sourceField = 'kind';
    const b = lens(objects, 'segment-roi-os');
    layer(b)['columns'].x.sourceField = 'spend';
    const c = lens(objects, 'wins-per-hour');
    layer(c)['columns'].x.sourceField = 'sim_hour';
    const p = problems(objects);
    expect(new Map(p.map((x) => [x.object, [x.line, x.message]]))).toEqual(new Map([
      [`lens ${a.id}`, [lineOf(objects, a.id), "'kind' is keyword in bidlab-runs; sum needs a numeric field"]],
      [`lens ${c.id}`, [lineOf(objects, c.id), "'sim_hour' is integer in bidlab-hourly; date_histogram needs date"]],
      [`lens ${b.id}`, [lineOf(objects, b.id), "'spend' is double in bidlab-segments; terms needs keyword or boolean"]],
    ]));
  });

  it('a query or column filter naming a field the index does not have', () => {
    const objects = bundle();
    const o = lens(objects, 'segment-roi-country');
    o.attributes['state'].query.query = 'dimensions : "country"';
    const m = lens(objects, 'win-rate-by-floor');
    layer(m)['columns'].m0.filter.query = 'bids : true';
    const p = problems(objects);
    expect(p).toHaveLength(2);
    expect(p.find((x) => x.object === `lens ${o.id}`)).toMatchObject({ field: 'attributes.state.query.query', message: "'dimensions' in the query is not a field of bidlab-segments" });
    expect(p.find((x) => x.object === `lens ${m.id}`)).toMatchObject({
      field: 'attributes.state.datasourceStates.formBased.layers.layer-win-rate-by-floor.columns.m0.filter.query', message: "'bids' in the query is not a field of bidlab-events",
    });
  });

  it('a Lens layer without its data view reference, and a chart showing a column that does not exist', () => {
    const objects = bundle();
    const o = lens(objects, 'savings');
    o.references = [];
    const v = lens(objects, 'wins-per-hour');
    v.attributes['state'].visualization.layers[0].accessors = ['m0', 'm7'];
    const p = problems(objects);
    expect(new Map(p.map((x) => [x.object, x.message]))).toEqual(new Map([
      [`lens ${o.id}`, "no reference named 'indexpattern-datasource-layer-layer-savings' to the layer's data view"],
      [`lens ${v.id}`, "shows column 'm7', which no layer has"],
    ]));
    expect(p).toHaveLength(2);
  });

  it('an object without an id, a column order that disagrees with the columns, an operation the check does not know', () => {
    const objects = bundle();
    const noId = lens(objects, 'conversions');
    const line = lineOf(objects, noId.id);
    noId.id = '';
    const o = lens(objects, 'savings');
    layer(o)['columnOrder'] = ['x', 'm0', 'm9'];
    const u = lens(objects, 'wins-per-hour');
    layer(u)['columns'].m0.operationType = 'cumulative_sum';
    const p = problems(objects);
    expect(p.map((x) => [x.line, x.field, x.message])).toEqual([
      [lineOf(objects, u.id), 'attributes.state.datasourceStates.formBased.layers.layer-wins-per-hour.columns.m0.operationType', expect.stringMatching(/^'cumulative_sum' is not an operation this check knows/)],
      [line, 'id', "expected 'id' to be a non-empty string"],
      [lineOf(objects, o.id), 'attributes.state.datasourceStates.formBased.layers.layer-savings.columnOrder', "lists column 'm9', which the layer does not have"],
      [lineOf(objects, o.id), 'attributes.state.datasourceStates.formBased.layers.layer-savings.columnOrder', "does not list column 'm1'"],
      // The dashboard's reference to the object without an id no longer resolves.
      [lineOf(objects, 'bidlab-dashboard-run-overview'), 'references[6] (6:panel_6)', "refers to lens 'bidlab-lens-conversions', which is not in the bundle"],
    ]);
  });

  it('a data view over an index bidlab does not write, or with a time field that is not a date', () => {
    const objects = bundle();
    const a = objects.find((o) => o.id === 'bidlab-dv-runs')!;
    a.attributes['title'] = 'bidlab-run*';
    const b = objects.find((o) => o.id === 'bidlab-dv-hourly')!;
    b.attributes['timeFieldName'] = 'sim_hour';
    const p = problems(objects);
    expect(p.map((x) => [x.line, x.field])).toEqual([[lineOf(objects, b.id), 'attributes.timeFieldName'], [lineOf(objects, a.id), 'attributes.title']]);
    expect(p[0]!.message).toBe("'sim_hour' is integer, not date, in bidlab-hourly");
  });
});

describe('bidlab dashboards validate', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'bidlab-dashboards-'));
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('passes the bundled dashboards', async () => {
    const r = await runCli(['dashboards', 'validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${bidlabDashboards().length} saved objects in 1 file(s)`);
  });

  it('fails a broken copy with exit 1, one line per problem', async () => {
    const objects = bundle();
    layer(lens(objects, 'conversions'))['columns'].m0.sourceField = 'conversion';
    await writeFile(join(dir, 'broken.ndjson'), savedObjectsNdjson(objects as unknown as SavedObject[]));
    const r = await runCli(['dashboards', 'validate', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`broken.ndjson:${lineOf(objects, 'bidlab-lens-conversions')}: lens bidlab-lens-conversions: attributes.state.datasourceStates.formBased.layers.layer-conversions.columns.m0.sourceField: 'conversion' is not a field of bidlab-runs`);
    expect(r.stderr).toContain('1 problem(s)');
  });
});
