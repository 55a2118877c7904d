import { describe, expect, it } from 'vitest';
import { BidlabError } from '../../src/errors.js';
import { formatScenarioIssue, parseScenario } from '../../src/scenario/index.js';
import { brief, edit, MINIMAL, parseError } from './scenario-text.js';

describe('parseScenario errors name the file, line, column and field, and what was expected', () => {
  it('accepts the minimal scenario the other cases edit', () => {
    expect(parseScenario(MINIMAL, 't.yaml').name).toBe('t');
  });

  it('wrong type', () => {
    const error = parseError(edit('users: 1000', 'users: many'));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error).toBeInstanceOf(BidlabError);
    expect(error.where).toBe('t.yaml:4:10');
    expect(error.message).toBe("t.yaml:4:10: world.users: expected an integer, got 'many'");
    expect(error.issues).toEqual([
      { file: 't.yaml', line: 4, column: 10, path: ['world', 'users'], field: 'world.users', message: "expected an integer, got 'many'" },
    ]);
  });

  it('a fraction where an integer is expected, and an empty value', () => {
    const error = parseError(edit('users: 1000', 'users: 10.5\n  apps:'));
    expect(brief(error.issues)).toEqual(['4:10 world.users: expected an integer, got 10.5', '5:3 world.apps: expected a mapping, got an empty value']);
  });

  it('out of range', () => {
    const text = edit('    dailyBudget: 20\n', '    dailyBudget: 20\n    frequencyCap: { impressions: 0, perHours: 800 }\n');
    expect(brief(parseError(text).issues)).toEqual([
      '16:34 campaigns[0].frequencyCap.impressions: expected at least 1, got 0',
      '16:47 campaigns[0].frequencyCap.perHours: expected at most 720, got 800',
    ]);
    expect(brief(parseError(edit('dailyBudget: 20', 'dailyBudget: 0')).issues)).toEqual([
      '15:18 campaigns[0].dailyBudget: expected more than 0, got 0',
    ]);
  });

  it('unknown key, with the key it most likely meant', () => {
    const error = parseError(edit('dailyBudget: 20', 'dailyBudgett: 20'));
    expect(brief(error.issues)).toEqual([
      "8:5 campaigns[0].dailyBudget: missing required key 'dailyBudget' (expected a number)",
      "15:5 campaigns[0].dailyBudgett: unknown key 'dailyBudgett' (did you mean 'dailyBudget'?)",
    ]);
  });

  it('unknown key with no likely match lists the allowed keys', () => {
    const error = parseError(edit('  requestsPerDay: 5000', '  requestsPerDay: 5000\n  colour: blue'));
    expect(brief(error.issues)).toEqual([
      "7:3 traffic.colour: unknown key 'colour'; allowed keys: startDate, days, requestsPerDay, dailyPattern, weeklyPattern, formats, bannerSizes, ifaShare, tmaxMs",
    ]);
  });

  it('unknown keys are errors at every level, including the top', () => {
    const text = edit('seed: 1', 'seed: 1\ndescripton: x\nmarket: { auction: first-price, floor: { share: 1 } }');
    expect(brief(parseError(text).issues)).toEqual([
      "3:1 descripton: unknown key 'descripton' (did you mean 'description'?)",
      "4:33 market.floor: unknown key 'floor' (did you mean 'floors'?)",
    ]);
  });

  it('missing required key points at the mapping that lacks it', () => {
    const error = parseError(edit('  requestsPerDay: 5000', '  days: 2'));
    expect(brief(error.issues)).toEqual(["5:1 traffic.requestsPerDay: missing required key 'requestsPerDay' (expected an integer)"]);
    const noSeed = parseError(edit('seed: 1\n', ''));
    expect(brief(noSeed.issues)).toEqual(["1:1 seed: missing required key 'seed' (expected an integer)"]);
  });

  it('bad enum value, with a suggestion', () => {
    const error = parseError(edit('goal: re-engagement', 'goal: reengagement'));
    expect(brief(error.issues)).toEqual([
      "13:11 campaigns[0].goal: expected one of 're-engagement' | 'purchase', got 'reengagement' (did you mean 're-engagement'?)",
    ]);
  });

  it('bad or missing discriminator of a tagged section', () => {
    expect(brief(parseError(edit('kind: oracle', 'kind: orcale')).issues)).toEqual([
      "18:11 policies[0].kind: expected one of 'model' | 'oracle' | 'bid-everything', got 'orcale' (did you mean 'oracle'?)",
    ]);
    expect(brief(parseError(edit('    kind: oracle\n', '')).issues)).toEqual([
      "17:5 policies[0].kind: missing required key 'kind' (expected one of 'model' | 'oracle' | 'bid-everything')",
    ]);
    expect(brief(parseError(edit('    kind: oracle', '    kind: model')).issues)).toEqual([
      "17:5 policies[0].model: missing required key 'model' (expected a string)",
    ]);
  });

  it('fields inside a chosen variant are checked against that variant', () => {
    const text = edit('    kind: oracle', '    kind: bid-everything\n    pricing: { rule: fixed, cpm: -1, margin: 0.1 }');
    expect(brief(parseError(text).issues)).toEqual([
      '19:34 policies[0].pricing.cpm: expected more than 0, got -1',
      "19:38 policies[0].pricing.margin: unknown key 'margin'; allowed keys: rule, cpm",
    ]);
    const blind = edit('    kind: oracle', '    kind: bid-everything\n    pricing: { rule: expected-value }');
    expect(brief(parseError(blind).issues)).toEqual([
      "19:22 policies[0].pricing.rule: expected one of 'fixed' | 'floor-plus', got 'expected-value'",
    ]);
  });

  it('distributions: unknown dist, missing parameter, min above max', () => {
    const text = edit(
      '  users: 1000',
      '  users: 1000\n  behaviour:\n    lapsedDays: { dist: lognormal, median: 30 }\n    recentInstalls: { dist: uniform, min: 5, max: 2 }\n    appOpensPerWeek: { dist: poisson, mean: 2 }',
    );
    expect(brief(parseError(text).issues)).toEqual([
      "6:5 world.behaviour.lapsedDays.sigma: missing required key 'sigma' (expected a number)",
      '7:51 world.behaviour.recentInstalls.max: expected max >= min, got 2',
      "8:30 world.behaviour.appOpensPerWeek.dist: expected one of 'constant' | 'uniform' | 'exponential' | 'lognormal' | 'gamma', got 'poisson'",
    ]);
  });

  it('countries: ISO alpha-3, with the alpha-3 code for an alpha-2 one', () => {
    const text = edit('  users: 1000', '  users: 1000\n  countries: { US: 2, GBR: 1, DEU: 1 }');
    expect(brief(parseError(text).issues)).toEqual(["5:16 world.countries.US: unknown key 'US' (did you mean 'USA'?)"]);
    const targeting = edit('    dailyBudget: 20', '    dailyBudget: 20\n    targeting: { countries: [USA, UK] }');
    expect(brief(parseError(targeting).issues)).toEqual([
      "16:35 campaigns[0].targeting.countries[1]: expected an ISO 3166-1 alpha-3 country code such as USA, GBR or DEU, got 'UK' (did you mean 'GBR'?)",
    ]);
  });

  it('record keys and named patterns', () => {
    const text = edit(
      '  requestsPerDay: 5000',
      "  requestsPerDay: 5000\n  bannerSizes: { 320x50: 1, big: 2 }\n  dailyPattern: evenings\n  weeklyPattern: [1, 2]",
    );
    expect(brief(parseError(text).issues)).toEqual([
      "7:29 traffic.bannerSizes.big: invalid key 'big': expected a banner size WIDTHxHEIGHT such as 320x50",
      "8:17 traffic.dailyPattern: expected one of 'flat' | 'mobile' | 'evening' or a list of 24 hourly weights, got 'evenings'",
      '9:18 traffic.weeklyPattern: expected exactly 7 items, got 2',
    ]);
  });

  it('weights must not all be zero', () => {
    const text = edit('  users: 1000', '  users: 1000\n  os: { android: 0, ios: 0 }');
    expect(brief(parseError(text).issues)).toEqual(['5:7 world.os: expected at least one weight above 0']);
  });

  it('reports every problem at once, in file order, each on its own line', () => {
    let text = edit('seed: 1', 'seed: -1');
    text = edit('users: 1000', 'users: many', text);
    text = edit('goal: re-engagement', 'goal: reengagement', text);
    text = edit('    kind: oracle', '    kind: oracle\n    pacing: { mode: asap, cap: 2 }', text);
    const error = parseError(text, 'scenarios/x.yaml');
    expect(error.where).toBe('scenarios/x.yaml');
    expect(error.issues.map((i) => i.line)).toEqual([2, 4, 13, 19]);
    expect(error.message).toBe(
      [
        'scenarios/x.yaml: 4 problems:',
        '  scenarios/x.yaml:2:7: seed: expected at least 0, got -1',
        "  scenarios/x.yaml:4:10: world.users: expected an integer, got 'many'",
        "  scenarios/x.yaml:13:11: campaigns[0].goal: expected one of 're-engagement' | 'purchase', got 'reengagement' (did you mean 're-engagement'?)",
        "  scenarios/x.yaml:19:27: policies[0].pacing.cap: unknown key 'cap'; allowed keys: mode",
      ].join('\n'),
    );
    expect(error.issues.map(formatScenarioIssue)).toEqual(error.message.split('\n').slice(1).map((line) => line.trim()));
  });

  it('YAML syntax errors: SCENARIO_YAML with line and column', () => {
    const error = parseError(edit('  users: 1000', '  users: [1000'));
    expect(error.code).toBe('SCENARIO_YAML');
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues[0]).toMatchObject({ file: 't.yaml', line: 5, column: 1, field: '' });
    expect(error.issues[0].message).toMatch(/^invalid YAML: /);
    const duplicate = parseError(edit('seed: 1', 'seed: 1\nseed: 2'));
    expect(duplicate.code).toBe('SCENARIO_YAML');
    expect(brief(duplicate.issues)).toEqual(['3:1 : invalid YAML: Map keys must be unique']);
  });

  it('a document that is not a mapping', () => {
    expect(brief(parseError('').issues)).toEqual(['1:1 : expected a mapping, got an empty value']);
    expect(brief(parseError('- a\n- b\n').issues)).toEqual(['1:1 : expected a mapping, got a list of 2 items']);
  });
});

