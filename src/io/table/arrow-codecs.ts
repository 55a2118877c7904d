import { compressionRegistry, CompressionType } from 'apache-arrow';
import { decompress as zstdDecompress } from 'fzstd';
import { decompress as lz4Decompress, decompressFrame as lz4DecompressFrame } from 'lz4js';

/**
 * Decoders for compressed Arrow IPC record batches (`df.to_feather(path)` writes LZ4_FRAME by
 * default; `compression='zstd'` writes ZSTD), registered in apache-arrow's global codec registry
 * when this module loads, so the file and the stream readers both decompress transparently.
 *
 * apache-arrow (21.2) handles Arrow's buffer layout itself: it reads each body buffer's 8-byte
 * little-endian uncompressed-length prefix, passes a length of -1 ("left uncompressed") through
 * untouched, and hands a codec only the compressed bytes after the prefix. It does not compare the
 * decoded size with that prefix, so the decoders here do: the bytes handed over are a view into
 * the record batch body, right after their prefix.
 *
 * Every other codec id the format's one-byte field can hold gets a decoder that refuses, so the
 * refusal names the codec (apache-arrow's own error for an unregistered codec does not).
 */

/** Why a compressed buffer was not decoded; `ArrowTable` turns it into a `TableFormatError`. */
export class ArrowCodecError extends Error {
  constructor(
    readonly code: 'TABLE_ARROW_COMPRESSED' | 'TABLE_ARROW_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'ArrowCodecError';
  }
}

type Decode = (data: Uint8Array, length: number | undefined) => Uint8Array;

const lz4: Decode = (data, length) => {
  if (length === undefined) return lz4Decompress(data);
  const out = new Uint8Array(length);
  const written = lz4DecompressFrame(data, out);
  if (written !== length) throw lengthMismatch('LZ4_FRAME', written, length, data.length);
  return out;
};

const zstd: Decode = (data) => zstdDecompress(data);

/** The uncompressed length Arrow wrote in the 8 bytes before `data`, if `data` has them. */
function prefixedLength(data: Uint8Array): number | undefined {
  if (data.byteOffset < 8) return undefined;
  const length = new DataView(data.buffer, data.byteOffset - 8, 8).getBigInt64(0, true);
  return length >= 0n && length <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(length) : undefined;
}

function lengthMismatch(codec: string, got: number, want: number, compressed: number): ArrowCodecError {
  // apache-arrow's own writer (21.2 included) puts the compressed length there, which the format
  // forbids and pyarrow refuses too (fixed by apache/arrow-js#470); say so when that is the case.
  const why = want === compressed ? ', the compressed size: the file was written by a faulty Arrow writer (apache-arrow JS 21 does this)' : '';
  return new ArrowCodecError('TABLE_ARROW_INVALID', `a ${codec} buffer decompressed to ${got} bytes, but its header says ${want}${why}`);
}

function decoder(codec: string, decode: Decode): { decode(data: Uint8Array): Uint8Array } {
  return {
    decode(data) {
      const length = prefixedLength(data);
      let out: Uint8Array;
      try {
        out = decode(data, length);
      } catch (error) {
        if (error instanceof ArrowCodecError) throw error;
        throw new ArrowCodecError('TABLE_ARROW_INVALID', `a ${codec} buffer does not decompress: ${(error as Error).message}`);
      }
      if (length !== undefined && out.length !== length) throw lengthMismatch(codec, out.length, length, data.length);
      // apache-arrow views the bytes in place as Float64Array, BigInt64Array and the like, which
      // needs an offset that is a multiple of 8; fzstd can return a view at offset 12 of its buffer.
      return out.byteOffset % 8 === 0 ? out : out.slice();
    },
  };
}

function refuse(id: number): { decode(data: Uint8Array): Uint8Array } {
  return {
    decode() {
      throw new ArrowCodecError(
        'TABLE_ARROW_COMPRESSED',
        `record batches are compressed with codec id ${id}, which this reader does not know (it reads LZ4_FRAME and ZSTD); ` +
          "write with compression='lz4', 'zstd' or 'uncompressed'",
      );
    },
  };
}

/**
 * Registers the decoders (again, if something replaced them). Runs once when this module loads;
 * exported for tests that swap codecs in and out.
 */
export function registerArrowCodecs(): void {
  // The codec field is a flatbuffer byte: -128..127.
  for (let id = -128; id < 128; id++) {
    if (id !== CompressionType.LZ4_FRAME && id !== CompressionType.ZSTD) compressionRegistry.set(id as CompressionType, refuse(id));
  }
  compressionRegistry.set(CompressionType.LZ4_FRAME, decoder('LZ4_FRAME', lz4));
  compressionRegistry.set(CompressionType.ZSTD, decoder('ZSTD', zstd));
}

registerArrowCodecs();
