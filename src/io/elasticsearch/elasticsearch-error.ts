import { BidlabError } from '../../errors.js';

/** Something went wrong between bidlab and Elasticsearch: the cluster, the results read for it, or a rejected document. */
export class ElasticsearchError extends BidlabError {}
