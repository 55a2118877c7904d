import { Serializer } from '@elastic/elasticsearch';

/** Where a bulk action object carries its own JSON, made when the action was: see BulkSerializer. */
export const SERIALIZED = Symbol('bidlab.serialized');

/**
 * The client's serializer with one shortcut for bulk bodies of a million small documents: an
 * object carrying its JSON under SERIALIZED (the bulk helper's action lines, whose JSON bidlab
 * builds from two strings) is not stringified again. Everything else is serialized as the client
 * always does.
 */
export class BulkSerializer extends Serializer {
  override serialize(object: Record<string, unknown>): string {
    const own = (object as { [SERIALIZED]?: unknown })[SERIALIZED];
    return typeof own === 'string' ? own : super.serialize(object);
  }
}
