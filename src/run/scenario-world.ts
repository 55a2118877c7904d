import { createCompetitorField, type CompetitorField, marketAt, ruleFor, type AuctionRule } from '../market/index.js';
import { distributionMean, RandomStreams, type RootSeed } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildPopulation, type Population, trafficStream, type TrafficStream } from '../world/index.js';
import { PopulationProfiles } from './population-profiles.js';

/** USD one conversion of each campaign is worth: its value per re-engagement, or its mean purchase. */
export function campaignValues(scenario: Scenario): number[] {
  return scenario.campaigns.map((c) => (c.goal === 're-engagement' ? c.valuePerConversion! : distributionMean(c.purchaseValue!)));
}

/** Unix seconds of the scenario's simulated time 0. */
export function startEpochSeconds(scenario: Scenario): number {
  return Date.parse(`${scenario.traffic.startDate}T00:00:00Z`) / 1000;
}

/** A scenario's synthetic world: its users and their profiles, its traffic, its rival bidders and auction rule. */
export interface ScenarioWorld {
  readonly streams: RandomStreams;
  readonly population: Population;
  readonly profiles: PopulationProfiles;
  readonly traffic: TrafficStream;
  readonly competitors: CompetitorField;
  readonly rule: AuctionRule;
}

/** Builds the world of `scenario` from `seed`, in the order every run builds it (the streams it draws depend on nothing else). */
export function buildScenarioWorld(scenario: Scenario, seed: RootSeed): ScenarioWorld {
  const streams = new RandomStreams(seed);
  const population = buildPopulation(scenario, streams);
  const profiles = new PopulationProfiles(population, streams);
  const traffic = trafficStream(scenario, population, streams);
  const competitors = createCompetitorField(scenario.market, streams, { requestsPerDay: scenario.traffic.requestsPerDay });
  const rule = ruleFor(marketAt(scenario.market), scenario.market);
  return { streams, population, profiles, traffic, competitors, rule };
}

/** Only the users' profiles (a log replay brings its own traffic and market), and the streams they came from. */
export function buildScenarioProfiles(scenario: Scenario, seed: RootSeed): { streams: RandomStreams; profiles: PopulationProfiles } {
  const streams = new RandomStreams(seed);
  return { streams, profiles: new PopulationProfiles(buildPopulation(scenario, streams), streams) };
}
