import { BidlabError } from '../../errors.js';

/** Something went wrong between bidlab and Kibana: the connection, or objects Kibana refused. */
export class KibanaError extends BidlabError {}
