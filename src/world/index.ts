export { AD_FORMATS, AD_FORMAT_INDEX } from './ad-formats.js';
export { APP_CATEGORIES, APP_CATEGORY_BY_IAB, APP_CATEGORY_INDEX, IAB_BY_APP_CATEGORY } from '../domain/index.js';
export { IfaSource } from './ifa-source.js';
export {
  buildPopulation, populationBytes, DEVICE_PHONE, DEVICE_TABLET, OS_ANDROID, OS_IOS, OS_NAMES, REGIONS_PER_COUNTRY,
  type Population,
} from './population.js';
export { PublisherApps } from './publisher-apps.js';
export { trafficStream, TrafficStream, type TrafficItem, type TrafficOptions } from './traffic.js';
export { TrafficSchedule } from './traffic-schedule.js';
export { DEFAULT_PURCHASE_VALUE_USD, TruthModel } from './truth-model.js';
export { WorldError, type WorldErrorCode } from './world-error.js';
export { WorldPurpose } from './world-purposes.js';