describe('checks across fields', () => {
  it('names must be unique', () => {
    const text = edit('    kind: oracle', '    kind: oracle\n  - name: oracle\n    kind: oracle');
    expect(brief(parseError(text).issues)).toEqual(["19:11 policies[1].name: duplicate policy name 'oracle' (first at policies[0].name)"]);
  });

  it('the value fields must match the goal', () => {
    const purchase = edit('goal: re-engagement', 'goal: purchase');
    expect(brief(parseError(purchase).issues)).toEqual([
      "8:5 campaigns[0].purchaseValue: missing required key 'purchaseValue' (expected the distribution of one purchase's USD revenue, as goal is 'purchase')",
      "14:5 campaigns[0].valuePerConversion: valuePerConversion applies only to goal 're-engagement'; a purchase is worth purchaseValue",
    ]);
  });

  it('targeting must exist in the world', () => {
    let text = edit('  users: 1000', '  users: 1000\n  countries: { USA: 1, DEU: 1 }\n  os: { android: 1 }');
    text = edit('    dailyBudget: 20', '    dailyBudget: 20\n    targeting: { countries: [USA, FRA, USA], formats: [native] }', text);
    text = edit('      platform: android', '      platform: ios', text);
    text = edit('bundle: com.example.shop', "bundle: '123'", text);
    text = edit('  requestsPerDay: 5000', '  requestsPerDay: 5000\n  formats: { banner: 1, native: 0 }', text);
    expect(brief(parseError(text).issues)).toEqual([
      "13:15 campaigns[0].app.bundle: expected a numeric App Store id such as '1234567890' for an iOS app (OpenRTB app.bundle), got '123'",
      '15:17 campaigns[0].app.platform: the world has no ios users (world.os gives ios no weight)',
      "19:35 campaigns[0].targeting.countries[1]: 'FRA' is not in world.countries, so no request would match",
      "19:40 campaigns[0].targeting.countries[2]: 'USA' is listed twice",
      "19:56 campaigns[0].targeting.formats[0]: 'native' is not in traffic.formats, so no request would match",
    ]);
  });

  it('references to campaigns and policies must resolve', () => {
    const text = `${MINIMAL}attribution:\n  partners:\n    byApp: { com.example.shopp: adjust }\ncomparison: { baseline: oracel }\n`;
    expect(brief(parseError(text).issues)).toEqual([
      "21:14 attribution.partners.byApp[\"com.example.shopp\"]: no campaign advertises 'com.example.shopp' (did you mean 'com.example.shop'?)",
      "22:25 comparison.baseline: no policy is named 'oracel' (did you mean 'oracle'?); policies: oracle",
    ]);
  });
});
