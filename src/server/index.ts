export { bidRequestSchema, conformsToRequestSchema, parseBidRequest } from './bid-request-schema.js';
export { type AdCampaign, advertiserDomain, bidResponse } from './bid-response.js';
export { BidServer, type BidServerOptions, NO_BID_REASON_HEADER } from './bid-server.js';
export { type CampaignClock, fixedCampaignClock, wallCampaignClock, type WallCampaignClockOptions } from './campaign-clock.js';
export { ServerError, type ServerErrorCode } from './server-error.js';
export { ClusterWorkerLink, type ClusterRun, startCluster, type WorkerReady } from './serve-cluster.js';
export { LATENCY_BUCKETS, type MetricsSnapshot, OUTCOMES, type Outcome, ServerMetrics } from './server-metrics.js';
