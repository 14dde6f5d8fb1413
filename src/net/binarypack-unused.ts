/**
 * Stands in for `peerjs-js-binarypack`, PeerJS's codec for its `binary` serialization. This app opens every data
 * channel with `serialization: 'raw'` (JSON text frames, src/protocol/messages.ts), so the codec (about 2 kB gzip) would
 * only weigh on the phone's download. `vite.config.ts` aliases the package to this module; the host refuses any
 * channel that asks for another serialization (src/net/host-peer.ts), so these functions are never reached.
 */

/** Thrown if anything asks PeerJS for binary serialization. */
function unsupported(): never {
  throw new Error('binary serialization is not bundled: data channels here use serialization "raw"');
}

/** PeerJS's `pack`: never used (see above). @throws Error always */
export function pack(_data: unknown): never {
  return unsupported();
}

/** PeerJS's `unpack`: never used (see above). @throws Error always */
export function unpack(_data: unknown): never {
  return unsupported();
}
