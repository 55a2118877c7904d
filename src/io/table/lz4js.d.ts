// The part of lz4js 0.2.0 (plain CommonJS, no types of its own) that bidlab uses.
declare module 'lz4js' {
  /**
   * Decodes one LZ4 frame into `dst` and returns how many bytes the frame holds. Writes past the
   * end of `dst` are dropped, so a result other than `dst.length` means the sizes disagree.
   */
  export function decompressFrame(src: Uint8Array, dst: Uint8Array): number;
  /** Decodes one LZ4 frame into a new array of exactly its size. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Encodes `src` as one LZ4 frame (tests only: bidlab never writes Arrow). */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}
